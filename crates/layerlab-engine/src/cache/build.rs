//! One build's cache keys, stage by stage in build order (`reference/cache-size-semantics.md`
//! §1.1–1.4, §1.9). Also tracks what each stage wrote where, so that a `COPY --from` (or a
//! `RUN --mount=from=`) is keyed by the content it selects in the producer's output.
use super::hash::Fnv;
use super::output::{copy_writes, resolve_output, Write};
use super::world::{Edits, World};
use crate::context::join_path;
use super::{CacheFromMode, CacheSource};
use crate::context::{clean_path, DockerIgnore};
use crate::model::{Base, EnvVar, Expanded, Model, MountSpec, Step};
use crate::sorting;
use crate::syntax::mount::MountType;
use crate::syntax::{Command, Keyword, Syntax};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FromKind {
    Image(String),
    Stage(usize),
    Scratch,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CopyFrom {
    Stage(usize),
    Image(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Row {
    From(FromKind),
    Run { secrets: Vec<String>, cache_mounts: bool },
    Copy { link: bool, effective_link: bool, from: Option<CopyFrom> },
    Workdir,
    Meta,
}

/// Which step wrote the bytes a `--from` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Provenance {
    /// A RUN wrote them; `guessed` when no RUN names the path and the last RUN is assumed.
    Run { stage: usize, line: usize, hit: bool, guessed: bool },
    /// Only copied (from the context or another stage) by the step on `line`.
    Copied { stage: usize, line: usize, hit: bool },
    /// Nothing in the Dockerfile wrote them: they come from the base image.
    Base,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    Context,
    Remote,
    Stage { stage: usize, provenance: Provenance },
    Image(String),
}

/// One content-keyed thing an input selects: a context file, a path of a stage's output…
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    pub label: String,
    pub id: u64,
    pub origin: Origin,
}

/// A content-keyed input of a step: a COPY source or a bind / `from=` mount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Input {
    pub label: String,
    pub members: Vec<Member>,
    /// Context paths the source matches but `.dockerignore` leaves out.
    pub ignored: Vec<String>,
}

/// What a step costs to execute, for the timeline.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Work {
    Pull(String),
    /// The command is [`command_of`] the step: the ONBUILD trigger's when `onbuild`.
    Run { onbuild: bool, cache_mount: bool },
    Copy { bytes: Option<u64> },
    Mkdir,
    Nothing,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BuiltRow {
    pub stage: usize,
    pub instruction: usize,
    pub line: usize,
    pub keyword: Keyword,
    pub row: Row,
    /// The key BuildKit looks up for this step.
    pub key: u64,
    /// The key the next step uses as its parent (differs from `key` for `COPY --link`, which is
    /// merged onto the stage).
    pub chain: u64,
    pub parent: u64,
    /// The definition alone (no parent, env or content).
    pub def: u64,
    pub inputs: Vec<Input>,
    /// The step is served from the cache (always true in the reference build).
    pub hit: bool,
    pub work: Work,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StageBuild {
    pub needed: bool,
    pub built: bool,
    pub rows: Vec<BuiltRow>,
    /// Writes of this stage and of the stages it is built FROM, oldest first.
    pub writes: Vec<Write>,
    pub base_id: u64,
    /// The last step's chain key (what `FROM <this stage>` starts from).
    pub chain: u64,
    /// No step of the stage (or of its FROM chain) re-ran.
    pub fresh: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Build {
    pub stages: Vec<StageBuild>,
}

/// The cache the build after the change can use: keys of the reference build, filtered by
/// where the cache comes from; sorted, without duplicates (a set cheaper to make than a tree).
pub(crate) fn cache_set(reference: &Build, model: &Model, source: CacheSource) -> Vec<u64> {
    let in_final_image = final_image_stages(model);
    let mut keys = Vec::new();
    for (index, stage) in reference.stages.iter().enumerate().filter(|(_, s)| s.built) {
        let exported = match source {
            CacheSource::Empty => false,
            CacheSource::Local | CacheSource::Remote(CacheFromMode::Max) => true,
            CacheSource::Remote(CacheFromMode::Inline) => in_final_image[index],
        };
        if exported {
            keys.extend(stage.rows.iter().filter(|r| !matches!(r.row, Row::Meta)).map(|r| r.key));
        }
    }
    sorting::sort_unstable(&mut keys);
    keys.dedup();
    keys
}

/// Per stage, whether it is the target or a stage the target is built FROM: their layers are the
/// final image's.
pub(crate) fn final_image_stages(model: &Model) -> Vec<bool> {
    let mut stages = vec![false; model.stages.len()];
    let mut next = model.target;
    while let Some(index) = next.filter(|&i| i < stages.len() && !stages[i]) {
        stages[index] = true;
        next = match model.stages[index].base {
            Base::Stage { index, .. } => Some(index),
            _ => None,
        };
    }
    stages
}

pub(crate) fn image_id(world: &World, reference: &str, platform: &str) -> u64 {
    let digest =
        if world.new_digests.iter().any(|n| super::world::same_image(n, reference)) { "new-digest" } else { "digest" };
    let mut hasher = Fnv::new("image");
    hasher.str(reference).str(platform).str(digest);
    hasher.finish()
}

/// The stage a `COPY --from` names: an index (Go `Atoi`), else a stage name, else an image.
pub(crate) fn copy_from(model: &Model, from: &str) -> CopyFrom {
    let digits = from.strip_prefix('+').unwrap_or(from);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match digits.parse::<usize>() {
            Ok(index) if index < model.stages.len() => CopyFrom::Stage(index),
            _ => CopyFrom::Image(from.to_owned()),
        };
    }
    match model.stage_by_name(from) {
        Some(stage) => CopyFrom::Stage(stage.index),
        None => CopyFrom::Image(from.to_owned()),
    }
}

/// The command a step runs (an ONBUILD trigger's own command).
pub(crate) fn command_of<'s>(syntax: &'s Syntax, step: &Step) -> Option<&'s Command> {
    run_command(syntax, step.instruction, step.onbuild)
}

