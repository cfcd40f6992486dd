//! The app state and its single reducer: the engine [`Input`], the [`Report`] the engine computed
//! for it, and what the page shows. Components read this and send [`Action`]s; none analyses.
use std::rc::Rc;

use layerlab_engine::alternatives::AlternativeBase;
use layerlab_engine::rules::{fix_all, Applicability, Effect, Fix};
use layerlab_engine::{Input, Report};
use yew::Reducible;

use crate::{example, schedule};

/// Texts up to this size can be analysed on every keystroke (when it is cheap enough, see
/// [`schedule::analysed_in_keystroke`]); larger ones after typing pauses (see `schedule.rs`),
/// so that pasting a huge file never blocks the editor.
pub const ANALYSE_EVERY_KEYSTROKE_UP_TO: usize = 16 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Problems,
    Layers,
    Graph,
    Cache,
    Size,
}

impl Panel {
    pub const ALL: [Panel; 5] = [Panel::Problems, Panel::Layers, Panel::Graph, Panel::Cache, Panel::Size];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Problems => "Problems",
            Panel::Layers => "Layers",
            Panel::Graph => "Graph",
            Panel::Cache => "Cache",
            Panel::Size => "Size",
        }
    }

    /// The name used in URLs (`?view=layers`) and `data-testid="panel-…"`.
    pub fn id(self) -> &'static str {
        match self {
            Panel::Problems => "problems",
            Panel::Layers => "layers",
            Panel::Graph => "graph",
            Panel::Cache => "cache",
            Panel::Size => "size",
        }
    }

    pub fn from_id(id: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|panel| panel.id() == id)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditorTab {
    Dockerfile,
    Dockerignore,
    Context,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows the system's light or dark preference.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn id(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_id(id: &str) -> Option<Theme> {
        [Theme::System, Theme::Light, Theme::Dark].into_iter().find(|theme| theme.id() == id)
    }
}

/// What the page shows, apart from the build itself.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub panel: Panel,
    pub editor_tab: EditorTab,
    pub theme: Theme,
    pub help_open: bool,
    pub gallery_open: bool,
    /// The compact page embedded in documentation (`?embed=1`): no header, no autosave.
    pub embed: bool,
    /// The build cannot be edited here (`?readonly=1`), only replaced by a host or a link.
    pub readonly: bool,
    /// The panels offered, in order (`?panels=graph,cache`); never empty.
    pub panels: Vec<Panel>,
}

impl Default for View {
    fn default() -> Self {
        View {
            panel: Panel::Problems,
            editor_tab: EditorTab::Dockerfile,
            theme: Theme::System,
            help_open: false,
            gallery_open: false,
            embed: false,
            readonly: false,
            panels: Panel::ALL.to_vec(),
        }
    }
}

/// A request to move the editor's caret; `seq` makes two jumps to the same line distinct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    pub line: usize,
    pub column: usize,
    pub seq: u32,
}

/// Where the reader is in a guided lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LessonPosition {
    pub lesson: usize,
    pub step: usize,
}

/// What components receive: read the state, `dispatch` actions.
pub type State = yew::UseReducerHandle<AppState>;

#[derive(Clone, Debug)]
pub struct AppState {
    pub input: Input,
    /// The engine's answer for `input`, or for an earlier input while `stale`.
    pub report: Rc<Report>,
    /// Counts input changes, so that a late analysis of an older input is thrown away.
    pub revision: u64,
    /// `report` belongs to an earlier revision: a large text waits for typing to pause.
    pub stale: bool,
    /// Nothing has been analysed yet: the page opens with the editor drawn and the first
    /// analysis runs right after that frame (`schedule.rs`), so the panels say "Analysing".
    pub awaiting_report: bool,
    /// `report` carries each fix's measured effect (computed after typing pauses).
    pub effects_measured: bool,
    pub view: View,
    pub jump: Option<Jump>,
    pub lesson: Option<LessonPosition>,
    /// A message for the reader, e.g. why a shared link could not be opened.
    pub notice: Option<String>,
}

/// Cheap: every input change bumps `revision` and every analysis makes a new `Rc`, so the
/// report is never compared deeply on a render.
impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && Rc::ptr_eq(&self.report, &other.report)
            && self.stale == other.stale
            && self.awaiting_report == other.awaiting_report
            && self.effects_measured == other.effects_measured
            && self.view == other.view
            && self.jump == other.jump
            && self.lesson == other.lesson
            && self.notice == other.notice
    }
}

