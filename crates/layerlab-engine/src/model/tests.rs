//! Table-driven tests of the model, one per rule, plus a no-panic run over the real-world corpus.
use super::*;
use crate::syntax::parse;

fn build_with(dockerfile: &str, configure: impl FnOnce(&mut ModelOptions)) -> Model {
    let mut options = ModelOptions::default();
    configure(&mut options);
    build(&parse(dockerfile), &options)
}

fn model_of(dockerfile: &str) -> Model {
    build_with(dockerfile, |_| {})
}

/// The step starting on `line` (1-based).
fn step(model: &Model, line: usize) -> &Step {
    model
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .find(|s| s.line == line)
        .unwrap_or_else(|| panic!("no step on line {line}"))
}

/// `name` as the step on `line` sees it.
fn env_at(model: &Model, line: usize, name: &str) -> Option<String> {
    step(model, line).state.get(name).map(str::to_owned)
}

fn codes(model: &Model) -> Vec<&'static str> {
    model.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn arg_scoping_table() {
    // (dockerfile, line of the step to look at, variable, value it sees)
    let cases: &[(&str, usize, &str, Option<&str>)] = &[
        // A global ARG is not visible in a stage…
        ("ARG V=1\nFROM alpine\nRUN echo $V\n", 3, "V", None),
        // …until the stage re-declares it without a default.
        ("ARG V=1\nFROM alpine\nARG V\nRUN echo $V\n", 4, "V", Some("1")),
        // A default in the stage replaces the global value.
        ("ARG V=1\nFROM alpine\nARG V=2\nRUN echo $V\n", 4, "V", Some("2")),
        // Global defaults expand against earlier globals.
        ("ARG A=x\nARG B=${A}y\nFROM alpine\nARG B\nRUN true\n", 5, "B", Some("xy")),
        // Each stage must re-declare on its own.
        ("ARG V=1\nFROM alpine\nARG V\nFROM alpine\nRUN echo $V\n", 5, "V", None),
        // An ARG with no value anywhere adds nothing.
        ("FROM alpine\nARG NOPE\nRUN true\n", 3, "NOPE", None),
        // A stage ARG default sees earlier ARGs of the same instruction.
        ("FROM alpine\nARG A=1 B=$A\nRUN true\n", 3, "B", Some("1")),
        // ENV after ARG of the same name shadows it.
        ("FROM alpine\nARG X=1\nENV X=2\nRUN true\n", 4, "X", Some("2")),
        // A child stage inherits its base stage's ARG and ENV values.
        ("FROM alpine AS base\nARG A=1\nENV E=2\nFROM base\nRUN true\n", 5, "A", Some("1")),
        ("FROM alpine AS base\nARG A=1\nENV E=2\nFROM base\nRUN true\n", 5, "E", Some("2")),
        // Automatic platform ARGs: only after `ARG TARGETARCH`.
        ("FROM alpine\nRUN true\n", 2, "TARGETARCH", None),
        ("FROM alpine\nARG TARGETARCH\nRUN true\n", 3, "TARGETARCH", Some("amd64")),
        ("FROM alpine\nARG TARGETPLATFORM BUILDOS\nRUN true\n", 3, "TARGETPLATFORM", Some("linux/amd64")),
        ("FROM alpine\nARG TARGETPLATFORM BUILDOS\nRUN true\n", 3, "BUILDOS", Some("linux")),
        ("FROM alpine AS final\nARG TARGETSTAGE\nRUN true\n", 3, "TARGETSTAGE", Some("final")),
    ];
    for &(dockerfile, line, name, expected) in cases {
        let model = model_of(dockerfile);
        assert_eq!(env_at(&model, line, name).as_deref(), expected, "{name} on line {line} of {dockerfile:?}");
        assert!(model.diagnostics.is_empty(), "{dockerfile:?}: {:?}", model.diagnostics);
    }
}