/// The command of instruction `instruction`, or of its ONBUILD trigger when `onbuild`.
pub(crate) fn run_command(syntax: &Syntax, instruction: usize, onbuild: bool) -> Option<&Command> {
    let instruction = syntax.instructions.get(instruction)?;
    Some(match (&instruction.command.trigger, onbuild) {
        (Some(trigger), true) => trigger,
        _ => &instruction.command,
    })
}

/// A RUN's environment: ENV and valued ARGs in scope, sorted (name, value, from ARG).
pub(crate) fn run_env(step: &Step) -> Vec<&EnvVar> {
    let mut env: Vec<&EnvVar> = step.state.env.iter().collect();
    sorting::sort_by(&mut env, |a, b| (&a.name, &a.value, a.from_arg).cmp(&(&b.name, &b.value, b.from_arg)));
    env
}

/// The reference build of a change that only edits context files (same model, no new
/// digest, the local cache, which holds every key of the reference): the build after the
/// change repeats each stage's rows up to the first that reads an edited file or a stage it
/// does not repeat whole, as building them again gives the same rows.
///
/// Or the reference build of the Dockerfile an edited one was made from (`edit`): the edited
/// build before the change repeats its rows of the instructions before the edit that read no
/// edited file (the Dockerfile has another size).
pub(crate) struct Reference<'a> {
    pub build: &'a Build,
    pub edits: &'a Edits,
    pub edit: Option<TextEdit<'a>>,
}

/// Where the edit of the Dockerfile starts, and which stages' writes the earlier build recorded.
pub(crate) struct TextEdit<'a> {
    pub first_instruction: usize,
    pub read: &'a [bool],
}

/// Runs one build. `cache` is `None` for the reference build (the one that filled the cache),
/// else the keys available and where they come from; `reference` lends the rows the change
/// leaves alone, and the definitions of the others.
pub(crate) fn run(
    syntax: &Syntax,
    model: &Model,
    world: &World,
    epoch: Option<&str>,
    cache: Option<(&[u64], CacheSource)>,
    reference: Option<&Reference>,
) -> Build {
    let mut stages: Vec<Option<StageBuild>> = vec![None; model.stages.len()];
    // Stages whose every row is the reference's.
    let mut repeated = vec![false; model.stages.len()];
    let read = outputs_read(model);
    for &index in &model.build_order {
        if let Some(stage) = model.stages.get(index).filter(|s| s.needed) {
            let builder =
                Builder { syntax, model, world, epoch, cache, stages: &stages, reference, repeated: &repeated, read: &read };
            let (built, whole) = builder.stage(stage.index);
            stages[index] = Some(built);
            repeated[index] = whole;
        }
    }
    let stages = stages
        .into_iter()
        .enumerate()
        .map(|(index, built)| built.unwrap_or_else(|| unbuilt(syntax, model, index)))
        .collect();
    Build { stages }
}

