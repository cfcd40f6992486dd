//! One table-driven test per cache rule of `reference/cache-size-semantics.md` §1, the timeline,
//! and a no-panic run over the real-world corpus.
use super::*;
use crate::context::{BuildContext, DockerIgnore};
use crate::syntax::parse;

pub(super) const GO_CONTEXT: &str = "go.mod 1k\ngo.sum 20k\nmain.go 4k\ninternal/app.go 2k\nconfig.yaml 1k\nDockerfile 1k\n.git/index 40k\nREADME.md 2k\n";

pub(super) fn simulate_with(
    dockerfile: &str,
    context: &str,
    ignore: &str,
    scenario: Scenario,
    args: &[(&str, &str)],
) -> CacheRun {
    let (context, problems) = BuildContext::parse(context);
    assert!(problems.is_empty(), "{problems:?}");
    let mut options = ModelOptions::default();
    for (name, value) in args {
        options.build_args.insert((*name).to_owned(), (*value).to_owned());
    }
    simulate(&parse(dockerfile), &options, &context, &DockerIgnore::parse(ignore), &scenario, &TimingHints::default())
}

/// `"1h 2m 3s"`: each row's line and status, in file order.
pub(super) fn verdicts(run: &CacheRun) -> String {
    let letter = |s: CacheStatus| match s {
        CacheStatus::Hit => 'h',
        CacheStatus::Miss => 'm',
        CacheStatus::Skipped => 's',
    };
    run.steps.iter().map(|s| format!("{}{}", s.line, letter(s.status))).collect::<Vec<_>>().join(" ")
}

pub(super) fn reason(run: &CacheRun, line: usize) -> &str {
    &run.steps.iter().find(|s| s.line == line).unwrap_or_else(|| panic!("no row on line {line}")).reason
}

struct Case {
    rule: &'static str,
    dockerfile: &'static str,
    context: &'static str,
    ignore: &'static str,
    args: &'static [(&'static str, &'static str)],
    scenario: Scenario,
    expected: &'static str,
    /// (line, text the reason contains)
    reasons: &'static [(usize, &'static str)],
}

