//! A plausible build context when none is described, from what the Dockerfile reveals (COPY/ADD
//! sources and RUN commands). Every file is `assumed: true`.
//!
//! The sizes are typical of a small service, rounded, not measured on any one project:
//! - always: `Dockerfile` (its real size), `README.md` 4 KB, and `.git/` ≈ 20 MB (a pack of a
//!   few hundred commits): the usual reason `COPY . .` busts the cache on every commit;
//! - Go: `go.mod` 1 KB, `go.sum` 20 KB, ≈ 100 KB of source in 6 files; `vendor/` ≈ 25 MB only
//!   when the Dockerfile mentions it;
//! - Node: `package.json` 2 KB, the lockfile of the tool used (npm 300 KB, yarn 250 KB, pnpm
//!   200 KB), `src/` ≈ 150 KB, and a local `node_modules/` ≈ 150 MB (present on a dev machine);
//! - Python: `requirements.txt` 1 KB and/or `pyproject.toml` 2 KB (+ `poetry.lock` 150 KB with
//!   Poetry), an `app/` package ≈ 40 KB, tests, a `__pycache__/`;
//! - Rust: `Cargo.toml` 2 KB, `Cargo.lock` 60 KB, `src/` ≈ 80 KB, a local `target/` ≈ 800 MB;
//! - Java: `pom.xml` 8 KB or a Gradle build with its wrapper, `src/` ≈ 150 KB, local build
//!   output (`target/` or `build/`) ≈ 40 MB;
//! - a static-site directory (`dist`, `build`, `public`, `site`, `html`, `www`) ≈ 2 MB;
//! - any other COPY source: a file of a size typical for its extension (2 KB by default), or a
//!   directory holding 50 KB.
use super::{clean_path, BuildContext, ContextFile};
use crate::memo::Memo;
use crate::syntax::{Instruction, Keyword, Syntax};

const KB: u64 = 1_000;
const MB: u64 = 1_000_000;

struct Files(Vec<ContextFile>);

impl Files {
    fn add(&mut self, path: &str, size_bytes: u64) {
        if !self.0.iter().any(|f| f.path == path) {
            self.0.push(ContextFile { path: path.to_owned(), size_bytes, version: None, assumed: true });
        }
    }
    fn add_all(&mut self, files: &[(&str, u64)]) {
        for &(path, size) in files {
            self.add(path, size);
        }
    }
    fn covers(&self, source: &str) -> bool {
        self.0.iter().any(|f| f.path == source || f.path.strip_prefix(source).is_some_and(|r| r.starts_with('/')))
    }
}

const STATIC_DIRS: [&str; 6] = ["dist", "build", "public", "site", "html", "www"];

/// What [`infer`] gives for the Dockerfile `inferred` was inferred from, edited to
/// `dockerfile_len` bytes by an edit that leaves what it reads alone (see [`reads_the_same`]):
/// only the Dockerfile's own size differs.
pub fn with_dockerfile_len(inferred: &BuildContext, dockerfile_len: usize) -> BuildContext {
    let mut context = inferred.clone();
    if let Some(dockerfile) = context.files.iter_mut().find(|f| f.path == "Dockerfile") {
        dockerfile.size_bytes = dockerfile_len as u64;
    }
    context
}

/// Whether [`infer`] reads the same in both Dockerfiles: the arguments of each COPY/ADD from
/// the context and, of each RUN, which needles it mentions, in order (an edited RUN seldom
/// changes those).
pub fn reads_the_same(a: &Syntax, b: &Syntax) -> bool {
    let (a, b) = (read(a), read(b));
    let same = |x: &Instruction, y: &Instruction| match x.command.keyword {
        Keyword::Run => x.original == y.original || run_mentions(&x.original) == run_mentions(&y.original),
        _ => x.command.args.iter().map(|w| &w.value).eq(y.command.args.iter().map(|w| &w.value)),
    };
    a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.command.keyword == y.command.keyword && same(x, y))
}

/// The instructions [`infer`] reads.
fn read(syntax: &Syntax) -> Vec<&Instruction> {
    syntax.instructions.iter().map(|i| &**i).filter(|i| read_by_infer(i)).collect()
}

/// A COPY/ADD from the context (not `--from`) or a RUN.
fn read_by_infer(instruction: &Instruction) -> bool {
    match instruction.command.keyword {
        Keyword::Copy | Keyword::Add => instruction.command.flag("from").is_none(),
        Keyword::Run => true,
        _ => false,
    }
}

