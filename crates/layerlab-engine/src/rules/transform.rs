//! Whole-file transformations: rewrites a single edit cannot express. Splitting a single-stage
//! build into a build stage and a minimal runtime stage (Go, Rust, Node, Python, Java). The
//! reordering of dependency manifests before the sources is `copy-before-dependencies`' fix.
//! What a transformation saves is measured like any fix, by analysing the rewritten file.
use super::helpers;
use super::{Edit, RuleContext};
use crate::model::{Base, Expanded};
use crate::script::SimpleCommand;
use crate::syntax::Keyword;

/// A rewrite of the whole file: its title and edits.
pub struct Transformation {
    pub title: String,
    pub edits: Vec<Edit>,
}

/// Splits the file's only stage into `<stage> AS build` and a runtime stage that copies the
/// build's output. `None` when the file has more than one stage, the stage is not an image, or
/// the output cannot be told from the commands.
pub fn split_build(context: &RuleContext) -> Option<Transformation> {
    let model = context.model;
    if model.stages.len() != 1 {
        return None;
    }
    let stage = &model.stages[0];
    let Base::Image { reference, .. } = &stage.base else { return None };
    let from = &context.syntax.instructions[stage.instruction];
    if from.command.json || reference.contains('$') || stage.steps.iter().any(|s| s.onbuild) {
        return None;
    }
    let (repository, tag) = split_reference(reference);
    let workdir = stage.final_state.workdir.clone();
    let mut runs = stage.steps.iter().filter(|s| s.keyword == Keyword::Run).flat_map(|s| context.commands(s.instruction).iter().map(move |c| (s, c)));
    let exec_form = |keyword: Keyword| stage.steps.iter().filter(|s| s.keyword == keyword).all(|s| context.syntax.instructions[s.instruction].command.json);
    let runs_exec = exec_form(Keyword::Cmd) && exec_form(Keyword::Entrypoint);

    let (runtime, copies, prelude, what): (String, Vec<(String, String)>, Vec<String>, &str) = match repository {
        "golang" => {
            let (step, command) = runs.find(|(_, c)| c.program() == Some("go") && c.arguments().first().is_some_and(|a| a == "build"))?;
            let output = output_flag(command)?;
            let binary = helpers::resolve_path(&step.state.workdir, &output);
            let static_binary = command.assignments().any(|(n, v)| n == "CGO_ENABLED" && v == "0") || step.state.get("CGO_ENABLED") == Some("0");
            let runtime = match (static_binary, runs_exec, tag.contains("alpine")) {
                (true, true, _) => "gcr.io/distroless/static-debian12",
                (false, true, false) => "gcr.io/distroless/base-debian12",
                (_, _, true) => "alpine:3.24",
                (_, false, false) => "debian:bookworm-slim",
            };
            (runtime.to_owned(), vec![(binary.clone(), binary)], Vec::new(), "the Go binary")
        }
        "rust" => {
            let (step, cargo) = runs.find(|(_, c)| c.program() == Some("cargo") && c.arguments().first().is_some_and(|a| a == "build") && c.has_word("--release"))?;
            // `--bin NAME` names the binary; otherwise the path CMD/ENTRYPOINT runs.
            let args = cargo.arguments();
            let named = args.iter().position(|a| a == "--bin").and_then(|i| args.get(i + 1)).filter(|n| !n.contains('$'));
            let binary = match named {
                Some(name) => helpers::resolve_path(&step.state.workdir, &format!("target/release/{name}")),
                None => release_binary(context, &workdir)?,
            };
            let runtime = if runs_exec { "gcr.io/distroless/cc-debian12" } else { "debian:bookworm-slim" };
            (runtime.to_owned(), vec![(binary.clone(), binary)], Vec::new(), "the release binary")
        }
        "node" => {
            runs.find(|(_, c)| c.program() == Some("npm") && c.arguments().first().is_some_and(|a| a == "ci" || a == "install"))?;
            if workdir == "/" {
                return None;
            }
            let built = stage.steps.iter().filter(|s| s.keyword == Keyword::Run).flat_map(|s| context.commands(s.instruction)).any(|c| {
                c.program() == Some("npm") && c.arguments().iter().take(2).any(|a| a == "build")
            });
            let runtime = format!("node:{}", slim_tag(tag, "slim"));
            let mut copies = Vec::new();
            if built {
                copies.push((format!("{workdir}/dist"), format!("{workdir}/dist")));
            }
            let prelude = vec![
                "ENV NODE_ENV=production".to_owned(),
                "COPY package*.json ./".to_owned(),
                "RUN npm ci --omit=dev && npm cache clean --force".to_owned(),
                "COPY . .".to_owned(),
            ];
            (runtime, copies, prelude, "production dependencies and the build output (`dist`)")
        }
        "python" => {
            runs.find(|(_, c)| helpers::pip_arguments(c).is_some_and(|a| a.first().is_some_and(|a| a == "install")))?;
            if workdir == "/" {
                return None;
            }
            let runtime = format!("python:{}", slim_tag(tag, "slim"));
            let copies = vec![("/opt/venv".to_owned(), "/opt/venv".to_owned()), (workdir.clone(), workdir.clone())];
            (runtime, copies, vec!["ENV PATH=\"/opt/venv/bin:$PATH\"".to_owned()], "the virtual environment and the application")
        }
        "maven" | "gradle" | "eclipse-temurin" => {
            let gradle = runs.any(|(_, c)| matches!(c.program().map(crate::scan::base_name), Some("gradle" | "gradlew")));
            let maven = stage.steps.iter().filter(|s| s.keyword == Keyword::Run).flat_map(|s| context.commands(s.instruction)).any(|c| {
                matches!(c.program().map(crate::scan::base_name), Some("mvn" | "mvnw")) && c.has_word("package")
            });
            if !gradle && !maven || workdir == "/" {
                return None;
            }
            let output = if maven { format!("{workdir}/target") } else { format!("{workdir}/build/libs") };
            let java = tag.split(|c: char| !c.is_ascii_digit()).find(|v| matches!(*v, "8" | "11" | "17" | "21" | "25")).unwrap_or("21");
            (format!("eclipse-temurin:{java}-jre"), vec![(output.clone(), output)], Vec::new(), "the packaged jar")
        }
        _ => return None,
    };

    let source = &context.syntax.source;
    let name = stage.name.clone().unwrap_or_else(|| "build".to_owned());
    let from_kw = helpers::keyword_like(from, "FROM");
    let mut edits = Vec::new();
    if stage.name.is_none() {
        edits.push(Edit::insert(from.span.end, format!(" {} build", helpers::keyword_like(from, "AS"))));
    }
    if repository == "python" {
        let run_kw = helpers::keyword_like(from, "RUN");
        let env_kw = helpers::keyword_like(from, "ENV");
        let line_end = source[from.span.end..].find('\n').map_or(source.len(), |i| from.span.end + i + 1);
        let newline = if line_end == source.len() && !source.ends_with('\n') { "\n" } else { "" };
        edits.push(Edit::insert(line_end, format!("{newline}{run_kw} python -m venv /opt/venv\n{env_kw} PATH=\"/opt/venv/bin:$PATH\"\n")));
    }
    let mut runtime_stage = format!("\n{from_kw} {runtime}\n");
    if workdir != "/" {
        runtime_stage.push_str(&format!("{} {workdir}\n", helpers::keyword_like(from, "WORKDIR")));
    }
    for line in prelude {
        runtime_stage.push_str(&line);
        runtime_stage.push('\n');
    }
    let copy_kw = helpers::keyword_like(from, "COPY");
    for (from_path, to) in &copies {
        runtime_stage.push_str(&format!("{copy_kw} --from={name} {from_path} {to}\n"));
    }
    // The image's settings, as written: they describe the runtime, not the build.
    for step in &stage.steps {
        let carried = matches!(
            step.keyword,
            Keyword::Arg | Keyword::Env | Keyword::Expose | Keyword::User | Keyword::Label | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck | Keyword::Stopsignal | Keyword::Volume
        );
        let instruction = &context.syntax.instructions[step.instruction];
        if carried && instruction.heredocs.is_empty() {
            if step.keyword == Keyword::Env && matches!(&step.expanded, Expanded::Env { pairs } if pairs.iter().all(|p| p.name.starts_with("GO") || p.name.starts_with("CGO") || p.name.starts_with("CARGO") || p.name.starts_with("PIP_"))) {
                continue;
            }
            runtime_stage.push_str(&source[instruction.span.start..instruction.span.end]);
            runtime_stage.push('\n');
        }
    }
    let end = source.len();
    let lead = if source.ends_with('\n') { "" } else { "\n" };
    edits.push(Edit::insert(end, format!("{lead}{runtime_stage}")));
    Some(Transformation {
        title: format!("Split into a build stage and a `{runtime}` runtime stage that copies {what} (review what else the runtime needs)"),
        edits,
    })
}

