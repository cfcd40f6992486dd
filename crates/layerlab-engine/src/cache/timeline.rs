//! Estimated build time: a duration per step from what the step does (pull, package install,
//! compile, copy) with every rate listed as an assumption, stages as parallel lanes (a step
//! waits for its parent step and for the stages it copies or mounts from), the critical path,
//! and the cold build versus the rebuild after the change.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::build::{run_command, run_text, Build, BuiltRow, FromKind, Origin, Row, Work};
use super::{CacheSource, CacheStatus, StepCache};
use crate::memo::Memo;
use crate::model::Model;
use crate::sorting;
use crate::syntax::{Keyword, Syntax};

const MB: f64 = 1e6;

/// Rates and typical durations; every one is an assumption shown with the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rates {
    /// Registry download for base-image pulls and `--cache-from` layers (MB/s).
    pub download_mb_per_s: f64,
    /// Layer extraction, on uncompressed bytes (MB/s); layers are taken as 2.5× their gzip size.
    pub extract_mb_per_s: f64,
    /// Package and module downloads: apt, apk, pip, npm, Go modules (MB/s).
    pub package_mb_per_s: f64,
    /// Context transfer and file copies (MB/s).
    pub copy_mb_per_s: f64,
    /// Fixed cost of every executed step (container start, snapshot), seconds.
    pub step_overhead_s: f64,
    pub apt_update_s: f64,
    pub apt_package_s: f64,
    pub apt_package_mb: f64,
    pub apk_package_s: f64,
    pub apk_package_mb: f64,
    pub pip_package_s: f64,
    pub pip_package_mb: f64,
    /// Packages assumed for `pip install -r …` / `poetry install` when the list is unknown.
    pub pip_unknown_packages: f64,
    pub npm_install_s: f64,
    pub npm_install_mb: f64,
    pub go_mod_download_mb: f64,
    pub go_build_s: f64,
    pub cargo_build_s: f64,
    pub maven_s: f64,
    pub gradle_s: f64,
    pub node_build_s: f64,
    pub dotnet_s: f64,
    pub make_s: f64,
    pub download_tool_mb: f64,
    /// An unrecognised RUN.
    pub run_default_s: f64,
    /// A re-run with a warm `--mount=type=cache` takes this share of a cold run.
    pub warm_cache_mount_factor: f64,
    /// A base image the size database does not know (compressed MB).
    pub unknown_image_mb: f64,
}

impl Default for Rates {
    fn default() -> Self {
        Rates {
            download_mb_per_s: 50.0,
            extract_mb_per_s: 150.0,
            package_mb_per_s: 20.0,
            copy_mb_per_s: 100.0,
            step_overhead_s: 0.3,
            apt_update_s: 6.0,
            apt_package_s: 0.6,
            apt_package_mb: 1.5,
            apk_package_s: 0.15,
            apk_package_mb: 0.5,
            pip_package_s: 1.0,
            pip_package_mb: 4.0,
            pip_unknown_packages: 20.0,
            npm_install_s: 25.0,
            npm_install_mb: 120.0,
            go_mod_download_mb: 100.0,
            go_build_s: 40.0,
            cargo_build_s: 150.0,
            maven_s: 90.0,
            gradle_s: 90.0,
            node_build_s: 30.0,
            dotnet_s: 60.0,
            make_s: 60.0,
            download_tool_mb: 10.0,
            run_default_s: 1.0,
            warm_cache_mount_factor: 0.3,
            unknown_image_mb: 50.0,
        }
    }
}