/// Infers a context from the Dockerfile's COPY/ADD sources (from the context, not `--from`) and
/// RUN commands.
pub fn infer(syntax: &Syntax) -> BuildContext {
    let mut sources: Vec<String> = Vec::new();
    let mut mentioned = 0;
    for instruction in read(syntax) {
        match instruction.command.keyword {
            Keyword::Copy | Keyword::Add => {
                if let Some(parts) = instruction.sources_and_destination() {
                    sources.extend(parts.source_paths.iter().filter(|s| !s.contains("://")).cloned());
                }
            }
            Keyword::Run => mentioned |= run_mentions(&instruction.original),
            _ => {}
        }
    }
    // One text to search (no needle holds a newline): one scan per needle, not one per source.
    let all_sources = sources.join("\n");
    let in_sources = |needle: &str| all_sources.contains(needle);
    let in_commands = |needle: &str| {
        let bit = NEEDLES.iter().position(|n| n.eq_ignore_ascii_case(needle));
        debug_assert!(bit.is_some(), "{needle} is not looked for");
        bit.is_some_and(|bit| mentioned & (1 << bit) != 0)
    };
    let mentions = |needle: &str| in_sources(needle) || in_commands(needle);

    let mut files = Files(Vec::new());
    files.add("Dockerfile", syntax.source.len() as u64);
    files.add("README.md", 4 * KB);
    files.add_all(&[
        (".git/HEAD", 23),
        (".git/config", 300),
        (".git/index", 40 * KB),
        (".git/objects/pack/pack-0001.pack", 19_600 * KB),
        (".git/objects/pack/pack-0001.idx", 400 * KB),
    ]);

    let go = mentions("go.mod")
        || mentions("go.sum")
        || sources.iter().any(|s| s.ends_with(".go"))
        || in_commands("go build")
        || in_commands("go mod");
    if go {
        files.add_all(&[
            ("go.mod", KB),
            ("go.sum", 20 * KB),
            ("main.go", 4 * KB),
            ("internal/server/server.go", 18 * KB),
            ("internal/server/routes.go", 14 * KB),
            ("internal/store/store.go", 24 * KB),
            ("internal/store/store_test.go", 20 * KB),
            ("internal/config/config.go", 6 * KB),
        ]);
        if mentions("vendor") {
            files.add_all(&[("vendor/modules.txt", 6 * KB), ("vendor/github.com/(modules)", 25 * MB)]);
        }
    }

    let node = mentions("package.json")
        || mentions("npm ")
        || mentions("yarn")
        || mentions("pnpm")
        || mentions("node_modules");
    if node {
        let lockfile = if mentions("pnpm") {
            ("pnpm-lock.yaml", 200 * KB)
        } else if mentions("yarn") {
            ("yarn.lock", 250 * KB)
        } else {
            ("package-lock.json", 300 * KB)
        };
        files.add_all(&[
            ("package.json", 2 * KB),
            lockfile,
            ("src/index.js", 5 * KB),
            ("src/app.js", 25 * KB),
            ("src/routes/api.js", 40 * KB),
            ("src/lib/db.js", 30 * KB),
            ("src/components/(sources)", 50 * KB),
            ("node_modules/.package-lock.json", 300 * KB),
            ("node_modules/(packages)", 150 * MB),
        ]);
    }

    let python = mentions("requirements")
        || mentions("pyproject.toml")
        || mentions("pip ")
        || mentions("poetry")
        || mentions("pipenv")
        || sources.iter().any(|s| s.ends_with(".py"));
    if python {
        if mentions("requirements") || !mentions("pyproject") && !mentions("poetry") {
            files.add("requirements.txt", KB);
        }
        if mentions("pyproject") || mentions("poetry") {
            files.add("pyproject.toml", 2 * KB);
        }
        if mentions("poetry") {
            files.add("poetry.lock", 150 * KB);
        }
        files.add_all(&[
            ("app/__init__.py", 100),
            ("app/main.py", 6 * KB),
            ("app/models.py", 12 * KB),
            ("app/routes.py", 15 * KB),
            ("app/settings.py", 4 * KB),
            ("tests/test_app.py", 8 * KB),
            ("app/__pycache__/main.cpython-312.pyc", 30 * KB),
        ]);
    }

    if mentions("cargo") || mentions("Cargo.toml") {
        files.add_all(&[
            ("Cargo.toml", 2 * KB),
            ("Cargo.lock", 60 * KB),
            ("src/main.rs", 15 * KB),
            ("src/lib.rs", 30 * KB),
            ("src/handlers.rs", 35 * KB),
            ("target/debug/deps/(artifacts)", 600 * MB),
            ("target/debug/build/(build-scripts)", 150 * MB),
            ("target/debug/incremental/(cache)", 50 * MB),
        ]);
    }

    let maven = mentions("pom.xml") || mentions("mvn");
    let gradle = mentions("gradle");
    if maven || gradle {
        files.add_all(&[
            ("src/main/java/com/example/App.java", 5 * KB),
            ("src/main/java/com/example/(sources)", 120 * KB),
            ("src/main/resources/application.properties", KB),
            ("src/test/java/com/example/AppTest.java", 25 * KB),
        ]);
        if maven {
            files.add_all(&[("pom.xml", 8 * KB), ("target/classes/(classes)", 2 * MB), ("target/app.jar", 38 * MB)]);
        } else {
            files.add_all(&[
                ("build.gradle", 3 * KB),
                ("settings.gradle", 300),
                ("gradlew", 8 * KB),
                ("gradle/wrapper/gradle-wrapper.jar", 60 * KB),
                ("gradle/wrapper/gradle-wrapper.properties", 300),
                ("build/libs/app.jar", 38 * MB),
                ("build/classes/(classes)", 2 * MB),
            ]);
        }
    }

    for source in &sources {
        // Variables and wildcards say nothing certain about names.
        if source.contains(['$', '*', '?', '[']) {
            continue;
        }
        let path = clean_path(source.trim_start_matches('/'));
        if path == "." || path.starts_with("..") || files.covers(&path) {
            continue;
        }
        let last = crate::scan::base_name(&path);
        if STATIC_DIRS.contains(&last) {
            files.add_all(&[
                (&format!("{path}/index.html"), 8 * KB),
                (&format!("{path}/assets/app.js"), 400 * KB),
                (&format!("{path}/assets/app.css"), 60 * KB),
                (&format!("{path}/images/(images)"), 1_500 * KB),
            ]);
        } else if source.ends_with('/')
            || !last.contains('.')
            || last.starts_with('.') && last.matches('.').count() == 1
        {
            files.add(&format!("{path}/(contents)"), 50 * KB);
        } else {
            files.add(&path, size_by_extension(last));
        }
    }
    BuildContext { files: files.0 }
}

