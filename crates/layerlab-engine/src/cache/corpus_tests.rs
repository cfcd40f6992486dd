//! The timeline, serialisation, the CLI scenario names, defaults, odd inputs and the
//! real-world corpus.
use super::tests::{arg, paths, simulate_with, verdicts, GO_CONTEXT, MULTI};
use super::*;
use crate::context::{BuildContext, DockerIgnore};
use crate::syntax::parse;

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
    assert!(cached.timeline.saved_seconds > 40.0, "{:#?}", cached.timeline);
    assert!(cached.timeline.critical_path.is_empty());

    // Editing a source file only re-runs the tail: time is saved, not all of it.
    let edited = simulate_with(MULTI, GO_CONTEXT, "", Scenario::EditSourceFile { path: None }, &[]);
    let t = &edited.timeline;
    assert!(t.after_seconds > 0.0 && t.after_seconds < t.before_seconds, "{t:#?}");
    assert!((t.saved_seconds - (t.before_seconds - t.after_seconds)).abs() < 0.11);
    // The cold build's lanes: every step executed, on the same clock, ending at before_seconds.
    assert_eq!(t.before_lanes.len(), t.lanes.len());
    assert!(t.before_lanes.iter().flat_map(|l| &l.steps).all(|s| s.status == CacheStatus::Miss));
    let cold_end = t.before_lanes.iter().map(|l| l.end_seconds).fold(0.0, f64::max);
    assert!((cold_end - t.before_seconds).abs() < 0.11, "{t:#?}");
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
    assert!(
        hinted.timeline.after_seconds >= base.timeline.after_seconds + 4.9,
        "{:?} vs {:?}",
        hinted.timeline,
        base.timeline
    );
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
    let run = simulate_with(
        "FROM node:20\nCOPY . .\n",
        "package.json 2k\npackage-lock.json 300k\nsrc/index.js 4k\n",
        "",
        Scenario::EditSourceFile { path: None },
        &[],
    );
    assert_eq!(run.changed_files, ["src/index.js"]);
    let run = simulate_with(
        "FROM node:20\nCOPY . .\n",
        "package.json 2k\npackage-lock.json 300k\nsrc/index.js 4k\n",
        "",
        Scenario::ChangeDependencyManifest { path: None },
        &[],
    );
    assert_eq!(run.changed_files, ["package-lock.json"]);
    // A file the build copies wins over the first source file of the context.
    let run = simulate_with(
        "FROM node:20\nCOPY src/app.js .\n",
        "package.json 2k\nsrc/index.js 4k\nsrc/app.js 4k\n",
        "",
        Scenario::EditSourceFile { path: None },
        &[],
    );
    assert_eq!(run.changed_files, ["src/app.js"]);
    // An image name without a tag designates the tagged reference.
    let run = simulate_with(
        "FROM golang:1.22\nRUN true\n",
        "",
        "",
        Scenario::NewBaseImageDigest { image: Some("golang".into()) },
        &[],
    );
    assert_eq!(verdicts(&run), "1m 2m");
    // The manifest the Dockerfile names wins over the list order.
    let run = simulate_with(
        "FROM rust\nCOPY Cargo.lock .\n",
        "go.sum 1k\nCargo.lock 60k\n",
        "",
        Scenario::ChangeDependencyManifest { path: None },
        &[],
    );
    assert_eq!(run.changed_files, ["Cargo.lock"]);
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
    let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
    let parsed: Vec<_> =
        files.iter().map(|p| crate::syntax::parse_bytes(&std::fs::read(p).expect("readable"))).collect();
    for scenario in all_scenarios() {
        let (mut hits, mut misses, mut skipped) = (0, 0, 0);
        let started = std::time::Instant::now();
        for (path, syntax) in files.iter().zip(&parsed) {
            let context = crate::context::infer(syntax);
            let run = simulate(
                syntax,
                &ModelOptions::default(),
                &context,
                &DockerIgnore::default(),
                &scenario,
                &TimingHints::default(),
            );
            let model = crate::model::build(syntax, &ModelOptions::default());
            let rows: usize = model.stages.iter().map(|s| s.steps.len() + 1).sum();
            assert_eq!(run.steps.len(), rows, "{}", path.display());
            assert!(run.timeline.after_seconds.is_finite(), "{}", path.display());
            assert!(serde_json::to_string(&run).is_ok(), "{}", path.display());
            hits += run.hits;
            misses += run.misses;
            skipped += run.skipped;
        }
        println!(
            "{scenario:?}: {} files, {hits} hit, {misses} miss, {skipped} skipped ({:?})",
            files.len(),
            started.elapsed()
        );
    }
    assert_eq!(files.len(), 309);
}

