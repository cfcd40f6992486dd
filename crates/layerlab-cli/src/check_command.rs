//! `layerlab check` (findings for many files) and `layerlab fix` (apply fixes to a fixed point).
use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use layerlab_engine::rules::{self, Applicability, Finding, Severity};

use crate::findings_json;
use crate::options::Options;
use crate::sarif;

pub fn check(args: &[String]) -> Result<ExitCode, String> {
    let options = Options::parse(args)?;
    let format = options.format("text", &["text", "json", "sarif"])?;
    let fail_on = match options.value("--fail-on") {
        Some(level) => Severity::parse(level).ok_or_else(|| format!("unknown --fail-on level `{level}`"))?,
        None => Severity::Info,
    };
    if options.files.is_empty() {
        return Err("check takes one or more FILEs (or -)".into());
    }
    // Each fix's effect costs one more analysis; `--no-effects` keeps `check` to the rules.
    let no_effects = options.has("--no-effects");
    // The threads read each file, analyse it and write its findings as JSON (on a big run that
    // writing was a tenth of the work); this thread prints them in the order given.
    let analysed = in_parallel(&options.files, |file| {
        let input = options.input_for(file)?;
        let findings = if no_effects { rules::lint(&input) } else { layerlab_engine::report::findings(&input) };
        let json = (format == "json").then(|| findings_json::items(file, &findings));
        Ok((findings, json))
    });
    let analysed = analysed.into_iter().collect::<Result<Vec<_>, String>>()?;
    let failing = analysed.iter().flat_map(|(findings, _)| findings).any(|f| f.severity <= fail_on);
    let mut output = Output::new(&format);
    for (file, (findings, json)) in options.files.iter().zip(analysed) {
        output.file(file, findings, json.flatten());
    }
    output.finish(options.files.len())?;
    Ok(if failing { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// What `check` prints, file by file in the order given.
enum Output {
    Json(JsonArray<std::io::BufWriter<std::io::StdoutLock<'static>>>),
    Sarif(Vec<(String, Vec<Finding>)>),
    Text { findings: usize },
}

impl Output {
    fn new(format: &str) -> Self {
        match format {
            "json" => Output::Json(JsonArray::new(std::io::BufWriter::new(std::io::stdout().lock()))),
            "sarif" => Output::Sarif(Vec::new()),
            _ => Output::Text { findings: 0 },
        }
    }

    /// The findings of `file`; `json_items`: as [`findings_json::items`] wrote them.
    fn file(&mut self, file: &str, findings: Vec<Finding>, json_items: Option<String>) {
        match self {
            Output::Json(array) => array.items(json_items),
            Output::Sarif(results) => results.push((file.to_owned(), findings)),
            Output::Text { findings: count } => *count += print_text(file, &findings),
        }
    }

    fn finish(self, files: usize) -> Result<(), String> {
        match self {
            Output::Json(array) => drop(array.finish()),
            Output::Sarif(results) => println!("{}", serde_json::to_string_pretty(&sarif::report(&results)).map_err(|e| e.to_string())?),
            Output::Text { findings } => println!("{findings} findings in {files} files"),
        }
        Ok(())
    }
}

/// Writes what `serde_json::to_string_pretty` prints for an array of all the items given to
/// it, and a newline. A closed pipe (`| head`) is not an error of `check`.
struct JsonArray<W: Write> {
    out: W,
    count: usize,
}

impl<W: Write> JsonArray<W> {
    fn new(out: W) -> Self {
        JsonArray { out, count: 0 }
    }

    fn items(&mut self, items: Option<String>) {
        let Some(items) = items else { return };
        let _ = self.out.write_all(if self.count == 0 { b"[\n" } else { b",\n" });
        let _ = self.out.write_all(items.as_bytes());
        self.count += 1;
    }

    fn finish(mut self) -> W {
        let _ = self.out.write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" });
        let _ = self.out.flush();
        self.out
    }
}

/// `work` on every item, the items shared out among the machine's cores; results in item order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len()).max(1);
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { return mine };
                        mine.push((index, work(item)));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Prints the findings of `file` and says how many there were.
fn print_text(file: &str, findings: &[Finding]) -> usize {
    for f in findings {
        let aliases: Vec<&str> = f.aliases.iter().map(|a| a.code).collect();
        let also = if aliases.is_empty() { String::new() } else { format!(" [{}]", aliases.join(", ")) };
        println!("{file}:{}:{}: {} {:?}: {}{also}", f.line, f.column, f.code, f.severity, f.message);
        if let Some(fix) = &f.fix {
            println!("    fix ({:?}): {}{}", fix.applicability, fix.title, effect_text(f));
        }
    }
    findings.len()
}

/// " — saves 19.9 MB (7.1 MB compressed), 2 fewer steps rebuilt", when measured.
fn effect_text(finding: &Finding) -> String {
    let Some(effect) = &finding.effect else { return String::new() };
    let mut parts = Vec::new();
    if effect.uncompressed_bytes_saved != 0 {
        let verb = if effect.uncompressed_bytes_saved > 0 { "saves" } else { "adds" };
        parts.push(format!(
            "{verb} {} ({} compressed)",
            human_bytes(effect.uncompressed_bytes_saved.unsigned_abs()),
            human_bytes(effect.compressed_bytes_saved.unsigned_abs())
        ));
    }
    match effect.steps_no_longer_rebuilt {
        0 => {}
        n if n > 0 => parts.push(format!("{n} fewer steps rebuilt")),
        n => parts.push(format!("{} more steps rebuilt", -n)),
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" — {}", parts.join(", "))
    }
}

fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

pub fn fix(args: &[String]) -> Result<ExitCode, String> {
    let options = Options::parse(args)?;
    let [path] = options.files.as_slice() else { return Err("fix takes one FILE (or -)".into()) };
    let limit = if options.has("--unsafe") { Applicability::Unsafe } else { Applicability::Safe };
    let input = options.input_for(path)?;
    let original = input.dockerfile.clone();
    let fixed = rules::fix_all(&input, limit);
    let applied = fixed.fixes_applied;
    let input = layerlab_engine::Input { dockerfile: fixed.text, ..input };
    if options.has("--diff") || path == "-" {
        if options.has("--diff") {
            print!("{}", unified_diff(path, &original, &input.dockerfile));
        } else {
            print!("{}", input.dockerfile);
        }
    } else if input.dockerfile != original {
        std::fs::write(path, &input.dockerfile).map_err(|e| format!("writing {path}: {e}"))?;
    }
    eprintln!("{applied} fixes applied");
    Ok(ExitCode::SUCCESS)
}

/// A unified diff (hunks with 2 lines of context), from a longest-common-subsequence walk.
fn unified_diff(path: &str, before: &str, after: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    // The edit script: (' ' | '-' | '+', line in a, line in b, text).
    let mut script = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            script.push((' ', i, j, a[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            script.push(('-', i, j, a[i]));
            i += 1;
        } else {
            script.push(('+', i, j, b[j]));
            j += 1;
        }
    }
    let mut out = format!("--- {path}\n+++ {path} (fixed)\n");
    let changed: Vec<usize> = script.iter().enumerate().filter(|(_, e)| e.0 != ' ').map(|(k, _)| k).collect();
    let mut k = 0;
    while k < changed.len() {
        let first = changed[k].saturating_sub(2);
        let mut last = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= last + 5 {
            k += 1;
            last = changed[k];
        }
        let last = (last + 2).min(script.len() - 1);
        let hunk = &script[first..=last];
        let old_count = hunk.iter().filter(|e| e.0 != '+').count();
        let new_count = hunk.iter().filter(|e| e.0 != '-').count();
        out.push_str(&format!("@@ -{},{old_count} +{},{new_count} @@\n", hunk[0].1 + 1, hunk[0].2 + 1));
        for (sign, _, _, text) in hunk {
            out.push_str(&format!("{sign}{text}\n"));
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{in_parallel, JsonArray};
    use crate::findings_json;
    use layerlab_engine::report::{findings, Input};

    #[test]
    fn parallel_work_keeps_the_order_of_its_items() {
        let items: Vec<u64> = (0..500).collect();
        // Uneven work, so that the threads finish out of order.
        let squares = in_parallel(&items, |&n| (0..(n % 7) * 1000).fold(n * n, |acc, _| std::hint::black_box(acc)));
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(in_parallel(&[] as &[u64], |&n| n).is_empty());
    }

    /// What [`JsonArray`] writes of `items`.
    fn json_array(items: impl Iterator<Item = String>) -> String {
        let mut array = JsonArray::new(Vec::new());
        items.for_each(|item| array.items(Some(item)));
        array.items(None);
        String::from_utf8(array.finish()).unwrap()
    }

    /// The threads print each file's findings; together they must read as one pretty-printed
    /// array whose items are the findings with their file (what `serde_json::Value` printed).
    #[test]
    fn json_items_make_the_pretty_printed_array() {
        let input = |text: &str| Input { dockerfile: text.into(), ..Default::default() };
        let files = [("a/Dockerfile", input("FROM debian\nRUN apt-get update && apt-get install -y curl\n")), ("b", input("FROM scratch\n"))];
        let mut expected = Vec::new();
        let mut items = Vec::new();
        for (file, input) in &files {
            let found = findings(input);
            let mut values = Vec::new();
            for finding in &found {
                let mut value = serde_json::to_value(finding).unwrap();
                value["file"] = serde_json::Value::String(file.to_string());
                values.push(value);
            }
            expected.push(values);
            items.push(findings_json::items(file, &found));
        }
        assert!(expected[0].len() > 3 && expected[1].len() > 1, "{expected:?}");
        for count in [0, 1, 2] {
            let printed = json_array(items[..count].iter().flatten().cloned());
            let values: Vec<serde_json::Value> = expected[..count].concat();
            assert_eq!(serde_json::from_str::<serde_json::Value>(&printed).unwrap(), serde_json::Value::Array(values));
            let pretty = serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&printed).unwrap()).unwrap();
            assert_eq!(printed.lines().count(), pretty.lines().count(), "{printed}");
            assert!(printed.ends_with('\n'));
        }
    }
}
