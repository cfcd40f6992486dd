//! One table-driven test per cache rule of `reference/cache-size-semantics.md` §1, the timeline,
//! and a no-panic run over the real-world corpus.
use super::*;
use crate::context::{BuildContext, DockerIgnore};
use crate::syntax::parse;

const GO_CONTEXT: &str = "go.mod 1k\ngo.sum 20k\nmain.go 4k\ninternal/app.go 2k\nconfig.yaml 1k\nDockerfile 1k\n.git/index 40k\nREADME.md 2k\n";

fn simulate_with(dockerfile: &str, context: &str, ignore: &str, scenario: Scenario, args: &[(&str, &str)]) -> CacheRun {
    let (context, problems) = BuildContext::parse(context);
    assert!(problems.is_empty(), "{problems:?}");
    let mut options = ModelOptions::default();
    for (name, value) in args {
        options.build_args.insert((*name).to_owned(), (*value).to_owned());
    }
    simulate(&parse(dockerfile), &options, &context, &DockerIgnore::parse(ignore), &scenario, &TimingHints::default())
}

/// `"1h 2m 3s"`: each row's line and status, in file order.
fn verdicts(run: &CacheRun) -> String {
    let letter = |s: CacheStatus| match s {
        CacheStatus::Hit => 'h',
        CacheStatus::Miss => 'm',
        CacheStatus::Skipped => 's',
    };
    run.steps.iter().map(|s| format!("{}{}", s.line, letter(s.status))).collect::<Vec<_>>().join(" ")
}

fn reason(run: &CacheRun, line: usize) -> &str {
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

fn arg(name: &str, value: &str) -> Scenario {
    Scenario::ChangeBuildArg { name: name.into(), value: value.into() }
}

fn paths(list: &[&str]) -> Vec<String> {
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
            reasons: &[(4, "ARG V changed (`1` → `2`) and RUN sees every valued ARG in scope, even unused"), (5, "parent step re-ran (line 4)")],
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
            expected: "1h 2h 3h 4m 5m 6h 7m 8h 9m 10m",
            reasons: &[(7, "which stage `build` copied (line 4) from changed files")],
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

const MULTI: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM alpine\nRUN apk add ca-certificates\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n";

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
            reasons: &[(2, "inline cache (--cache-from, mode=min) holds only the final image's layers"), (6, "imported inline cache"), (7, "compiled outputs are assumed to change")],
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
            rule: "inline cache covers the stages the target is built FROM",
            dockerfile: "FROM alpine AS base\nRUN apk add curl\nFROM base\nRUN true\n",
            context: "",
            ignore: "",
            args: &[],
            scenario: Scenario::CiWithCacheFrom { mode: CacheFromMode::Inline },
            expected: "1m 2h 3m 4h",
            reasons: &[],
        },
    ]);
}

#[test]
fn cache_timeline_parallel_lanes_and_critical_path() {
    let dockerfile = "FROM golang:1.22 AS backend\nRUN go build -o /out/api .\nFROM node:20 AS frontend\nRUN npm run build\nFROM alpine\nCOPY --from=backend /out/api /api\nCOPY --from=frontend /dist /www\n";
    let run = simulate_with(dockerfile, "", "", Scenario::CleanCiRunner, &[]);
    let timeline = &run.timeline;
    assert_eq!(timeline.lanes.len(), 3);
    let (backend, frontend, last) = (&timeline.lanes[0], &timeline.lanes[1], &timeline.lanes[2]);
    // The two producers run at the same time.
    assert_eq!(backend.start_seconds, 0.0);
    assert_eq!(frontend.start_seconds, 0.0);
    // Each COPY --from waits for its producer.
    assert!(last.steps[1].start_seconds >= backend.end_seconds, "{timeline:#?}");
    assert!(last.steps[2].start_seconds >= frontend.end_seconds, "{timeline:#?}");
    // The critical path runs through the slower producer and ends with the last COPY.
    let slower = if backend.end_seconds >= frontend.end_seconds { 0 } else { 1 };
    let path: Vec<(usize, usize)> = timeline.critical_path.iter().map(|s| (s.stage, s.line)).collect();
    assert!(path.iter().any(|(stage, _)| *stage == slower), "{path:?}");
    assert_eq!(path.last(), Some(&(2, 7)), "{path:?}");
    assert!(timeline.after_seconds < timeline.sequential_seconds, "parallel stages save time: {timeline:#?}");
    // Clean CI is a cold build: nothing saved.
    assert_eq!(timeline.before_seconds, timeline.after_seconds);
    assert!(timeline.assumptions.iter().any(|a| a.name.contains("image pull") && a.value == 50.0));

    // With the local cache and nothing changed, the rebuild is free.
    let cached = simulate_with(dockerfile, "", "", Scenario::NothingChanged, &[]);
    assert_eq!(cached.timeline.after_seconds, 0.0);
    assert!(cached.timeline.saved_seconds > 60.0, "{:#?}", cached.timeline);
    assert!(cached.timeline.critical_path.is_empty());

    // Editing a source file only re-runs the tail: time is saved, not all of it.
    let edited = simulate_with(MULTI, GO_CONTEXT, "", Scenario::EditSourceFile { path: None }, &[]);
    let t = &edited.timeline;
    assert!(t.after_seconds > 0.0 && t.after_seconds < t.before_seconds, "{t:#?}");
    assert!((t.saved_seconds - (t.before_seconds - t.after_seconds)).abs() < 0.11);
}

