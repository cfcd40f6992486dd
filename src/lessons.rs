//! Guided lessons: a sequence of Dockerfiles with a short narrative; the lesson bar shows the
//! diff from the previous step and the size and cache delta the engine computes for both.
use layerlab_engine::{analyze, Input, Report};

use crate::examples::build_input;

pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    pub steps: &'static [LessonStep],
}

pub struct LessonStep {
    pub title: &'static str,
    /// What to notice in this step (plain text, a few sentences).
    pub narrative: &'static str,
    pub dockerfile: &'static str,
    pub dockerignore: Option<&'static str>,
    pub context: Option<&'static str>,
}

impl LessonStep {
    pub fn input(&self) -> Input {
        build_input(self.dockerfile, self.dockerignore, self.context)
    }
}

/// What changed from one step to the next, as the engine measures both.
#[derive(Clone, Debug, PartialEq)]
pub struct StepDelta {
    pub before_bytes: u64,
    pub after_bytes: u64,
    /// Steps that rebuild after the step's what-if change (a source edit by default).
    pub before_rebuilt: usize,
    pub after_rebuilt: usize,
}

fn rebuilt(report: &Report) -> usize {
    report.steps.iter().filter(|s| s.cache == "miss").count()
}

/// The size and cache delta between step `step - 1` and `step` (None for the first step).
pub fn step_delta(lesson: &Lesson, step: usize) -> Option<StepDelta> {
    let before = analyze(&lesson.steps.get(step.checked_sub(1)?)?.input());
    let after = analyze(&lesson.steps.get(step)?.input());
    Some(StepDelta {
        before_bytes: before.final_image.uncompressed_bytes,
        after_bytes: after.final_image.uncompressed_bytes,
        before_rebuilt: rebuilt(&before),
        after_rebuilt: rebuilt(&after),
    })
}

const GO_CONTEXT: &str = "go.mod 1k\ngo.sum 12k\ncmd/server/main.go 4k\ninternal/api/handlers.go 9k\ninternal/store/store.go 6k\nweb/templates/index.html 5k\n";
const GO_IGNORE: &str = ".git\n*.md\nDockerfile\n.dockerignore\n";

pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "go-1gb-to-15mb",
        title: "Go web app: from 1 GB to 15 MB",
        steps: &[
            LessonStep {
                title: "One stage on the Go image",
                narrative: "The simplest Dockerfile that works: build on golang and run the result there. The image ships the whole Go toolchain, Debian and the module cache just to run one binary. Open the Size panel: almost all of it is the base image.",
                dockerfile: "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /server ./cmd/server\nEXPOSE 8080\nCMD [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
            LessonStep {
                title: "Dependencies before sources",
                narrative: "Copying go.mod and go.sum first and downloading modules in their own step lets BuildKit reuse that layer when only your code changes. The size barely moves, but open the Cache panel with 'edit a source file': the module download is now a cache hit.",
                dockerfile: "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /server ./cmd/server\nEXPOSE 8080\nCMD [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
            LessonStep {
                title: "A second stage to run it",
                narrative: "Build in one stage, copy only the binary into a small runtime image. Alpine brings a shell and a package manager in a few megabytes. The toolchain stays in the build stage, which never ships: the image drops from about a gigabyte to under 20 MB. But look at the Problems panel: the binary was built with cgo against glibc and alpine has musl, so it would not start. The next step fixes that.",
                dockerfile: "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /server ./cmd/server\n\nFROM alpine:3.20\nCOPY --from=build /server /server\nEXPOSE 8080\nCMD [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
            LessonStep {
                title: "A static binary on distroless",
                narrative: "With CGO_ENABLED=0 Go links everything statically, so the runtime image needs no libc at all. -ldflags=\"-s -w\" drops the symbol tables. distroless/static has CA certificates, time zones and a nonroot user, and nothing else.",
                dockerfile: "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /server ./cmd/server\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /server /server\nUSER nonroot:nonroot\nEXPOSE 8080\nENTRYPOINT [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
        ],
    },
    Lesson {
        id: "static-and-scratch",
        title: "Static builds and scratch",
        steps: &[
            LessonStep {
                title: "A cgo binary on scratch",
                narrative: "scratch is empty: no libc, no certificates, no shell. A Go binary built with cgo (the default when a C compiler is present) needs the C library at run time, so this image starts and immediately fails. Look at the problems panel.",
                dockerfile: "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /server ./cmd/server\n\nFROM scratch\nCOPY --from=build /server /server\nENTRYPOINT [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
            LessonStep {
                title: "CGO_ENABLED=0",
                narrative: "Turning cgo off gives a fully static binary that runs on scratch. Stripping symbols with -s -w saves a few more megabytes.",
                dockerfile: "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags=\"-s -w\" -o /server ./cmd/server\n\nFROM scratch\nCOPY --from=build /server /server\nENTRYPOINT [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
            LessonStep {
                title: "Certificates and a user",
                narrative: "A server that calls HTTPS APIs needs CA certificates, which scratch lacks: copy them from the build stage. A numeric USER keeps the process from running as root even though scratch has no /etc/passwd.",
                dockerfile: "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags=\"-s -w\" -o /server ./cmd/server\n\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /server /server\nUSER 65532:65532\nENTRYPOINT [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
        ],
    },
    Lesson {
        id: "cache-order-and-mounts",
        title: "Cache ordering and cache mounts",
        steps: &[
            LessonStep {
                title: "Everything after COPY . . rebuilds",
                narrative: "BuildKit reuses a step only if everything before it is unchanged. Here any edit to any file invalidates COPY . . and so the pip install after it: every code change reinstalls every dependency. Open the Cache panel.",
                dockerfile: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
                dockerignore: Some(".git\n__pycache__/\n"),
                context: Some("requirements.txt 1k\napp.py 3k\nlib/models.py 8k\n"),
            },
            LessonStep {
                title: "The manifest first",
                narrative: "Copy requirements.txt alone, install, then copy the rest. Editing app.py now reuses the install step; only changing requirements.txt reinstalls.",
                dockerfile: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
                dockerignore: Some(".git\n__pycache__/\n"),
                context: Some("requirements.txt 1k\napp.py 3k\nlib/models.py 8k\n"),
            },
            LessonStep {
                title: "A cache mount for pip",
                narrative: "When requirements do change, a cache mount keeps pip's downloads between builds without putting them in the image: the layer is smaller (no ~/.cache/pip) and a rebuild downloads only what is new.",
                dockerfile: "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
                dockerignore: Some(".git\n__pycache__/\n"),
                context: Some("requirements.txt 1k\napp.py 3k\nlib/models.py 8k\n"),
            },
        ],
    },
    Lesson {
        id: "dockerignore",
        title: "What .dockerignore keeps out",
        steps: &[
            LessonStep {
                title: "No .dockerignore",
                narrative: "Without a .dockerignore the whole directory is sent to the builder and COPY . . takes it all: the local node_modules (built for your machine, not the image's), the .git history and secrets like .env. Look at the layer of COPY . . and the context size in the status line.",
                dockerfile: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
                dockerignore: None,
                context: Some("package.json 2k\npackage-lock.json 310k\nserver.js 6k\n.env 1k\nnode_modules/express/index.js 1.2M\nnode_modules/typescript/lib/typescript.js 9M\n.git/objects/pack/pack-1.pack 48M\n"),
            },
            LessonStep {
                title: "Ignore what the image must not have",
                narrative: "Three lines keep node_modules, .git and .env out of the context: builds send less, COPY . . no longer busts the cache when git objects change, and no secret ends up in a layer. Open the .dockerignore tab to edit it.",
                dockerfile: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
                dockerignore: Some("node_modules\n.git\n.env\n"),
                context: Some("package.json 2k\npackage-lock.json 310k\nserver.js 6k\n.env 1k\nnode_modules/express/index.js 1.2M\nnode_modules/typescript/lib/typescript.js 9M\n.git/objects/pack/pack-1.pack 48M\n"),
            },
        ],
    },
    Lesson {
        id: "non-root",
        title: "Running as a non-root user",
        steps: &[
            LessonStep {
                title: "Root by default",
                narrative: "Without USER the process runs as root inside the container: a compromised app can then modify anything in the image's filesystem and has more ways out. The problems panel flags it.",
                dockerfile: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
                dockerignore: Some(".git\n"),
                context: None,
            },
            LessonStep {
                title: "Create a user, then switch to it",
                narrative: "Create an unprivileged system user and switch with USER after everything that needs root (package installs) has run. Give it only what it must write.",
                dockerfile: "FROM python:3.12-slim\nRUN useradd --system --uid 10001 --no-create-home app\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER app\nCMD [\"python\", \"app.py\"]\n",
                dockerignore: Some(".git\n"),
                context: None,
            },
        ],
    },
    Lesson {
        id: "cross-compile",
        title: "Cross-compiling with --platform=$BUILDPLATFORM",
        steps: &[
            LessonStep {
                title: "Emulated builds",
                narrative: "Building for linux/arm64 on an amd64 machine runs the whole build stage under emulation, several times slower. Switch the platform control to linux/arm64 and see the target platform change.",
                dockerfile: "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /server /server\nENTRYPOINT [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
            LessonStep {
                title: "Build natively, target the platform",
                narrative: "Pin the build stage to the builder's own platform and let Go cross-compile: BuildKit fills TARGETOS and TARGETARCH for the platform you asked for. The build runs at native speed and the runtime stage still matches the target.",
                dockerfile: "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /server ./cmd/server\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /server /server\nENTRYPOINT [\"/server\"]\n",
                dockerignore: Some(GO_IGNORE),
                context: Some(GO_CONTEXT),
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use layerlab_engine::analyze;

    use super::*;

    #[test]
    fn deltas_compare_a_step_with_the_one_before() {
        assert_eq!(step_delta(&LESSONS[0], 0), None);
        let delta = step_delta(&LESSONS[0], 2).unwrap();
        assert_eq!(delta.before_bytes, final_size(&LESSONS[0].steps[1]));
        assert!(delta.after_bytes * 20 < delta.before_bytes);
    }

    fn final_size(step: &LessonStep) -> u64 {
        analyze(&step.input()).final_image.uncompressed_bytes
    }

    #[test]
    fn every_step_parses_cleanly() {
        for lesson in LESSONS {
            for step in lesson.steps {
                let report = analyze(&step.input());
                assert!(report.diagnostics.is_empty(), "{} / {}: {:?}", lesson.id, step.title, report.diagnostics);
                assert!(report.context.problems.is_empty(), "{} / {}", lesson.id, step.title);
            }
        }
    }

    #[test]
    fn the_go_lesson_goes_from_about_a_gigabyte_to_about_fifteen_megabytes() {
        let steps = LESSONS[0].steps;
        let first = final_size(&steps[0]);
        let multi_stage = final_size(&steps[2]);
        assert!((800_000_000..1_300_000_000).contains(&first), "single stage: {first}");
        assert!((10_000_000..25_000_000).contains(&multi_stage), "on alpine: {multi_stage}");
        assert!(final_size(&steps[3]) < multi_stage);
    }

    #[test]
    fn manifests_first_means_fewer_rebuilt_steps_after_a_source_edit() {
        let rebuilt = |step: &LessonStep| rebuilt(&analyze(&step.input()));
        let steps = LESSONS[2].steps;
        assert!(rebuilt(&steps[1]) < rebuilt(&steps[0]));
        assert!(final_size(&steps[2]) < final_size(&steps[1]), "the cache mount keeps pip's cache out");
    }

    #[test]
    fn the_dockerignore_lesson_sends_less() {
        let sent = |step: &LessonStep| analyze(&step.input()).context.sent_bytes;
        let steps = LESSONS[3].steps;
        assert!(sent(&steps[1]) * 10 < sent(&steps[0]));
    }
}
