//! A fix's effect is measured, never declared: the fixed text is analysed like any edit and the
//! two reports are compared (bytes the final image loses, steps the what-if no longer rebuilds).
use crate::alternatives::{self, AlternativeBase, Candidate};
use crate::cache::BuildBefore;
use crate::report::{self, measure_build, Input, Report, Simulated};
use crate::rules::{Effect, Finding, Fix};
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

/// A build kept to measure its fixes against, one at a time if need be (the app measures a
/// slice at a time, so that typing never waits): each fixed text's analysis takes over what it
/// shares with this build (its parse, stages, steps and what-if rows).
pub struct Measurer {
    input: Input,
    build: Simulated,
    misses: usize,
    before: BuildBefore,
}

impl Measurer {
    /// Analyses `input`, as far as its fixes' effects compare.
    pub fn new(input: &Input) -> Measurer {
        let (build, misses, before) = report::baseline_build(input);
        Measurer { input: input.clone(), build, misses, before }
    }

    /// The build's findings, effects not measured.
    pub(crate) fn findings(&self) -> Vec<Finding> {
        self.build.findings(&self.input)
    }

    /// Measures the fix of each of `findings` (the build's).
    pub(crate) fn measure(&self, findings: &mut [Finding]) {
        measure(&self.input, findings, self.baseline(), Some(self.previous()));
    }

    /// The effect of `fix`, the fix of one of the build's findings: one more analysis.
    pub fn effect(&self, fix: &Fix) -> Effect {
        effect(&self.input, fix, self.baseline(), Some(self.previous()))
    }

    /// The image on the smaller base `candidate` (see [`alternatives::candidates`]); `report`
    /// is the input's.
    pub fn alternative(&self, report: &Report, candidate: &Candidate) -> Option<AlternativeBase> {
        alternatives::measure_reusing(&self.input, report, candidate, Some(self.previous()))
    }

    fn baseline(&self) -> Baseline<'_> {
        Baseline { image: &self.build.simulation.final_image, misses: self.misses, cache_before: Some(&self.before) }
    }

    fn previous(&self) -> Previous<'_> {
        self.build.previous(&self.input)
    }
}

fn effect(input: &Input, fix: &Fix, baseline: Baseline, original: Option<Previous>) -> Effect {
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
    use super::{effect, Baseline};
    use crate::report::{analyze, Input, Report};
    use crate::rules::{Effect, Fix};

    /// A fix's effect measured from scratch: the fixed text analysed alone.
    fn fresh(input: &Input, report: &Report, fix: &Fix) -> Effect {
        effect(input, fix, Baseline { image: &report.final_image, misses: report.cache.misses, cache_before: None }, None)
    }

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
            for (finding, unmeasured) in measured.iter().zip(&report.findings) {
                let fresh = unmeasured.fix.as_ref().map(|fix| fresh(&input, &report, fix));
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