#[test]
fn build_args_override_defaults() {
    let dockerfile =
        "ARG GO=1.21\nFROM golang:${GO}-alpine\nARG GO\nARG MODE=debug\nARG UNDECLARED_IN_STAGE\nRUN true\n";
    let model = build_with(dockerfile, |o| {
        o.build_args.insert("GO".into(), "1.22".into());
        o.build_args.insert("MODE".into(), "release".into());
        o.build_args.insert("UNDECLARED_IN_STAGE".into(), "yes".into());
        o.build_args.insert("NEVER_DECLARED".into(), "x".into());
    });
    assert_eq!(model.global_args[0].value.as_deref(), Some("1.22"));
    assert!(model.global_args[0].from_build_arg);
    assert_eq!(
        model.stages[0].base,
        Base::Image { reference: "golang:1.22-alpine".into(), raw: "golang:${GO}-alpine".into() }
    );
    assert_eq!(env_at(&model, 6, "GO").as_deref(), Some("1.22"));
    assert_eq!(env_at(&model, 6, "MODE").as_deref(), Some("release"));
    assert_eq!(env_at(&model, 6, "UNDECLARED_IN_STAGE").as_deref(), Some("yes"));
    assert_eq!(env_at(&model, 6, "NEVER_DECLARED"), None, "a build arg with no ARG does nothing");
    let Expanded::Arg { args } = &step(&model, 4).expanded else { panic!() };
    assert_eq!(args[0], ArgValue { name: "MODE".into(), value: Some("release".into()), source: ArgSource::BuildArg });
    // A build arg is used as is, never expanded.
    let model = build_with("FROM alpine\nARG V=x\nRUN true\n", |o| {
        o.build_args.insert("V".into(), "$HOME".into());
    });
    assert_eq!(env_at(&model, 3, "V").as_deref(), Some("$HOME"));
}

#[test]
fn platforms_feed_the_automatic_args() {
    let dockerfile = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH TARGETVARIANT\nRUN true\nFROM alpine:${TARGETARCH_TAG:-3.20}\n";
    let model = build_with(dockerfile, |o| o.target_platform = "linux/arm/v7".into());
    assert_eq!(model.stages[0].platform.as_deref(), Some("linux/amd64"));
    assert_eq!(env_at(&model, 3, "TARGETARCH").as_deref(), Some("arm"));
    assert_eq!(env_at(&model, 3, "TARGETVARIANT").as_deref(), Some("v7"));
    assert_eq!(env_at(&model, 3, "TARGETOS").as_deref(), Some("linux"));
    let automatic: Vec<(&str, &str)> =
        model.automatic_args.iter().map(|a| (a.name.as_str(), a.value.as_str())).collect();
    assert!(automatic.contains(&("TARGETPLATFORM", "linux/arm/v7")) && automatic.contains(&("BUILDARCH", "amd64")));
    assert_eq!(model.stages[1].unmatched, ["TARGETARCH_TAG"]);
    // A global TARGETARCH is usable in FROM without any ARG.
    let model = build_with("FROM busybox:${TARGETARCH}\n", |o| o.target_platform = "linux/arm64".into());
    assert_eq!(
        model.stages[0].base,
        Base::Image { reference: "busybox:arm64".into(), raw: "busybox:${TARGETARCH}".into() }
    );
    let model = build_with("FROM alpine\n", |o| o.target_platform = "linux/".into());
    assert_eq!(codes(&model), ["invalid-platform"]);
}

#[test]
fn env_pairs_of_one_instruction_see_the_old_environment() {
    let model = model_of("FROM alpine\nENV A=1\nENV A=2 B=$A C=${A}x\nRUN true\nLABEL l=$A\n");
    assert_eq!(env_at(&model, 4, "A").as_deref(), Some("2"));
    assert_eq!(env_at(&model, 4, "B").as_deref(), Some("1"));
    assert_eq!(env_at(&model, 4, "C").as_deref(), Some("1x"));
    assert_eq!(
        step(&model, 5).expanded,
        Expanded::Label { pairs: vec![NameValue { name: "l".into(), value: "2".into() }] }
    );
    // Quotes are removed at expansion; the legacy `ENV key value` form keeps the whole rest.
    let model = model_of("FROM alpine\nENV A=\"x y\" B='$A'\nENV C hello  world\nRUN true\n");
    assert_eq!(env_at(&model, 4, "A").as_deref(), Some("x y"));
    assert_eq!(env_at(&model, 4, "B").as_deref(), Some("$A"));
    assert_eq!(env_at(&model, 4, "C").as_deref(), Some("hello  world"));
    // PATH from the base image is assumed to be the default.
    let model = model_of("FROM alpine\nENV PATH=/go/bin:$PATH\nRUN true\n");
    assert_eq!(env_at(&model, 3, "PATH"), Some(format!("/go/bin:{DEFAULT_PATH}")));
}