/// The stages whose output a `COPY --from` or a bind `RUN --mount=from=` selects, and the
/// stages those are built FROM (whose writes they start with): no other stage's writes are
/// ever looked at, so only these stages record them.
pub(crate) fn outputs_read(model: &Model) -> Vec<bool> {
    let mut read = vec![false; model.stages.len()];
    for step in model.stages.iter().flat_map(|stage| &stage.steps) {
        let producers: Vec<usize> = match &step.expanded {
            Expanded::Copy { from: Some(from), .. } => match copy_from(model, from) {
                CopyFrom::Stage(producer) => vec![producer],
                CopyFrom::Image(_) => Vec::new(),
            },
            Expanded::Run { mounts } => mounts
                .iter()
                .filter(|m| m.kind == MountType::Bind)
                .filter_map(|m| model.stage_by_name(m.from.as_deref()?))
                .map(|producer| producer.index)
                .collect(),
            _ => Vec::new(),
        };
        for mut stage in producers {
            // Up the FROM chain; a cycle (BuildKit rejects it) stops at a stage already marked.
            while let Some(slot) = read.get_mut(stage).filter(|marked| !**marked) {
                *slot = true;
                match model.stages[stage].base {
                    Base::Stage { index, .. } => stage = index,
                    _ => break,
                }
            }
        }
    }
    read
}

/// Rows with no key for a stage BuildKit does not build.
fn unbuilt(syntax: &Syntax, model: &Model, index: usize) -> StageBuild {
    let stage = &model.stages[index];
    let row = |instruction: usize, line: usize, keyword: Keyword| BuiltRow {
        stage: index,
        instruction,
        line,
        keyword,
        row: Row::Meta,
        key: 0,
        chain: 0,
        parent: 0,
        def: 0,
        inputs: Vec::new(),
        hit: false,
        work: Work::Nothing,
    };
    let from_line = syntax.instructions.get(stage.instruction).map_or(0, |i| i.start_line);
    let mut rows = vec![row(stage.instruction, from_line, Keyword::From)];
    rows.extend(stage.steps.iter().map(|s| row(s.instruction, s.line, s.keyword)));
    StageBuild { needed: stage.needed, built: false, rows, writes: Vec::new(), base_id: 0, chain: 0, fresh: false }
}

struct Builder<'a> {
    syntax: &'a Syntax,
    model: &'a Model,
    world: &'a World<'a>,
    /// The `SOURCE_DATE_EPOCH` build arg.
    epoch: Option<&'a str>,
    /// The keys available ([`cache_set`]) and where they come from.
    cache: Option<(&'a [u64], CacheSource)>,
    stages: &'a [Option<StageBuild>],
    reference: Option<&'a Reference<'a>>,
    /// Stages built so far whose every row is the reference's.
    repeated: &'a [bool],
    /// Stages whose writes some `--from` reads ([`outputs_read`]).
    read: &'a [bool],
}