/// What [`infer`] looks for in RUN commands, lower case.
const NEEDLES: [&str; 21] = [
    "go.mod", "go.sum", "go build", "go mod", "vendor", "package.json", "npm ", "yarn", "pnpm", "node_modules",
    "requirements", "pyproject.toml", "pip ", "poetry", "pipenv", "pyproject", "cargo", "cargo.toml", "pom.xml", "mvn",
    "gradle",
];

/// Which [`NEEDLES`] a RUN's text holds, ignoring case (bit `i` for `NEEDLES[i]`): remembered by
/// text, since the edits an analysis measures change one RUN at most.
fn run_mentions(text: &str) -> u32 {
    static MENTIONS: Memo<u32> = Memo::new(1024);
    MENTIONS.get_or_make(text, |_| true, || mentions_in(text))
}

/// [`run_mentions`], worked out.
fn mentions_in(text: &str) -> u32 {
    // Lower-casing ASCII text is ASCII's lower case (most texts; the Unicode one is slower).
    let lower = if text.is_ascii() { text.to_ascii_lowercase() } else { text.to_lowercase() };
    NEEDLES.iter().enumerate().filter(|(_, needle)| lower.contains(*needle)).fold(0, |bits, (bit, _)| bits | 1 << bit)
}

/// A typical size for a file named `name`.
fn size_by_extension(name: &str) -> u64 {
    let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "jar" | "war" | "ear" => 40 * MB,
        "gz" | "tgz" | "xz" | "zst" | "bz2" | "tar" => 20 * MB,
        "zip" => 10 * MB,
        "whl" => MB,
        "deb" | "rpm" | "apk" => 5 * MB,
        "so" | "bin" | "exe" => 10 * MB,
        "js" | "ts" | "py" | "go" | "rs" | "java" | "rb" | "php" => 10 * KB,
        "html" | "css" => 10 * KB,
        "png" | "jpg" | "jpeg" | "gif" | "ico" | "svg" | "webp" => 50 * KB,
        "txt" | "md" | "env" => KB,
        _ => 2 * KB,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::DockerIgnore;
    use crate::syntax::parse;

    fn paths(dockerfile: &str) -> Vec<String> {
        infer(&parse(dockerfile)).files.into_iter().map(|f| f.path).collect()
    }

    /// The needles a text holds, ignoring case, as the plain definition finds them: in mixed
    /// case, overlapping, at the very end, in non-ASCII text, and in every RUN of the corpus.
    #[test]
    fn mentions_are_the_needles_the_lower_cased_text_contains() {
        let plain = |text: &str| {
            let lower = text.to_lowercase();
            NEEDLES.iter().enumerate().filter(|(_, needle)| lower.contains(*needle)).fold(0, |bits, (bit, _)| bits | 1 << bit)
        };
        let mut texts: Vec<String> = [
            "", "go", "GO.MOD go.sum", "pip install -r Requirements.txt", "COPY Cargo.toml .; cargo build",
            "pyproject.tom", "pnpm i && npm ci && yarn", "mvn -f pom.xml", "./gradlew", "vendor/node_modules",
            "pac\u{212a}age.json", "Straße pip install", "go build", "go  build",
        ]
        .map(str::to_owned)
        .to_vec();
        if let Some(files) = crate::test_corpus::real_world_dockerfiles() {
            for file in files {
                let syntax = parse(&std::fs::read_to_string(file).unwrap());
                texts.extend(syntax.instructions.iter().filter(|i| i.command.keyword == Keyword::Run).map(|i| i.original.clone()));
            }
        }
        for text in &texts {
            assert_eq!(mentions_in(text), plain(text), "{text}");
        }
        assert_ne!(mentions_in("pac\u{212a}age.json"), 0);
    }

    /// An edit that leaves the COPY/ADD arguments and what the RUNs mention alone only resizes
    /// the Dockerfile; any other is told apart.
    #[test]
    fn an_edit_of_what_inference_ignores_only_resizes_the_dockerfile() {
        let before = "FROM node:20\nENV A 1\nCOPY --from=build /out /out\nCOPY package.json ./\nRUN npm ci\nCMD npm start\n";
        let same = [
            "# syntax=docker/dockerfile:1\nFROM node:20-slim AS app\nENV A=1\nCOPY --from=base /out /usr/out\nCOPY --link package.json ./\nRUN npm ci\nUSER node\nCMD [\"npm\", \"start\"]\n",
            "FROM node:20\nCOPY package.json ./\nRUN npm ci && npm cache clean --force\n",
        ];
        let different = [
            "FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
            "FROM node:20\nCOPY package.json ./\nRUN npm ci && pip install flask\n",
            "FROM node:20\nCOPY package.json ./\nRUN npm ci\nRUN go build\n",
            "FROM node:20\nADD package.json ./\nRUN npm ci\n",
        ];
        let original = parse(before);
        for edited in same.map(parse) {
            assert!(reads_the_same(&original, &edited), "{}", edited.source);
            assert_eq!(with_dockerfile_len(&infer(&original), edited.source.len()), infer(&edited));
        }
        for edited in different.map(parse) {
            assert!(!reads_the_same(&original, &edited), "{}", edited.source);
        }
    }

    #[test]
    fn infers_each_ecosystem() {
        let go =
            paths("FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app\n");
        assert!(go.contains(&"go.sum".to_owned()) && go.contains(&"main.go".to_owned()));
        assert!(!go.iter().any(|p| p.starts_with("vendor/")));
        let node = paths("FROM node:20\nCOPY package.json yarn.lock ./\nRUN yarn install\nCOPY . .\n");
        assert!(node.contains(&"yarn.lock".to_owned()) && node.iter().any(|p| p.starts_with("node_modules/")));
        let python =
            paths("FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app/ app/\n");
        assert!(python.contains(&"requirements.txt".to_owned()) && python.contains(&"app/main.py".to_owned()));
        let rust = paths("FROM rust:1\nCOPY . .\nRUN cargo build --release\n");
        assert!(rust.contains(&"Cargo.lock".to_owned()) && rust.iter().any(|p| p.starts_with("target/")));
        let java = paths("FROM maven:3\nCOPY pom.xml .\nRUN mvn package\n");
        assert!(java.contains(&"pom.xml".to_owned()));
        let static_site = paths("FROM nginx\nCOPY dist /usr/share/nginx/html\nCOPY nginx.conf /etc/nginx/\n");
        assert!(static_site.contains(&"dist/index.html".to_owned()) && static_site.contains(&"nginx.conf".to_owned()));
    }

    #[test]
    fn every_inferred_file_is_assumed_and_copy_sources_select_something() {
        let dockerfile = "FROM alpine\nCOPY config/ /etc/app/\nCOPY run.sh /usr/local/bin/\nCOPY --from=other /x /x\n";
        let syntax = parse(dockerfile);
        let context = infer(&syntax);
        assert!(context.files.iter().all(|f| f.assumed));
        assert_eq!(
            context.files[0],
            ContextFile {
                path: "Dockerfile".into(),
                size_bytes: dockerfile.len() as u64,
                version: None,
                assumed: true
            }
        );
        let none = DockerIgnore::default();
        assert!(!context.select("config/", &none).files.is_empty());
        assert!(!context.select("run.sh", &none).files.is_empty());
        assert!(context.select("x", &none).files.is_empty(), "--from sources are not context files");
        // A whole-context COPY sends .git unless ignored.
        assert!(context.sent(&none).bytes > 20 * MB);
        assert!(context.sent(&DockerIgnore::parse(".git")).bytes < MB);
    }
}
