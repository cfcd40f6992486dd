//! A fix's effect is measured, never declared: the fixed text is analysed like any edit and the
//! two reports are compared (bytes the final image loses, steps the what-if no longer rebuilds).
use crate::cache::BuildBefore;
use crate::report::{measure_build, Input, Report};
use crate::rules::{Effect, Finding};
use crate::simulate::{FinalImage, Previous};

/// What a fixed build is compared with: the build's final image and how many steps its
/// what-if rebuild misses (and the what-if's build before the change, which the fixed builds
/// repeat up to their edit).
#[derive(Clone, Copy)]
pub(crate) struct Baseline<'a> {
    pub image: &'a FinalImage,
    pub misses: usize,
    pub cache_before: Option<&'a BuildBefore>,
}

/// Measures every fix; `original` (the simulation the findings were made from) lends the fixed
/// builds the stages they share with it.
pub(crate) fn measure(input: &Input, findings: &mut [Finding], baseline: Baseline, original: Option<Previous>) {
    for finding in findings.iter_mut() {
        finding.effect = finding.fix.as_ref().map(|fix| effect(input, fix, baseline, original));
    }
}

/// The effect of the fix of `report.findings[index]` (None without a fix): one more analysis.
/// The app measures findings one slice at a time so that a long file never blocks typing.
pub fn effect_of(input: &Input, report: &Report, index: usize) -> Option<Effect> {
    let fix = report.findings.get(index)?.fix.as_ref()?;
    let baseline = Baseline { image: &report.final_image, misses: report.cache.misses, cache_before: None };
    Some(effect(input, fix, baseline, None))
}

fn effect(input: &Input, fix: &crate::rules::Fix, baseline: Baseline, original: Option<Previous>) -> Effect {
    let fixed = input.edited(fix.apply(&input.dockerfile));
    let (image, misses) = measure_build(&fixed, original, baseline.cache_before);
    let saved = |b: u64, a: u64| b as i64 - a as i64;
    Effect {
        uncompressed_bytes_saved: saved(baseline.image.uncompressed_bytes, image.uncompressed_bytes),
        compressed_bytes_saved: saved(baseline.image.compressed_bytes, image.compressed_bytes),
        steps_no_longer_rebuilt: baseline.misses as i64 - misses as i64,
    }
}

#[cfg(test)]
mod tests {
    use crate::report::{analyze, Input};

    #[test]
    fn removing_apt_lists_is_measured_in_the_final_image() {
        let dockerfile = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCMD [\"curl\"]\n";
        let report = analyze(&Input { dockerfile: dockerfile.into(), ..Default::default() });
        let finding = report.findings.iter().find(|f| f.aliases.iter().any(|a| a.code == "DL3009")).expect("DL3009 fires");
        let effect = finding.effect.as_ref().expect("a fix has a measured effect");
        // The apt lists left behind are ~19.9 MB in the database: the fix must save about that.
        assert!(effect.uncompressed_bytes_saved > 15_000_000, "{effect:?}");
        assert!(effect.compressed_bytes_saved > 0, "{effect:?}");
    }

    /// Catalog candidates SZ-06 and SZ-07: the recommends and pip-cache findings carry a size
    /// measured by the simulation, not a quoted range.
    #[test]
    fn recommends_and_pip_cache_are_measured() {
        let dockerfile = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*\nRUN pip install --break-system-packages flask\n";
        let report = analyze(&Input { dockerfile: dockerfile.into(), ..Default::default() });
        for code in ["DL3015", "DL3042"] {
            let finding = report.findings.iter().find(|f| f.aliases.iter().any(|a| a.code == code)).unwrap_or_else(|| panic!("{code} fires"));
            let effect = finding.effect.as_ref().expect("measured");
            assert!(effect.uncompressed_bytes_saved > 100_000, "{code}: {effect:?}");
            println!("{code}: {effect:?}");
        }
    }

    /// `layerlab check` takes the findings without the smaller bases: the same findings, effects included.
    #[test]
    fn findings_alone_are_the_reports_findings() {
        let dockerfile = "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n";
        let input = Input { dockerfile: dockerfile.into(), ..Default::default() };
        let report = analyze(&input);
        assert!(!report.alternatives.is_empty() && report.findings.iter().any(|f| f.effect.is_some()));
        let findings = crate::report::findings(&input);
        assert_eq!(serde_json::to_string(&findings).unwrap(), serde_json::to_string(&report.findings).unwrap());
    }

    /// What the effects take over from the original build (its parse, stages, steps, cache rows)
    /// changes no effect: for every fix of the corpus, the effect `layerlab check` measures is
    /// the one a fresh analysis of the fixed text gives.
    #[test]
    fn effects_taken_over_are_fresh_ones() {
        let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
        let mut fixes = 0;
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else { continue };
            let input = Input { dockerfile: text, ..Default::default() };
            let measured = crate::report::findings(&input);
            let report = crate::report::analyze_without_effects(&input);
            assert_eq!(measured.len(), report.findings.len(), "{}", file.display());
            for (index, finding) in measured.iter().enumerate() {
                let fresh = super::effect_of(&input, &report, index);
                assert_eq!(finding.effect, fresh, "{} {} line {}", file.display(), finding.code, finding.line);
                fixes += usize::from(fresh.is_some());
            }
        }
        assert!(fixes > 1000, "{fixes} fixes measured");
    }

    #[test]
    fn skip_effects_leaves_them_unmeasured() {
        let dockerfile = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";
        let report = analyze(&Input { dockerfile: dockerfile.into(), skip_effects: true, ..Default::default() });
        assert!(report.findings.iter().all(|f| f.effect.is_none()));
    }
}
