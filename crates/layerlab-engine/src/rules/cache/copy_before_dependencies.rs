use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a whole-context `COPY . .` (or `ADD .`) that comes before a dependency install in the same
stage: `go mod download`, `npm ci`/`npm install`, `yarn install`, `pip install -r`,
`bundle install`, `cargo build`/`cargo fetch`, `mvn dependency:go-offline`/`mvn package`,
`composer install`. Not reported when the ecosystem's manifests (`go.mod`, `package.json`,
`requirements.txt`, `Cargo.toml`, `pom.xml`, `Gemfile`, `composer.json`) were copied earlier in
the stage. Catalog candidate CA-01.

## Why it matters
A `COPY` step's cache key is the checksum of the files it copies. With the whole context copied
first, editing any source file (a README, a test) changes that checksum, and every later step
rebuilds, including the dependency install that only depends on the manifests: minutes of
downloads on every edit. Copying the manifests first and installing from them gives the install
a cache key that changes only when the dependencies do.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci
```
Use instead:
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
```

## Fix
Inserts `COPY <manifests> <destination>` and the install (for Go `go mod download`, for Cargo
`cargo fetch`, for Maven `mvn dependency:go-offline`) before the whole-context `COPY`. Unsafe:
the manifest names are the ecosystem's defaults (a project without a lockfile must drop it), and
some installs run project scripts that need the sources; `cargo fetch` needs a target, so a
Rust project needs a stub `src/main.rs` (or cargo-chef) at that point.
"#;

pub const RULE: Rule = Rule {
    code: "LL4301",
    name: "copy-before-dependencies",
    category: Category::Cache,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

struct Ecosystem {
    /// Manifests that, copied first, make the install cacheable.
    manifests: &'static [&'static str],
    /// The install to run before the sources (`None`: the command as written).
    install: Option<&'static str>,
}

const GO: Ecosystem = Ecosystem { manifests: &["go.mod", "go.sum"], install: Some("go mod download") };
const NPM: Ecosystem = Ecosystem { manifests: &["package.json", "package-lock.json"], install: None };
const YARN: Ecosystem = Ecosystem { manifests: &["package.json", "yarn.lock"], install: None };
const PIP: Ecosystem = Ecosystem { manifests: &["requirements.txt"], install: None };
const BUNDLE: Ecosystem = Ecosystem { manifests: &["Gemfile", "Gemfile.lock"], install: None };
const CARGO: Ecosystem = Ecosystem { manifests: &["Cargo.toml", "Cargo.lock"], install: Some("cargo fetch") };
const MAVEN: Ecosystem = Ecosystem { manifests: &["pom.xml"], install: Some("mvn -B dependency:go-offline") };
const COMPOSER: Ecosystem = Ecosystem { manifests: &["composer.json", "composer.lock"], install: Some("composer install --no-scripts --no-autoloader") };

/// The ecosystem of a dependency install, with the requirements file for `pip install -r`.
fn install_of(command: &SimpleCommand) -> Option<(&'static Ecosystem, Option<String>)> {
    let program = command.program()?.rsplit('/').next()?;
    let args = command.arguments();
    let first = args.iter().find(|a| !a.starts_with('-')).map(String::as_str);
    if let Some(pip) = helpers::pip_arguments(command) {
        if pip.first().is_some_and(|a| a == "install") {
            let file = pip.iter().position(|a| a == "-r" || a == "--requirement").and_then(|i| pip.get(i + 1)).cloned().or_else(|| {
                pip.iter().find_map(|a| a.strip_prefix("-r").or_else(|| a.strip_prefix("--requirement=")).filter(|f| !f.is_empty()).map(|f| f.trim_start_matches('=').to_owned()))
            });
            return file.map(|f| (&PIP, Some(f)));
        }
        return None;
    }
    match (program, first) {
        ("go", Some("mod")) if args.iter().any(|a| a == "download") => Some((&GO, None)),
        ("npm", Some("ci" | "install" | "i")) if npm_installs_project(args) => Some((&NPM, None)),
        ("yarn", None) => Some((&YARN, None)),
        ("yarn", Some("install")) => Some((&YARN, None)),
        ("bundle", Some("install")) => Some((&BUNDLE, None)),
        ("cargo", Some("build" | "fetch")) => Some((&CARGO, None)),
        ("mvn" | "mvnw" | "./mvnw", _) if args.iter().any(|a| a == "dependency:go-offline" || a == "package" || a == "install") => Some((&MAVEN, None)),
        ("composer", Some("install")) => Some((&COMPOSER, None)),
        _ => None,
    }
}

/// `npm ci`, or `npm install` without package operands (installing the project's dependencies).
fn npm_installs_project(args: &[String]) -> bool {
    let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    operands.len() == 1
}

