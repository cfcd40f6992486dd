//! "The same app on alternative bases": the shipped image's base replaced by smaller images of
//! the size DB (the `-slim` and `-alpine` variants, distroless, `scratch` for a static binary),
//! each measured by analysing the edited Dockerfile like any other edit.
//!
//! A candidate the app would not run on (a RUN on a shell-less base, `apt-get` on Alpine, a
//! named user `scratch` does not have, a dynamic binary without a C library) is kept only as a
//! flagged entry whose `breaks` say why.
use serde::Serialize;

use crate::report::{final_image, final_image_on_base, Input, Report, StageSummary};
use crate::rules::{Applicability, Edit, Fix};
use crate::script;
use crate::simulate::Previous;
use crate::sizes::{db, ImageEntry, Libc, PackageManager};
use crate::sorting;
use crate::syntax::{self, Instruction, Keyword, Syntax};

/// How many alternatives are measured (one analysis each) and shown.
const SHOWN: usize = 5;
/// Below this compressed saving a different base is not worth the change.
const MIN_SAVING_BYTES: i64 = 1_000_000;
/// Toolchains the app runs on: an alternative must ship the same one.
const RUNTIMES: &[&str] = &["python", "node", "java", "ruby", "php", "nginx", "dotnet", "httpd", "postgres", "redis", "mysql", "mariadb"];
/// Toolchains the app is built with: needed only when the shipped stage still builds (RUN).
const BUILD_TOOLCHAINS: &[&str] = &["go", "rustc", "cargo", "javac", "maven", "gradle"];
/// Settings a shipping stage keeps when a single-stage build is split in two.
const RUNTIME_SETTINGS: &[Keyword] =
    &[Keyword::Workdir, Keyword::Env, Keyword::Expose, Keyword::User, Keyword::Label, Keyword::Stopsignal, Keyword::Entrypoint, Keyword::Cmd];

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlternativeBase {
    /// The image written into FROM, e.g. `node:22-slim`.
    pub reference: String,
    /// The final image on this base (the edited Dockerfile analysed).
    pub uncompressed_bytes: u64,
    pub compressed_bytes: u64,
    /// Positive: smaller than the current image.
    pub uncompressed_bytes_saved: i64,
    pub compressed_bytes_saved: i64,
    /// Why the app would not build or run on this base; empty when it should.
    pub breaks: Vec<String>,
    /// What to check before switching (another runtime version, no CA certificates, musl…).
    pub caveats: Vec<String>,
    /// Where the base's size comes from, with its date.
    pub source: String,
    /// How its sizes were estimated, when they were.
    pub notes: Vec<String>,
    /// Replaces the base in FROM.
    pub fix: Fix,
}

/// What the shipped stages ask of their base image.
#[derive(Default)]
struct Needs {
    /// Why a shell is needed, e.g. "RUN (line 4)".
    shell: Option<String>,
    /// Why a shell is needed when the container runs (shell-form CMD, ENTRYPOINT, HEALTHCHECK).
    shell_at_run_time: Option<String>,
    /// Statically linked binaries the shipped stages build themselves.
    built_static_binaries: Vec<String>,
    package_manager: Option<(PackageManager, String)>,
    /// A toolchain the shipped stages use and its version, e.g. ("python", "3.12.13").
    toolchains: Vec<(&'static str, Option<&'static str>)>,
    /// A named USER nothing in the shipped stages creates, with its line.
    user: Option<(String, usize)>,
    /// Only copies of statically linked binaries: no C library needed.
    static_binary: bool,
    /// Something built elsewhere is copied in (a binary linked against the current libc).
    copies_from_stages: bool,
}

/// A base to measure: what it would break or change, and the edit that switches to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub reference: String,
    pub breaks: Vec<String>,
    pub caveats: Vec<String>,
    pub source: String,
    pub fix: Fix,
    /// The stage whose FROM image the fix replaces, when that is all it does (a split build
    /// adds a stage): the build is then measured without parsing the edited text.
    pub replaces_base_of: Option<usize>,
}

