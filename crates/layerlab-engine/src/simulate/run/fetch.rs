//! Downloads and builds whose output the Dockerfile does not reveal: `curl`/`wget` (unknown
//! size unless `# layerlab: size=…` above the RUN), archive extraction (`tar -x`, `unzip`:
//! ≈ 3 × the archive when it is known, flagged), `make`/`./configure`/… (unknown unless
//! annotated).

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;

/// Archive extraction: unpacked ≈ 3 × archive (ESTIMATE, flagged).
pub const EXTRACT_FACTOR: u64 = 3;

pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let prog = cmd.program();
    match prog {
        "curl" | "wget" => {
            // `-o file`, `-fsSLo file`, `--output file`, wget `-O file` / `-qO file`.
            let combined = cmd.words.iter().position(|w| {
                w.starts_with('-') && !w.starts_with("--") && (w.ends_with('o') || (prog == "wget" && w.ends_with('O')))
            });
            let out = combined.and_then(|i| cmd.words.get(i + 1)).cloned().or_else(|| cmd.value_of(&["--output", "--output-document"]).map(str::to_owned)).or_else(|| {
                // `curl -O url` / `wget url`: named after the URL.
                let url = cmd.operands(1).into_iter().find(|w| w.contains("://"))?;
                (cmd.has("-O") || cmd.has("--remote-name") || prog == "wget")
                    .then(|| url.rsplit('/').next().unwrap_or("download").to_owned())
            });
            match (ctx.annotation, out) {
                (_, Some(o)) if o == "-" || o == "/dev/null" => {}
                (Some(size), Some(o)) => {
                    let abs = ctx.abs(&o);
                    ctx.tx.write(abs.as_str(), Entry::new(size, Class::of_path(&o), Category::Application));
                    ctx.note(format_args!("{prog} → {abs}: {size} bytes from the `# layerlab: size=` annotation"));
                }
                (Some(size), None) => {
                    ctx.tx.write(format!("/(download line {})", cmd.line), Entry::new(size, Class::Mixed, Category::Application));
                    ctx.note(format_args!("{prog}: {size} bytes from the `# layerlab: size=` annotation"));
                }
                (None, Some(o)) => {
                    let abs = ctx.abs(&o);
                    ctx.tx.write(abs.as_str(), Entry::new(0, Class::Compressed, Category::Application));
                    ctx.unknown(cmd, "download size unknown (add `# layerlab: size=…` above the RUN)");
                }
                (None, None) => {
                    if cmd.words.iter().any(|w| w.contains("://")) {
                        ctx.note(format_args!("{prog} to stdout (piped): what it produces is counted by the next command"));
                    }
                }
            }
            true
        }
        "tar" | "unzip" | "gunzip" | "xz" | "bunzip2" => {
            let extract = prog != "tar" || cmd.words.iter().skip(1).any(|w| (w.starts_with('-') || cmd.words[1] == *w) && w.contains('x') && !w.starts_with("--"));
            if !extract {
                return true; // creating an archive: counted where it is written
            }
            // `-f x.tgz`, `-xzf x.tgz`, `--file=x.tgz`, or an operand that looks like an archive.
            let combined = cmd.words.iter().position(|w| w.starts_with('-') && !w.starts_with("--") && w.ends_with('f'));
            let archive = combined
                .and_then(|i| cmd.words.get(i + 1))
                .cloned()
                .or_else(|| cmd.value_of(&["--file"]).map(str::to_owned))
                .or_else(|| {
                    let looks = |w: &&str| [".tar", ".tgz", ".zip", ".gz", ".xz", ".bz2"].iter().any(|e| w.contains(e));
                    cmd.operands(1).into_iter().find(looks).map(str::to_owned)
                });
            let dir = cmd.value_of(&["-C", "--directory", "-d"]).map(|d| ctx.abs(d)).unwrap_or_else(|| ctx.workdir.clone());
            let archive_entry = archive.as_deref().and_then(|a| ctx.tx.get(&ctx.abs(a)).cloned());
            match archive_entry {
                Some(e) if e.size > 0 => {
                    let size = e.size * EXTRACT_FACTOR;
                    ctx.tx.write(format!("{dir}/(extracted line {})", cmd.line), Entry::new(size, Class::Mixed, Category::Application));
                    ctx.estimate(format_args!("{prog}: extracted ≈ {EXTRACT_FACTOR} × the {} bytes archive = {size} bytes (ESTIMATE)", e.size));
                }
                _ => {
                    if let Some(size) = ctx.annotation {
                        ctx.tx.write(format!("{dir}/(extracted line {})", cmd.line), Entry::new(size, Class::Mixed, Category::Application));
                        ctx.note(format_args!("{prog}: {size} bytes from the `# layerlab: size=` annotation"));
                    } else {
                        ctx.unknown(cmd, "archive of unknown size");
                    }
                }
            }
            true
        }
        "make" | "cmake" | "ninja" | "./configure" | "configure" | "meson" | "bazel" | "dotnet" | "bundle" | "gem"
        | "composer" | "docker-php-ext-install" | "docker-php-ext-configure" | "pecl" | "conda" | "mamba" | "poetry"
        | "rustup" | "nvm" | "sdk" | "pdm" | "hatch" => {
            if ctx.annotation.is_some() {
                let size = ctx.annotation.unwrap_or(0);
                ctx.tx.write(format!("/(output of line {})", cmd.line), Entry::new(size, Class::Mixed, Category::Application));
                return true;
            }
            ctx.unknown(cmd, "build/install output size unknown (add `# layerlab: size=…`)");
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with};

    #[test]
    fn same_run_cleanup_never_reaches_a_layer() {
        let sim = stage_with(
            "debian:bookworm-slim",
            "# layerlab: size=50MB\nRUN curl -fsSL -o /tmp/x.tgz https://example.com/x.tgz && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz",
        );
        let (bytes, step) = run_layer(&sim, 1);
        assert_eq!(bytes, 150_000_000, "only the extracted files: {:?}", step.notes);
        assert!(step.estimated);
    }

    #[test]
    fn fetch_table() {
        // (comment + RUN, unknown, bytes)
        let cases: &[(&str, bool, u64)] = &[
            ("RUN curl -fsSLo /usr/local/bin/tool https://x/tool", true, 0),
            ("# layerlab: size=12MB\nRUN curl -fsSLo /usr/local/bin/tool https://x/tool", false, 12_000_000),
            ("# layerlab: size=12MB\nRUN wget -qO /tmp/t.tgz https://x/t.tgz && tar -xzf /tmp/t.tgz -C /opt", false, 48_000_000),
            ("RUN curl -fsSL https://x/t.tgz | tar -xz -C /opt", true, 0),
            ("RUN make install", true, 0),
            ("RUN ./configure && make", true, 0),
        ];
        for (text, unknown, bytes) in cases {
            let (b, step) = run_layer(&stage_with("debian:bookworm-slim", text), 1);
            assert_eq!((step.unknown, b), (*unknown, *bytes), "{text}: {:?}", step.notes);
        }
    }
}