/// What the caller knows better than the defaults: real layer sizes (from the size simulation)
/// and image sizes, and the rates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimingHints {
    /// Bytes a step downloads or copies, by instruction index (replaces the estimate's bytes).
    pub step_bytes: BTreeMap<usize, u64>,
    /// Compressed bytes of a base image, by reference as written after expansion.
    pub image_bytes: BTreeMap<String, u64>,
    pub rates: Rates,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assumption {
    pub name: &'static str,
    pub value: f64,
    pub unit: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LaneStep {
    pub instruction: usize,
    pub line: usize,
    pub keyword: Keyword,
    pub status: CacheStatus,
    pub start_seconds: f64,
    pub seconds: f64,
}

/// One stage, drawn as a lane: stages with no dependency between them overlap in time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lane {
    pub stage: usize,
    pub name: String,
    pub start_seconds: f64,
    pub end_seconds: f64,
    pub steps: Vec<LaneStep>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriticalStep {
    pub stage: usize,
    pub instruction: usize,
    pub line: usize,
    pub seconds: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Timeline {
    /// The rebuild after the change, one lane per stage built.
    pub lanes: Vec<Lane>,
    /// The cold build before the change (every step executed), on the same clock: drawn
    /// beside `lanes` it shows what the cache saves.
    pub before_lanes: Vec<Lane>,
    /// The chain of steps that decides the rebuild's end (steps taking time only).
    pub critical_path: Vec<CriticalStep>,
    /// A cold build (nothing cached) of the Dockerfile before the change.
    pub before_seconds: f64,
    /// The rebuild after the change, with the cache the scenario allows.
    pub after_seconds: f64,
    /// `before_seconds - after_seconds`: the time the cache saves (negative: lost).
    pub saved_seconds: f64,
    /// Sum of the rebuild's step durations: minus `after_seconds`, the time parallel stages save.
    pub sequential_seconds: f64,
    pub assumptions: Vec<Assumption>,
}

fn round(seconds: f64) -> f64 {
    (seconds * 10.0).round() / 10.0
}

/// (bytes downloaded, seconds of work) for a RUN command, from the tools it calls.
pub(crate) fn estimate_run(text: &str, rates: &Rates) -> (f64, f64) {
    let text = if !text.is_ascii() {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else if text.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(text.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    // On ASCII text without vertical tabs, ASCII whitespace is all the whitespace there is.
    let ascii = text.is_ascii() && !text.contains('\x0B');
    let (mut bytes, mut seconds, mut recognised) = (0.0, 0.0, false);
    let mut words: Vec<&str> = Vec::new();
    for segment in segments(&text) {
        words.clear();
        if ascii {
            words.extend(segment.split_ascii_whitespace().filter(|w| *w != "\\"));
        } else {
            words.extend(segment.split_whitespace().filter(|w| *w != "\\"));
        }
        let words = &words;
        // Every estimate below needs one of these programs in the segment.
        let tool = |w: &&str| {
            matches!(
                *w,
                "apt-get" | "apt" | "aptitude" | "apk" | "dnf" | "yum" | "microdnf" | "pip" | "pip3" | "pipenv" | "poetry"
                    | "uv" | "npm" | "pnpm" | "yarn" | "npx" | "go" | "cargo" | "mvn" | "./mvnw" | "mvnw" | "gradle"
                    | "./gradlew" | "gradlew" | "dotnet" | "make" | "cmake" | "ninja" | "curl" | "wget" | "git"
            )
        };
        if !words.iter().any(tool) {
            continue;
        }
        let has = |seq: &[&str]| words.windows(seq.len()).any(|w| w == seq);
        let packages_after = |verb: &str| -> f64 {
            let at = words.iter().position(|w| *w == verb).map_or(words.len(), |i| i + 1);
            words[at..].iter().filter(|w| !w.starts_with('-') && !w.starts_with('$') && !w.contains('>')).count() as f64
        };
        let any = |names: &[&str]| words.iter().any(|w| names.contains(w));
        let mut hit = |b: f64, s: f64| {
            bytes += b;
            seconds += s;
        };
        if any(&["apt-get", "apt"]) && words.contains(&"update") {
            hit(0.0, rates.apt_update_s);
        }
        if any(&["apt-get", "apt", "aptitude"]) && words.contains(&"install") {
            let n = packages_after("install");
            hit(n * rates.apt_package_mb * MB, 2.0 + n * rates.apt_package_s);
        } else if has(&["apk", "add"]) {
            let n = packages_after("add");
            hit(n * rates.apk_package_mb * MB, 1.0 + n * rates.apk_package_s);
        } else if any(&["dnf", "yum", "microdnf"]) && words.contains(&"install") {
            let n = packages_after("install");
            hit(n * 2.0 * MB, 10.0 + n);
        } else if any(&["pip", "pip3", "pipenv", "poetry", "uv"])
            && (words.contains(&"install") || words.contains(&"sync"))
        {
            let listed = packages_after("install");
            let n = if words.contains(&"-r")
                || words.contains(&"poetry")
                || words.contains(&"sync")
                || words.contains(&".")
                || listed == 0.0
            {
                rates.pip_unknown_packages
            } else {
                listed
            };
            hit(n * rates.pip_package_mb * MB, n * rates.pip_package_s);
        } else if (any(&["npm", "pnpm"]) && any(&["ci", "install", "i"]))
            || (words.first() == Some(&"yarn") && words.len() <= 3 && !words.contains(&"build"))
        {
            hit(rates.npm_install_mb * MB, rates.npm_install_s);
        } else if has(&["go", "mod", "download"]) {
            hit(rates.go_mod_download_mb * MB, 3.0);
        } else if has(&["go", "build"]) || has(&["go", "install"]) {
            hit(0.0, rates.go_build_s);
        } else if has(&["cargo", "build"]) || has(&["cargo", "install"]) {
            hit(0.0, rates.cargo_build_s);
        } else if any(&["mvn", "./mvnw", "mvnw"]) {
            hit(0.0, rates.maven_s);
        } else if any(&["gradle", "./gradlew", "gradlew"]) {
            hit(0.0, rates.gradle_s);
        } else if any(&["npm", "yarn", "pnpm", "npx"]) && any(&["build", "tsc"]) {
            hit(0.0, rates.node_build_s);
        } else if words.first() == Some(&"dotnet") {
            hit(0.0, rates.dotnet_s);
        } else if any(&["make", "cmake", "ninja"]) {
            hit(0.0, rates.make_s);
        } else if any(&["curl", "wget"]) {
            hit(rates.download_tool_mb * MB, 1.0);
        } else if has(&["git", "clone"]) {
            hit(2.0 * rates.download_tool_mb * MB, 2.0);
        } else {
            continue;
        }
        recognised = true;
    }
    if !recognised {
        seconds = rates.run_default_s;
    }
    (bytes, seconds)
}

/// `text` split at every `&&`, `;` and `||` (what splitting at `&&`, then `;`, then `||` gives),
/// in one pass.
fn segments(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let (mut start, mut i, mut done) = (0, 0, false);
    std::iter::from_fn(move || {
        while i < b.len() {
            let len = match b[i] {
                b';' => 1,
                c @ (b'&' | b'|') if b.get(i + 1) == Some(&c) => 2,
                _ => 0,
            };
            if len > 0 {
                let segment = &text[start..i];
                i += len;
                start = i;
                return Some(segment);
            }
            i += 1;
        }
        (!std::mem::replace(&mut done, true)).then(|| &text[start..])
    })
}

/// [`estimate_run`], remembered across analyses with the rates it was made with: both
/// schedules (cold and rebuild) ask for each step, and most RUN texts stay the same from one
/// keystroke to the next.
fn remembered_estimate(text: &str, rates: &Rates) -> (f64, f64) {
    static ESTIMATES: Memo<(Rates, (f64, f64))> = Memo::new(1024);
    ESTIMATES.get_or_make(text, |(made_with, _)| made_with == rates, || (rates.clone(), estimate_run(text, rates))).1
}

struct Costs<'a> {
    syntax: &'a Syntax,
    model: &'a Model,
    hints: &'a TimingHints,
    /// `image_bytes` per image (a size-DB look-up): both schedules ask for each pull.
    images: std::cell::RefCell<std::collections::HashMap<String, f64>>,
}

impl Costs<'_> {
    fn image_bytes(&self, image: &str) -> f64 {
        if let Some(bytes) = self.hints.image_bytes.get(image) {
            return *bytes as f64;
        }
        if let Some(bytes) = self.images.borrow().get(image) {
            return *bytes;
        }
        let platform = self.model.target_platform.format();
        let known = crate::sizes::image_entry(image, &platform).and_then(|e| e.compressed_bytes);
        let bytes = known.map_or(self.hints.rates.unknown_image_mb * MB, |b| b as f64);
        self.images.borrow_mut().insert(image.to_owned(), bytes);
        bytes
    }

    /// Seconds for `row`: executed (a miss or a cold build) or served from the cache.
    fn seconds(&self, row: &BuiltRow, executed: bool, warm_cache_mounts: bool, remote: bool) -> f64 {
        let rates = &self.hints.rates;
        let text = |onbuild: bool| run_command(self.syntax, row.instruction, onbuild).map(run_text).unwrap_or_default();
        let hint = self.hints.step_bytes.get(&row.instruction).map(|b| *b as f64);
        if !executed {
            // A local hit costs nothing; a `--cache-from` hit downloads its layer.
            if !remote || matches!(row.row, Row::Meta | Row::From(_)) {
                return 0.0;
            }
            let bytes = match &row.work {
                Work::Run { onbuild, .. } => hint.unwrap_or_else(|| remembered_estimate(&text(*onbuild), rates).0),
                Work::Copy { bytes } => hint.or(bytes.map(|b| b as f64)).unwrap_or(MB),
                _ => 0.0,
            };
            return 0.2 + bytes / (rates.download_mb_per_s * MB);
        }
        match &row.work {
            Work::Pull(image) => {
                let bytes = self.image_bytes(image);
                1.0 + bytes / (rates.download_mb_per_s * MB) + 2.5 * bytes / (rates.extract_mb_per_s * MB)
            }
            Work::Run { onbuild, cache_mount } => {
                let (bytes, work) = remembered_estimate(&text(*onbuild), rates);
                let bytes = hint.unwrap_or(bytes);
                let factor = if *cache_mount && warm_cache_mounts { rates.warm_cache_mount_factor } else { 1.0 };
                rates.step_overhead_s + factor * (work + bytes / (rates.package_mb_per_s * MB))
            }
            Work::Copy { bytes } => {
                let bytes = hint.or(bytes.map(|b| b as f64)).unwrap_or(MB);
                0.2 + bytes / (rates.copy_mb_per_s * MB)
            }
            Work::Mkdir => 0.1,
            Work::Nothing => 0.0,
        }
    }
}

/// A scheduled row: (start, seconds, the row it waited for as (stage, row)).
type Slot = (f64, f64, Option<(usize, usize)>);

struct Schedule {
    /// Per stage, per row.
    rows: Vec<Vec<Slot>>,
    finish: Vec<f64>,
}

/// Every step starts when its parent step is done and every stage it copies or mounts from has
/// finished (BuildKit solves the whole graph at once, so independent stages overlap).
fn schedule(model: &Model, build: &Build, seconds: &dyn Fn(&BuiltRow) -> f64) -> Schedule {
    let count = build.stages.len();
    let mut schedule = Schedule { rows: vec![Vec::new(); count], finish: vec![0.0; count] };
    for &index in &model.build_order {
        let Some(stage) = build.stages.get(index).filter(|s| s.built) else {
            continue;
        };
        let last = |s: usize, schedule: &Schedule| Some((s, schedule.rows[s].len().checked_sub(1)?));
        let (mut time, mut previous) = (0.0, None);
        for (position, row) in stage.rows.iter().enumerate() {
            let mut start = time;
            let mut predecessor = previous;
            let mut dependencies: Vec<usize> = row
                .inputs
                .iter()
                .flat_map(|i| &i.members)
                .filter_map(|m| match m.origin {
                    Origin::Stage { stage, .. } => Some(stage),
                    _ => None,
                })
                .collect();
            if let Row::From(FromKind::Stage(parent)) = row.row {
                dependencies.push(parent);
            }
            for dependency in dependencies.into_iter().filter(|d| *d < count && *d != index) {
                let ready = schedule.finish[dependency];
                if ready > start || (ready == start && predecessor.is_none()) {
                    start = ready;
                    predecessor = last(dependency, &schedule);
                }
            }
            let duration = seconds(row);
            schedule.rows[index].push((start, duration, predecessor));
            time = start + duration;
            previous = Some((index, position));
        }
        schedule.finish[index] = time;
    }
    schedule
}

pub(crate) fn timeline(
    syntax: &Syntax,
    model: &Model,
    before: &Build,
    after: &Build,
    steps: &[StepCache],
    source: CacheSource,
    hints: &TimingHints,
) -> Timeline {
    let costs = Costs { syntax, model, hints, images: Default::default() };
    let remote = matches!(source, CacheSource::Remote(_));
    let warm = source == CacheSource::Local;
    let cold = schedule(model, before, &|row| costs.seconds(row, true, false, false));
    let rebuild = schedule(model, after, &|row| costs.seconds(row, !row.hit, warm, remote));
    let end = |s: &Schedule| model.target.and_then(|t| s.finish.get(t).copied()).unwrap_or(0.0);
    let (before_seconds, after_seconds) = (end(&cold), end(&rebuild));

    let status = sorting::collect_map(steps.iter().map(|s| ((s.stage, s.instruction), s.status)));
    let lanes = lanes_of(model, after, &rebuild, &|stage, instruction| {
        status.get(&(stage, instruction)).copied().unwrap_or(CacheStatus::Hit)
    });
    let sequential: f64 = rebuild.rows.iter().flatten().map(|slot| slot.1).sum();
    let before_lanes = lanes_of(model, before, &cold, &|_, _| CacheStatus::Miss);

    let mut critical_path = Vec::new();
    let mut at = model.target.and_then(|t| Some((t, rebuild.rows.get(t)?.len().checked_sub(1)?)));
    let mut guard = 0;
    while let Some((stage, position)) = at {
        guard += 1;
        if guard > 100_000 {
            break;
        }
        let (_, seconds, predecessor) = rebuild.rows[stage][position];
        if seconds > 0.0 {
            let row = &after.stages[stage].rows[position];
            critical_path.push(CriticalStep {
                stage,
                instruction: row.instruction,
                line: row.line,
                seconds: round(seconds),
            });
        }
        at = predecessor;
    }
    critical_path.reverse();

    Timeline {
        lanes,
        before_lanes,
        critical_path,
        before_seconds: round(before_seconds),
        after_seconds: round(after_seconds),
        saved_seconds: round(before_seconds - after_seconds),
        sequential_seconds: round(sequential),
        assumptions: assumptions(&hints.rates),
    }
}

/// One lane per stage `build` built, timed by `schedule`; `status` gives (stage, instruction)'s verdict.
fn lanes_of(
    model: &Model,
    build: &Build,
    schedule: &Schedule,
    status: &dyn Fn(usize, usize) -> CacheStatus,
) -> Vec<Lane> {
    let mut lanes = Vec::new();
    for (index, stage) in build.stages.iter().enumerate().filter(|(_, s)| s.built) {
        let times = &schedule.rows[index];
        let steps = stage
            .rows
            .iter()
            .zip(times)
            .map(|(row, (start, seconds, _))| LaneStep {
                instruction: row.instruction,
                line: row.line,
                keyword: row.keyword,
                status: status(index, row.instruction),
                start_seconds: round(*start),
                seconds: round(*seconds),
            })
            .collect();
        lanes.push(Lane {
            stage: index,
            name: model.stages[index].display_name(),
            start_seconds: round(times.first().map_or(0.0, |t| t.0)),
            end_seconds: round(schedule.finish[index]),
            steps,
        });
    }
    lanes
}

fn assumptions(rates: &Rates) -> Vec<Assumption> {
    let a = |name, value, unit| Assumption { name, value, unit };
    vec![
        a("image pull download", rates.download_mb_per_s, "MB/s"),
        a("layer extraction (uncompressed ≈ 2.5× compressed)", rates.extract_mb_per_s, "MB/s"),
        a("package and module downloads (apt, apk, pip, npm, Go modules)", rates.package_mb_per_s, "MB/s"),
        a("context transfer and COPY", rates.copy_mb_per_s, "MB/s"),
        a("overhead of each executed RUN", rates.step_overhead_s, "s"),
        a("apt-get update", rates.apt_update_s, "s"),
        a("apt package unpack and configure", rates.apt_package_s, "s/package"),
        a("apt package download", rates.apt_package_mb, "MB/package"),
        a("apk package install", rates.apk_package_s, "s/package"),
        a("apk package download", rates.apk_package_mb, "MB/package"),
        a("pip package install", rates.pip_package_s, "s/package"),
        a("pip package download", rates.pip_package_mb, "MB/package"),
        a("packages behind `pip install -r` / poetry", rates.pip_unknown_packages, "packages"),
        a("npm/yarn/pnpm install", rates.npm_install_s, "s"),
        a("npm/yarn/pnpm install download", rates.npm_install_mb, "MB"),
        a("go mod download", rates.go_mod_download_mb, "MB"),
        a("go build of a small service, cold", rates.go_build_s, "s"),
        a("cargo build --release, cold", rates.cargo_build_s, "s"),
        a("mvn package", rates.maven_s, "s"),
        a("gradle build", rates.gradle_s, "s"),
        a("JS bundle build (npm run build, tsc, vite)", rates.node_build_s, "s"),
        a("dotnet restore/build/publish", rates.dotnet_s, "s"),
        a("make / cmake build", rates.make_s, "s"),
        a("curl/wget download", rates.download_tool_mb, "MB"),
        a("unrecognised RUN", rates.run_default_s, "s"),
        a("re-run with a warm cache mount (share of a cold run)", rates.warm_cache_mount_factor, "×"),
        a("base image the size database does not know", rates.unknown_image_mb, "MB compressed"),
        a("parallelism: independent stages run at the same time (unlimited workers)", 1.0, "flag"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Estimates remembered across analyses are the ones made afresh, with the rates asked for.
    #[test]
    fn remembered_estimates_follow_the_rates() {
        let slow = Rates { package_mb_per_s: 1.0, apt_package_s: 30.0, ..Rates::default() };
        let texts = ["apt-get update && apt-get install -y curl git", "npm ci", "go build ./...", "echo hi"];
        for text in texts {
            for rates in [Rates::default(), slow.clone(), Rates::default()] {
                assert_eq!(remembered_estimate(text, &rates), estimate_run(text, &rates), "{text}");
            }
        }
        let install = "apt-get install -y curl";
        assert_ne!(remembered_estimate(install, &slow), remembered_estimate(install, &Rates::default()));
    }
}
