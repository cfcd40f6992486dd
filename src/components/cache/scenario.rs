//! The what-if choice as the Cache panel shows it, read from and written to the engine's
//! `Input.scenario` / `Input.changed` (the CLI's `--scenario` / `--changed`, see
//! `cache::Scenario::from_cli`).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    EditSource,
    ChangeDeps,
    BuildArg,
    NewBase,
    CleanCi,
    CiInline,
    CiMax,
    Nothing,
    /// A scenario the picker does not offer (e.g. `touch=PATH` from a shared link): kept as is.
    Other,
}

impl Kind {
    pub const OFFERED: [Kind; 8] = [
        Kind::EditSource,
        Kind::ChangeDeps,
        Kind::BuildArg,
        Kind::NewBase,
        Kind::CleanCi,
        Kind::CiInline,
        Kind::CiMax,
        Kind::Nothing,
    ];

    /// The CLI's scenario name.
    pub fn id(self) -> &'static str {
        match self {
            Kind::EditSource => "edit-source",
            Kind::ChangeDeps => "change-deps",
            Kind::BuildArg => "build-arg",
            Kind::NewBase => "new-base",
            Kind::CleanCi => "clean-ci",
            Kind::CiInline => "ci-inline",
            Kind::CiMax => "ci-max",
            Kind::Nothing => "nothing",
            Kind::Other => "other",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Kind::EditSource => "Edit a source file",
            Kind::ChangeDeps => "Change dependencies",
            Kind::BuildArg => "Bump a build arg",
            Kind::NewBase => "New base image digest",
            Kind::CleanCi => "Clean CI runner",
            Kind::CiInline => "CI with --cache-from (inline)",
            Kind::CiMax => "CI with --cache-from (mode=max)",
            Kind::Nothing => "Nothing changed",
            Kind::Other => "Other",
        }
    }

    pub fn from_id(id: &str) -> Kind {
        match id {
            "edit-source" => Kind::EditSource,
            "change-deps" | "change-manifest" => Kind::ChangeDeps,
            "build-arg" => Kind::BuildArg,
            "new-base" | "new-base-digest" => Kind::NewBase,
            "clean-ci" => Kind::CleanCi,
            "ci-inline" => Kind::CiInline,
            "ci-max" => Kind::CiMax,
            "nothing" | "nothing-changed" => Kind::Nothing,
            _ => Kind::Other,
        }
    }
}

/// What changed: the kind, and its detail — the file for edit-source / change-deps (empty: the
/// engine's default), the ARG name and its new value for build-arg, the image for new-base
/// (empty: the target's base), the whole scenario text for `Other`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub kind: Kind,
    pub detail: String,
    pub value: String,
}

impl Choice {
    pub fn new(kind: Kind) -> Choice {
        Choice { kind, detail: String::new(), value: String::new() }
    }

    /// Reads the input's scenario; none is the engine's default, edit-source.
    pub fn read(scenario: Option<&str>, changed: &[String]) -> Choice {
        let text = scenario.unwrap_or("edit-source");
        let (name, rest) = text.split_once('=').unwrap_or((text, ""));
        let kind = Kind::from_id(name);
        let mut choice = Choice::new(kind);
        match kind {
            Kind::EditSource => choice.detail = if rest.is_empty() { changed.first().cloned().unwrap_or_default() } else { rest.to_owned() },
            Kind::BuildArg => {
                let (arg, value) = rest.split_once('=').unwrap_or((rest, ""));
                (choice.detail, choice.value) = (arg.to_owned(), value.to_owned());
            }
            Kind::ChangeDeps | Kind::NewBase => choice.detail = rest.to_owned(),
            Kind::Other => choice.detail = text.to_owned(),
            _ => {}
        }
        choice
    }

