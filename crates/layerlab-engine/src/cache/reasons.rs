//! Every step's verdict in words: compare the build after the change with the build that
//! filled the cache, part by part (parent, environment, selected content, definition).
use std::collections::BTreeMap;

use super::build::{run_env, Build, BuiltRow, CopyFrom, FromKind, Origin, Provenance, Row, StageBuild};
use super::world::same_image;
use super::{CacheFromMode, CacheSource, CacheStatus, Resolved, Scenario, StepCache};
use crate::model::{EnvVar, Model};
use crate::sorting;
use crate::syntax::{Keyword, Syntax};

struct Explainer<'a> {
    syntax: &'a Syntax,
    before_model: &'a Model,
    model: &'a Model,
    before: &'a Build,
    resolved: &'a Resolved,
}

pub(crate) fn explain(
    syntax: &Syntax,
    before_model: &Model,
    model: &Model,
    before: &Build,
    after: &Build,
    resolved: &Resolved,
) -> Vec<StepCache> {
    let explainer = Explainer { syntax, before_model, model, before, resolved };
    let mut steps = Vec::new();
    for (index, stage) in after.stages.iter().enumerate() {
        for (position, row) in stage.rows.iter().enumerate() {
            let status = status(stage, row);
            let reason = match status {
                CacheStatus::Skipped => explainer.skipped(index),
                CacheStatus::Hit => explainer.hit(row, position),
                CacheStatus::Miss => explainer.miss(row, position, stage),
            };
            let key = if stage.built { row.key } else { 0 };
            let (stage, instruction, line, keyword) = (index, row.instruction, row.line, row.keyword);
            steps.push(StepCache { stage, instruction, line, keyword, status, reason, key });
        }
    }
    steps
}

/// A step's verdict: skipped when its stage is not built, else hit or miss.
pub(crate) fn status(stage: &StageBuild, row: &BuiltRow) -> CacheStatus {
    if !stage.built {
        CacheStatus::Skipped
    } else if row.hit {
        CacheStatus::Hit
    } else {
        CacheStatus::Miss
    }
}

/// A RUN row's environment ([`run_env`] of the step `model` made it from, at `position` in its
/// stage after the FROM row); empty for other rows.
fn env<'m>(model: &'m Model, row: &BuiltRow, position: usize) -> Vec<&'m EnvVar> {
    let step = model.stages.get(row.stage).and_then(|stage| stage.steps.get(position.checked_sub(1)?));
    match (&row.row, step) {
        (Row::Run { .. }, Some(step)) => run_env(step),
        _ => Vec::new(),
    }
}

fn short(value: &str) -> String {
    if value.chars().count() > 40 {
        format!("{}…", value.chars().take(39).collect::<String>())
    } else {
        value.to_owned()
    }
}

fn listed(paths: &[String]) -> String {
    let mut text: Vec<String> = paths.iter().take(3).map(|p| format!("`{p}`")).collect();
    if paths.len() > 3 {
        text.push(format!("{} more", paths.len() - 3));
    }
    text.join(", ")
}