#[test]
fn workdir_chains_relative_paths() {
    // (instructions after FROM, expected workdir before the final RUN)
    let cases = [
        ("RUN true", "/"),
        ("WORKDIR /app", "/app"),
        ("WORKDIR /app\nWORKDIR src", "/app/src"),
        ("WORKDIR /app\nWORKDIR src/../lib/", "/app/lib"),
        ("WORKDIR relative", "/relative"),
        ("WORKDIR /a\nWORKDIR ../../..", "/"),
        ("ENV D=/srv\nWORKDIR $D\nWORKDIR ${D}/x", "/srv/x"),
        ("WORKDIR /a//b/./c", "/a/b/c"),
    ];
    for (body, expected) in cases {
        let dockerfile = format!("FROM alpine\n{body}\nRUN true\n");
        let model = model_of(&dockerfile);
        assert_eq!(model.stages[0].steps.last().unwrap().state.workdir, expected, "{body:?}");
    }
    // A child stage starts in its base stage's directory.
    let model = model_of("FROM alpine AS a\nWORKDIR /app\nFROM a\nWORKDIR sub\nRUN true\n");
    assert_eq!(step(&model, 5).state.workdir, "/app/sub");
}

#[test]
fn expanded_values_per_instruction() {
    let dockerfile = "FROM alpine\nARG U=app PORTS=\"80 443\" DIR=/data SIG=TERM\n\
        COPY --chown=$U:$U --chmod=$MODE src/$U ./$U/\n\
        USER $U\nEXPOSE $PORTS 8080/udp\nVOLUME $DIR /logs\nSTOPSIGNAL SIG$SIG\n\
        RUN --mount=type=cache,target=/root/.cache/$U,id=$U echo $U\n\
        SHELL [\"/bin/bash\", \"-c\"]\nRUN true\nCMD echo $U\n";
    let model = model_of(dockerfile);
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    let Expanded::Copy { sources, destination, chown, chmod, from, .. } = &step(&model, 3).expanded else { panic!() };
    assert_eq!((sources.as_slice(), destination.as_str()), (["src/app".to_owned()].as_slice(), "./app/"));
    // BuildKit expands --chown but passes --chmod through as written.
    assert_eq!((chown.as_deref(), chmod.as_deref(), from), (Some("app:app"), Some("$MODE"), &None));
    assert_eq!(step(&model, 4).expanded, Expanded::User { user: "app".into() });
    assert_eq!(
        step(&model, 5).expanded,
        Expanded::Expose { ports: vec!["80".into(), "443".into(), "8080/udp".into()] }
    );
    assert_eq!(step(&model, 6).expanded, Expanded::Volume { paths: vec!["/data".into(), "/logs".into()] });
    assert_eq!(step(&model, 7).expanded, Expanded::StopSignal { signal: "SIGTERM".into() });
    let Expanded::Run { mounts } = &step(&model, 8).expanded else { panic!() };
    assert_eq!((mounts[0].target.as_deref(), mounts[0].id.as_deref()), (Some("/root/.cache/app"), Some("app")));
    assert_eq!(step(&model, 8).state.user.as_deref(), Some("app"));
    assert_eq!(step(&model, 10).state.shell, ["/bin/bash", "-c"]);
    assert_eq!(step(&model, 11).expanded, Expanded::None, "CMD is never expanded by the builder");
    assert_eq!(model.stages[0].steps[0].state.shell, ["/bin/sh", "-c"]);
}

#[test]
fn expansion_errors_become_diagnostics() {
    // (dockerfile, expected code, line)
    let cases = [
        ("FROM alpine\nENV A=${UNSET?unset}\n", "expand-failed", 2),
        ("FROM alpine\nWORKDIR ${}\n", "expand-failed", 2),
        ("ARG V=${:x}\nFROM alpine\n", "expand-failed", 1),
        ("FROM ${BASE:?unset}\n", "expand-failed", 1),
        ("FROM alpine\nCOPY --from=$STAGE /a /b\n", "copy-from-variable", 2),
        ("FROM alpine\nRUN --mount=from=$X,target=/x true\n", "mount-from-variable", 2),
        ("FROM alpine\nCOPY \"a /b\n", "expand-failed", 2),
        ("ARG EMPTY=\nFROM $EMPTY\n", "blank-base-name", 2),
        ("FROM alpine\nARG D=\nWORKDIR $D\n", "empty-workdir", 3),
    ];
    for (dockerfile, code, line) in cases {
        let model = model_of(dockerfile);
        let found: Vec<(&str, usize)> = model.diagnostics.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(found, [(code, line)], "{dockerfile:?}: {:?}", model.diagnostics);
        assert_eq!(model.diagnostics[0].phase, Phase::Dispatch);
    }
    let model = model_of("FROM alpine\nENV A=${UNSET?unset}\n");
    assert_eq!(model.diagnostics[0].message, "failed to process \"${UNSET?unset}\": UNSET: unset");
}