/// `(repository, tag)` of an expanded reference, Docker Hub prefixes removed.
fn split_reference(reference: &str) -> (&str, &str) {
    let reference = reference.split('@').next().unwrap_or(reference);
    let (repository, tag) = match reference.rsplit_once(':').filter(|(_, t)| !t.contains('/')) {
        Some((r, t)) => (r, t),
        None => (reference, "latest"),
    };
    (helpers::official_name(repository), tag)
}

/// The runtime variant of a full tag: `3.12` → `3.12-slim`, `22-bookworm` → `22-bookworm-slim`
/// (`alpine` tags are kept).
fn slim_tag(tag: &str, variant: &str) -> String {
    if tag.contains("alpine") || tag.contains("slim") {
        return tag.to_owned();
    }
    if tag == "latest" {
        return variant.to_owned();
    }
    format!("{tag}-{variant}")
}

/// The value of `-o` in `go build -o X` (also `-o=X`), without variables.
fn output_flag(command: &SimpleCommand) -> Option<String> {
    let args = command.arguments();
    let value = args.iter().position(|a| a == "-o").and_then(|i| args.get(i + 1)).cloned().or_else(|| args.iter().find_map(|a| a.strip_prefix("-o=").map(str::to_owned)))?;
    (!value.is_empty() && !value.contains('$') && !value.ends_with('/')).then_some(value)
}