/// `$NAME` or `${NAME…}` appears in `text`.
fn uses_variable(text: &str, name: &str) -> bool {
    text.match_indices('$').any(|(at, _)| {
        let rest = &text[at + 1..];
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        rest.starts_with(name) && !rest[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
    })
}

impl Explainer<'_> {
    fn name(&self, stage: usize) -> String {
        self.model.stages.get(stage).map_or_else(|| format!("stage-{stage}"), |s| s.display_name())
    }

    fn original(&self, row: &BuiltRow) -> &str {
        self.syntax.instructions.get(row.instruction).map_or("", |i| i.original.as_str())
    }

    fn before_row(&self, row: &BuiltRow, position: usize) -> Option<&BuiltRow> {
        self.before.stages.get(row.stage).filter(|s| s.built).and_then(|s| s.rows.get(position))
    }

    fn skipped(&self, stage: usize) -> String {
        let target = self.model.target.map_or_else(|| "(none)".to_owned(), |t| self.name(t));
        format!(
            "skipped: stage `{}` is not needed by the target `{target}`: BuildKit builds only the stages the target depends on",
            self.name(stage)
        )
    }

    fn copy_label(&self, row: &BuiltRow) -> String {
        match &row.row {
            Row::Copy { from: Some(CopyFrom::Stage(s)), .. } => {
                format!("{} --from={}", row.keyword.as_str(), self.name(*s))
            }
            Row::Copy { from: Some(CopyFrom::Image(i)), .. } => format!("{} --from={i}", row.keyword.as_str()),
            _ => row.keyword.as_str().to_owned(),
        }
    }

    fn hit(&self, row: &BuiltRow, position: usize) -> String {
        let remote = match self.resolved.source {
            CacheSource::Remote(CacheFromMode::Inline) => " (from the imported inline cache)",
            CacheSource::Remote(CacheFromMode::Max) => " (from the imported mode=max cache)",
            _ => "",
        };
        let before = self.before_row(row, position);
        let edits = &self.resolved.edits;
        match &row.row {
            Row::From(FromKind::Image(image)) => {
                format!("hit: `{image}` is already pulled and its digest is unchanged")
            }
            Row::From(FromKind::Stage(parent)) => {
                format!("hit: continues from stage `{}`, whose steps all hit", self.name(*parent))
            }
            Row::From(FromKind::Scratch) => "hit: scratch is empty: nothing to pull".to_owned(),
            Row::Meta => meta_reason(row.keyword),
            Row::Workdir => format!("hit: same directory, user and parent step{remote}"),
            Row::Run { secrets, cache_mounts } => {
                if let Scenario::RotateSecret { id } = &self.resolved.scenario {
                    if secrets.contains(id) {
                        return format!("hit: secret `{id}` changed, but secret contents are never part of the cache key (only its id and target){remote}");
                    }
                }
                if *cache_mounts && self.resolved.scenario == Scenario::CacheMountContentsChanged {
                    return format!("hit: cache-mount contents are not part of the cache key{remote}");
                }
                if let Some(extra) = self.build_arg_note(row, position) {
                    return format!("hit: {extra}{remote}");
                }
                format!("hit: same command, environment, workdir, user and parent step{remote}")
            }
            Row::Copy { effective_link, .. } => {
                let label = self.copy_label(row);
                let members: Vec<_> = row.inputs.iter().flat_map(|i| &i.members).collect();
                let from_stage = members.iter().find_map(|m| match m.origin {
                    Origin::Stage { stage, provenance } => Some((m, stage, provenance)),
                    _ => None,
                });
                if let Some((member, producer, provenance)) = from_stage {
                    let why = match provenance {
                        Provenance::Run { line, hit: true, .. } => {
                            format!("the step that wrote it, line {line}, was a hit")
                        }
                        Provenance::Run { line, .. } => format!("written by line {line}"),
                        Provenance::Copied { line, hit: true, .. } => format!("copied by line {line}, a hit"),
                        Provenance::Copied { line, .. } => {
                            format!("line {line} re-ran but only copied unchanged files")
                        }
                        Provenance::Base => {
                            format!("it comes from the base of stage `{}`", self.name(producer))
                        }
                    };
                    return format!("hit: {label} selects {} whose bytes did not change ({why}){remote}", member.label);
                }
                if let Some(Origin::Image(image)) = members.first().map(|m| &m.origin) {
                    return format!("hit: {label} copies from `{image}`, whose digest is unchanged{remote}");
                }
                if *effective_link && before.is_some_and(|b| b.parent != row.parent) {
                    return format!("hit: COPY --link does not depend on the steps before it (it copies onto an empty layer merged on top), and its files are unchanged{remote}");
                }
                let labels: Vec<String> = members.iter().map(|m| m.label.clone()).collect();
                let touched: Vec<String> = labels.iter().filter(|l| edits.touched.contains(*l)).cloned().collect();
                if !touched.is_empty() {
                    return format!(
                        "hit: only the mtime of {} changed, and BuildKit's file checksum leaves mtime out{remote}",
                        listed(&touched)
                    );
                }
                let ignored: Vec<String> = row
                    .inputs
                    .iter()
                    .flat_map(|i| &i.ignored)
                    .filter(|p| edits.changed.contains(*p))
                    .cloned()
                    .collect();
                if !ignored.is_empty() {
                    return format!(
                        "hit: {} changed, but .dockerignore leaves it out of the context{remote}",
                        listed(&ignored)
                    );
                }
                if members.iter().any(|m| m.origin == Origin::Remote) {
                    return format!("hit: the downloaded bytes are assumed unchanged (BuildKit re-checks the URL every build){remote}");
                }
                if labels.is_empty() {
                    return format!("hit: same definition and parent step; it selects no file of the context{remote}");
                }
                format!("hit: the selected files are unchanged ({}){remote}", listed(&labels))
            }
        }
    }

    /// Why a changed build arg did nothing to this RUN.
    fn build_arg_note(&self, row: &BuiltRow, position: usize) -> Option<String> {
        let (name, _) = self.resolved.build_arg.as_ref()?;
        let stage = self.model.stages.get(row.stage)?;
        if !stage.declared_args.contains(name) {
            if self.model.global_args.iter().any(|a| &a.name == name) {
                return Some(format!(
                    "ARG {name} is global (before the first FROM): it only reaches FROM lines unless this stage redeclares it"
                ));
            }
            return Some(format!("no `ARG {name}` in this stage, so --build-arg {name} does nothing here"));
        }
        match env(self.model, row, position).iter().find(|v| &v.name == name) {
            Some(EnvVar { from_arg: false, .. }) => {
                Some(format!("ENV {name} shadows ARG {name}: the RUN sees the ENV's value, unchanged"))
            }
            None => Some(format!("ARG {name} is not in scope here (declared later, or without a value)")),
            Some(_) => None,
        }
    }

    fn miss(&self, row: &BuiltRow, position: usize, stage: &StageBuild) -> String {
        let source = self.resolved.source;
        match &row.row {
            Row::From(FromKind::Image(image)) => {
                let was = self.before_row(row, position).and_then(|b| match &b.row {
                    Row::From(FromKind::Image(was)) if was != image => Some(was.clone()),
                    _ => None,
                });
                if let Some(was) = was {
                    return format!("miss: the FROM line now names `{image}` (was `{was}`): a different base image, and every step on top of it re-runs");
                }
                return if self.resolved.new_digest.as_deref().is_some_and(|n| same_image(n, image))
                    && source == CacheSource::Local
                {
                    format!(
                        "miss: `{image}` resolves to a new digest: it is pulled, and every step on top of it re-runs"
                    )
                } else if source != CacheSource::Local {
                    let digest = if self.resolved.new_digest.as_deref().is_some_and(|n| same_image(n, image)) {
                        " (new digest)"
                    } else {
                        ""
                    };
                    format!("miss: a fresh CI runner has no local images: `{image}`{digest} is pulled")
                } else {
                    format!("miss: `{image}` is not in the local image store")
                };
            }
            Row::From(FromKind::Stage(parent)) => {
                return format!(
                    "miss: the base stage `{}` re-ran, and FROM <stage> continues its cache chain with no healing",
                    self.name(*parent)
                );
            }
            _ => {}
        }
        let Some(before) = self.before_row(row, position) else {
            return "miss: the step was not in the previous build".to_owned();
        };
        if before.key == row.key {
            return match source {
                CacheSource::Empty => "miss: clean CI runner: no local cache and no --cache-from, so every step runs".to_owned(),
                CacheSource::Remote(CacheFromMode::Inline) => format!(
                    "miss: the inline cache (--cache-from, mode=min) holds only the final image's layers; stage `{}` is not among them",
                    self.name(row.stage)
                ),
                CacheSource::Remote(CacheFromMode::Max) => "miss: not in the imported cache".to_owned(),
                CacheSource::Local => "miss: not in the local cache".to_owned(),
            };
        }
        let effective_link = matches!(row.row, Row::Copy { effective_link: true, .. });
        if before.parent != row.parent && !effective_link {
            let mut reason = self.parent_cause(position, stage);
            if matches!(row.row, Row::Copy { link: true, effective_link: false, .. }) {
                reason.push_str(
                    "; `--chmod` makes BuildKit silently drop `--link`, so this COPY depends on the steps before it",
                );
            }
            return reason;
        }
        let mut parts = Vec::new();
        parts.extend(self.env_changes(row, before, position));
        parts.extend(self.input_changes(row, before));
        if parts.is_empty() && row.row == Row::Workdir && row.def != before.def {
            if let Some((name, _)) = self.resolved.build_arg.as_ref().filter(|(n, _)| n == "SOURCE_DATE_EPOCH") {
                parts.push(format!("{name} changed, and BuildKit stamps WORKDIR's directory with it"));
            }
        }
        if parts.is_empty() && row.def != before.def {
            let changed = self.changed_variables(row, before);
            let used: Vec<&String> = changed.iter().filter(|n| uses_variable(self.original(row), n)).collect();
            parts.push(match used.first() {
                Some(name) => format!("the instruction expands ${name}, whose value changed"),
                None => "the instruction's definition changed".to_owned(),
            });
        }
        if parts.is_empty() {
            parts.push("its cache key changed".to_owned());
        }
        format!("miss: {}", parts.join("; "))
    }

    /// Names whose value differs between the two builds at this step (ARG or ENV).
    fn changed_variables(&self, row: &BuiltRow, before: &BuiltRow) -> Vec<String> {
        let state = |model: &Model, r: &BuiltRow| {
            model.stages.get(r.stage)?.steps.iter().find(|s| s.instruction == r.instruction).map(|s| s.state.clone())
        };
        let (Some(now), Some(was)) = (state(self.model, row), state(self.before_model, before)) else {
            return Vec::new();
        };
        let mut names: Vec<String> = now.env.iter().chain(&was.env).map(|v| v.name.clone()).collect();
        sorting::sort(&mut names);
        names.dedup();
        names.retain(|name| now.get(name) != was.get(name));
        names
    }

    fn parent_cause(&self, position: usize, stage: &StageBuild) -> String {
        let before = self.before.stages.get(stage.rows.first().map_or(0, |r| r.stage));
        for earlier in stage.rows[..position].iter().enumerate().rev() {
            let (index, row) = earlier;
            let changed = before.and_then(|b| b.rows.get(index)).is_none_or(|b| b.chain != row.chain) || !row.hit;
            if matches!(row.row, Row::Meta) || !changed {
                continue;
            }
            return match &row.row {
                Row::From(FromKind::Image(image)) => {
                    format!("miss: the base image `{image}` has a new digest (line {})", row.line)
                }
                Row::From(FromKind::Stage(parent)) => format!(
                    "miss: the base stage `{}` changed (line {}): FROM <stage> inherits its cache chain",
                    self.name(*parent),
                    row.line
                ),
                _ => format!("miss: parent step re-ran (line {})", row.line),
            };
        }
        "miss: parent step re-ran".to_owned()
    }

    fn env_changes(&self, row: &BuiltRow, before: &BuiltRow, position: usize) -> Vec<String> {
        let by_name = |model, row| -> BTreeMap<&str, (&str, bool)> {
            let pairs = env(model, row, position).into_iter().map(|v| (v.name.as_str(), (v.value.as_str(), v.from_arg)));
            sorting::collect_map(pairs)
        };
        let (old, new) = (by_name(self.before_model, before), by_name(self.model, row));
        let mut names: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
        sorting::sort_unstable(&mut names);
        names.dedup();
        let text = self.original(row);
        let mut parts = Vec::new();
        for name in names {
            let (was, now) = (old.get(name), new.get(name));
            if was.map(|w| w.0) == now.map(|n| n.0) {
                continue;
            }
            let value =
                |v: Option<&(&str, bool)>| v.map_or_else(|| "unset".to_owned(), |v| format!("`{}`", short(v.0)));
            let from_arg = now.or(was).is_some_and(|v| v.1);
            let change = format!("{} → {}", value(was), value(now));
            parts.push(if from_arg {
                if uses_variable(text, name) {
                    format!("ARG {name} changed ({change}) and this RUN uses it")
                } else {
                    format!("ARG {name} changed ({change}) and RUN sees every valued ARG in scope, even unused")
                }
            } else {
                format!("ENV {name} changed ({change}) and every later RUN sees it")
            });
        }
        parts
    }

    fn input_changes(&self, row: &BuiltRow, before: &BuiltRow) -> Vec<String> {
        let edits = &self.resolved.edits;
        let mut parts = Vec::new();
        let label = self.copy_label(row);
        for (index, input) in row.inputs.iter().enumerate() {
            let old: BTreeMap<&str, u64> = before
                .inputs
                .get(index)
                .map(|i| sorting::collect_map(i.members.iter().map(|m| (m.label.as_str(), m.id))))
                .unwrap_or_default();
            let mount = input.label.starts_with("bind mount");
            let selects = if mount { format!("the {} selects", input.label) } else { format!("this {label} selects") };
            let (mut changed, mut chmodded, mut added) = (Vec::new(), Vec::new(), Vec::new());
            for member in &input.members {
                let Some(&old_id) = old.get(member.label.as_str()) else {
                    added.push(member.label.clone());
                    continue;
                };
                if old_id == member.id {
                    continue;
                }
                match member.origin {
                    Origin::Stage { stage, provenance } => {
                        parts.push(self.stage_change(&label, &member.label, stage, provenance, mount))
                    }
                    Origin::Image(ref image) => {
                        parts.push(format!("`{image}` has a new digest and {selects} {} from it", member.label))
                    }
                    Origin::Remote => parts.push(format!("the remote source `{}` changed", member.label)),
                    Origin::Context if edits.chmodded.contains(&member.label) => chmodded.push(member.label.clone()),
                    Origin::Context => changed.push(member.label.clone()),
                }
            }
            let removed: Vec<String> =
                old.keys().filter(|l| !input.members.iter().any(|m| m.label == **l)).map(|l| (*l).to_owned()).collect();
            if !changed.is_empty() {
                let them = if changed.len() == 1 { "it" } else { "them" };
                parts.push(format!("{} changed and {selects} {them}", listed(&changed)));
            }
            if !chmodded.is_empty() {
                parts.push(format!(
                    "the mode of {} changed (chmod), and the mode is part of BuildKit's file checksum",
                    listed(&chmodded)
                ));
            }
            if !added.is_empty() {
                parts.push(format!("{} is new and {selects} it", listed(&added)));
            }
            if !removed.is_empty() {
                parts.push(format!("{} is gone from what {selects}", listed(&removed)));
            }
        }
        parts
    }

    fn stage_change(&self, label: &str, path: &str, producer: usize, provenance: Provenance, mount: bool) -> String {
        let what = if mount {
            format!("the bind mount from `{}` selects {path}", self.name(producer))
        } else {
            format!("{label} selects {path}")
        };
        match provenance {
            Provenance::Run { line, guessed, .. } => {
                let guess =
                    if guessed { " (no RUN names that path: the last RUN there is assumed to write it)" } else { "" };
                format!(
                    "{what}, which the producer stage `{}` rebuilt: line {line} re-ran, and compiled outputs are assumed to change (pure copies keep their bytes){guess}",
                    self.name(producer)
                )
            }
            Provenance::Copied { line, .. } => {
                format!("{what}, which stage `{}` copied (line {line}) from changed files", self.name(producer))
            }
            Provenance::Base => {
                format!("{what}, which comes from the base of stage `{}`, and that base changed", self.name(producer))
            }
        }
    }
}

fn meta_reason(keyword: Keyword) -> String {
    match keyword {
        Keyword::Env => "hit: ENV is not a build step in BuildKit; it changes the environment (and so the key) of later RUNs".to_owned(),
        Keyword::Arg => "hit: ARG is not a build step; a valued ARG joins the environment (and so the key) of every later RUN in the stage".to_owned(),
        Keyword::User => "hit: USER is not a build step; it changes the user of later RUNs and WORKDIRs".to_owned(),
        Keyword::Shell => "hit: SHELL is not a build step; it changes the command line of later shell-form RUNs".to_owned(),
        Keyword::Unknown => "hit: not a build step".to_owned(),
        other => format!("hit: {} never invalidates the cache in BuildKit: it only writes the image config", other.as_str()),
    }
}