#[test]
fn unmatched_variables_are_recorded() {
    let model = model_of("ARG G\nFROM alpine:$G\nARG DECLARED\nRUN true\nCOPY $MISSING $DECLARED /x\nENV A=$HOME\n");
    assert!(model.stages[0].unmatched.is_empty(), "a declared global without value is not undefined");
    assert_eq!(step(&model, 5).unmatched, ["MISSING"]);
    assert_eq!(step(&model, 6).unmatched, ["HOME"]);
    assert!(!model.stages[0].base_env_known);
}

#[test]
fn bases_and_edges() {
    let dockerfile = "FROM golang:1.22 AS build\nRUN true\n\
        FROM build AS test\nRUN true\n\
        FROM scratch\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nCOPY --from=nginx:1.27 /c /c\n\
        RUN --mount=type=bind,from=test,target=/t --mount=type=cache,target=/c --mount=from=busybox,target=/bb true\n";
    let model = model_of(dockerfile);
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    assert_eq!(model.stages[0].base, Base::Image { reference: "golang:1.22".into(), raw: "golang:1.22".into() });
    assert_eq!(model.stages[1].base, Base::Stage { index: 0, raw: "build".into() });
    assert_eq!(model.stages[2].base, Base::Scratch);
    let edges: Vec<(usize, EdgeKind, Node)> = model.edges.iter().map(|e| (e.stage, e.kind, e.source.clone())).collect();
    assert_eq!(
        edges,
        [
            (1, EdgeKind::From, Node::Stage(0)),
            (2, EdgeKind::CopyFrom, Node::Stage(0)),
            (2, EdgeKind::CopyFrom, Node::Stage(0)),
            (2, EdgeKind::CopyFrom, Node::Image("nginx:1.27".into())),
            (2, EdgeKind::MountFrom, Node::Stage(1)),
            (2, EdgeKind::MountFrom, Node::Image("busybox".into())),
        ]
    );
    assert_eq!(model.images, ["nginx:1.27", "busybox"]);
    assert_eq!(model.stages[2].depends_on, [0, 1]);
    assert_eq!(model.build_order, [0, 1, 2]);
    // Names are matched case-insensitively in --from, exactly (lower case) in FROM.
    let model = model_of("FROM alpine AS Builder\nFROM scratch\nCOPY --from=BUILDER /a /a\n");
    assert_eq!(model.stages[1].depends_on, [0]);
}

#[test]
fn bad_stage_references() {
    // (dockerfile, expected diagnostic codes)
    let cases: &[(&str, &[&str])] = &[
        ("FROM alpine\nCOPY --from=1 /a /a\n", &["invalid-stage-index"]),
        ("FROM alpine\nCOPY --from=-1 /a /a\n", &["invalid-stage-index"]),
        ("FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nCOPY --from=a /y /y\n", &["circular-dependency"]),
        ("FROM alpine AS a\nCOPY --from=a /x /x\n", &["circular-dependency"]),
        ("FROM alpine AS a\nCOPY --from=0 /x /x\n", &["circular-dependency"]),
        ("FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\n", &["stage-defined-later"]),
        ("FROM alpine AS a\nCOPY --from=1 /x /x\nFROM alpine AS b\n", &["stage-defined-later"]),
        ("FROM later\nFROM alpine AS later\n", &["from-later-stage"]),
        ("FROM alpine AS builder\nFROM scratch\nCOPY --from=buidler /a /a\n", &["unknown-stage"]),
        ("FROM golang AS build\nFROM Build\n", &["invalid-reference"]),
        ("FROM Ubuntu:22.04\n", &["invalid-reference"]),
        ("FROM alpine:3.20:x\n", &["invalid-reference"]),
        ("FROM my.Registry.io:5000/team/app:1.0-rc_1@sha256:abc AS ok\nFROM gcr.io/distroless/static-debian12:nonroot\n", &[]),
    ];
    for &(dockerfile, expected) in cases {
        let model = model_of(dockerfile);
        assert_eq!(codes(&model), expected, "{dockerfile:?}: {:?}", model.diagnostics);
    }
    // A forward COPY only fails when the stage is built.
    let dockerfile = "FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nFROM alpine AS c\n";
    let model = model_of(dockerfile);
    assert_eq!(model.diagnostics[0].severity, Severity::Warning);
    let model = build_with(dockerfile, |o| o.target = Some("a".into()));
    assert_eq!(model.diagnostics[0].severity, Severity::Error);
    assert_eq!(
        model.diagnostics[0].message,
        "cannot copy from stage \"b\", it needs to be defined before current stage \"a\""
    );
    // FROM a later stage name is an image: no edge.
    let model = model_of("FROM later\nFROM alpine AS later\n");
    assert_eq!(model.stages[0].base, Base::Image { reference: "later".into(), raw: "later".into() });
}

