//! Filesystem commands: `rm` (a pending write vanishes; a lower-layer file gets a whiteout and
//! stays in the image), `chown`/`chmod`/`chgrp`/`touch` (copy earlier files into the layer in
//! full), `mkdir`/`install -d`, `useradd`/`groupadd`, `cp`/`mv`/`install`, and commands with
//! no size effect.

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;

/// A directory entry in a layer tar (a 512-byte header). Used for `mkdir`.
pub const DIR_BYTES: u64 = 512;
/// `useradd`/`groupadd`: /etc/passwd, group, shadow, gshadow copied up plus a home directory;
/// node:22's useradd layer is 3,321 bytes compressed (ri:node/remote/22.md). ASSUMED ~2 KiB each.
pub const ACCOUNT_FILE_BYTES: u64 = 2_048;

/// Commands with no effect on the layer size (or a negligible one).
const NO_SIZE: &[&str] = &[
    "echo", "printf", "set", "cd", "true", "false", "test", "[", "[[", "exit", ":", "which", "type", "ls", "cat", "grep",
    "id", "whoami", "date", "uname", "sleep", "mktemp", "readlink", "basename", "dirname", "stat", "sha256sum",
    "sha512sum", "md5sum", "gpg", "gpgconf", "gpgv", "dpkg", "dpkg-query", "dpkg-architecture", "apt-mark", "apt-cache",
    "ldconfig", "update-ca-certificates", "locale", "ln", "rmdir", "unset", "source", ".", "hash", "wait", "trap", "umask",
    "shift", "local", "return", "break", "continue", "eval", "node", "java", "ruby", "php", "perl", "env", "head", "tail",
    "wc", "sort", "uniq", "tr", "cut", "awk", "sed", "tee", "find", "command", "jq", "diff", "cmp", "file", "ldd",
    "update-alternatives", "gpg-agent", "dirmngr", "sh", "bash", "read", "shopt", "ulimit", "update-rc.d", "systemctl",
    "savedAptMark", "getent", "usermod", "passwd", "chpasswd", "ssh-keyscan", "git", "locale-gen", "dpkg-reconfigure",
    "su", "chsh", "npx", "corepack", "docker-php-source", "docker-php-ext-enable", "nproc", "seq", "expr", "yes",
];

pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let prog = cmd.program();
    match prog {
        "rm" => {
            for p in cmd.operands(1) {
                let abs = ctx.abs(p);
                let prefix = abs.trim_end_matches("/*").trim_end_matches('*').trim_end_matches('/');
                if prefix.is_empty() {
                    continue;
                }
                if abs.contains('*') && !abs.ends_with("/*") {
                    // `*.pyc`-style patterns: entries are not file-level here.
                    ctx.note(format_args!("rm {p}: pattern not modelled at file level"));
                    continue;
                }
                let (freed, hidden) = ctx.tx.remove(prefix);
                if hidden > 0 {
                    ctx.note(format_args!(
                        "rm {p}: {hidden} bytes from earlier layers are only hidden (whiteouts), the image keeps them — delete in the RUN that creates them"
                    ));
                }
                let _ = freed;
            }
            true
        }
        "chown" | "chmod" | "chgrp" | "touch" | "setfacl" | "chattr" => {
            let recursive = cmd.words.iter().any(|w| w == "-R" || w == "--recursive" || (w.starts_with('-') && !w.starts_with("--") && w.contains('R')));
            let skip = if prog == "touch" { 1 } else { 2 };
            let mut targets: Vec<&str> = cmd.operands(1);
            if prog != "touch" && targets.len() > 1 {
                targets = targets.split_off(skip - 1);
            }
            for t in targets {
                let abs = ctx.abs(t);
                let copied = if recursive || prog == "touch" {
                    ctx.tx.touch(&abs)
                } else {
                    // Non-recursive: the path itself (an aggregate entry counts as the file).
                    match ctx.tx.get(&abs).cloned() {
                        Some(e) if ctx.tx.vfs.visible.contains_key(abs.as_str()) => {
                            let size = e.size;
                            ctx.tx.write(abs.as_str(), e);
                            size
                        }
                        _ => 0,
                    }
                };
                if copied > 0 {
                    ctx.note(format_args!("{prog} {t}: copies {copied} bytes of earlier layers into this layer again (metadata change = full copy)"));
                } else if prog == "touch" && ctx.tx.get(&abs).is_none() {
                    ctx.tx.write(abs.as_str(), Entry::new(0, Class::Text, Category::Application));
                }
            }
            true
        }
        "mkdir" | "install" if prog == "mkdir" || cmd.has("-d") || cmd.has("--directory") => {
            let mut dirs = Vec::new();
            let mut skip = false;
            for w in cmd.words.iter().skip(1) {
                if skip {
                    skip = false;
                } else if matches!(w.as_str(), "-m" | "--mode" | "-o" | "--owner" | "-g" | "--group") {
                    skip = true;
                } else if !w.starts_with('-') {
                    dirs.push(w.as_str());
                }
            }
            for d in dirs {
                let abs = ctx.abs(d);
                if ctx.tx.get(&abs).is_none() {
                    ctx.tx.write(abs.as_str(), Entry::new(DIR_BYTES, Class::Text, Category::Other));
                }
            }
            true
        }
        "useradd" | "adduser" | "groupadd" | "addgroup" | "deluser" | "delgroup" | "userdel" => {
            for f in ["/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow"] {
                ctx.tx.write(f, Entry::new(ACCOUNT_FILE_BYTES, Class::Text, Category::Other));
            }
            ctx.note("account files (/etc/passwd, group, shadow, gshadow) rewritten: ~8 KiB ASSUMED");
            true
        }
        "cp" | "mv" | "install" => {
            let ops = cmd.operands(1);
            if ops.len() >= 2 {
                let dst = ctx.abs(ops[ops.len() - 1]);
                for src in &ops[..ops.len() - 1] {
                    let src = ctx.abs(src);
                    let entries = ctx.tx.list(&src);
                    for (p, e) in entries {
                        let rel = p.strip_prefix(&src).unwrap_or("");
                        let base = crate::scan::base_name(&src);
                        let target = if ctx.tx.get(&dst).is_some() || ops.len() > 2 || dst.ends_with('/') {
                            format!("{}/{base}{rel}", dst.trim_end_matches('/'))
                        } else {
                            format!("{dst}{rel}")
                        };
                        ctx.tx.write(target.as_str(), e);
                    }
                    if prog == "mv" {
                        ctx.tx.remove(&src);
                    }
                }
            }
            true
        }
        p if NO_SIZE.contains(&p) => {
            if p == "git" && cmd.words.get(1).is_some_and(|w| w == "clone") {
                ctx.unknown(cmd, "repository size unknown");
            }
            if cmd.words.iter().any(|w| w == ">" || w.starts_with('>') && w.len() > 1) {
                // `echo … > file`: a small file.
                if let Some(target) = cmd.words.iter().position(|w| w == ">" || w == ">>").and_then(|i| cmd.words.get(i + 1)) {
                    if !target.starts_with("/dev/") {
                        let abs = ctx.abs(target);
                        ctx.tx.write(abs.as_str(), Entry::new(256, Class::Text, Category::Other));
                    }
                }
            }
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with, stage_with_context};

    #[test]
    fn delete_in_a_later_layer_frees_nothing() {
        let one = stage_with("debian:bookworm-slim", "RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*");
        let two = stage_with("debian:bookworm-slim", "RUN apt-get update && apt-get install -y --no-install-recommends git\nRUN rm -rf /var/lib/apt/lists/*");
        let (a, _) = run_layer(&one, 1);
        let (b1, _) = run_layer(&two, 1);
        let (b2, s2) = run_layer(&two, 2);
        assert_eq!(b2, 0, "a whiteout layer adds 0 bytes");
        assert_eq!(s2.waste_bytes, 19_862_064, "the step hides what it cannot free");
        assert_eq!(b1 - a, 19_862_064, "the lists stay in the first layer");
        assert!(s2.notes.iter().any(|n| n.contains("only hidden")));
        // dive counts the deleted lists as wasted; Layerlab as reclaimable.
        let eff = two.stages[0].efficiency();
        assert_eq!(eff.reclaimable_bytes, 19_862_064);
        assert_eq!(eff.wasted_bytes, 19_862_064);
        assert!(eff.score < 1.0);
    }

    #[test]
    fn chown_duplicates_and_dive_double_counts() {
        let ctx = "app/big.bin 100MB\n";
        let sim = stage_with_context("debian:bookworm-slim", "COPY app /app\nRUN chown -R 1000:1000 /app", ctx);
        assert_eq!(run_layer(&sim, 1).0, 100_000_000);
        assert_eq!(run_layer(&sim, 2).0, 100_000_000, "metadata change copies the file again");
        let eff = sim.stages[0].efficiency();
        assert_eq!(eff.wasted_bytes, 200_000_000, "dive counts every copy");
        assert_eq!(eff.reclaimable_bytes, 100_000_000);
        // COPY --chown instead: one copy.
        let sim = stage_with_context("debian:bookworm-slim", "COPY --chown=1000:1000 app /app", ctx);
        assert_eq!(sim.stages[0].efficiency().wasted_bytes, 0);
    }

    #[test]
    fn files_table() {
        // (RUN, unknown, bytes)
        let cases: &[(&str, bool, u64)] = &[
            ("mkdir -p /a /b", false, 1024),
            ("useradd -r app", false, 8192),
            ("echo hi && true", false, 0),
            ("frobnicate --all", true, 0),
        ];
        for (run, unknown, bytes) in cases {
            let (b, step) = run_layer(&stage_with("debian:bookworm-slim", &format!("RUN {run}")), 1);
            assert_eq!((step.unknown, b), (*unknown, *bytes), "{run}: {:?}", step.unknown_commands);
        }
        let (_, step) = run_layer(&stage_with("debian:bookworm-slim", "RUN set -e; \\\n  echo ok; \\\n  frobnicate"), 1);
        assert_eq!(step.unknown_commands[0].line, 4);
    }
}