/// The alternatives for the image `report` describes (the analysis of `input`): one analysis
/// per candidate. The app runs [`candidates`], [`crate::effects::Measurer::alternative`] and
/// [`rank`] a slice at a time.
pub fn alternatives(input: &Input, report: &Report) -> Vec<AlternativeBase> {
    alternatives_reusing(input, report, None)
}

/// [`alternatives`], each candidate taking over from `original` (the simulation `report` was
/// made from) the stages the base change leaves alone.
pub(crate) fn alternatives_reusing(input: &Input, report: &Report, original: Option<Previous>) -> Vec<AlternativeBase> {
    let candidates = candidates_in(input, report, original.map(|o| o.build.syntax));
    rank(candidates.iter().filter_map(|candidate| measure_reusing(input, report, candidate, original)).collect())
}

/// The smaller bases worth measuring, with what they would break (cheap: no analysis).
pub fn candidates(input: &Input, report: &Report) -> Vec<Candidate> {
    candidates_in(input, report, None)
}

/// [`candidates`]; `parsed` is the input's syntax when it is at hand.
fn candidates_in(input: &Input, report: &Report, parsed: Option<&Syntax>) -> Vec<Candidate> {
    let Some(root) = shipped_root(report) else { return Vec::new() };
    if root.base_kind != "image" {
        return Vec::new();
    }
    let platform = &report.model.target_platform;
    let Some(current) = crate::sizes::image_entry(&root.base, platform) else { return Vec::new() };
    let Some(current_bytes) = current.compressed_bytes else { return Vec::new() };
    let reparsed;
    let syntax = match parsed {
        Some(syntax) => syntax,
        None => {
            reparsed = syntax::parse(&input.dockerfile);
            &reparsed
        }
    };
    let Some(from_word) = from_instruction(syntax, root.line).and_then(|from| from.command.args.first()) else {
        return Vec::new();
    };
    let needs = needs(syntax, report, current);

    let mut candidates: Vec<(&ImageEntry, Vec<String>, Vec<String>)> = Vec::new();
    for candidate in &db().images {
        let smaller = candidate.compressed_bytes.is_some_and(|bytes| bytes < current_bytes);
        let same_platform = candidate.platform == current.platform || candidate.platform == "any";
        if !smaller || !same_platform || candidate.tag.contains("debug") || !related(candidate, current, &needs) {
            continue;
        }
        let Some(caveats) = toolchain_caveats(candidate, &needs) else { continue };
        let breaks = breaks(candidate, current, &needs);
        let caveats: Vec<String> = caveats.into_iter().chain(compatibility_caveats(candidate, current, &needs)).collect();
        // One per image variant (`:latest` and `:nonroot` of distroless weigh the same).
        match candidates.iter_mut().find(|(other, ..)| same_variant(other, candidate)) {
            Some(slot) if better(candidate, &breaks, &caveats, slot, &needs) => *slot = (candidate, breaks, caveats),
            Some(_) => {}
            None => candidates.push((candidate, breaks, caveats)),
        }
    }
    sorting::sort_by_key(&mut candidates, |(entry, breaks, _)| (!breaks.is_empty(), entry.compressed_bytes));
    candidates.truncate(SHOWN + 2);
    let split = split_build(input, report, syntax, root, current, &needs);
    candidates
        .into_iter()
        .map(|(entry, breaks, caveats)| {
            let reference = if entry.repository == "scratch" { "scratch".to_owned() } else { entry.reference() };
            let fix = Fix {
                title: format!("Use {reference} as the base"),
                applicability: Applicability::ManualWithPreview,
                edits: vec![Edit::replace(from_word.span, reference.clone())],
            };
            let source = format!("{} ({})", entry.source.citation(), entry.source.date);
            Candidate { reference, breaks, caveats, source, fix, replaces_base_of: Some(root.index) }
        })
        .chain(split)
        .collect()
}