#[test]
fn target_selection_and_pruning() {
    let dockerfile = "FROM alpine AS unused\nRUN true\n\
        FROM golang AS deps\nRUN true\n\
        FROM deps AS build\nRUN true\n\
        FROM alpine AS assets\nRUN true\n\
        FROM alpine AS tools\n\
        FROM scratch AS final\nCOPY --from=build /app /app\nRUN --mount=from=assets,target=/a true\n\
        FROM final AS debug\nCOPY --from=tools / /\n";
    fn needed(model: &Model) -> Vec<&str> {
        model.stages.iter().filter(|s| s.needed).map(|s| s.name.as_deref().unwrap()).collect()
    }
    let default = model_of(dockerfile);
    assert_eq!(default.target, Some(6));
    assert_eq!(needed(&default), ["deps", "build", "assets", "tools", "final", "debug"]);
    let final_target = build_with(dockerfile, |o| o.target = Some("FINAL".into()));
    assert_eq!(needed(&final_target), ["deps", "build", "assets", "final"], "reached through RUN --mount=from counts");
    assert!(final_target.stages[5].is_target && !final_target.stages[6].is_target);
    assert_eq!(final_target.build_order, [0, 1, 2, 3, 4, 5, 6]);
    let tools = build_with(dockerfile, |o| o.target = Some("tools".into()));
    assert_eq!(needed(&tools), ["tools"]);
    let unknown = build_with(dockerfile, |o| o.target = Some("relase".into()));
    assert_eq!(codes(&unknown), ["unknown-target"]);
    assert!(unknown.diagnostics[0].message.contains("unused, deps, build, assets, tools, final, debug"));
    assert_eq!(unknown.target, Some(6));
    // TARGETSTAGE follows --target.
    let model =
        build_with("FROM alpine AS a\nARG TARGETSTAGE\nRUN true\nFROM alpine AS b\n", |o| o.target = Some("a".into()));
    assert_eq!(env_at(&model, 3, "TARGETSTAGE").as_deref(), Some("a"));
}

#[test]
fn onbuild_triggers_run_in_the_child_stage() {
    let dockerfile = "FROM alpine AS assets\nRUN true\n\
        FROM alpine AS base\nONBUILD COPY --from=assets /a /a\nONBUILD ENV X=$TARGETSTAGE\nARG TARGETSTAGE\n\
        FROM base AS app\nRUN true\n\
        FROM app AS grandchild\nRUN true\n";
    let model = build_with(dockerfile, |o| o.target = Some("app".into()));
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    let app = &model.stages[2];
    let kinds: Vec<(Keyword, bool, usize)> = app.steps.iter().map(|s| (s.keyword, s.onbuild, s.line)).collect();
    assert_eq!(kinds, [(Keyword::Copy, true, 4), (Keyword::Env, true, 5), (Keyword::Run, false, 8)]);
    assert_eq!(env_at(&model, 8, "X").as_deref(), Some("app"), "expanded in the child, with the inherited ARG");
    assert_eq!(app.depends_on, [0, 1]);
    assert!(model.stages[0].needed);
    // Triggers do not run in the stage that declares them, nor in grandchildren.
    assert!(model.stages[1].steps.iter().all(|s| !s.onbuild));
    assert!(model.stages[3].steps.iter().all(|s| !s.onbuild));
    let base_only = build_with(dockerfile, |o| o.target = Some("base".into()));
    assert!(!base_only.stages[0].needed);
}

