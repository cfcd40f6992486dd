//! The examples gallery: realistic builds for the common stacks, each with the side files
//! (`.dockerignore`, build context) that make its analysis meaningful.
use layerlab_engine::Input;

use crate::example;

pub struct Example {
    /// Stable id, used by the picker and in tests.
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub dockerfile: &'static str,
    pub dockerignore: Option<&'static str>,
    /// `path size` lines; `None` lets the engine infer the context.
    pub context: Option<&'static str>,
}

impl Example {
    pub fn input(&self) -> Input {
        build_input(self.dockerfile, self.dockerignore, self.context)
    }
}

/// The engine input for a Dockerfile and its side files (examples and lesson steps).
pub fn build_input(dockerfile: &str, dockerignore: Option<&str>, context: Option<&str>) -> Input {
    Input {
        dockerfile: dockerfile.to_owned(),
        dockerignore: dockerignore.map(str::to_owned),
        context: context.map(str::to_owned),
        ..Default::default()
    }
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "go-web-app",
        title: "Go web app",
        summary: "Two stages: the Go toolchain builds a static binary, distroless ships it.",
        dockerfile: example::GO_WEB_APP,
        dockerignore: Some(".git\n*.md\nDockerfile\n.dockerignore\n"),
        context: None,
    },
    Example {
        id: "node-express",
        title: "Node.js API (a first attempt)",
        summary: "One stage on the full node image, sources copied before npm install, no .dockerignore.",
        dockerfile: r#"FROM node:22
WORKDIR /app
COPY . .
RUN npm install
EXPOSE 3000
CMD npm start
"#,
        dockerignore: None,
        context: Some(
            "package.json 2k\npackage-lock.json 310k\nsrc/server.js 6k\nsrc/routes/users.js 4k\nnode_modules/.package-lock.json 310k\nnode_modules/express/index.js 1.2M\nnode_modules/typescript/lib/typescript.js 9M\n.git/objects/pack/pack-1.pack 48M\n",
        ),
    },
    Example {
        id: "python-flask",
        title: "Python web app",
        summary: "Debian slim with a compiler for wheels, pip's cache and apt's lists left behind.",
        dockerfile: r#"FROM python:3.12-slim
RUN apt-get update && apt-get install -y build-essential libpq-dev
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
USER nobody
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
"#,
        dockerignore: Some(".git\n__pycache__/\n*.pyc\n.venv/\n"),
        context: Some("requirements.txt 1k\napp.py 3k\ntemplates/index.html 4k\nstatic/site.css 12k\n"),
    },
    Example {
        id: "rust-service",
        title: "Rust service with cache mounts",
        summary: "cargo builds with a cache mount for the registry; debian slim runs the binary.",
        dockerfile: r#"# syntax=docker/dockerfile:1
FROM rust:1-bookworm AS build
WORKDIR /usr/src/server
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/src/server/target/release/server /usr/local/bin/server
USER 10001
ENTRYPOINT ["/usr/local/bin/server"]
"#,
        dockerignore: Some("target/\n.git\n"),
        context: None,
    },
    Example {
        id: "java-spring",
        title: "Java (Maven) on a JRE",
        summary: "Maven packages the jar on a JDK; the runtime stage only needs a JRE.",
        dockerfile: r#"FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests

FROM eclipse-temurin:21-jre
WORKDIR /app
COPY --from=build /src/target/app.jar app.jar
USER 1000
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "app.jar"]
"#,
        dockerignore: Some("target/\n.git\n.idea/\n"),
        context: None,
    },
    Example {
        id: "static-site-nginx",
        title: "Static site on nginx",
        summary: "Node builds the site; nginx:alpine serves the files, nothing else ships.",
        dockerfile: r#"FROM node:22-alpine AS build
WORKDIR /site
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:alpine
COPY --from=build /site/dist /usr/share/nginx/html
EXPOSE 80
"#,
        dockerignore: Some("node_modules/\ndist/\n.git\n"),
        context: None,
    },
];

pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.id == id)
}

#[cfg(test)]
mod tests {
    use layerlab_engine::analyze;

    use super::*;

    #[test]
    fn every_example_parses_cleanly_and_has_a_known_size() {
        for example in EXAMPLES {
            let report = analyze(&example.input());
            assert!(report.diagnostics.is_empty(), "{}: {:?}", example.id, report.diagnostics);
            assert!(report.final_image.uncompressed_bytes > 0, "{}", example.id);
            // A size the engine cannot know (e.g. what `npm run build` writes) is said, not guessed.
            let explained = report.steps.iter().any(|s| !s.unknown_commands.is_empty());
            assert!(report.final_image.complete || explained, "{}", example.id);
            assert!(report.context.problems.is_empty(), "{}: {:?}", example.id, report.context.problems);
        }
    }

    #[test]
    fn the_first_attempt_examples_have_problems_to_fix() {
        let node = analyze(&by_id("node-express").unwrap().input());
        assert!(node.findings.len() >= 3, "{:?}", node.findings.iter().map(|f| f.code).collect::<Vec<_>>());
        assert!(node.context.sent_bytes > 50_000_000, "no .dockerignore: the .git pack and node_modules are sent");
    }

    #[test]
    fn ids_are_unique() {
        for (index, example) in EXAMPLES.iter().enumerate() {
            assert!(EXAMPLES[index + 1..].iter().all(|other| other.id != example.id));
        }
    }
}