/// A single-stage build of a static binary: the same build as a first stage, and a second one
/// that ships only the binary on distroless static or scratch (the Go story: ~1 GB → ~10 MB).
fn split_build(input: &Input, report: &Report, syntax: &Syntax, root: &StageSummary, current: &ImageEntry, needs: &Needs) -> Vec<Candidate> {
    let target_is_root = report.stages.iter().any(|s| s.is_target && s.index == root.index);
    let Some(from) = from_instruction(syntax, root.line) else { return Vec::new() };
    if !target_is_root || needs.built_static_binaries.is_empty() {
        return Vec::new();
    }
    let args = &from.command.args;
    let (name, name_edit) = match args.get(1).zip(args.get(2)) {
        Some((as_word, name)) if as_word.value.eq_ignore_ascii_case("as") => (name.value.clone(), None),
        _ => ("build".to_owned(), Some(Edit::insert(args[0].span.end, " AS build"))),
    };
    let settings: Vec<&str> = syntax
        .instructions
        .iter()
        .filter(|i| i.start_line > root.line && RUNTIME_SETTINGS.contains(&i.command.keyword))
        .filter(|i| report.steps.iter().any(|s| s.line == i.start_line && s.stage_index == root.index))
        .map(|i| syntax.text(i.span).trim_end())
        .collect();
    let copies: String = needs.built_static_binaries.iter().map(|path| format!("COPY --from={name} {path} {path}\n")).collect();
    let separator = if input.dockerfile.ends_with('\n') { "\n" } else { "\n\n" };
    let shipping_needs = Needs {
        shell: needs.shell_at_run_time.clone(),
        user: needs.user.clone(),
        static_binary: true,
        copies_from_stages: true,
        ..Needs::default()
    };
    ["gcr.io/distroless/static-debian12", "scratch"]
        .into_iter()
        .filter_map(|reference| {
            let entry = crate::sizes::image_entry(reference, current.platform)?;
            let mut caveats = vec![format!("a second stage ships only {}: files it reads at run time must be copied too", needs.built_static_binaries.join(", "))];
            caveats.extend(compatibility_caveats(entry, current, &shipping_needs));
            let shipped = format!("{separator}# Ship only the binary.\nFROM {reference}\n{copies}{}", settings.iter().map(|s| format!("{s}\n")).collect::<String>());
            let mut edits: Vec<Edit> = name_edit.iter().cloned().collect();
            edits.push(Edit::insert(input.dockerfile.len(), shipped));
            Some(Candidate {
                reference: reference.to_owned(),
                breaks: breaks(entry, current, &shipping_needs),
                caveats,
                source: format!("{} ({})", entry.source.citation(), entry.source.date),
                fix: Fix { title: format!("Ship only the binary on {reference}"), applicability: Applicability::ManualWithPreview, edits },
                replaces_base_of: None,
            })
        })
        .collect()
}

/// The final image on `candidate`: one analysis of the edited Dockerfile, taking over from
/// `original` what it shares with it. `None` when the saving is too small to be worth a
/// different base.
pub(crate) fn measure_reusing(input: &Input, report: &Report, candidate: &Candidate, original: Option<Previous>) -> Option<AlternativeBase> {
    let edited = candidate.fix.apply(&input.dockerfile);
    let on_base = original
        .zip(candidate.replaces_base_of)
        .and_then(|(original, stage)| final_image_on_base(original, stage, &candidate.reference, edited.len()));
    let image = on_base.unwrap_or_else(|| final_image(&input.edited(edited), original));
    let saved = |before: u64, after: u64| before as i64 - after as i64;
    let compressed_bytes_saved = saved(report.final_image.compressed_bytes, image.compressed_bytes);
    (compressed_bytes_saved >= MIN_SAVING_BYTES).then(|| AlternativeBase {
        reference: candidate.reference.clone(),
        uncompressed_bytes: image.uncompressed_bytes,
        compressed_bytes: image.compressed_bytes,
        uncompressed_bytes_saved: saved(report.final_image.uncompressed_bytes, image.uncompressed_bytes),
        compressed_bytes_saved,
        breaks: candidate.breaks.clone(),
        caveats: candidate.caveats.clone(),
        source: candidate.source.clone(),
        notes: image.base.notes,
        fix: candidate.fix.clone(),
    })
}