#[test]
fn topological_order_puts_dependencies_first() {
    let dockerfile = "FROM alpine AS c\nCOPY --from=0 /x /x\nFROM alpine AS a\nFROM alpine AS b\nCOPY --from=a /x /x\nFROM scratch\nCOPY --from=b /1 /1\nCOPY --from=c /2 /2\n";
    let model = build_with(dockerfile, |_| {});
    assert_eq!(codes(&model), ["circular-dependency"]);
    let dockerfile = "FROM alpine AS a\nFROM alpine AS b\nCOPY --from=a /x /x\nFROM alpine AS c\nFROM scratch\nCOPY --from=c /1 /1\nCOPY --from=b /2 /2\n";
    let model = build_with(dockerfile, |_| {});
    assert_eq!(model.build_order, [0, 1, 2, 3]);
    assert_eq!(model.stages[3].depends_on, [1, 2]);
}

proptest::proptest! {
    /// Any mix of tricky lines (and any target) yields a model, never a panic.
    #[test]
    fn never_panics_on_line_soup(
        lines in proptest::collection::vec(proptest::sample::select(SOUP.to_vec()), 0..14),
        target in proptest::option::of(proptest::sample::select(vec!["a", "b", "B", "0", "zz"])),
        noise in "[ -~\n]{0,12}",
    ) {
        let dockerfile = format!("{}\n{noise}", lines.join("\n"));
        let model = build_with(&dockerfile, |o| o.target = target.map(str::to_owned));
        proptest::prop_assert!(model.stages.iter().all(|s| s.depends_on.iter().all(|&d| d < model.stages.len())));
        proptest::prop_assert_eq!(model.build_order.len(), model.stages.len());
    }
}

const SOUP: [&str; 24] = [
    "FROM alpine AS a",
    "FROM $X AS b",
    "FROM b",
    "FROM a AS a",
    "FROM --platform=$BUILDPLATFORM ${IMG:-scratch}",
    "ARG X=${Y:-z}",
    "ARG Y",
    "ARG TARGETARCH",
    "ENV A=$X B=${A}",
    "ENV A ${A:+x}y",
    "WORKDIR ${A}/x",
    "WORKDIR ..",
    "COPY --from=b /a /b",
    "COPY --from=0 . .",
    "COPY --from=9 . .",
    "COPY --from=$X a b",
    "RUN --mount=from=b,target=/t,id=${A} x",
    "RUN --mount=type=cache,target=$A,sharing=${S} x",
    "EXPOSE $P 80",
    "VOLUME ${V}",
    "USER ${U:?x}",
    "COPY <<EOF /x\nhi $A ${B\nEOF",
    "ONBUILD COPY --from=a / /",
    "LABEL \"${K}\"=v",
];

#[test]
fn never_panics_on_broken_input() {
    for text in [
        "",
        "FROM",
        "COPY a",
        "FROM alpine\nCOPY\nWORKDIR\nUSER\nENV\nARG\nEXPOSE\nRUN --mount=type= true\n",
        "ARG\nFROM $",
        "FROM a AS\n",
    ] {
        let _ = model_of(text);
    }
}

/// Every real-world Dockerfile of the shared corpus: no panic, and the figures for the record.
#[test]
fn real_world_corpus() {
    let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
    let (mut stages, mut edges, mut needed, mut expansion, mut other) = (0, 0, 0, 0, 0);
    let (mut unmatched, mut unmatched_samples) = (0, Vec::new());
    let mut samples = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("readable file");
        let model = build(&crate::syntax::parse_bytes(&bytes), &ModelOptions::default());
        assert!(serde_json::to_string(&model).is_ok(), "{}", path.display());
        stages += model.stages.len();
        edges += model.edges.len();
        needed += model.stages.iter().filter(|s| s.needed).count();
        for step in model.stages.iter().flat_map(|s| &s.steps).filter(|s| !s.unmatched.is_empty()) {
            unmatched += step.unmatched.len();
            unmatched_samples.push(format!("{}:{}: {:?}", path.display(), step.line, step.unmatched));
        }
        for diagnostic in &model.diagnostics {
            if diagnostic.code == "expand-failed" {
                expansion += 1;
            } else {
                other += 1;
            }
            samples.push(format!("{}:{}: {} {}", path.display(), diagnostic.line, diagnostic.code, diagnostic.message));
        }
    }
    println!("{} Dockerfiles: {stages} stages, {edges} edges, {needed} needed stages", files.len());
    println!("{expansion} expansion diagnostics, {other} other model diagnostics");
    for sample in samples.iter().take(40) {
        println!("  {sample}");
    }
    println!("{unmatched} unmatched variables (UndefinedVar candidates), e.g.:");
    for sample in unmatched_samples.iter().take(25) {
        println!("  {sample}");
    }
    assert_eq!(files.len(), 309);
}
