//! The Go web-app journey (cache-size-semantics.md §3.3): single stage on golang (~0.9–1.2 GB),
//! multi-stage to alpine (~12–20 MB), to distroless/static (~8–14 MB), to scratch (~6–12 MB).

use super::tests::sim_text;
use super::Simulation;

/// A gin web app: go.mod/go.sum (third-party modules), handlers, a README and .git.
const CONTEXT: &str = "go.mod 1.2k\ngo.sum 18k\nmain.go 3k\ninternal/api/handlers.go 9k\ninternal/api/routes.go 4k\nREADME.md 2k\n";

const SINGLE: &str = r#"FROM golang:1.26
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /app/server .
EXPOSE 8080
CMD ["/app/server"]
"#;

const ALPINE: &str = r#"FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/server .

FROM alpine:3.24
RUN apk add --no-cache ca-certificates
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
"#;

const DISTROLESS: &str = r#"FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
"#;

const SCRATCH: &str = r#"FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server .

FROM scratch
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
"#;

fn sim(text: &str) -> Simulation {
    sim_text(text, Some(CONTEXT))
}

#[test]
fn go_journey_sizes_and_savings() {
    // (name, Dockerfile, min MB, max MB) — ranges from §3.3's sources.
    let cases: &[(&str, &str, f64, f64)] = &[
        ("single-stage golang:1.26", SINGLE, 900.0, 1_200.0),
        ("multi-stage → alpine:3.24", ALPINE, 12.0, 20.0),
        ("multi-stage → distroless/static-debian12", DISTROLESS, 8.0, 14.0),
        ("multi-stage → scratch", SCRATCH, 6.0, 12.0),
    ];
    let mut previous: Option<u64> = None;
    for (name, text, min, max) in cases {
        let s = sim(text);
        let f = &s.final_image;
        let mb = f.uncompressed_bytes as f64 / 1e6;
        let saving = previous.map(|p| p as f64 / 1e6 - mb);
        println!(
            "{name}: {mb:.1} MB uncompressed, {:.1} MB compressed{} — composition {:?}",
            f.compressed_bytes as f64 / 1e6,
            saving.map(|s| format!(", saves {s:.1} MB")).unwrap_or_default(),
            f.composition
        );
        assert!(mb >= *min && mb <= *max, "{name}: {mb} MB not in {min}–{max}");
        assert!(f.base.known, "{name}");
        if let Some(p) = previous {
            assert!(f.uncompressed_bytes < p, "{name} must be smaller than the step before");
        }
        previous = Some(f.uncompressed_bytes);
    }
}

#[test]
fn single_stage_is_image_plus_module_cache_plus_binary() {
    let s = sim(SINGLE);
    let f = &s.final_image;
    assert!(f.composition.base > 700_000_000, "{:?}", f.composition);
    assert!(f.composition.caches > 100_000_000, "module + build caches stay in the image");
    // cgo is on by default in golang:<ver> (gcc present): the binary is dynamically linked.
    let build = s.steps.iter().find(|st| !st.go_binaries.is_empty()).unwrap();
    assert!(!build.go_binaries[0].static_linked);
    assert!(build.notes.iter().any(|n| n.contains("C compiler is present")));
}

#[test]
fn multi_stage_binaries_are_static_and_builder_is_left_behind() {
    for text in [ALPINE, DISTROLESS, SCRATCH] {
        let s = sim(text);
        let build = s.steps.iter().find(|st| !st.go_binaries.is_empty()).unwrap();
        assert!(build.go_binaries[0].static_linked);
        assert_eq!(s.final_image.composition.caches, 0, "the builder's caches are not in the image");
        assert!(s.stages[0].uncompressed_bytes > 900_000_000, "the builder stage is big");
    }
}