/// The ones that work first, smallest first; at most [`SHOWN`].
pub fn rank(mut measured: Vec<AlternativeBase>) -> Vec<AlternativeBase> {
    sorting::sort_by_key(&mut measured, |a| (!a.breaks.is_empty(), a.compressed_bytes));
    measured.truncate(SHOWN);
    measured
}

/// The stage whose FROM names the shipped image's base: the target, or the stage it derives from.
fn shipped_root(report: &Report) -> Option<&StageSummary> {
    let mut stage = report.stages.iter().find(|s| s.is_target)?;
    for _ in 0..report.stages.len() {
        if stage.base_kind != "stage" {
            return Some(stage);
        }
        stage = report.stages.iter().find(|s| s.name == stage.base && s.index < stage.index)?;
    }
    None
}

fn from_instruction(syntax: &Syntax, line: usize) -> Option<&Instruction> {
    syntax.instructions.iter().map(|i| &**i).find(|i| i.start_line == line && i.is(Keyword::From))
}

/// The stages whose layers are in the image: the target and the stages it derives from.
fn shipped_stages(report: &Report) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut stage = report.stages.iter().find(|s| s.is_target);
    while let Some(current) = stage.filter(|s| !chain.contains(&s.index)) {
        chain.push(current.index);
        stage = (current.base_kind == "stage").then(|| report.stages.iter().find(|s| s.name == current.base)).flatten();
    }
    chain
}

fn needs(syntax: &Syntax, report: &Report, current: &ImageEntry) -> Needs {
    let chain = shipped_stages(report);
    let mut needs = Needs::default();
    let mut runs = false;
    let mut created_users: Vec<String> = Vec::new();
    for step in report.steps.iter().filter(|s| chain.contains(&s.stage_index)) {
        let Some(instruction) = syntax.instructions.iter().find(|i| i.start_line == step.line) else { continue };
        let keyword = instruction.command.keyword;
        let place = format!("{} (line {})", instruction.command.name.to_uppercase(), step.line);
        match keyword {
            Keyword::Run => {
                runs = true;
                needs.shell.get_or_insert(place.clone());
                let script = instruction.command.arg_values().collect::<Vec<_>>().join(" ");
                for command in script::commands(&script) {
                    let manager = match command.program() {
                        Some("apt-get" | "apt" | "dpkg") => PackageManager::Apt,
                        Some("apk") => PackageManager::Apk,
                        Some("dnf") => PackageManager::Dnf,
                        Some("microdnf") => PackageManager::Microdnf,
                        Some("yum") => PackageManager::Yum,
                        Some("useradd" | "adduser") => {
                            created_users.extend(command.arguments().last().cloned());
                            continue;
                        }
                        _ => continue,
                    };
                    needs.package_manager.get_or_insert((manager, place.clone()));
                }
            }
            Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck if !instruction.command.json => {
                needs.shell.get_or_insert(format!("shell-form {place}"));
                needs.shell_at_run_time.get_or_insert(format!("shell-form {place}"));
            }
            Keyword::User => {
                let name = instruction.command.arg_values().next().unwrap_or("").split(':').next().unwrap_or("").to_owned();
                let numeric = name.chars().all(|c| c.is_ascii_digit());
                if !numeric && name != "root" && !name.contains('$') {
                    needs.user = Some((name, step.line));
                }
            }
            Keyword::Copy | Keyword::Add if instruction.command.flag("from").is_some() => needs.copies_from_stages = true,
            _ => {}
        }
    }
    if needs.user.as_ref().is_some_and(|(name, _)| created_users.contains(name)) {
        needs.user = None;
    }
    needs.built_static_binaries = report
        .steps
        .iter()
        .filter(|s| chain.contains(&s.stage_index))
        .flat_map(|s| &s.go_binaries)
        .filter(|b| b.static_linked)
        .map(|b| b.path.clone())
        .collect();
    let binaries = report.steps.iter().flat_map(|s| &s.go_binaries);
    needs.static_binary = !runs && needs.copies_from_stages && binaries.clone().next().is_some() && binaries.clone().all(|b| b.static_linked);
    needs.toolchains = current
        .toolchains
        .iter()
        .filter(|t| RUNTIMES.contains(&t.name) || (runs && BUILD_TOOLCHAINS.contains(&t.name)))
        .map(|t| (t.name, t.version))
        .collect();
    needs
}

