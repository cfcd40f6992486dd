//! Byte scans shared by the parser, the size tables' readers, the simulation and the rules.

/// End of the line starting at `i`: its `\n`, or the end of the text.
#[inline(always)]
pub(crate) fn line_end(b: &[u8], i: usize) -> usize {
    find_either(b, i, b'\n', b'\n')
}

/// The first index at or after `i` holding `x` or `y`, or `b.len()`. Eight bytes at a time
/// (SWAR: a byte equal to `x` becomes zero after `^ x`, and the lowest zero byte of a word is
/// found exactly by the borrow trick), then byte by byte: the size tables' scans are most of
/// their start-up time, the parser finds every line with it, and u64 arithmetic is native in
/// wasm too.
#[inline]
pub(crate) fn find_either(b: &[u8], mut i: usize, x: u8, y: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (xs, ys) = (ONES * x as u64, ONES * y as u64);
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let hits = zero_bytes(w ^ xs) | zero_bytes(w ^ ys);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i] != x && b[i] != y {
        i += 1;
    }
    i
}

/// The last `/`-separated part of `path`: a program's name without its directory (a byte scan:
/// `rsplit('/')` sets up a searcher, and every simulated command asks).
pub(crate) fn base_name(path: &str) -> &str {
    path.bytes().rposition(|b| b == b'/').map_or(path, |slash| &path[slash + 1..])
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_name_is_what_follows_the_last_slash() {
        for (path, name) in [("/usr/bin/apt-get", "apt-get"), ("apk", "apk"), ("dir/", ""), ("", ""), ("a/é", "é")] {
            assert_eq!(super::base_name(path), name);
            assert_eq!(super::base_name(path), path.rsplit('/').next().unwrap());
        }
    }
}
