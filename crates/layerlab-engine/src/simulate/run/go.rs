//! Go: `go mod download` (module cache), `go build` / `go install` (binary, build cache).
//!
//! Go binary sizes come from the DB's measured facts (`go.{gin|nethttp}.cgo{0|1}[.sw][.trimpath]`):
//! a context with `go.sum` (third-party modules) is taken as a gin-class web app, without it as
//! a net/http stdlib one. The binary is static when `CGO_ENABLED=0`, or when cgo is left
//! unset and no C compiler is present (Go ≥ 1.20 rule, cache-size-semantics.md §3.1).

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;
use crate::sizes::db;

/// Module cache of a gin-class web app (`$GOPATH/pkg/mod`, extracted modules + download
/// zips). ASSUMED, not measured (the module proxy was unreachable when the DB was built).
pub const GO_MODCACHE_ASSUMED: u64 = 80_000_000;
/// Build cache (`~/.cache/go-build`) after building such an app. ASSUMED.
pub const GO_BUILDCACHE_ASSUMED: u64 = 60_000_000;
fn gopath(ctx: &RunCtx) -> String {
    ctx.env.get("GOPATH").map_or_else(|| ctx.facts.gopath.clone(), str::to_owned)
}

fn modcache(ctx: &RunCtx) -> String {
    ctx.env.get("GOMODCACHE").map_or_else(|| format!("{}/pkg/mod", gopath(ctx)), str::to_owned)
}

fn download_modules(cmd: &Command, ctx: &mut RunCtx) {
    let dir = modcache(ctx);
    let path = format!("{dir}/(modules)");
    if ctx.tx.get(&path).is_some() {
        return;
    }
    if !ctx.go_sum_in_context {
        ctx.note("no go.sum in the context: no third-party modules to download");
        return;
    }
    if ctx.mounted(&dir) {
        ctx.note(format_args!("{dir} is a cache mount: the module cache stays out of the layer"));
    }
    ctx.tx.write(path.as_str(), Entry::new(GO_MODCACHE_ASSUMED, Class::Mixed, Category::Cache));
    ctx.estimate(format_args!("module cache {dir}: ASSUMED {GO_MODCACHE_ASSUMED} bytes for a gin-class web app (line {})", cmd.line));
}

pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let sub = cmd.words.get(1).map(String::as_str).unwrap_or("");
    match (sub, cmd.words.get(2).map(String::as_str)) {
        ("mod", Some("download")) => download_modules(cmd, ctx),
        ("mod", _) | ("version", _) | ("env", _) | ("vet", _) | ("generate", _) | ("clean", _) => {}
        ("test", _) => {
            download_modules(cmd, ctx);
        }
        ("build", _) | ("install", _) => build(cmd, ctx, sub == "install"),
        _ => return false,
    }
    true
}

