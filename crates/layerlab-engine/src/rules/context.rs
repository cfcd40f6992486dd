//! What a rule can look at: the syntax, the model (stages, resolved ARGs, graph, target), the
//! build context and `.dockerignore`, with helpers rules share.
use std::borrow::Cow;
use std::sync::Arc;

use crate::context::{BuildContext, DockerIgnore};
use crate::model::{Base, EdgeKind, Model, Node, Step};
use crate::script::{self, SimpleCommand};
use crate::syntax::mount::{self, Mount};
use crate::syntax::{Instruction, Keyword, Syntax};

/// How many [`Keyword`]s there are: the known ones and `Unknown`, which comes last (so every
/// `keyword as usize` indexes a table of this length).
const KEYWORDS: usize = Keyword::ALL.len() + 1;
const _: () = assert!(Keyword::Unknown as usize == KEYWORDS - 1);

pub struct RuleContext<'a> {
    pub syntax: &'a Syntax,
    pub model: &'a Model,
    pub build_context: &'a BuildContext,
    /// `None` when the build has no `.dockerignore`.
    pub dockerignore: Option<&'a DockerIgnore>,
    /// The stage each instruction belongs to (`None` before the first FROM).
    stage_of: Vec<Option<usize>>,
    /// The index of each stage's FROM: a stage's instructions run from it to the next one.
    stage_starts: Vec<usize>,
    /// Instruction indices grouped by keyword, in file order within each group; the group of
    /// keyword `k` is `by_keyword[keyword_starts[k]..keyword_starts[k + 1]]` (most rules look
    /// at one keyword, and each would otherwise visit every instruction).
    by_keyword: Vec<u32>,
    keyword_starts: [u32; KEYWORDS + 1],
    /// Stages whose layers end up in an image: the target, the stages nothing builds on (other
    /// `--target` images), and the stages those are `FROM`.
    shipped: Vec<bool>,
    /// The script of each RUN (empty for other instructions), joined once for all rules.
    scripts: Vec<String>,
    /// The simple commands of each RUN (empty for other instructions), split once for all rules.
    commands: Vec<Arc<[SimpleCommand]>>,
    /// The `--mount` values of each instruction that parse, parsed once for all rules.
    mounts: Vec<Vec<Mount>>,
    /// The text after `# layerlab:` of each such comment line, read once (see `helpers::setting`).
    settings: Vec<&'a str>,
    /// Each RUN's commands with `$VAR` package lists expanded (`None`: nothing to expand), made
    /// on first use and shared by the unpinned-package rules (see `helpers::report_unpinned`).
    pub(super) expanded_commands: std::cell::OnceCell<Vec<Vec<Option<SimpleCommand>>>>,
}

