//! Fidelity: layer sizes computed from the Dockerfile text (docker-library/buildpack-deps and
//! docker-library/golang, copied from ../shared/corpus/real-world) against the published
//! compressed layer sizes (docker-library/repo-info manifests; ../shared/size-facts/base-images.csv
//! notes). Never looked up: each layer is simulated from its RUN line.

use super::tests::sim_text;

// docker-library/buildpack-deps debian/bookworm/curl/Dockerfile (header comment dropped).
const BPD_CURL: &str = r#"FROM debian:bookworm

RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		ca-certificates \
		curl \
		gnupg \
		netbase \
		sq \
		wget \
	; \
	rm -rf /var/lib/apt/lists/*
"#;

// docker-library/buildpack-deps debian/bookworm/scm/Dockerfile.
const BPD_SCM: &str = r#"FROM buildpack-deps:bookworm-curl

RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		git \
		mercurial \
		openssh-client \
		subversion \
		\
# procps is very common in build systems, and is a reasonably small package
		procps \
	; \
	rm -rf /var/lib/apt/lists/*
"#;

// docker-library/buildpack-deps debian/bookworm/Dockerfile.
const BPD_FULL: &str = r#"FROM buildpack-deps:bookworm-scm

RUN set -ex; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		autoconf \
		automake \
		bzip2 \
		default-libmysqlclient-dev \
		dpkg-dev \
		file \
		g++ \
		gcc \
		imagemagick \
		libbz2-dev \
		libc6-dev \
		libcurl4-openssl-dev \
		libdb-dev \
		libevent-dev \
		libffi-dev \
		libgdbm-dev \
		libglib2.0-dev \
		libgmp-dev \
		libjpeg-dev \
		libkrb5-dev \
		liblzma-dev \
		libmagickcore-dev \
		libmagickwand-dev \
		libmaxminddb-dev \
		libncurses5-dev \
		libncursesw5-dev \
		libpng-dev \
		libpq-dev \
		libreadline-dev \
		libsqlite3-dev \
		libssl-dev \
		libtool \
		libwebp-dev \
		libxml2-dev \
		libxslt-dev \
		libyaml-dev \
		make \
		patch \
		unzip \
		xz-utils \
		zlib1g-dev \
	; \
	rm -rf /var/lib/apt/lists/*
"#;

// docker-library/golang 1.26/bookworm/Dockerfile: the final stage's cgo toolchain RUN.
const GOLANG_CC: &str = r#"FROM buildpack-deps:bookworm-scm

# install cgo-related dependencies
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		g++ \
		gcc \
		libc6-dev \
		make \
		pkg-config \
	; \
# go depends on "gold" explicitly on arm64
# https://github.com/docker-library/golang/issues/570 (go depends on "gold" explicitly on arm64)
# https://github.com/golang/go/issues/22040
# ... and as of trixie, "gold" is removed from the "binutils" package:
# > WARNING: gold is being removed from binutils, and is deprecated upstream.
# (and available as "binutils-gold" which is also a virtual on bookworm so we can reasonably be explicit everywhere)
	dpkgArch="$(dpkg --print-architecture)"; \
	if [ "$dpkgArch" = 'arm64' ]; then \
		apt-get install -y --no-install-recommends binutils-gold; \
	fi; \
	rm -rf /var/lib/apt/lists/*
"#;

/// (case, Dockerfile, published compressed layer bytes, source, package the DB lacks)
///
const CASES: &[(&str, &str, u64, &str)] = &[
    ("buildpack-deps:bookworm-curl", BPD_CURL, 24_056_077, "node:22 layer 2, ri:node/remote/22.md@3179cb4d (same digest as buildpack-deps:bookworm-curl)"),
    ("buildpack-deps:bookworm-scm", BPD_SCM, 64_424_271, "node:22 layer 3, ri:node/remote/22.md@3179cb4d"),
    ("buildpack-deps:bookworm", BPD_FULL, 211_707_818, "node:22 layer 4, ri:node/remote/22.md@3179cb4d"),
    ("golang:1-bookworm cgo layer", GOLANG_CC, 92_512_821, "golang:1-bookworm layer 4, ri:golang/remote/1-bookworm.md@21d295b5"),
];

/// Estimated compressed bytes of the Dockerfile's first RUN layer, and the step.
fn estimate(dockerfile: &str) -> (u64, super::StepSim) {
    let sim = sim_text(dockerfile, Some(""));
    let step = sim.steps.iter().find(|s| s.instruction == "RUN").expect("a RUN").clone();
    (step.layer_compressed_bytes, step)
}

#[test]
fn published_layers_within_ten_percent() {
    let mut failures = Vec::new();
    for (case, text, published, source) in CASES {
        let (est, step) = estimate(text);
        let err = (est as f64 - *published as f64) / *published as f64 * 100.0;
        println!("{case}: published {published} ({source}), estimated {est}, error {err:+.1}%, unknown: {:?}", step.unknown_commands);
        assert!(!step.unknown, "{case}: {:?}", step.unknown_commands);
        if err.abs() > 10.0 {
            failures.push(format!("{case}: {err:+.1}%"));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}