/// The release binary the image runs: a `target/release/<name>` path in CMD or ENTRYPOINT.
fn release_binary(context: &RuleContext, workdir: &str) -> Option<String> {
    context.instructions().filter(|(_, i)| i.is(Keyword::Cmd) || i.is(Keyword::Entrypoint)).find_map(|(_, i)| {
        i.command.args.iter().map(|w| w.value.as_str()).flat_map(|v| v.split_whitespace()).find_map(|word| {
            let word = word.trim_matches(|c| c == '"' || c == '\'');
            word.contains("target/release/").then(|| helpers::resolve_path(workdir, word))
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::report::{analyze, Input};
    use crate::rules::Applicability;

    #[test]
    fn rust_binary_named_by_bin_and_multi_stage_files_left_alone() {
        let text = "FROM rust:1.79\nWORKDIR /src\nCOPY . .\nRUN cargo build --release --bin api\nENTRYPOINT [\"/src/target/release/api\"]\n";
        let report = analyze(&Input { dockerfile: text.into(), skip_effects: true, ..Default::default() });
        let fix = report.findings.iter().find_map(|f| f.fix.as_ref().filter(|x| x.title.starts_with("Split"))).expect("split offered");
        assert!(fix.apply(text).contains("COPY --from=build /src/target/release/api /src/target/release/api"));
        let two = "FROM golang:1.22 AS tools\nRUN go build -o /t .\nFROM golang:1.22\nCOPY --from=tools /t /t\nRUN go build -o /app .\n";
        let report = analyze(&Input { dockerfile: two.into(), skip_effects: true, ..Default::default() });
        assert!(report.findings.iter().all(|f| f.fix.as_ref().is_none_or(|x| !x.title.starts_with("Split"))));
    }

    /// Each single-stage example is split; the rewritten file parses with no new diagnostics and
    /// its effect (measured by re-analysis) is what the snapshot shows.
    #[test]
    fn single_stage_builds_are_split_and_the_effect_is_measured() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/rules/fixtures/split");
        for language in ["go", "rust", "node", "python", "java"] {
            let text = std::fs::read_to_string(root.join(format!("{language}.Dockerfile"))).unwrap();
            let report = analyze(&Input { dockerfile: text.clone(), ..Default::default() });
            let finding = report
                .findings
                .iter()
                .find(|f| f.fix.as_ref().is_some_and(|x| x.applicability == Applicability::ManualWithPreview && x.title.starts_with("Split")))
                .unwrap_or_else(|| panic!("{language}: no split offered"));
            let fix = finding.fix.as_ref().unwrap();
            let fixed = fix.apply(&text);
            let after = analyze(&Input { dockerfile: fixed.clone(), skip_effects: true, ..Default::default() });
            assert!(after.diagnostics.len() <= report.diagnostics.len(), "{language}: {:?}", after.diagnostics);
            assert_eq!(after.stage_count, 2, "{language}");
            assert!(!after.findings.iter().any(|f| f.code == finding.code), "{language}: {} still fires", finding.code);
            let effect = finding.effect.as_ref().expect("measured");
            assert!(effect.uncompressed_bytes_saved > 0, "{language}: {effect:?}");
            if language == "go" {
                assert!(effect.uncompressed_bytes_saved > 300_000_000, "{effect:?}");
            }
            let shown = format!(
                "{} {}\n{}\nsaved: {} MB uncompressed, {} MB compressed, {} fewer steps rebuilt\n\n{fixed}",
                finding.code,
                fix.title,
                crate::rules::tests::line_diff(&text, &fixed),
                effect.uncompressed_bytes_saved / 1_000_000,
                effect.compressed_bytes_saved / 1_000_000,
                effect.steps_no_longer_rebuilt
            );
            insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!(format!("split-{language}"), shown);
            });
        }
    }
}
