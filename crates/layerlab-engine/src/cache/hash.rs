//! A stable hash for cache keys: FNV-1a (64-bit) over a canonical, length-prefixed encoding.
//! No randomness and no platform dependence: the same inputs give the same key everywhere
//! (native, wasm, every run).

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Fnv {
    /// A hasher whose first field is `tag` (the kind of thing being keyed).
    pub(crate) fn new(tag: &str) -> Fnv {
        let mut hasher = Fnv(OFFSET);
        hasher.str(tag);
        hasher
    }

    fn bytes(&mut self, bytes: &[u8]) {
        // Eight bytes at a time: the same steps, with one loop test per eight.
        let mut hash = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            for &b in chunk {
                hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
            }
        }
        for &b in chunks.remainder() {
            hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
        }
        self.0 = hash;
    }

    /// A string, length-prefixed so that `("ab", "c")` and `("a", "bc")` differ.
    pub(crate) fn str(&mut self, text: &str) -> &mut Fnv {
        self.bytes(&(text.len() as u64).to_le_bytes());
        self.bytes(text.as_bytes());
        self
    }

    /// Words joined by single spaces, hashed as [`Fnv::str`] hashes the joined text (without
    /// making it).
    pub(crate) fn words<'w>(&mut self, words: impl Iterator<Item = &'w str> + Clone) -> &mut Fnv {
        let len = words.clone().map(|w| w.len() + 1).sum::<usize>().saturating_sub(1);
        self.bytes(&(len as u64).to_le_bytes());
        for (i, word) in words.enumerate() {
            if i > 0 {
                self.bytes(b" ");
            }
            self.bytes(word.as_bytes());
        }
        self
    }

    pub(crate) fn u64(&mut self, value: u64) -> &mut Fnv {
        self.bytes(&value.to_le_bytes());
        self
    }

    pub(crate) fn opt(&mut self, text: Option<&str>) -> &mut Fnv {
        match text {
            Some(text) => self.u64(1).str(text),
            None => self.u64(0),
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

/// One-shot hash of a few strings under a tag.
#[cfg(test)]
pub(crate) fn hash_strs(tag: &str, parts: &[&str]) -> u64 {
    let mut hasher = Fnv::new(tag);
    for part in parts {
        hasher.str(part);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_hash_is_stable_and_length_prefixed() {
        assert_eq!(hash_strs("t", &["ab", "c"]), hash_strs("t", &["ab", "c"]));
        assert_ne!(hash_strs("t", &["ab", "c"]), hash_strs("t", &["a", "bc"]));
        // Pinned value: keys must never change between releases by accident.
        assert_eq!(Fnv(OFFSET).finish(), 0xcbf2_9ce4_8422_2325);
        let mut h = Fnv(OFFSET);
        h.bytes(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c); // FNV-1a("a")
        let mut h = Fnv(OFFSET);
        h.bytes(b"foobar");
        assert_eq!(h.finish(), 0x8594_4171_f739_67e8); // FNV-1a("foobar")
        let mut h = Fnv(OFFSET);
        h.bytes(b"chongo was here!\n");
        assert_eq!(h.finish(), 0x4681_0940_eff5_f915); // FNV-1a("chongo was here!\n"), two blocks of eight and one byte
    }

    #[test]
    fn cache_hash_of_words_is_the_hash_of_their_join() {
        for words in [&[][..], &[""], &["a"], &["go", "build", "-o", "/app"], &["", "x", ""]] {
            let (mut joined, mut each) = (Fnv::new("t"), Fnv::new("t"));
            joined.str(&words.join(" "));
            each.words(words.iter().copied());
            assert_eq!(joined.finish(), each.finish(), "{words:?}");
        }
    }
}