pub enum Action {
    /// The Dockerfile text changed (a keystroke, a paste).
    EditDockerfile(String),
    /// The `.dockerignore` text; empty means the context has none.
    EditDockerignore(String),
    /// The build context as `path size` lines; empty means "infer it from the Dockerfile".
    EditContext(String),
    SetTarget(Option<String>),
    SetPlatform(Option<String>),
    SetBuildArg { name: String, value: String },
    RemoveBuildArg(String),
    /// The what-if scenario (`edit-source`, `change-deps`, …) and the changed paths.
    SetScenario { scenario: Option<String>, changed: Vec<String> },
    ApplyFix(Fix),
    ApplySafeFixes,
    /// An analysis finished off the keystroke path (`schedule.rs`).
    Analyzed { revision: u64, report: Rc<Report> },
    /// A slice of fix effects was measured (`schedule.rs`): `(finding index, effect)`.
    EffectsMeasured { revision: u64, effects: Vec<(usize, Option<Effect>)>, done: bool },
    /// The shipped image measured on smaller bases (after the fixes' effects, same slices).
    AlternativesMeasured { revision: u64, alternatives: Vec<AlternativeBase> },
    /// A whole new build: an example, a lesson step, a shared link, the autosaved work.
    Load(Input),
    ShowPanel(Panel),
    ShowEditorTab(EditorTab),
    SetTheme(Theme),
    ToggleHelp,
    ToggleGallery,
    CloseOverlays,
    JumpTo { line: usize, column: usize },
    OpenLesson(LessonPosition),
    CloseLesson,
    Notify(Option<String>),
    SetReadonly(bool),
    /// The panels offered (a non-empty list); the shown one moves into it if it left.
    SetPanels(Vec<Panel>),
}

impl AppState {
    pub fn new(input: Input) -> Self {
        let mut state = AppState::unanalysed();
        state.set_input(input, false);
        state
    }

    fn unanalysed() -> Self {
        AppState {
            input: Input::default(),
            report: Rc::new(Report::default()),
            revision: 0,
            stale: true,
            awaiting_report: true,
            effects_measured: false,
            view: View::default(),
            jump: None,
            lesson: None,
            notice: None,
        }
    }

    /// The state a page opens with: `input` is analysed once the page has drawn its first
    /// frame, so the text shows without waiting for the engine's cold first run.
    pub fn opening(input: Input) -> Self {
        AppState { input: Input { skip_effects: true, ..input }, revision: 1, ..AppState::unanalysed() }
    }

    /// Takes a new input: analysed now when small (and, while `typing`, cheap), after a pause
    /// otherwise.
    fn set_input(&mut self, mut input: Input, typing: bool) {
        // Effects cost one analysis per fix: measured after typing pauses, never per keystroke.
        input.skip_effects = true;
        self.revision += 1;
        self.effects_measured = false;
        let small = input.dockerfile.len() <= ANALYSE_EVERY_KEYSTROKE_UP_TO;
        self.stale = !(small && (!typing || schedule::analysed_in_keystroke(input.dockerfile.len())));
        if !self.stale {
            self.report = Rc::new(schedule::analyze_timed(&input));
            self.awaiting_report = false;
        }
        self.input = input;
    }

    fn with_input(self: Rc<Self>, typing: bool, change: impl FnOnce(&mut Input)) -> Rc<Self> {
        let mut input = self.input.clone();
        change(&mut input);
        if input == self.input {
            return self;
        }
        let mut state = (*self).clone();
        state.set_input(input, typing);
        Rc::new(state)
    }

    fn with_view(self: Rc<Self>, change: impl FnOnce(&mut AppState)) -> Rc<Self> {
        let mut state = (*self).clone();
        change(&mut state);
        Rc::new(state)
    }

    /// Takes a page's `?embed=1&readonly=1&view=…&panels=…&theme=…` options.
    pub fn apply_page_options(&mut self, options: &crate::share::PageOptions) {
        self.view.embed = options.embed;
        self.view.readonly = options.readonly;
        if let Some(panels) = options.panels.clone() {
            self.view.panels = panels;
        }
        if let Some(view) = options.view.filter(|view| self.view.panels.contains(view)) {
            self.view.panel = view;
        } else if !self.view.panels.contains(&self.view.panel) {
            self.view.panel = self.view.panels[0];
        }
        if let Some(theme) = options.theme {
            self.view.theme = theme;
        }
    }

}