fn check(cases: Vec<Case>) {
    let mut failures = Vec::new();
    for case in cases {
        let run = simulate_with(case.dockerfile, case.context, case.ignore, case.scenario.clone(), case.args);
        let got = verdicts(&run);
        if got != case.expected {
            let reasons: Vec<String> = run.steps.iter().map(|s| format!("    {}: {}", s.line, s.reason)).collect();
            failures.push(format!("{}: expected {}, got {}\n{}", case.rule, case.expected, got, reasons.join("\n")));
            continue;
        }
        for (line, text) in case.reasons {
            let found = reason(&run, *line);
            if !found.contains(text) {
                failures.push(format!("{}: line {line} reason {found:?} lacks {text:?}", case.rule));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

pub(super) fn arg(name: &str, value: &str) -> Scenario {
    Scenario::ChangeBuildArg { name: name.into(), value: value.into() }
}

pub(super) fn paths(list: &[&str]) -> Vec<String> {
    list.iter().map(|p| (*p).to_owned()).collect()
}

#[test]
fn cache_arg_rules() {
    check(vec![
        Case {
            rule: "a valued ARG change misses the first RUN after it even if unused, and not COPY",
            dockerfile: "FROM alpine\nARG V=1\nCOPY main.go /x\nRUN true\nRUN echo hi\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: arg("V", "2"),
            expected: "1h 2h 3h 4m 5m",
            reasons: &[
                (4, "ARG V changed (`1` → `2`) and RUN sees every valued ARG in scope, even unused"),
                (5, "parent step re-ran (line 4)"),
            ],
        },
        Case {
            rule: "a RUN that uses the ARG says so",
            dockerfile: "FROM alpine\nARG V=1\nRUN echo ${V}\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: arg("V", "2"),
            expected: "1h 2h 3m",
            reasons: &[(3, "this RUN uses it"), (2, "ARG is not a build step")],
        },
        Case {
            rule: "a build arg with no ARG in the stage does nothing",
            dockerfile: "FROM alpine\nRUN true\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: arg("X", "1"),
            expected: "1h 2h",
            reasons: &[(2, "no `ARG X` in this stage")],
        },
        Case {
            rule: "a global ARG only affects FROM unless redeclared",
            dockerfile: "ARG V=1\nFROM alpine\nRUN echo $V\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: arg("V", "2"),
            expected: "2h 3h",
            reasons: &[(3, "ARG V is global")],
        },
        Case {
            rule: "a redeclared global ARG reaches the RUNs",
            dockerfile: "ARG V=1\nFROM alpine\nARG V\nRUN true\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: arg("V", "2"),
            expected: "2h 3h 4m",
            reasons: &[(4, "ARG V changed")],
        },
        Case {
            rule: "a global ARG in FROM changes the base",
            dockerfile: "ARG TAG=3.19\nFROM alpine:${TAG}\nRUN true\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: arg("TAG", "3.20"),
            expected: "2m 3m",
            reasons: &[(2, "now names `alpine:3.20` (was `alpine:3.19`)"), (3, "base image `alpine:3.20`")],
        },
        Case {
            rule: "ENV X=const after ARG X shadows it",
            dockerfile: "FROM alpine\nARG X=1\nENV X=const\nRUN echo $X\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: arg("X", "2"),
            expected: "1h 2h 3h 4h",
            reasons: &[(4, "ENV X shadows ARG X")],
        },
        Case {
            rule: "proxy build args stay out of the key unless declared",
            dockerfile: "FROM alpine\nRUN apk add curl\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: arg("HTTP_PROXY", "http://proxy:3128"),
            expected: "1h 2h",
            reasons: &[],
        },
        Case {
            rule: "SOURCE_DATE_EPOCH invalidates from the first WORKDIR on",
            dockerfile: "FROM alpine\nRUN true\nWORKDIR /app\nRUN true\n",
            context: "",
            ignore: "",
            args: &[("SOURCE_DATE_EPOCH", "1700000000")],
            scenario: arg("SOURCE_DATE_EPOCH", "1800000000"),
            expected: "1h 2h 3m 4m",
            reasons: &[(3, "SOURCE_DATE_EPOCH changed")],
        },
        Case {
            rule: "an ARG expanded in a COPY changes the COPY",
            dockerfile: "FROM alpine\nARG DIR=a\nCOPY main.go /${DIR}/\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: arg("DIR", "b"),
            expected: "1h 2h 3m",
            reasons: &[(3, "expands $DIR")],
        },
    ]);
}

#[test]
fn cache_arg_without_value_adds_nothing() {
    // Same RUN key with and without an unset `ARG NOPE` before it.
    let with = simulate_with("FROM alpine\nARG NOPE\nRUN true\n", "", "", Scenario::NothingChanged, &[]);
    let without = simulate_with("FROM alpine\nRUN true\n", "", "", Scenario::NothingChanged, &[]);
    assert_eq!(with.steps[2].key, without.steps[1].key);
    // …but a build arg gives it a value, and the RUN misses.
    let valued = simulate_with("FROM alpine\nARG NOPE\nRUN true\n", "", "", arg("NOPE", "1"), &[]);
    assert_eq!(verdicts(&valued), "1h 2h 3m");
    assert!(reason(&valued, 3).contains("ARG NOPE changed (unset → `1`)"), "{}", reason(&valued, 3));
}

#[test]
fn cache_metadata_never_misses() {
    check(vec![
        Case {
            rule: "LABEL/EXPOSE/CMD/ENTRYPOINT expanding a changed ARG still hit",
            dockerfile: "FROM alpine\nARG V=1\nLABEL version=$V\nEXPOSE 80\nCMD echo $V\nENTRYPOINT [\"/x\"]\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: arg("V", "2"),
            expected: "1h 2h 3h 4h 5h 6h",
            reasons: &[(3, "LABEL never invalidates the cache in BuildKit"), (4, "EXPOSE never"), (5, "CMD never")],
        },
        Case {
            rule: "metadata after a miss is still not a miss",
            dockerfile: "FROM alpine\nCOPY main.go /\nLABEL a=b\nRUN true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::EditSourceFile { path: Some("main.go".into()) },
            expected: "1h 2m 3h 4m",
            reasons: &[(2, "`main.go` changed and this COPY selects it"), (4, "parent step re-ran (line 2)")],
        },
    ]);
}

#[test]
fn cache_context_content_rules() {
    const GO: &str = "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n";
    check(vec![
        Case {
            rule: "an mtime-only change hits",
            dockerfile: "FROM alpine\nCOPY . /app\nRUN true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::TouchFiles { paths: paths(&["main.go"]) },
            expected: "1h 2h 3h",
            reasons: &[(2, "only the mtime of `main.go` changed")],
        },
        Case {
            rule: "a mode change misses",
            dockerfile: "FROM alpine\nCOPY . /app\nRUN true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::ChmodFiles { paths: paths(&["main.go"]) },
            expected: "1h 2m 3m",
            reasons: &[(2, "the mode of `main.go` changed")],
        },
        Case {
            rule: "editing a source file misses COPY . . and after, not the dependency layers",
            dockerfile: GO,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::EditSourceFile { path: None },
            expected: "1h 2h 3h 4h 5m 6m",
            reasons: &[(4, "same command"), (5, "`main.go` changed and this COPY selects it"), (6, "parent step re-ran (line 5)")],
        },
        Case {
            rule: "changing go.sum misses from the COPY that selects it",
            dockerfile: GO,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::ChangeDependencyManifest { path: None },
            expected: "1h 2h 3m 4m 5m 6m",
            reasons: &[(3, "`go.sum` changed")],
        },
        Case {
            rule: "COPY . . includes the Dockerfile",
            dockerfile: GO,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::EditSourceFile { path: Some("Dockerfile".into()) },
            expected: "1h 2h 3h 4h 5m 6m",
            reasons: &[(5, "`Dockerfile` changed")],
        },
        Case {
            rule: "…unless .dockerignore'd",
            dockerfile: GO,
            context: GO_CONTEXT,
            ignore: "Dockerfile\n",
            args: &[],
            scenario: Scenario::EditSourceFile { path: Some("Dockerfile".into()) },
            expected: "1h 2h 3h 4h 5h 6h",
            reasons: &[(5, "`Dockerfile` changed, but .dockerignore leaves it out")],
        },
        Case {
            rule: "a new commit changes .git, which COPY . . takes",
            dockerfile: GO,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::ChangedPaths { paths: paths(&[".git"]) },
            expected: "1h 2h 3h 4h 5m 6m",
            reasons: &[(5, "`.git/index` changed")],
        },
        Case {
            rule: "…not when .git is ignored",
            dockerfile: GO,
            context: GO_CONTEXT,
            ignore: ".git\n",
            args: &[],
            scenario: Scenario::ChangedPaths { paths: paths(&[".git"]) },
            expected: "1h 2h 3h 4h 5h 6h",
            reasons: &[(5, ".dockerignore leaves it out")],
        },
        Case {
            rule: "a new file appears in COPY . .",
            dockerfile: GO,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::ChangedPaths { paths: paths(&["cmd/new.go"]) },
            expected: "1h 2h 3h 4h 5m 6m",
            reasons: &[(5, "`cmd/new.go` is new")],
        },
        Case {
            rule: "COPY --exclude leaves excluded files out of the checksum",
            dockerfile: "FROM alpine\nCOPY --exclude=*.md --exclude=.git . /app\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::ChangedPaths { paths: paths(&["README.md", ".git"]) },
            expected: "1h 2h",
            reasons: &[],
        },
        Case {
            rule: "a bind mount is keyed by the content it selects",
            dockerfile: "FROM golang:1.22\nRUN --mount=type=bind,source=go.sum,target=/go.sum go mod download\nRUN --mount=type=bind,source=main.go,target=/m.go true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::ChangeDependencyManifest { path: None },
            expected: "1h 2m 3m",
            reasons: &[(2, "`go.sum` changed and the bind mount of `go.sum` selects it")],
        },
    ]);
}

#[test]
fn cache_cross_stage_rules() {
    const TWO: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build -o /out/tool ./tool\nCOPY . .\nRUN go build -o /out/app .\nFROM alpine\nCOPY --from=build /src/config.yaml /etc/app.yaml\nCOPY --from=build /out/tool /usr/bin/tool\nCOPY --from=build /out/app /app\nRUN true\n";
    check(vec![
        Case {
            rule: "COPY --from heals when the bytes are unchanged; compiled outputs of a re-run are new",
            dockerfile: TWO,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::EditSourceFile { path: Some("main.go".into()) },
            expected: "1h 2h 3h 4m 5m 6h 7h 8h 9m 10m",
            reasons: &[
                (7, "hit: COPY --from=build selects /src/config.yaml whose bytes did not change (line 4 re-ran but only copied unchanged files)"),
                (8, "the step that wrote it, line 3, was a hit"),
                (9, "which the producer stage `build` rebuilt: line 5 re-ran, and compiled outputs are assumed to change"),
            ],
        },
        Case {
            rule: "a changed copied file misses the consumer",
            dockerfile: TWO,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::ChangedPaths { paths: paths(&["config.yaml"]) },
            expected: "1h 2h 3h 4m 5m 6h 7m 8m 9m 10m",
            reasons: &[(7, "which stage `build` copied (line 4) from changed files")],
        },
        Case {
            rule: "a directory a RUN worked in holds that RUN's (re-built) output",
            dockerfile: "FROM node:20 AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /app /app\nCOPY --from=deps /app/package.json /pkg.json\n",
            context: "package.json 2k\npackage-lock.json 300k\nsrc/index.js 4k\n",
            ignore: "",
            args: &[],
            scenario: Scenario::CiWithCacheFrom { mode: CacheFromMode::Inline },
            expected: "1m 2m 3m 4m 5m 6m 7m",
            reasons: &[(6, "line 4 re-ran, and compiled outputs are assumed to change"), (7, "parent step re-ran (line 6)")],
        },
        Case {
            rule: "ONBUILD triggers run as steps of the child stage",
            dockerfile: "FROM alpine AS b\nONBUILD COPY . /\nFROM b\nRUN true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::EditSourceFile { path: Some("main.go".into()) },
            expected: "1h 2h 3h 2m 4m",
            reasons: &[(4, "parent step re-ran (line 2)")],
        },
        Case {
            rule: "FROM <stage> inherits the chain with no healing",
            dockerfile: "FROM alpine AS base\nCOPY main.go /\nFROM base\nRUN true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::EditSourceFile { path: Some("main.go".into()) },
            expected: "1h 2m 3m 4m",
            reasons: &[(3, "the base stage `base` re-ran"), (4, "the base stage `base` changed (line 3)")],
        },
        Case {
            rule: "--link survives a base-image change",
            dockerfile: "FROM alpine\nRUN apk add curl\nCOPY --link main.go /app/\nRUN true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::NewBaseImageDigest { image: None },
            expected: "1m 2m 3h 4m",
            reasons: &[(1, "`alpine` resolves to a new digest"), (2, "base image `alpine` has a new digest (line 1)"), (3, "COPY --link does not depend on the steps before it")],
        },
        Case {
            rule: "--link --chmod silently loses --link",
            dockerfile: "FROM alpine\nRUN apk add curl\nCOPY --link --chmod=755 main.go /app/\nRUN true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::NewBaseImageDigest { image: None },
            expected: "1m 2m 3m 4m",
            reasons: &[(3, "`--chmod` makes BuildKit silently drop `--link`")],
        },
        Case {
            rule: "an unused stage is skipped",
            dockerfile: "FROM alpine AS unused\nRUN true\nFROM alpine\nRUN true\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: Scenario::NothingChanged,
            expected: "1s 2s 3h 4h",
            reasons: &[(2, "skipped: stage `unused` is not needed by the target `stage-1`")],
        },
        Case {
            rule: "a stage reached only via RUN --mount=from= is built",
            dockerfile: "FROM alpine AS tools\nCOPY main.go /tool\nFROM alpine AS other\nRUN true\nFROM alpine\nRUN --mount=from=tools,source=/tool,target=/t true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::EditSourceFile { path: Some("main.go".into()) },
            expected: "1h 2m 3s 4s 5h 6m",
            reasons: &[(6, "the bind mount from `tools` selects /tool, which stage `tools` copied (line 2) from changed files")],
        },
    ]);
}

#[test]
fn cache_external_state_rules() {
    check(vec![
        Case {
            rule: "cache-mount contents don't affect keys",
            dockerfile: "FROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache/go-build go build ./...\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: Scenario::CacheMountContentsChanged,
            expected: "1h 2h",
            reasons: &[(2, "cache-mount contents are not part of the cache key")],
        },
        Case {
            rule: "secret contents don't affect keys",
            dockerfile: "FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: Scenario::RotateSecret { id: "npmrc".into() },
            expected: "1h 2h",
            reasons: &[(2, "secret contents are never part of the cache key")],
        },
        Case {
            rule: "nothing changed: everything hits",
            dockerfile: "FROM alpine\nWORKDIR /app\nCOPY . .\nRUN true\n",
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::NothingChanged,
            expected: "1h 2h 3h 4h",
            reasons: &[(1, "already pulled"), (2, "same directory"), (3, "selected files are unchanged")],
        },
    ]);
}

pub(super) const MULTI: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM alpine\nRUN apk add ca-certificates\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n";

#[test]
fn cache_ci_rules() {
    check(vec![
        Case {
            rule: "a clean CI runner misses every build step",
            dockerfile: MULTI,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::CleanCiRunner,
            expected: "1m 2m 3m 4m 5m 6m 7m 8h",
            reasons: &[(1, "fresh CI runner has no local images"), (3, "clean CI runner: no local cache")],
        },
        Case {
            rule: "--cache-from inline: only the final image's layers; the builder re-runs and its outputs are new",
            dockerfile: MULTI,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::CiWithCacheFrom { mode: CacheFromMode::Inline },
            expected: "1m 2m 3m 4m 5m 6h 7m 8h",
            reasons: &[
                (2, "inline cache (--cache-from, mode=min) holds only the final image's layers"),
                (6, "imported inline cache"),
                (7, "compiled outputs are assumed to change"),
            ],
        },
        Case {
            rule: "--cache-from mode=max: every stage",
            dockerfile: MULTI,
            context: GO_CONTEXT,
            ignore: "",
            args: &[],
            scenario: Scenario::CiWithCacheFrom { mode: CacheFromMode::Max },
            expected: "1m 2h 3h 4h 5m 6h 7h 8h",
            reasons: &[(4, "mode=max cache"), (7, "was a hit")],
        },
        Case {
            rule: "mode=max: a FROM <stage> on a fully cached stage continues the chain",
            dockerfile: "FROM alpine AS base\nRUN apk add curl\nFROM base\nRUN true\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: Scenario::CiWithCacheFrom { mode: CacheFromMode::Max },
            expected: "1m 2h 3h 4h",
            reasons: &[(3, "continues from stage `base`, whose steps all hit")],
        },
        Case {
            rule: "inline cache covers the stages the target is built FROM",
            dockerfile: "FROM alpine AS base\nRUN apk add curl\nFROM base\nRUN true\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: Scenario::CiWithCacheFrom { mode: CacheFromMode::Inline },
            expected: "1m 2h 3h 4h",
            reasons: &[],
        },
    ]);
}