#[test]
fn cache_timeline_uses_hints_and_warm_cache_mounts() {
    let dockerfile = "FROM alpine\nCOPY main.go /\nRUN --mount=type=cache,target=/root/.cache go build ./...\n";
    let (context, _) = BuildContext::parse(GO_CONTEXT);
    let syntax = parse(dockerfile);
    let scenario = Scenario::EditSourceFile { path: Some("main.go".into()) };
    let mut hints = TimingHints::default();
    let base = simulate(&syntax, &ModelOptions::default(), &context, &DockerIgnore::default(), &scenario, &hints);
    hints.step_bytes.insert(1, 500_000_000); // the COPY: 500 MB at 100 MB/s
    let hinted = simulate(&syntax, &ModelOptions::default(), &context, &DockerIgnore::default(), &scenario, &hints);
    assert!(hinted.timeline.after_seconds >= base.timeline.after_seconds + 4.9, "{:?} vs {:?}", hinted.timeline, base.timeline);
    // The warm cache mount makes the re-run cheaper than the cold build's run of the same step.
    let lane = &base.timeline.lanes[0];
    assert!(lane.steps[2].seconds < 40.0 * 0.5, "{lane:?}");
}

#[test]
fn cache_keys_are_stable_and_json_is_lowercase() {
    let a = simulate_with(MULTI, GO_CONTEXT, "", Scenario::NothingChanged, &[]);
    let b = simulate_with(MULTI, GO_CONTEXT, "", Scenario::NothingChanged, &[]);
    assert_eq!(a, b);
    let json = serde_json::to_value(&a).expect("serialisable");
    assert_eq!(json["steps"][0]["status"], "hit");
    assert_eq!(json["steps"][0]["keyword"], "from");
    assert!(json["steps"][0]["key"].as_str().is_some_and(|k| k.len() == 16));
    let skipped = simulate_with("FROM a AS x\nFROM b\n", "", "", Scenario::NothingChanged, &[]);
    assert_eq!(serde_json::to_value(&skipped).unwrap()["steps"][0]["status"], "skipped");
    let scenario: Scenario = serde_json::from_str(r#"{"kind":"ci_with_cache_from","mode":"max"}"#).unwrap();
    assert_eq!(scenario, Scenario::CiWithCacheFrom { mode: CacheFromMode::Max });
}

#[test]
fn cache_scenarios_from_cli() {
    let changed = paths(&["main.go"]);
    let cases: Vec<(Option<&str>, &[String], Scenario)> = vec![
        (None, &[], Scenario::NothingChanged),
        (None, &changed, Scenario::ChangedPaths { paths: changed.clone() }),
        (Some("edit-source"), &changed, Scenario::EditSourceFile { path: Some("main.go".into()) }),
        (Some("edit-source"), &[], Scenario::EditSourceFile { path: None }),
        (Some("change-deps"), &[], Scenario::ChangeDependencyManifest { path: None }),
        (Some("build-arg=V=2"), &[], arg("V", "2")),
        (Some("new-base"), &[], Scenario::NewBaseImageDigest { image: None }),
        (Some("clean-ci"), &[], Scenario::CleanCiRunner),
        (Some("ci-inline"), &[], Scenario::CiWithCacheFrom { mode: CacheFromMode::Inline }),
        (Some("ci-max"), &[], Scenario::CiWithCacheFrom { mode: CacheFromMode::Max }),
    ];
    for (name, changed, expected) in cases {
        assert_eq!(Scenario::from_cli(name, changed), Ok(expected), "{name:?}");
    }
    assert!(Scenario::from_cli(Some("bogus"), &[]).is_err());
    assert!(Scenario::from_cli(Some("build-arg"), &[]).is_err());
}

#[test]
fn cache_defaults_pick_sensible_files() {
    let run = simulate_with("FROM node:20\nCOPY . .\n", "package.json 2k\npackage-lock.json 300k\nsrc/index.js 4k\n", "", Scenario::EditSourceFile { path: None }, &[]);
    assert_eq!(run.changed_files, ["src/index.js"]);
    let run = simulate_with("FROM node:20\nCOPY . .\n", "package.json 2k\npackage-lock.json 300k\nsrc/index.js 4k\n", "", Scenario::ChangeDependencyManifest { path: None }, &[]);
    assert_eq!(run.changed_files, ["package-lock.json"]);
    let run = simulate_with("FROM golang AS b\nFROM b\n", "", "", Scenario::NewBaseImageDigest { image: None }, &[]);
    assert_eq!(verdicts(&run), "1m 2m");
    let run = simulate_with("FROM scratch\nCOPY a /\n", "", "", Scenario::ChangeDependencyManifest { path: None }, &[]);
    assert!(run.scenario.contains("nothing changed"), "{}", run.scenario);
}

#[test]
fn cache_never_panics_on_odd_input() {
    let odd = [
        "",
        "FROM",
        "FROM alpine\nCOPY\nWORKDIR\nUSER\nENV\nARG\nEXPOSE\nRUN --mount=type= true\n",
        "ARG\nFROM $",
        "FROM a AS x\nCOPY --from=x / /\nFROM x AS y\nCOPY --from=y / /\nFROM y\n",
        "FROM a AS x\nCOPY --from=z / /\nFROM z AS z\nCOPY --from=x / /\n",
        "FROM alpine\nCOPY --from=7 /a /b\nCOPY --from=-1 /a /b\nRUN --mount=from=nope,target=/x true\n",
        "FROM alpine AS b\nONBUILD RUN echo hi\nONBUILD COPY . /\nFROM b\nRUN true\n",
        "FROM alpine\nCOPY <<EOF /x\nhello\nEOF\nRUN <<EOF\necho hi\nEOF\n",
        "FROM alpine\nADD https://example.com/a.tgz /\nADD git@github.com:a/b.git /src\n",
    ];
    let scenarios = all_scenarios();
    for text in odd {
        for scenario in &scenarios {
            let run = simulate_with(text, GO_CONTEXT, "", scenario.clone(), &[]);
            assert!(serde_json::to_string(&run).is_ok());
        }
    }
}

fn all_scenarios() -> Vec<Scenario> {
    vec![
        Scenario::NothingChanged,
        Scenario::EditSourceFile { path: None },
        Scenario::ChangeDependencyManifest { path: None },
        arg("VERSION", "2.0.0"),
        Scenario::NewBaseImageDigest { image: None },
        Scenario::CleanCiRunner,
        Scenario::CiWithCacheFrom { mode: CacheFromMode::Inline },
        Scenario::CiWithCacheFrom { mode: CacheFromMode::Max },
    ]
}

/// Every real-world Dockerfile of the shared corpus, under every scenario: no panic, and the
/// figures for the record.
#[test]
fn cache_real_world_corpus() {
    let root = std::path::Path::new("/work/shared/corpus/real-world");
    if !root.exists() {
        println!("skipped: {} is absent", root.display());
        return;
    }
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable corpus").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                files.push(path);
            }
        }
    }
    files.sort();
    let parsed: Vec<_> = files.iter().map(|p| crate::syntax::parse_bytes(&std::fs::read(p).expect("readable"))).collect();
    for scenario in all_scenarios() {
        let (mut hits, mut misses, mut skipped) = (0, 0, 0);
        let started = std::time::Instant::now();
        for (path, syntax) in files.iter().zip(&parsed) {
            let context = crate::context::infer(syntax);
            let run = simulate(syntax, &ModelOptions::default(), &context, &DockerIgnore::default(), &scenario, &TimingHints::default());
            let model = crate::model::build(syntax, &ModelOptions::default());
            let rows: usize = model.stages.iter().map(|s| s.steps.len() + 1).sum();
            assert_eq!(run.steps.len(), rows, "{}", path.display());
            assert!(run.timeline.after_seconds.is_finite(), "{}", path.display());
            assert!(serde_json::to_string(&run).is_ok(), "{}", path.display());
            hits += run.hits;
            misses += run.misses;
            skipped += run.skipped;
        }
        println!("{scenario:?}: {} files, {hits} hit, {misses} miss, {skipped} skipped ({:?})", files.len(), started.elapsed());
    }
    assert_eq!(files.len(), 309);
}