/// Same repository (its -slim/-alpine variants), same distribution, distroless, scratch, or
/// alpine for a plain distribution base.
fn related(candidate: &ImageEntry, current: &ImageEntry, needs: &Needs) -> bool {
    candidate.repository == current.repository
        || candidate.profile.os_family == current.profile.os_family
        || candidate.repository.starts_with("gcr.io/distroless/")
        || (candidate.repository == "scratch" && needs.static_binary)
        || (candidate.repository == "alpine" && needs.toolchains.is_empty())
}

/// `None` when the candidate lacks a toolchain the app uses; otherwise version caveats.
fn toolchain_caveats(candidate: &ImageEntry, needs: &Needs) -> Option<Vec<String>> {
    let mut caveats = Vec::new();
    for (name, version) in &needs.toolchains {
        let theirs = candidate.toolchain(name)?;
        if let (Some(ours), Some(their_version)) = (version, theirs.version) {
            if !same_release(ours, their_version) {
                caveats.push(format!("{name} {their_version} instead of {ours}"));
            }
        }
    }
    Some(caveats)
}

/// `3.12.13` and `3.12` are the same release; `3.11` is not (compares up to major.minor).
fn same_release(a: &str, b: &str) -> bool {
    let parts = |v: &str| v.split(['.', '+', '_']).take(2).map(str::to_owned).collect::<Vec<_>>();
    let (a, b) = (parts(a), parts(b));
    let shared = a.len().min(b.len());
    a[..shared] == b[..shared]
}

fn breaks(candidate: &ImageEntry, current: &ImageEntry, needs: &Needs) -> Vec<String> {
    let profile = candidate.profile;
    let mut breaks = Vec::new();
    if let (Some(place), None) = (&needs.shell, profile.shell) {
        breaks.push(format!("{place} needs a shell; this image has none"));
    }
    if let Some((manager, place)) = &needs.package_manager {
        if profile.package_manager != *manager {
            breaks.push(format!("{place} uses {}; this image has {}", manager_name(*manager), manager_name(profile.package_manager)));
        }
    }
    if let Some((user, line)) = &needs.user {
        let has_user = match user.as_str() {
            "nonroot" => profile.name.starts_with("distroless"),
            _ => candidate.repository != "scratch",
        };
        if !has_user {
            breaks.push(format!("USER {user} (line {line}): this image has no such user; use a numeric UID"));
        }
    }
    if profile.libc == Libc::None && current.profile.libc != Libc::None && !needs.static_binary {
        breaks.push("no C library: only a statically linked binary runs here".to_owned());
    } else if needs.copies_from_stages && !needs.static_binary && needs.toolchains.is_empty() && is_libc_change(candidate, current) {
        breaks.push(format!("binaries linked against {} do not run on {}", libc_name(current.profile.libc), libc_name(profile.libc)));
    }
    breaks
}