impl Builder<'_> {
    fn cached(&self, key: u64) -> bool {
        self.cache.is_none_or(|(keys, _)| keys.binary_search(&key).is_ok())
    }

    fn platform(&self, index: usize) -> String {
        let stage = &self.model.stages[index];
        stage.platform.clone().unwrap_or_else(|| self.model.target_platform.format())
    }

    /// The stage's rows, and whether all of them are the reference's.
    fn stage(&self, index: usize) -> (StageBuild, bool) {
        let stage = &self.model.stages[index];
        let repeated = self.repeated_rows(index);
        let whole = repeated.as_ref().zip(self.reference).is_some_and(|((rows, ..), r)| {
            rows.len() == r.build.stages[index].rows.len() && rows.len() == stage.steps.len() + 1
        });
        let (mut rows, mut writes, base_id, mut fresh) = repeated.unwrap_or_else(|| self.first_row(index));
        rows.reserve_exact(stage.steps.len() + 1 - rows.len());
        let mut parent = rows.last().map_or(0, |row| row.chain);
        // A reference of the same model: its later rows have the definitions these will have.
        let reference = self.reference.filter(|r| r.edit.is_none()).and_then(|r| r.build.stages.get(index)).filter(|s| s.built);
        for step in &stage.steps[rows.len() - 1..] {
            let known_def = reference.and_then(|s| s.rows.get(rows.len())).map(|row| row.def);
            let row = self.step(index, step, parent, known_def);
            parent = row.chain;
            fresh &= row.hit;
            match &row.row {
                _ if !self.read[index] => {}
                Row::Run { .. } => {
                    let mut out = Fnv::new("run-output");
                    out.u64(row.key);
                    if !row.hit {
                        out.str("rebuilt"); // assumed: a re-run writes new bytes
                    }
                    let text = command_of(self.syntax, step).map(run_text).unwrap_or_default();
                    let (line, hit, id) = (row.line, row.hit, out.finish());
                    writes.push(Write::Run { stage: index, line, hit, id, text, workdir: step.state.workdir.clone() });
                }
                Row::Copy { .. } => {
                    let entries = copy_writes(step, &row);
                    writes.push(Write::Files { stage: index, line: row.line, hit: row.hit, entries });
                }
                _ => {}
            }
            rows.push(row);
        }
        (StageBuild { needed: true, built: true, rows, writes, base_id, chain: parent, fresh }, whole)
    }

    /// The leading rows of the reference's stage `index` that read nothing the change edited
    /// (no edited context file, no stage not repeated whole), with the writes made up to there,
    /// the base id and whether they all hit (every reference row does, and so does the same
    /// key here: the local cache holds it).
    fn repeated_rows(&self, index: usize) -> Option<(Vec<BuiltRow>, Vec<Write>, u64, bool)> {
        let reference = self.reference?;
        let stage = reference.build.stages.get(index).filter(|s| s.built)?;
        let repeated = |stage: usize| self.repeated.get(stage).copied().unwrap_or(false);
        let reads_no_edit = |row: &BuiltRow| match &row.row {
            Row::From(FromKind::Stage(parent)) => repeated(*parent),
            _ => row.inputs.iter().flat_map(|input| &input.members).all(|member| match &member.origin {
                Origin::Context => !reference.edits.includes(&member.label),
                Origin::Stage { stage, .. } => repeated(*stage),
                Origin::Remote | Origin::Image(_) => true,
            }),
        };
        let edit = reference.edit.as_ref();
        // Rows of a stage whose writes the reference did not record (or did) cannot be repeated.
        if edit.is_some_and(|e| e.read.get(index) != self.read.get(index)) {
            return None;
        }
        let before_edit = |row: &BuiltRow| edit.is_none_or(|e| row.instruction < e.first_instruction);
        let count = stage.rows.iter().take_while(|row| before_edit(row) && reads_no_edit(row)).count();
        if count == 0 {
            return None;
        }
        // The writes are the base stage's, then one per RUN or COPY row.
        let writes_of = |rows: &[BuiltRow]| rows.iter().filter(|row| matches!(row.row, Row::Run { .. } | Row::Copy { .. })).count();
        let kept = if self.read[index] { stage.writes.len() - writes_of(&stage.rows[count..]) } else { 0 };
        Some((stage.rows[..count].to_vec(), stage.writes[..kept].to_vec(), stage.base_id, stage.fresh))
    }

    /// The stage's FROM row, with the writes, base id and freshness it starts from.
    fn first_row(&self, index: usize) -> (Vec<BuiltRow>, Vec<Write>, u64, bool) {
        let stage = &self.model.stages[index];
        let platform = self.platform(index);
        let from_line = self.syntax.instructions.get(stage.instruction).map_or(0, |i| i.start_line);
        let (kind, key, hit, writes, base_id, mut fresh, work) = match &stage.base {
            Base::Image { reference, .. } => {
                let key = image_id(self.world, reference, &platform);
                let hit = match self.cache {
                    None => true,
                    Some((keys, CacheSource::Local)) => keys.binary_search(&key).is_ok(),
                    Some(_) => false,
                };
                // A fresh runner pulls the base, but the stage's chain is intact as long as the
                // digest is the one the imported cache was built on.
                let fresh = self.cached(key);
                (FromKind::Image(reference.clone()), key, hit, Vec::new(), key, fresh, Work::Pull(reference.clone()))
            }
            Base::Stage { index: parent, .. } => match self.stages.get(*parent).and_then(Option::as_ref) {
                Some(base) => {
                    let writes = if self.read[index] { base.writes.clone() } else { Vec::new() };
                    let (chain, base_id, fresh) = (base.chain, base.base_id, base.fresh);
                    (FromKind::Stage(*parent), chain, fresh, writes, base_id, fresh, Work::Nothing)
                }
                None => {
                    let key = Fnv::new("unbuilt-stage").u64(*parent as u64).finish();
                    (FromKind::Stage(*parent), key, true, Vec::new(), key, true, Work::Nothing)
                }
            },
            Base::Scratch => {
                let key = Fnv::new("scratch").str(&platform).finish();
                (FromKind::Scratch, key, true, Vec::new(), key, true, Work::Nothing)
            }
        };
        if !matches!(stage.base, Base::Image { .. }) {
            fresh &= hit;
        }
        let row = BuiltRow {
            stage: index,
            instruction: stage.instruction,
            line: from_line,
            keyword: Keyword::From,
            row: Row::From(kind),
            key,
            chain: key,
            parent: 0,
            def: key,
                inputs: Vec::new(),
            hit,
            work,
        };
        (vec![row], writes, base_id, fresh)
    }

    /// `known_def` is the step's definition when the reference build (of the same model) made it.
    fn step(&self, stage: usize, step: &Step, parent: u64, known_def: Option<u64>) -> BuiltRow {
        let mut row = BuiltRow {
            stage,
            instruction: step.instruction,
            line: step.line,
            keyword: step.keyword,
            row: Row::Meta,
            key: parent,
            chain: parent,
            parent,
            def: 0,
                inputs: Vec::new(),
            hit: true,
            work: Work::Nothing,
        };
        let Some(command) = command_of(self.syntax, step) else {
            return row;
        };
        match (&step.expanded, step.keyword) {
            (Expanded::Run { .. } | Expanded::None, Keyword::Run) => {
                let mounts = if let Expanded::Run { mounts } = &step.expanded { mounts.as_slice() } else { &[] };
                row.def = known_def.unwrap_or_else(|| self.run_def(step, command, mounts));
                let mut secrets = Vec::new();
                let mut cache_mounts = false;
                for mount in mounts {
                    match mount.kind {
                        MountType::Bind => {
                            row.inputs.push(self.mount_input(mount.from.as_deref(), mount.source.as_deref(), stage))
                        }
                        MountType::Cache => {
                            cache_mounts = true;
                            // A cache seeded `from=` a stage depends on that stage's definition.
                            if let Some(from) = &mount.from {
                                if let Some(seed) = self.model.stage_by_name(from) {
                                    let chain =
                                        self.stages.get(seed.index).and_then(Option::as_ref).map_or(0, |s| s.chain);
                                    let origin = Origin::Stage { stage: seed.index, provenance: Provenance::Base };
                                    let member = Member { label: format!("cache seed from {from}"), id: chain, origin };
                                    row.inputs.push(Input {
                                        label: format!("cache mount from={from}"),
                                        members: vec![member],
                                        ignored: Vec::new(),
                                    });
                                }
                            }
                        }
                        MountType::Secret => {
                            secrets.push(mount.id.clone().or_else(|| mount.target.clone()).unwrap_or_default())
                        }
                        MountType::Ssh | MountType::Tmpfs => {}
                    }
                }
                let mut key = Fnv::new("exec");
                key.u64(row.def);
                for var in run_env(step) {
                    key.str(&var.name).str(&var.value);
                }
                for member in row.inputs.iter().flat_map(|i| &i.members) {
                    key.u64(member.id);
                }
                row.key = key.u64(parent).finish();
                row.chain = row.key;
                row.hit = self.cached(row.key);
                row.row = Row::Run { secrets, cache_mounts };
                row.work = Work::Run { onbuild: step.onbuild, cache_mount: cache_mounts };
            }
            (Expanded::Copy { sources, inline, destination, from, chown, chmod, checksum, exclude, link }, _) => {
                let effective_link = *link && chmod.is_none();
                row.def = known_def.unwrap_or_else(|| {
                    let dest = destination_path(&step.state.workdir, destination);
                    let dest_is_dir = dest_is_dir(destination, sources.len() + inline.len(), sources);
                    let mut def = Fnv::new(step.keyword.as_str());
                    def.str(&dest).u64(u64::from(dest_is_dir)).opt(chown.as_deref()).opt(chmod.as_deref());
                    def.opt(checksum.as_deref()).opt(from.as_deref());
                    exclude.iter().chain(sources).for_each(|s| {
                        def.str(s);
                    });
                    for file in inline {
                        def.str(&file.name).str(&file.data);
                    }
                    for flag in &command.flags {
                        if !matches!(flag.name.as_str(), "from" | "chown" | "chmod" | "link" | "checksum" | "exclude") {
                            def.str(&flag.raw);
                        }
                    }
                    def.u64(u64::from(effective_link)).finish()
                });
                let from = from.as_deref().map(|f| copy_from(self.model, f));
                let mut bytes = 0;
                for source in sources {
                    let input = match &from {
                        None if is_remote(source) => {
                            let id = Fnv::new("remote").str(source).opt(checksum.as_deref()).finish();
                            let member = Member { label: source.clone(), id, origin: Origin::Remote };
                            Input { label: source.clone(), members: vec![member], ignored: Vec::new() }
                        }
                        None => {
                            let selected = self.world.select(source);
                            let excluded = (!exclude.is_empty()).then(|| DockerIgnore::parse(&exclude.join("\n")));
                            let members: Vec<Member> = selected
                                .selection
                                .files
                                .iter()
                                .zip(&selected.files)
                                .filter(|(p, _)| excluded.as_ref().is_none_or(|e| !is_excluded(e, source, p)))
                                .map(|(p, &file)| {
                                    bytes += self.world.context.files[file].size_bytes;
                                    Member { label: p.clone(), id: self.world.file_id(file), origin: Origin::Context }
                                })
                                .collect();
                            let ignored = selected.selection.ignored_matches.clone();
                            Input { label: source.clone(), members, ignored }
                        }
                        Some(CopyFrom::Stage(producer)) => self.stage_input(*producer, source),
                        Some(CopyFrom::Image(image)) => {
                            let id = Fnv::new("image-path")
                                .u64(image_id(self.world, image, &self.platform(stage)))
                                .str(source)
                                .finish();
                            let member = Member { label: source.clone(), id, origin: Origin::Image(image.clone()) };
                            Input { label: source.clone(), members: vec![member], ignored: Vec::new() }
                        }
                    };
                    row.inputs.push(input);
                }
                let mut key = Fnv::new("file-op");
                key.u64(row.def);
                for member in row.inputs.iter().flat_map(|i| &i.members) {
                    key.str(&member.label).u64(member.id);
                }
                if !effective_link {
                    key.u64(parent);
                }
                row.key = key.finish();
                row.chain = if effective_link { Fnv::new("merge").u64(parent).u64(row.key).finish() } else { row.key };
                row.hit = self.cached(row.key);
                row.row = Row::Copy { link: *link, effective_link, from };
                row.work = Work::Copy {
                    bytes: (row.inputs.iter().all(|i| i.members.iter().all(|m| m.origin == Origin::Context)))
                        .then_some(bytes),
                };
            }
            (Expanded::Workdir { resolved, .. }, Keyword::Workdir) => {
                // BuildKit stamps the mkdir with SOURCE_DATE_EPOCH when it is set (docker/docs#23795).
                let epoch = self.epoch;
                let def = || Fnv::new("mkdir").str(resolved).opt(step.state.user.as_deref()).opt(epoch).finish();
                row.def = known_def.unwrap_or_else(def);
                row.key = Fnv::new("file-op").u64(row.def).u64(parent).finish();
                row.chain = row.key;
                row.hit = self.cached(row.key);
                row.row = Row::Workdir;
                row.work = Work::Mkdir;
            }
            _ => {}
        }
        row
    }

    /// A RUN's definition: its command, heredocs, workdir, user, flags and mounts.
    fn run_def(&self, step: &Step, command: &Command, mounts: &[MountSpec]) -> u64 {
        let mut def = Fnv::new("run");
        if command.json {
            command.arg_values().for_each(|a| {
                def.str(a);
            });
        } else {
            step.state.shell.iter().for_each(|s| {
                def.str(s);
            });
            def.words(command.args.iter().map(|w| w.value.as_str()));
        }
        if let Some(instruction) = self.syntax.instructions.get(step.instruction) {
            for heredoc in &instruction.heredocs {
                def.str(&heredoc.name).str(&heredoc.content);
            }
        }
        def.str(&step.state.workdir).opt(step.state.user.as_deref());
        for flag in command.flags.iter().filter(|f| f.name != "mount") {
            def.str(&flag.raw);
        }
        for mount in mounts {
            def.str(kind_name(mount.kind)).opt(mount.target.as_deref()).opt(mount.id.as_deref());
            def.opt(mount.sharing.as_deref()).opt(mount.from.as_deref()).opt(mount.source.as_deref());
            def.u64(u64::from(mount.read_only));
        }
        def.finish()
    }

    /// A bind mount: the selected content of the context, a stage's output, or an image.
    fn mount_input(&self, from: Option<&str>, source: Option<&str>, stage: usize) -> Input {
        let source = source.unwrap_or(".");
        let label = format!(
            "bind mount of {}",
            from.map_or_else(|| format!("`{source}`"), |f| format!("`{source}` from `{f}`"))
        );
        match from {
            None => {
                let selected = self.world.select(source);
                let members = (selected.selection.files.iter().zip(&selected.files))
                    .map(|(p, &file)| {
                        Member { label: p.clone(), id: self.world.file_id(file), origin: Origin::Context }
                    })
                    .collect();
                Input { label, members, ignored: selected.selection.ignored_matches.clone() }
            }
            Some(from) => match self.model.stage_by_name(from) {
                Some(producer) => Input { label, ..self.stage_input(producer.index, source) },
                None => {
                    let image = image_id(self.world, from, &self.platform(stage));
                    let id = Fnv::new("image-path").u64(image).str(source).finish();
                    let member = Member { label: source.to_owned(), id, origin: Origin::Image(from.to_owned()) };
                    Input { label, members: vec![member], ignored: Vec::new() }
                }
            },
        }
    }

    fn stage_input(&self, producer: usize, source: &str) -> Input {
        let path = join_path("", source);
        let (id, provenance) = match self.stages.get(producer).and_then(Option::as_ref) {
            Some(built) => resolve_output(built, &path),
            // Not built yet (a later or cyclic stage): BuildKit fails; keep going with a constant.
            None => (Fnv::new("unbuilt-stage").u64(producer as u64).finish(), Provenance::Base),
        };
        let member = Member { label: path.clone(), id, origin: Origin::Stage { stage: producer, provenance } };
        Input { label: source.to_owned(), members: vec![member], ignored: Vec::new() }
    }
}