impl<'a> RuleContext<'a> {
    pub fn new(
        syntax: &'a Syntax,
        model: &'a Model,
        build_context: &'a BuildContext,
        dockerignore: Option<&'a DockerIgnore>,
    ) -> RuleContext<'a> {
        let mut stage_of = vec![None; syntax.instructions.len()];
        let mut stage_starts = Vec::new();
        let mut keyword_starts = [0u32; KEYWORDS + 1];
        for (index, instruction) in syntax.instructions.iter().enumerate() {
            if instruction.is(Keyword::From) {
                stage_starts.push(index);
            }
            stage_of[index] = stage_starts.len().checked_sub(1);
            keyword_starts[instruction.command.keyword as usize + 1] += 1;
        }
        for k in 1..keyword_starts.len() {
            keyword_starts[k] += keyword_starts[k - 1];
        }
        let mut by_keyword = vec![0u32; syntax.instructions.len()];
        let mut next = keyword_starts;
        for (index, instruction) in syntax.instructions.iter().enumerate() {
            let slot = &mut next[instruction.command.keyword as usize];
            by_keyword[*slot as usize] = index as u32;
            *slot += 1;
        }
        // The target, and every other stage nothing builds on (an image of its own, built with
        // `--target`), with the stages they are `FROM`; stages only copied from are build stages.
        let mut shipped = vec![false; model.stages.len()];
        let mut used = vec![false; model.stages.len()];
        for stage in &model.stages {
            for &dependency in &stage.depends_on {
                if dependency != stage.index && dependency < used.len() {
                    used[dependency] = true;
                }
            }
        }
        // A stage other stages copy from is a build stage, even when an extra image builds on it
        // (a `dev` image `FROM build`): only the target's own chain ships it.
        let mut copied = vec![false; model.stages.len()];
        for edge in &model.edges {
            if let (EdgeKind::CopyFrom | EdgeKind::MountFrom, Node::Stage(s)) = (edge.kind, &edge.source) {
                if *s < copied.len() {
                    copied[*s] = true;
                }
            }
        }
        let images = model.target.into_iter().map(|t| (t, true)).chain((0..model.stages.len()).filter(|&s| !used[s]).map(|s| (s, false)));
        for (image, is_target) in images {
            let mut next = Some(image);
            while let Some(stage) = next.filter(|&s| s < shipped.len() && !shipped[s] && (is_target || s == image || !copied[s])) {
                shipped[stage] = true;
                next = match model.stages[stage].base {
                    Base::Stage { index, .. } => Some(index),
                    _ => None,
                };
            }
        }
        let scripts: Vec<String> =
            syntax.instructions.iter().map(|i| if i.is(Keyword::Run) { run_script(i) } else { String::new() }).collect();
        let commands = scripts.iter().map(|text| if text.is_empty() { Arc::from([]) } else { script::remembered_commands(text) }).collect();
        let mounts = syntax.instructions.iter().map(|i| parsed_mounts(i)).collect();
        let settings = if syntax.source.contains("layerlab") {
            syntax
                .source
                .lines()
                .filter_map(|line| {
                    let comment = line.trim_start().strip_prefix('#')?.trim();
                    Some(comment.strip_prefix("layerlab:").or_else(|| comment.strip_prefix("layerlab "))?.trim())
                })
                .collect()
        } else {
            Vec::new()
        };
        RuleContext {
            syntax,
            model,
            build_context,
            dockerignore,
            stage_of,
            stage_starts,
            by_keyword,
            keyword_starts,
            shipped,
            scripts,
            commands,
            mounts,
            settings,
            expanded_commands: std::cell::OnceCell::new(),
        }
    }

    /// What follows `# layerlab:` (or `# layerlab `) on each comment line, in file order.
    pub fn settings(&self) -> &[&'a str] {
        &self.settings
    }

    /// The simple commands a RUN executes (shell form, exec form and heredoc scripts), with
    /// offsets into [`RuleContext::run_script`]'s text.
    pub fn commands(&self, instruction: usize) -> &[SimpleCommand] {
        self.commands.get(instruction).map_or(&[], |commands| commands)
    }

    /// The RUN's `--mount` values that parse.
    pub fn mounts(&self, instruction: usize) -> &[Mount] {
        self.mounts.get(instruction).map_or(&[], Vec::as_slice)
    }

    pub fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> {
        self.syntax.instructions.iter().map(|i| &**i).enumerate()
    }

    /// Instructions with a given keyword (ONBUILD triggers are not included).
    pub fn instructions_of(&self, keyword: Keyword) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        let k = keyword as usize;
        let group = &self.by_keyword[self.keyword_starts[k] as usize..self.keyword_starts[k + 1] as usize];
        let instructions = &self.syntax.instructions;
        group.iter().map(move |&index| (index as usize, &*instructions[index as usize]))
    }

    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        self.stage_of.get(instruction).copied().flatten()
    }

    /// Instructions of one stage, its FROM included.
    pub fn stage_instructions(&self, stage: usize) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        let all = self.syntax.instructions.len();
        let (start, end) = match self.stage_starts.get(stage) {
            Some(&start) => (start, self.stage_starts.get(stage + 1).copied().unwrap_or(all)),
            None => (all, all),
        };
        self.syntax.instructions[start..end].iter().enumerate().map(move |(i, instruction)| (start + i, &**instruction))
    }

    /// Whether the instruction's layers or settings end up in the built image (rules about the
    /// shipped image must not fire on build stages).
    pub fn is_shipped(&self, instruction: usize) -> bool {
        self.stage_of(instruction).is_some_and(|s| self.shipped.get(s).copied().unwrap_or(false))
    }

    /// The model's step for `instruction` in `stage` (not an ONBUILD trigger run there): the
    /// ENV, ARG, USER and WORKDIR in force when it runs.
    pub fn step(&self, stage: usize, instruction: usize) -> Option<&'a Step> {
        self.model.stages.get(stage)?.steps.iter().find(|s| s.instruction == instruction && !s.onbuild)
    }

    /// Whether the stage's result ends up in the image.
    pub fn stage_is_shipped(&self, stage: usize) -> bool {
        self.shipped.get(stage).copied().unwrap_or(false)
    }

    /// The shell script a RUN executes: the shell-form text, the exec-form words joined, and the
    /// bodies of its heredocs (which are scripts too).
    pub fn run_script(&self, instruction: &Instruction) -> Cow<'_, str> {
        // Rules pass the instruction itself: where it starts gives its index in the file (checked
        // to be the same instruction), and so its joined script.
        let instructions = &self.syntax.instructions;
        let index = instructions.partition_point(|i| i.span.start < instruction.span.start);
        match instructions.get(index) {
            Some(found) if std::ptr::eq(&**found, instruction) && instruction.is(Keyword::Run) => Cow::Borrowed(&self.scripts[index]),
            _ => Cow::Owned(run_script(instruction)),
        }
    }
}

fn parsed_mounts(instruction: &Instruction) -> Vec<Mount> {
    instruction
        .command
        .flags
        .iter()
        .filter(|f| f.name == "mount")
        .filter_map(|f| f.value.as_deref().and_then(|v| mount::parse(v).ok()))
        .collect()
}

fn run_script(instruction: &Instruction) -> String {
    let mut script = String::new();
    for (position, value) in instruction.command.arg_values().enumerate() {
        if position > 0 {
            script.push(' ');
        }
        script.push_str(value);
    }
    for heredoc in &instruction.heredocs {
        script.push('\n');
        script.push_str(&heredoc.content);
    }
    script
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelOptions;

    #[test]
    fn instructions_of_a_keyword_are_those_with_it_in_file_order() {
        let text = "# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine:${V} AS a\nRUN echo 1\nonbuild RUN echo 2\n\
                    COPY . /src\nFROMM typo\nRUN echo 3\nFROM a\nrun echo 4\nLABEL x=y\nRUN echo 5\n";
        let syntax = crate::syntax::parse(text);
        let model = crate::model::build(&syntax, &ModelOptions::default());
        let build_context = crate::context::infer(&syntax);
        let context = RuleContext::new(&syntax, &model, &build_context, None);
        let mut seen = 0;
        for keyword in Keyword::ALL.into_iter().chain([Keyword::Unknown]) {
            let indexed: Vec<usize> = context.instructions_of(keyword).map(|(index, _)| index).collect();
            let scanned: Vec<usize> = context.instructions().filter(|(_, i)| i.is(keyword)).map(|(index, _)| index).collect();
            assert_eq!(indexed, scanned, "{keyword:?}");
            seen += indexed.len();
        }
        assert_eq!(seen, syntax.instructions.len());
        assert_eq!(context.instructions_of(Keyword::Run).count(), 4);
    }
}