fn compatibility_caveats(candidate: &ImageEntry, current: &ImageEntry, needs: &Needs) -> Vec<String> {
    let profile = candidate.profile;
    let mut caveats = Vec::new();
    if !needs.toolchains.is_empty() && is_libc_change(candidate, current) {
        caveats.push(format!("{} instead of {}: native modules and wheels must be built for it", libc_name(profile.libc), libc_name(current.profile.libc)));
    }
    if current.profile.ca_certs == crate::sizes::Presence::Yes && profile.ca_certs == crate::sizes::Presence::No {
        caveats.push("no CA certificates: HTTPS calls fail unless you copy /etc/ssl/certs".to_owned());
    }
    if profile.default_user != current.profile.default_user && needs.user.is_none() {
        caveats.push(format!("runs as {} by default", profile.default_user));
    }
    caveats
}

fn is_libc_change(candidate: &ImageEntry, current: &ImageEntry) -> bool {
    candidate.profile.libc != current.profile.libc && candidate.profile.libc != Libc::None
}

fn libc_name(libc: Libc) -> &'static str {
    match libc {
        Libc::Glibc => "glibc",
        Libc::Musl => "musl",
        Libc::Uclibc => "uClibc",
        Libc::None => "no C library",
    }
}

fn manager_name(manager: PackageManager) -> &'static str {
    match manager {
        PackageManager::Apt => "apt",
        PackageManager::Apk => "apk",
        PackageManager::Dnf => "dnf",
        PackageManager::Microdnf => "microdnf",
        PackageManager::Yum => "yum",
        PackageManager::None => "no package manager",
    }
}

/// One entry per kind of image for the reader: `:latest` and `:nonroot`, two releases of
/// alpine, or distroless `base`, `base-nossl` and `cc` (one profile) are one variant.
fn same_variant(a: &ImageEntry, b: &ImageEntry) -> bool {
    let family = |e: &ImageEntry| if e.repository.starts_with("gcr.io/distroless/") { "distroless" } else { e.repository };
    family(a) == family(b) && a.profile.name.trim_end_matches("-nonroot") == b.profile.name.trim_end_matches("-nonroot")
}