fn build(cmd: &Command, ctx: &mut RunCtx, install: bool) {
    download_modules(cmd, ctx);
    let gin = ctx.go_sum_in_context;
    let cgo_env = ctx.env.get("CGO_ENABLED").map(str::to_owned);
    let cgo = match cgo_env.as_deref() {
        Some("0") => false,
        Some(_) => true,
        None => ctx.facts.c_compiler,
    };
    let ldflags = cmd.value_of(&["-ldflags"]).unwrap_or("");
    let stripped = ldflags.split_whitespace().any(|f| f == "-s" || f == "-w");
    let trimpath = cmd.has("-trimpath");
    let app = if gin { "gin" } else { "nethttp" };
    let mut key = format!("go.{app}.cgo{}{}", if cgo { 1 } else { 0 }, if stripped { ".sw" } else { "" });
    if trimpath && db().fact(&format!("{key}.trimpath")).is_some() {
        key.push_str(".trimpath");
    }
    let Some(fact) = db().fact(&key) else {
        ctx.unknown(cmd, format_args!("no Go binary fact `{key}`"));
        return;
    };
    let size = fact.value as u64;
    let compressed = fact.compressed.map(|c| c as u64).unwrap_or_else(|| Class::GoBinary.compress(size));
    let class = if stripped { Class::GoBinaryStripped } else { Class::GoBinary };
    let name = || {
        let pkg = cmd.operands(2).into_iter().rfind(|w| !w.contains('='));
        let base = match pkg {
            Some(p) if p != "." && p != "./..." => p.trim_end_matches("/...").rsplit('/').next().unwrap_or("app").to_owned(),
            _ => ctx.workdir.rsplit('/').find(|s| !s.is_empty()).unwrap_or("app").to_owned(),
        };
        base
    };
    let out = match cmd.value_of(&["-o"]) {
        Some(o) if o.ends_with('/') => format!("{}/{}", ctx.abs(o), name()),
        Some(o) => ctx.abs(o),
        None if install => format!("{}/bin/{}", gopath(ctx), name()),
        None => ctx.abs(&name()),
    };
    ctx.tx.write(out.as_str(), Entry::with_compressed(size, compressed, class, Category::Application));
    let cache_dir = ctx.env.get("GOCACHE").map_or_else(|| format!("{}/.cache/go-build", ctx.home()), str::to_owned);
    if ctx.mounted(&cache_dir) {
        ctx.note(format_args!("{cache_dir} is a cache mount: the build cache stays out of the layer"));
    }
    ctx.tx.write(format!("{cache_dir}/(objects)"), Entry::new(GO_BUILDCACHE_ASSUMED, Class::Mixed, Category::Cache));
    let static_link = !cgo;
    ctx.go_binaries.push((out.clone(), static_link));
    ctx.estimate(format_args!(
        "go build → {out}: {size} bytes ({}; {}, {}), gzip {compressed}; {} — measured with go1.19.8 ({}), newer Go/gin are somewhat larger; build cache {cache_dir} ASSUMED {GO_BUILDCACHE_ASSUMED} bytes",
        fact.label,
        if cgo { "cgo on" } else { "cgo off" },
        match cgo_env.as_deref() {
            Some(v) => format!("CGO_ENABLED={v}"),
            None if ctx.facts.c_compiler => "CGO_ENABLED unset and a C compiler is present".to_owned(),
            None => "CGO_ENABLED unset and no C compiler (Go ≥ 1.20 defaults to 0)".to_owned(),
        },
        if static_link { "statically linked" } else { "dynamically linked (needs glibc: fails on scratch, distroless/static and alpine)" },
        fact.source.citation(),
    ));
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with_context};

    #[test]
    fn go_build_table() {
        let ctx = "go.mod 1k\ngo.sum 20k\nmain.go 4k\n";
        // (base, RUN, output path, static, binary size)
        let cases: &[(&str, &str, &str, bool, u64)] = &[
            ("golang:1-bookworm", "go build -o /out/app .", "/out/app", false, 10_129_092),
            ("golang:1-bookworm", "CGO_ENABLED=0 go build -o /out/app .", "/out/app", true, 10_070_954),
            ("golang:1-bookworm", "CGO_ENABLED=0 go build -ldflags=\"-s -w\" -o /out/app .", "/out/app", true, 6_942_720),
            ("golang:1-bookworm", "CGO_ENABLED=0 go build -trimpath -ldflags \"-s -w\" -o /out/app .", "/out/app", true, 6_930_432),
            ("golang:1-alpine", "go build -o /bin/server ./cmd/server", "/bin/server", true, 10_070_954),
            ("golang:1-alpine", "apk add --no-cache gcc musl-dev && go build -o server .", "/src/server", false, 10_129_092),
        ];
        for (base, run, out, static_link, size) in cases {
            let sim = stage_with_context(base, &format!("WORKDIR /src\nRUN {run}"), ctx);
            let (_, step) = run_layer(&sim, 2);
            let bin = step.go_binaries.first().unwrap_or_else(|| panic!("{run}: {:?}", step.notes));
            assert_eq!((bin.path.as_str(), bin.static_linked), (*out, *static_link), "{run}");
            assert_eq!(sim.stages[0].vfs.visible[*out].size, *size, "{run}");
        }
        // A module cache mount keeps the modules out of the layer.
        let plain = run_layer(&stage_with_context("golang:1-bookworm", "RUN go mod download", ctx), 1).0;
        let mounted = run_layer(&stage_with_context("golang:1-bookworm", "RUN --mount=type=cache,target=/go/pkg/mod go mod download", ctx), 1).0;
        assert!(plain > 50_000_000 && mounted == 0, "{plain} {mounted}");
    }
}