const SOUP: [&str; 22] = [
    "FROM alpine AS a",
    "FROM golang:1.22 AS b",
    "FROM a",
    "FROM scratch",
    "ARG V=1",
    "ARG VERSION",
    "ENV E=$V",
    "WORKDIR /app",
    "USER nobody",
    "COPY . .",
    "COPY go.mod go.sum ./",
    "COPY --link main.go /app/",
    "COPY --from=a /app /app",
    "COPY --from=b /out/app /app",
    "COPY --from=0 / /",
    "ADD https://example.com/x.tgz /x",
    "RUN go build -o /out/app .",
    "RUN --mount=type=cache,target=/root/.cache go mod download",
    "RUN --mount=from=a,source=/app,target=/src true",
    "RUN --mount=type=bind,source=go.sum,target=/g true",
    "LABEL x=$V",
    "CMD [\"/app\"]",
];

proptest::proptest! {
    /// Any mix of lines: no panic; with nothing changed every built step hits; on a clean CI
    /// runner every build step misses; a skipped row is exactly a row of an unneeded stage.
    #[test]
    fn cache_invariants_on_line_soup(
        lines in proptest::collection::vec(proptest::sample::select(SOUP.to_vec()), 1..12),
        changed in proptest::sample::select(vec!["main.go", "go.sum", "Dockerfile", ".git", "README.md"]),
    ) {
        let dockerfile = lines.join("\n");
        let same = simulate_with(&dockerfile, GO_CONTEXT, "", Scenario::NothingChanged, &[]);
        proptest::prop_assert!(same.steps.iter().all(|s| s.status != CacheStatus::Miss), "{:#?}", same.steps);
        let clean = simulate_with(&dockerfile, GO_CONTEXT, "", Scenario::CleanCiRunner, &[]);
        for step in &clean.steps {
            let build_step = matches!(step.keyword, Keyword::Run | Keyword::Copy | Keyword::Add | Keyword::Workdir);
            proptest::prop_assert!(!build_step || step.status != CacheStatus::Hit, "{step:?}");
        }
        let model = crate::model::build(&parse(&dockerfile), &ModelOptions::default());
        for step in &clean.steps {
            let needed = model.stages[step.stage].needed;
            proptest::prop_assert_eq!(step.status == CacheStatus::Skipped, !needed);
        }
        for scenario in [Scenario::ChangedPaths { paths: paths(&[changed]) }, arg("V", "2"), Scenario::CiWithCacheFrom { mode: CacheFromMode::Max }] {
            let run = simulate_with(&dockerfile, GO_CONTEXT, "", scenario, &[]);
            proptest::prop_assert!(run.timeline.after_seconds <= run.timeline.before_seconds + 60.0);
            // A miss never precedes a hit of a build step in the same stage unless healed by
            // content (COPY --link or from=/context content) — i.e. RUN/WORKDIR after a miss miss.
            for stage in 0..model.stages.len() {
                let rows: Vec<&StepCache> = run.steps.iter().filter(|s| s.stage == stage).collect();
                let mut missed = false;
                for row in rows {
                    if missed && matches!(row.keyword, Keyword::Run | Keyword::Workdir) {
                        proptest::prop_assert_eq!(row.status, CacheStatus::Miss, "{:#?}", run.steps);
                    }
                    missed |= row.status == CacheStatus::Miss && row.keyword != Keyword::From;
                }
            }
        }
    }
}

/// The build after a change repeats the rows of the build before it that read nothing the
/// change edited: the same build as making every row again, for every real-world Dockerfile
/// and scenario (an added file, several, a touch and a chmod among them).
#[test]
fn repeated_rows_are_the_rows_built_again() {
    let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
    let mut scenarios = all_scenarios();
    scenarios.extend([
        Scenario::EditSourceFile { path: Some("src/added.go".into()) },
        Scenario::ChangedPaths { paths: vec!["go.sum".into(), "package.json".into(), "requirements.txt".into()] },
        Scenario::TouchFiles { paths: vec![".".into()] },
        Scenario::ChmodFiles { paths: vec!["README.md".into()] },
    ]);
    let (ignore, options) = (DockerIgnore::default(), ModelOptions::default());
    let mut repeated = 0;
    for path in &files {
        let syntax = crate::syntax::parse_bytes(&std::fs::read(path).expect("readable"));
        let context = crate::context::infer(&syntax);
        let model = crate::model::build(&syntax, &options);
        let inputs = Inputs { syntax: &syntax, options: &options, model: &model, context: &context, ignore: &ignore };
        for scenario in &scenarios {
            let after = builds(&inputs, scenario, None).after;
            let before_world = world::World::new(&context, &ignore, syntax.source.len());
            let (mut after_world, mut after_options) = (before_world.clone(), options.clone());
            let resolved = resolve(scenario, &syntax.source, &model, &mut after_world, &mut after_options);
            let after_model = model::build(&syntax, &after_options);
            let epoch = after_options.build_args.get("SOURCE_DATE_EPOCH").map(String::as_str);
            let before = build::run(&syntax, &model, &before_world, epoch, None, None);
            let cache = build::cache_set(&before, &model, resolved.source);
            let built_again = build::run(&syntax, &after_model, &after_world, epoch, Some((cache.as_slice(), resolved.source)), None);
            assert_eq!(after, built_again, "{scenario:?} on {}", path.display());
            repeated += usize::from(resolved.source == CacheSource::Local);
        }
    }
    assert!(repeated > 1_000, "{repeated}");
}