fn is_whole_context(sources: &[String]) -> bool {
    !sources.is_empty() && sources.iter().all(|s| matches!(s.as_str(), "." | "./" | "*" | "./*"))
}

fn basename(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or(path)
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        // (instruction, destination) of the first whole-context COPY, and the files copied before it.
        let mut whole: Option<(usize, String)> = None;
        let mut copied_before: Vec<String> = Vec::new();
        let mut reported = false;
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let instruction = &context.syntax.instructions[step.instruction];
            match &step.expanded {
                Expanded::Copy { sources, destination, from: None, .. } if whole.is_none() => {
                    if is_whole_context(sources) {
                        whole = Some((step.instruction, destination.clone()));
                    } else {
                        copied_before.extend(sources.iter().map(|s| basename(s).to_owned()));
                    }
                }
                _ if instruction.is(Keyword::Run) && !reported => {
                    let Some((copy_index, destination)) = &whole else { continue };
                    for command in context.commands(step.instruction) {
                        let Some((ecosystem, requirements)) = install_of(command) else { continue };
                        let manifests: Vec<String> = match &requirements {
                            Some(file) => vec![file.clone()],
                            None => ecosystem.manifests.iter().map(|m| (*m).to_owned()).collect(),
                        };
                        let primary = basename(&manifests[0]).to_owned();
                        if copied_before.iter().any(|c| *c == primary || c.contains('*') || ecosystem.manifests.contains(&c.as_str())) {
                            continue;
                        }
                        let copy = &context.syntax.instructions[*copy_index];
                        let install_text = command.words[command.words.iter().position(|w| Some(w.as_str()) == command.program()).unwrap_or(0)..].join(" ");
                        let shown = ecosystem.install.map_or(install_text.clone(), str::to_owned);
                        let finding = findings.report(
                            copy.span,
                            format!(
                                "`{}` copies the whole context before `{}` (line {}): any source edit re-runs the dependency install; copy {} first",
                                copy.original.trim(),
                                install_text,
                                instruction.start_line,
                                manifests.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" and "),
                            ),
                        );
                        let plain = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,".contains(c));
                        let requirements_ok = requirements.as_deref().is_none_or(|r| plain(r) && !r.contains("..") && !r.starts_with('/'));
                        if command.words.iter().all(|w| plain(w)) && requirements_ok && !destination.contains('$') {
                            let mut destination = if destination.ends_with('/') { destination.clone() } else if destination == "." { "./".to_owned() } else { format!("{destination}/") };
                            if let Some((dir, _)) = requirements.as_deref().and_then(|r| r.trim_start_matches("./").rsplit_once('/')) {
                                destination = format!("{destination}{dir}/");
                            }
                            let copy_keyword = helpers::keyword_like(copy, "COPY");
                            let run_keyword = helpers::keyword_like(copy, "RUN");
                            let sources = manifests.join(" ");
                            let text = format!("{copy_keyword} {sources} {destination}\n{run_keyword} {shown}\n");
                            let mut edits = vec![Edit::insert(copy.span.start, text)];
                            // The install moves: it leaves the RUN after the sources (or the RUN
                            // goes), so it does not run twice.
                            if shown == install_text {
                                edits.extend(remove_command(context, step.instruction, command));
                            }
                            finding.with_fix(
                                format!("Copy {} and install before copying the sources", manifests.join(", ")),
                                Applicability::Unsafe,
                                edits,
                            );
                        }
                        reported = true;
                        break;
                    }
                }
                _ => {}
            }
        }
    }
}

/// Edits removing `command` from its RUN: the whole RUN when it is the only command, or the
/// command and its `&&` when it opens a chain. Empty when neither applies.
fn remove_command(context: &RuleContext, index: usize, command: &SimpleCommand) -> Vec<Edit> {
    let instruction = &context.syntax.instructions[index];
    let commands = context.commands(index);
    if instruction.command.json || !instruction.heredocs.is_empty() || !std::ptr::eq(&commands[0], command) {
        return Vec::new();
    }
    if commands.len() == 1 {
        return helpers::instruction_lines(&context.syntax.source, instruction).map(Edit::delete).into_iter().collect();
    }
    let script = context.run_script(instruction);
    let rest = &script[command.end..];
    let after = rest.trim_start_matches([' ', '\t', '\\', '\n']);
    let Some(chained) = after.strip_prefix("&&") else { return Vec::new() };
    let next = chained.len() - chained.trim_start_matches([' ', '\t', '\\', '\n']).len();
    let end = script.len() - chained.len() + next;
    match (helpers::script_offset(instruction, command.start), helpers::script_offset(instruction, end)) {
        (Some(start), Some(end)) if start < end => vec![Edit::delete(crate::syntax::Span::new(start, end))],
        _ => Vec::new(),
    }
}