/// The name keys have always hashed a mount type by: its `Debug` name.
fn kind_name(kind: MountType) -> &'static str {
    match kind {
        MountType::Bind => "Bind",
        MountType::Cache => "Cache",
        MountType::Tmpfs => "Tmpfs",
        MountType::Secret => "Secret",
        MountType::Ssh => "Ssh",
    }
}

pub(crate) fn run_text(command: &Command) -> String {
    command.arg_values().collect::<Vec<_>>().join(" ")
}

/// `COPY --exclude` patterns, matched like `.dockerignore` against the path in the context and
/// the path relative to the source directory.
fn is_excluded(patterns: &DockerIgnore, source: &str, path: &str) -> bool {
    let source = clean_path(source.trim_start_matches('/'));
    let relative = path.strip_prefix(&format!("{source}/")).unwrap_or(path);
    patterns.is_ignored(path) || patterns.is_ignored(relative)
}

fn is_remote(source: &str) -> bool {
    source.contains("://") || source.starts_with("git@")
}

/// A COPY destination is relative to WORKDIR.
pub(crate) fn destination_path(workdir: &str, destination: &str) -> String {
    if destination.starts_with('/') {
        clean_path(destination)
    } else {
        join_path(workdir, destination)
    }
}

pub(crate) fn dest_is_dir(destination: &str, count: usize, sources: &[String]) -> bool {
    destination.ends_with('/')
        || destination == "."
        || destination.ends_with("/.")
        || count > 1
        || sources.iter().any(|s| s.contains(['*', '?', '[']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_mount_kind_names_are_the_debug_names() {
        for kind in [MountType::Bind, MountType::Cache, MountType::Tmpfs, MountType::Secret, MountType::Ssh] {
            assert_eq!(kind_name(kind), format!("{kind:?}"));
        }
    }
}