impl Default for AppState {
    fn default() -> Self {
        Self::new(example::input())
    }
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A textarea reports every line ending as LF. A text whose lines all ended in CRLF keeps CRLF
/// when it is edited, as an editor keeps a file's line endings, so a shared link holds the
/// bytes that came in.
pub fn keep_line_endings(old: &str, edited: String) -> String {
    let crlf = old.contains("\r\n") && old.matches('\n').count() == old.matches("\r\n").count();
    if crlf && !edited.contains('\r') {
        edited.replace('\n', "\r\n")
    } else {
        edited
    }
}

/// The text as a textarea holds it: every line ending LF.
pub fn as_shown(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let edits_text = matches!(
            action,
            Action::EditDockerfile(_) | Action::EditDockerignore(_) | Action::EditContext(_) | Action::ApplyFix(_) | Action::ApplySafeFixes
        );
        if edits_text && self.view.readonly {
            return self;
        }
        match action {
            Action::EditDockerfile(text) => self.with_input(true, |input| input.dockerfile = keep_line_endings(&input.dockerfile, text)),
            Action::EditDockerignore(text) => self.with_input(true, |input| {
                let old = input.dockerignore.as_deref().unwrap_or_default();
                input.dockerignore = optional(keep_line_endings(old, text));
            }),
            Action::EditContext(text) => self.with_input(true, |input| {
                let old = input.context.as_deref().unwrap_or_default();
                input.context = optional(keep_line_endings(old, text));
            }),
            Action::SetTarget(target) => self.with_input(false, |input| input.target = target),
            Action::SetPlatform(platform) => self.with_input(false, |input| input.platform = platform),
            Action::SetBuildArg { name, value } => self.with_input(false, |input| {
                input.build_args.insert(name, value);
            }),
            Action::RemoveBuildArg(name) => self.with_input(false, |input| {
                input.build_args.remove(&name);
            }),
            Action::SetScenario { scenario, changed } => self.with_input(false, |input| {
                input.scenario = scenario;
                input.changed = changed;
            }),
            Action::ApplyFix(fix) => self.with_input(false, |input| input.dockerfile = fix.apply(&input.dockerfile)),
            Action::ApplySafeFixes => {
                let fixed = fix_all(&self.input, Applicability::Safe).text;
                self.with_input(false, |input| input.dockerfile = fixed)
            }
            Action::Analyzed { revision, report } => {
                if revision != self.revision {
                    return self;
                }
                self.with_view(|state| {
                    state.report = report;
                    state.stale = false;
                    state.awaiting_report = false;
                })
            }
            Action::EffectsMeasured { revision, effects, done } => {
                if revision != self.revision || self.stale {
                    return self;
                }
                self.with_view(|state| {
                    let report = Rc::make_mut(&mut state.report);
                    for (index, effect) in effects {
                        if let Some(finding) = report.findings.get_mut(index) {
                            finding.effect = effect;
                        }
                    }
                    state.effects_measured = done;
                })
            }
            Action::AlternativesMeasured { revision, alternatives } => {
                if revision != self.revision || self.stale {
                    return self;
                }
                self.with_view(|state| Rc::make_mut(&mut state.report).alternatives = alternatives)
            }
            Action::Load(input) => {
                let mut state = (*self).clone();
                state.set_input(input, false);
                state.view.gallery_open = false;
                Rc::new(state)
            }
            Action::ShowPanel(panel) => self.with_view(|state| state.view.panel = panel),
            Action::ShowEditorTab(tab) => self.with_view(|state| state.view.editor_tab = tab),
            Action::SetTheme(theme) => self.with_view(|state| state.view.theme = theme),
            Action::ToggleHelp => self.with_view(|state| state.view.help_open = !state.view.help_open),
            Action::ToggleGallery => self.with_view(|state| state.view.gallery_open = !state.view.gallery_open),
            Action::CloseOverlays => self.with_view(|state| {
                state.view.help_open = false;
                state.view.gallery_open = false;
            }),
            Action::JumpTo { line, column } => self.with_view(|state| {
                let seq = state.jump.map_or(0, |jump| jump.seq.wrapping_add(1));
                state.jump = Some(Jump { line, column, seq });
                state.view.editor_tab = EditorTab::Dockerfile;
            }),
            Action::OpenLesson(position) => self.with_view(|state| {
                state.lesson = Some(position);
                state.view.gallery_open = false;
            }),
            Action::CloseLesson => self.with_view(|state| state.lesson = None),
            Action::Notify(notice) => self.with_view(|state| state.notice = notice),
            Action::SetReadonly(readonly) => self.with_view(|state| state.view.readonly = readonly),
            Action::SetPanels(panels) if !panels.is_empty() => self.with_view(|state| {
                if !panels.contains(&state.view.panel) {
                    state.view.panel = panels[0];
                }
                state.view.panels = panels;
            }),
            Action::SetPanels(_) => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_engine::analyze;

    fn reduce(state: &Rc<AppState>, action: Action) -> Rc<AppState> {
        state.clone().reduce(action)
    }

    #[test]
    fn default_state_is_the_example_and_its_report() {
        let state = AppState::default();
        assert_eq!(state.input.dockerfile, example::GO_WEB_APP);
        assert_eq!(state.report.stage_count, 2);
        assert!(state.input.skip_effects && !state.stale && !state.effects_measured);
        assert_eq!(*state.report, analyze(&state.input));
    }

    #[test]
    fn a_page_opens_before_its_first_analysis() {
        let state = Rc::new(AppState::opening(example::input()));
        assert!(state.stale && state.awaiting_report && state.input.skip_effects);
        assert_eq!(state.report.instruction_count, 0, "no report yet");
        let report = Rc::new(analyze(&state.input));
        let done = reduce(&state, Action::Analyzed { revision: state.revision, report });
        assert!(!done.stale && !done.awaiting_report);
        assert_eq!(done.report.stage_count, 2);
        // A keystroke before the first analysis is analysed at once, as any small text is.
        let typed = reduce(&state, Action::EditDockerfile(format!("{}FROM scratch\n", example::GO_WEB_APP)));
        assert!(!typed.stale && !typed.awaiting_report);
        assert_eq!(typed.report.stage_count, 3);
    }

    #[test]
    fn editing_recomputes_the_report() {
        let state = Rc::new(AppState::default());
        let text = format!("{}FROM scratch\n", example::GO_WEB_APP);
        let next = reduce(&state, Action::EditDockerfile(text.clone()));
        assert_eq!(next.input.dockerfile, text);
        assert_eq!(next.revision, state.revision + 1);
        assert_eq!(next.report.stage_count, state.report.stage_count + 1);
        assert_eq!(next.report.instruction_count, state.report.instruction_count + 1);
    }

    #[test]
    fn an_edit_keeps_crlf_line_endings() {
        let state = Rc::new(AppState::new(Input { dockerfile: "FROM scratch\r\nCMD [\"a\"]\r\n".into(), ..Default::default() }));
        let typed = reduce(&state, Action::EditDockerfile("FROM scratch\nCMD [\"ab\"]\n".into()));
        assert_eq!(typed.input.dockerfile, "FROM scratch\r\nCMD [\"ab\"]\r\n");
        let mixed = Rc::new(AppState::new(Input { dockerfile: "FROM a\r\nRUN b\n".into(), ..Default::default() }));
        assert_eq!(reduce(&mixed, Action::EditDockerfile("FROM a\nRUN c\n".into())).input.dockerfile, "FROM a\nRUN c\n");
        assert_eq!(as_shown("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn an_unchanged_input_keeps_the_same_state() {
        let state = Rc::new(AppState::default());
        let next = reduce(&state, Action::EditDockerfile(example::GO_WEB_APP.to_owned()));
        assert!(Rc::ptr_eq(&state, &next));
        let next = reduce(&state, Action::SetTarget(None));
        assert!(Rc::ptr_eq(&state, &next));
    }

    #[test]
    fn a_large_text_is_analysed_later_and_a_late_answer_is_dropped() {
        let state = Rc::new(AppState::default());
        let large = format!("FROM alpine\n{}", "RUN true\n".repeat(ANALYSE_EVERY_KEYSTROKE_UP_TO / 9 + 1));
        let next = reduce(&state, Action::EditDockerfile(large));
        assert!(next.stale);
        assert!(Rc::ptr_eq(&next.report, &state.report), "the old report stays until the new one is ready");
        let answer = Rc::new(analyze(&next.input));
        let outdated = reduce(&next, Action::Analyzed { revision: state.revision, report: answer.clone() });
        assert!(Rc::ptr_eq(&outdated, &next));
        let done = reduce(&next, Action::Analyzed { revision: next.revision, report: answer });
        assert!(!done.stale);
        assert!(done.report.instruction_count > ANALYSE_EVERY_KEYSTROKE_UP_TO / 9);
    }

    #[test]
    fn measured_effects_fill_in_the_findings_of_the_same_revision_only() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n";
        let state = Rc::new(AppState::new(Input { dockerfile: text.into(), ..Default::default() }));
        let index = state.report.findings.iter().position(|f| f.fix.is_some()).expect("a finding with a fix");
        let fix = state.report.findings[index].fix.as_ref().expect("a fix");
        let effect = Some(layerlab_engine::effects::Measurer::new(&state.input).effect(fix));
        let late = reduce(&state, Action::EffectsMeasured { revision: state.revision - 1, effects: vec![(index, effect.clone())], done: true });
        assert!(Rc::ptr_eq(&late, &state));
        let partial = reduce(&state, Action::EffectsMeasured { revision: state.revision, effects: vec![(index, effect.clone())], done: false });
        assert_eq!(partial.report.findings[index].effect, effect);
        assert!(!partial.effects_measured);
        assert!(state.report.findings[index].effect.is_none(), "the earlier report is not mutated");
        let done = reduce(&partial, Action::EffectsMeasured { revision: state.revision, effects: Vec::new(), done: true });
        assert!(done.effects_measured);
    }

    #[test]
    fn measured_alternatives_fill_in_the_report_of_the_same_revision_only() {
        let text = "FROM python:3.12\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";
        let state = Rc::new(AppState::new(Input { dockerfile: text.into(), ..Default::default() }));
        assert!(state.report.alternatives.is_empty(), "not on the keystroke path");
        let alternatives = layerlab_engine::alternatives::alternatives(&state.input, &state.report);
        assert!(alternatives.iter().any(|a| a.reference == "python:3.12-slim"));
        let late = reduce(&state, Action::AlternativesMeasured { revision: state.revision - 1, alternatives: alternatives.clone() });
        assert!(Rc::ptr_eq(&late, &state));
        let next = reduce(&state, Action::AlternativesMeasured { revision: state.revision, alternatives: alternatives.clone() });
        assert_eq!(next.report.alternatives, alternatives);
        assert!(state.report.alternatives.is_empty(), "the earlier report is not mutated");
        let slim = alternatives.iter().find(|a| a.reference == "python:3.12-slim").unwrap();
        let tried = reduce(&next, Action::ApplyFix(slim.fix.clone()));
        assert_eq!(tried.input.dockerfile, text.replace("python:3.12", "python:3.12-slim"));
        assert_eq!(tried.report.final_image.compressed_bytes, slim.compressed_bytes);
    }

    #[test]
    fn empty_side_files_mean_none() {
        let state = Rc::new(AppState::default());
        let next = reduce(&state, Action::EditDockerignore(".git\n".into()));
        assert_eq!(next.input.dockerignore.as_deref(), Some(".git\n"));
        let next = reduce(&next, Action::EditDockerignore(String::new()));
        assert_eq!(next.input.dockerignore, None);
        let next = reduce(&next, Action::EditContext("main.go 5k\n".into()));
        assert!(!next.report.context.inferred);
    }

    #[test]
    fn applying_safe_fixes_changes_the_text_and_the_findings() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";
        let state = Rc::new(AppState::new(Input { dockerfile: text.into(), ..Default::default() }));
        let next = reduce(&state, Action::ApplySafeFixes);
        assert_ne!(next.input.dockerfile, text);
        assert!(next.report.findings.len() < state.report.findings.len());
    }

    #[test]
    fn jumps_are_distinct_and_show_the_dockerfile() {
        let state = Rc::new(AppState::default());
        let state = reduce(&state, Action::ShowEditorTab(EditorTab::Context));
        let first = reduce(&state, Action::JumpTo { line: 3, column: 1 });
        let second = reduce(&first, Action::JumpTo { line: 3, column: 1 });
        assert_eq!(first.view.editor_tab, EditorTab::Dockerfile);
        assert_ne!(first.jump, second.jump);
    }

    #[test]
    fn a_readonly_build_ignores_edits_but_takes_loads() {
        let state = Rc::new(AppState::default());
        let state = reduce(&state, Action::SetReadonly(true));
        assert!(Rc::ptr_eq(&state, &reduce(&state, Action::EditDockerfile("FROM a\n".into()))));
        assert!(Rc::ptr_eq(&state, &reduce(&state, Action::ApplySafeFixes)));
        let loaded = reduce(&state, Action::Load(Input { dockerfile: "FROM b\n".into(), ..Default::default() }));
        assert_eq!(loaded.input.dockerfile, "FROM b\n");
    }

    #[test]
    fn page_options_and_panel_choices() {
        let mut state = AppState::default();
        state.apply_page_options(&crate::share::PageOptions::parse("embed=1&readonly=1&panels=size,cache&view=graph&theme=dark"));
        assert!(state.view.embed && state.view.readonly);
        assert_eq!((state.view.panels.clone(), state.view.panel, state.view.theme), (vec![Panel::Size, Panel::Cache], Panel::Size, Theme::Dark));
        let state = reduce(&Rc::new(state), Action::SetPanels(vec![Panel::Graph]));
        assert_eq!((state.view.panels.clone(), state.view.panel), (vec![Panel::Graph], Panel::Graph));
        assert!(Rc::ptr_eq(&state, &reduce(&state, Action::SetPanels(Vec::new()))));
    }
}