/// Prefers a candidate that works, then the app's runtime version, then the user the app
/// asks for (`nonroot` tags for `USER nonroot`), then the current release (`latest`), then the
/// smaller image.
fn better(candidate: &ImageEntry, breaks: &[String], caveats: &[String], slot: &(&ImageEntry, Vec<String>, Vec<String>), needs: &Needs) -> bool {
    let wants_nonroot = needs.user.as_ref().is_some_and(|(user, _)| user == "nonroot");
    let rank = |entry: &ImageEntry, breaks: &[String], caveats: &[String]| {
        let latest = entry.tag == "latest" || entry.aliases.contains(&"latest");
        (breaks.len(), caveats.len(), entry.tag.contains("nonroot") != wants_nonroot, !latest, entry.compressed_bytes)
    };
    rank(candidate, breaks, caveats) < rank(slot.0, &slot.1, &slot.2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{analyze, simulated_with};

    fn alternatives_of(dockerfile: &str) -> Vec<AlternativeBase> {
        analyze(&Input { dockerfile: dockerfile.into(), ..Default::default() }).alternatives
    }

    fn find<'a>(list: &'a [AlternativeBase], reference: &str) -> &'a AlternativeBase {
        list.iter().find(|a| a.reference == reference).unwrap_or_else(|| panic!("{reference} in {:?}", list.iter().map(|a| &a.reference).collect::<Vec<_>>()))
    }

    const GO_EXAMPLE: &str = "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.23\n\nFROM golang:${GO_VERSION}-bookworm AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/server ./cmd/server\n\n\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /server\nUSER nonroot:nonroot\nEXPOSE 8080\nENTRYPOINT [\"/server\"]\n";
    const GO_ON_DEBIAN: &str = "FROM golang:1.23-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM debian:bookworm-slim\nCOPY --from=build /out/server /server\nENTRYPOINT [\"/server\"]\n";

    #[test]
    fn a_static_go_binary_can_ship_on_distroless_static_or_scratch() {
        let list = alternatives_of(GO_ON_DEBIAN);
        let distroless = find(&list, "gcr.io/distroless/static-debian12:latest");
        let scratch = find(&list, "scratch");
        let current = analyze(&Input { dockerfile: GO_ON_DEBIAN.into(), skip_effects: true, ..Default::default() }).final_image;
        for alternative in [distroless, scratch] {
            assert!(alternative.breaks.is_empty(), "{alternative:?}");
            // debian:bookworm-slim is ~28 MB compressed, distroless static ~2 MB.
            assert!(alternative.compressed_bytes_saved > 20_000_000, "{alternative:?}");
            assert_eq!(alternative.compressed_bytes as i64 + alternative.compressed_bytes_saved, current.compressed_bytes as i64);
        }
        assert!(scratch.compressed_bytes < distroless.compressed_bytes);
        assert!(find(&list, "alpine:3.24").breaks.is_empty(), "the current alpine release, musl is fine for a static binary");
        // The edit replaces exactly the shipped stage's base.
        let edited = scratch.fix.apply(GO_ON_DEBIAN);
        assert_eq!(edited, GO_ON_DEBIAN.replace("FROM debian:bookworm-slim", "FROM scratch"));
        let after = analyze(&Input { dockerfile: edited, skip_effects: true, ..Default::default() });
        assert_eq!(after.final_image.compressed_bytes, scratch.compressed_bytes);
    }

    #[test]
    fn the_go_example_could_drop_distroless_but_scratch_has_no_nonroot_user() {
        let list = alternatives_of(GO_EXAMPLE);
        assert_eq!(list.len(), 1, "distroless static is already the smallest base but scratch: {list:?}");
        let scratch = find(&list, "scratch");
        assert_eq!(scratch.breaks, ["USER nonroot (line 15): this image has no such user; use a numeric UID"]);
        assert!(scratch.caveats.iter().any(|c| c.contains("CA certificates")), "{:?}", scratch.caveats);
        // distroless static is ~2 MB compressed: what scratch saves.
        assert!((2_000_000..2_200_000).contains(&scratch.compressed_bytes_saved), "{scratch:?}");
    }

    #[test]
    fn a_python_app_gets_the_slim_variant_and_alpine_is_flagged_for_apt() {
        let dockerfile = "FROM python:3.12\nRUN apt-get update && apt-get install -y libpq5\nWORKDIR /app\nCOPY . .\nRUN pip install flask\nCMD [\"python\", \"app.py\"]\n";
        let list = alternatives_of(dockerfile);
        let slim = find(&list, "python:3.12-slim");
        assert!(slim.breaks.is_empty() && slim.caveats.is_empty(), "{slim:?}");
        assert!(slim.compressed_bytes_saved > 300_000_000, "python:3.12 is ~411 MB compressed, -slim ~43 MB: {slim:?}");
        let alpine = find(&list, "python:3.12-alpine");
        assert!(alpine.breaks.iter().any(|b| b.contains("apt")), "{alpine:?}");
        assert!(list.iter().all(|a| a.reference.starts_with("python:") || a.reference.contains("python3")), "only images with python");
        assert!(list.first().is_some_and(|a| a.breaks.is_empty()), "working alternatives first");
    }

    #[test]
    fn shell_form_commands_rule_out_shell_less_bases() {
        let list = alternatives_of("FROM node:22\nWORKDIR /app\nCOPY . .\nCMD npm start\n");
        assert!(find(&list, "node:22-slim").breaks.is_empty());
        let distroless = find(&list, "gcr.io/distroless/nodejs22-debian12:latest");
        assert!(distroless.breaks.iter().any(|b| b.contains("shell-form CMD (line 4)")), "{distroless:?}");
    }

    #[test]
    fn a_single_stage_go_build_can_ship_only_its_binary() {
        let dockerfile = "FROM golang:1.23-bookworm\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\nEXPOSE 8080\nENTRYPOINT [\"/out/server\"]\n";
        let list = alternatives_of(dockerfile);
        let distroless = find(&list, "gcr.io/distroless/static-debian12");
        let scratch = find(&list, "scratch");
        for alternative in [distroless, scratch] {
            assert!(alternative.breaks.is_empty(), "{alternative:?}");
            // golang:1-bookworm is ~297 MB compressed: only the binary and the small base remain.
            assert!(alternative.compressed_bytes_saved > 250_000_000, "{alternative:?}");
            assert!(alternative.compressed_bytes < 15_000_000, "{alternative:?}");
        }
        let edited = scratch.fix.apply(dockerfile);
        assert_eq!(
            edited,
            dockerfile.replace("FROM golang:1.23-bookworm\n", "FROM golang:1.23-bookworm AS build\n").to_owned()
                + "\n# Ship only the binary.\nFROM scratch\nCOPY --from=build /out/server /out/server\nWORKDIR /src\nEXPOSE 8080\nENTRYPOINT [\"/out/server\"]\n"
        );
        let after = analyze(&Input { dockerfile: edited, skip_effects: true, ..Default::default() });
        assert!(after.diagnostics.is_empty(), "{:?}", after.diagnostics);
        assert_eq!(after.final_image.compressed_bytes, scratch.compressed_bytes);
        assert!(list.iter().any(|a| a.reference.starts_with("golang:") && a.reference.contains("alpine")), "the same toolchain on alpine");
    }

    #[test]
    fn keystrokes_skip_them_and_scratch_has_none() {
        let input = Input { dockerfile: GO_ON_DEBIAN.into(), skip_effects: true, ..Default::default() };
        assert!(analyze(&input).alternatives.is_empty());
        assert!(alternatives_of("FROM scratch\nCOPY app /app\n").is_empty());
    }

    /// How many candidates that only replace a FROM image measure the same final image as the
    /// analysis of the edited text (and panics at the first that does not).
    fn measured_both_ways(input: &Input) -> usize {
        let report = analyze(&Input { skip_effects: true, ..input.clone() });
        let simulated = simulated_with(input, None, crate::simulate::Keep::ResumePoints);
        let original = simulated.previous(input);
        let candidates = candidates_in(input, &report, Some(&simulated.syntax));
        for candidate in candidates.iter().filter(|c| c.replaces_base_of.is_some()) {
            let edited = candidate.fix.apply(&input.dockerfile);
            let on_base = candidate.replaces_base_of.and_then(|stage| final_image_on_base(original, stage, &candidate.reference, edited.len()));
            assert_eq!(on_base, Some(final_image(&input.edited(edited), None)), "{} in\n{}", candidate.reference, input.dockerfile);
        }
        // What the app measures a slice at a time, taking over from the build it keeps.
        let measurer = crate::effects::Measurer::new(input);
        for candidate in &candidates {
            let fresh = measure_reusing(input, &report, candidate, None);
            assert_eq!(measurer.alternative(&report, candidate), fresh, "{} in\n{}", candidate.reference, input.dockerfile);
        }
        candidates.iter().filter(|c| c.replaces_base_of.is_some()).count()
    }

    #[test]
    fn a_replaced_base_measures_as_the_edited_text() {
        let derived = "FROM python:3.12 AS base\nCOPY . /app\nRUN pip install flask\nFROM base\nRUN apt-get update && apt-get install -y curl\nCMD [\"python\"]\n";
        let mut measured = 0;
        for text in [GO_ON_DEBIAN, GO_EXAMPLE, derived] {
            for context in [None, Some("requirements.txt 1k\napp.py 5k\nDockerfile 1k\n".to_owned())] {
                measured += measured_both_ways(&Input { dockerfile: text.into(), context, ..Default::default() });
            }
        }
        assert!(measured > 6, "{measured}");
        let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else { continue };
            measured += measured_both_ways(&Input { dockerfile: text, ..Default::default() });
        }
        println!("{measured} alternatives measured both ways");
    }

    #[test]
    fn releases_compare_up_to_major_minor() {
        assert!(same_release("3.12.13", "3.12"));
        assert!(same_release("21.0.12+8", "21"));
        assert!(!same_release("3.12.13", "3.11"));
    }
}