    /// The `Action::SetScenario` fields: (scenario, changed paths).
    pub fn write(&self, changed: &[String]) -> (Option<String>, Vec<String>) {
        let with = |detail: &str| {
            if detail.is_empty() {
                self.kind.id().to_owned()
            } else {
                format!("{}={detail}", self.kind.id())
            }
        };
        match self.kind {
            Kind::EditSource => {
                let paths = if self.detail.is_empty() { Vec::new() } else { vec![self.detail.clone()] };
                (Some(self.kind.id().to_owned()), paths)
            }
            Kind::BuildArg => (Some(format!("build-arg={}={}", self.detail, self.value)), Vec::new()),
            Kind::ChangeDeps | Kind::NewBase => (Some(with(&self.detail)), Vec::new()),
            Kind::Other => (Some(self.detail.clone()), changed.to_vec()),
            _ => (Some(self.kind.id().to_owned()), Vec::new()),
        }
    }
}

/// A plausible next value for a bumped ARG: the last number goes up (`1.23` → `1.24`,
/// `v2` → `v3`); otherwise something visibly new.
pub fn bump(value: &str) -> String {
    let digits_end = value.rfind(|c: char| c.is_ascii_digit()).map(|at| at + 1);
    let Some(end) = digits_end else {
        return if value.is_empty() { "1".to_owned() } else { format!("{value}-2") };
    };
    let start = value[..end].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |at| at + 1);
    match value[start..end].parse::<u64>() {
        Ok(number) => format!("{}{}{}", &value[..start], number + 1, &value[end..]),
        Err(_) => format!("{value}-2"),
    }
}

#[cfg(test)]
mod tests {
    use layerlab_engine::cache::Scenario;

    use super::*;

    fn round_trip(choice: &Choice) -> Choice {
        let (scenario, changed) = choice.write(&[]);
        Choice::read(scenario.as_deref(), &changed)
    }

    #[test]
    fn every_offered_choice_reads_back_and_the_engine_accepts_it() {
        let mut choices: Vec<Choice> = Kind::OFFERED.iter().map(|&kind| Choice::new(kind)).collect();
        choices.push(Choice { kind: Kind::EditSource, detail: "cmd/server/main.go".into(), value: String::new() });
        choices.push(Choice { kind: Kind::ChangeDeps, detail: "go.sum".into(), value: String::new() });
        choices.push(Choice { kind: Kind::BuildArg, detail: "GO_VERSION".into(), value: "1.24".into() });
        choices.push(Choice { kind: Kind::NewBase, detail: "golang:1.23-bookworm".into(), value: String::new() });
        for choice in choices {
            assert_eq!(round_trip(&choice), choice);
            let (scenario, changed) = choice.write(&[]);
            let parsed = Scenario::from_cli(scenario.as_deref(), &changed);
            assert!(parsed.is_ok(), "{choice:?}: {parsed:?}");
        }
        let (scenario, changed) =
            Choice { kind: Kind::EditSource, detail: "main.go".into(), value: String::new() }.write(&[]);
        assert_eq!(
            Scenario::from_cli(scenario.as_deref(), &changed),
            Ok(Scenario::EditSourceFile { path: Some("main.go".into()) })
        );
        let (scenario, _) = Choice { kind: Kind::BuildArg, detail: "V".into(), value: "2".into() }.write(&[]);
        assert_eq!(
            Scenario::from_cli(scenario.as_deref(), &[]),
            Ok(Scenario::ChangeBuildArg { name: "V".into(), value: "2".into() })
        );
    }

    #[test]
    fn no_scenario_is_edit_source_and_unknown_ones_are_kept() {
        assert_eq!(Choice::read(None, &[]), Choice::new(Kind::EditSource));
        assert_eq!(Choice::read(None, &["a.go".into()]).detail, "a.go");
        let touched = Choice::read(Some("touch=main.go"), &[]);
        assert_eq!(touched.kind, Kind::Other);
        assert_eq!(touched.write(&[]), (Some("touch=main.go".into()), vec![]));
        assert_eq!(Choice::read(Some("nothing-changed"), &[]).kind, Kind::Nothing);
    }

    #[test]
    fn bumping_raises_the_last_number() {
        assert_eq!(bump("1.23"), "1.24");
        assert_eq!(bump("v2-alpine"), "v3-alpine");
        assert_eq!(bump("1.9"), "1.10");
        assert_eq!(bump("dev"), "dev-2");
        assert_eq!(bump(""), "1");
    }
}
