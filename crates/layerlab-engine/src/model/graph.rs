//! The stage graph (`buildStageDependencyGraph`, `resolveTarget`, `allReachableStages`): edges
//! from FROM, `COPY --from` and `RUN --mount=from=`, the target, the stages it needs, and an
//! order in which every stage comes after the stages it uses.
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use super::{Base, Edge, EdgeKind, Expanded, Model, Node, Reporter};
use crate::sorting;
use crate::syntax::mount::MountType;
use crate::syntax::Severity;

pub(super) fn link(model: &mut Model, reporter: &mut Reporter, target: Option<&str>) {
    let syntax = reporter.syntax;
    let stage_count = model.stages.len();
    // BuildKit builds the graph after all stages exist: a later stage of the same name wins.
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    for stage in &model.stages {
        if let Some(name) = &stage.name {
            by_name.insert(name.clone(), stage.index);
        }
    }

    let mut edges = Vec::new();
    // (consumer, source stage, instruction, `--from` as written) for the dispatch-order check.
    let mut stage_copies = Vec::new();
    for stage in &model.stages {
        if let Base::Stage { index, .. } = stage.base {
            edges.push(Edge {
                stage: stage.index,
                instruction: stage.instruction,
                kind: EdgeKind::From,
                source: Node::Stage(index),
            });
        }
        for step in &stage.steps {
            let span = syntax.instructions[step.instruction].span;
            let mut edge =
                |kind, source| edges.push(Edge { stage: stage.index, instruction: step.instruction, kind, source });
            match &step.expanded {
                Expanded::Copy { from: Some(from), .. } => match go_atoi(from) {
                    Some(index) if index < 0 || index as usize >= stage_count => {
                        let message = format!("invalid stage index {index}");
                        reporter.report("invalid-stage-index", Severity::Error, message, span);
                    }
                    Some(index) => {
                        edge(EdgeKind::CopyFrom, Node::Stage(index as usize));
                        stage_copies.push((stage.index, index as usize, step.instruction, from.clone()));
                    }
                    None => match by_name.get(&from.to_lowercase()) {
                        Some(&index) => {
                            edge(EdgeKind::CopyFrom, Node::Stage(index));
                            stage_copies.push((stage.index, index, step.instruction, from.clone()));
                        }
                        None => {
                            if let Some(near) = near_miss(from, &by_name) {
                                let message = format!(
                                    "no stage is named \"{from}\" (did you mean \"{near}\"?): BuildKit will pull an image named \"{from}\""
                                );
                                reporter.report("unknown-stage", Severity::Warning, message, span);
                            }
                            edge(EdgeKind::CopyFrom, Node::Image(from.clone()))
                        }
                    },
                },
                Expanded::Run { mounts } => {
                    for mount in mounts.iter().filter(|m| m.kind != MountType::Tmpfs) {
                        // Mounts look stages up by name only: `from=0` is an image called "0".
                        let Some(from) = &mount.from else { continue };
                        match by_name.get(&from.to_lowercase()) {
                            Some(&index) => edge(EdgeKind::MountFrom, Node::Stage(index)),
                            None if from == "scratch" => {}
                            None => edge(EdgeKind::MountFrom, Node::Image(from.clone())),
                        }
                    }
                }
                _ => {}
            }
        }
    }

    let mut depends_on = vec![Vec::new(); stage_count];
    for edge in &edges {
        if let Node::Stage(source) = edge.source {
            if !depends_on[edge.stage].contains(&source) {
                depends_on[edge.stage].push(source);
            }
        }
        if let Node::Image(image) = &edge.source {
            if !model.images.contains(image) {
                model.images.push(image.clone());
            }
        }
    }
    for list in &mut depends_on {
        sorting::sort_unstable(list);
    }
    let cyclic = report_cycles(model, reporter, &edges, &depends_on);

    model.target = match target {
        None => stage_count.checked_sub(1),
        Some(name) => match by_name.get(&name.to_lowercase()) {
            Some(&index) => Some(index),
            None => {
                let names: Vec<String> = model.stages.iter().filter_map(|s| s.name.clone()).collect();
                let valid = if names.is_empty() { "none: no stage has a name".to_owned() } else { names.join(", ") };
                let message = format!(
                    "target stage \"{name}\" could not be found (valid targets: {valid}); using the last stage"
                );
                reporter.report("unknown-target", Severity::Error, message, crate::syntax::Span::default());
                stage_count.checked_sub(1)
            }
        },
    };
    if let Some(target) = model.target {
        let mut pending = vec![target];
        while let Some(index) = pending.pop() {
            if !model.stages[index].needed {
                model.stages[index].needed = true;
                pending.extend(depends_on[index].iter().copied());
            }
        }
        model.stages[target].is_target = true;
    }

    // A stage copied from must be dispatched first: BuildKit dispatches in file order (after
    // the cycle check, which fails the build first).
    for (consumer, source, instruction, from) in stage_copies.into_iter().filter(|_| !cyclic) {
        if source > consumer {
            let consumer = &model.stages[consumer];
            let mut message = format!(
                "cannot copy from stage \"{from}\", it needs to be defined before current stage \"{}\"",
                consumer.display_name()
            );
            let severity = if consumer.needed { Severity::Error } else { Severity::Warning };
            if !consumer.needed {
                message.push_str(" (this stage is not built for the current target)");
            }
            reporter.report("stage-defined-later", severity, message, syntax.instructions[instruction].span);
        }
    }

    model.build_order = topological_order(&depends_on);
    for (stage, deps) in model.stages.iter_mut().zip(depends_on) {
        stage.depends_on = deps;
    }
    model.edges = edges;
}

/// Go's `strconv.Atoi` on a `--from` value: optional sign then ASCII digits.
fn go_atoi(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse::<i64>().unwrap_or(if text.starts_with('-') { i64::MIN } else { i64::MAX }))
}

/// A stage name within two edits of `name`, for names that do not look like image references.
fn near_miss(name: &str, by_name: &BTreeMap<String, usize>) -> Option<String> {
    if name.contains(['/', ':', '@', '.']) {
        return None;
    }
    let name = name.to_lowercase();
    by_name
        .keys()
        .filter(|candidate| crate::suggest::edit_distance(&name, candidate) <= 2)
        .min_by_key(|c| crate::suggest::edit_distance(&name, c))
        .cloned()
}

/// BuildKit's `validateCircularDependency`: a stage reaching itself is an error.
fn report_cycles(model: &Model, reporter: &mut Reporter, edges: &[Edge], depends_on: &[Vec<usize>]) -> bool {
    let mut found = false;
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; depends_on.len()];
    for start in 0..depends_on.len() {
        if marks[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (stage, next dependency to look at).
        let mut stack = vec![(start, 0)];
        marks[start] = Mark::Active;
        while let Some(&mut (stage, ref mut next)) = stack.last_mut() {
            match depends_on[stage].get(*next) {
                Some(&dep) => {
                    *next += 1;
                    match marks[dep] {
                        Mark::New => {
                            marks[dep] = Mark::Active;
                            stack.push((dep, 0));
                        }
                        Mark::Active => {
                            let closing = edges.iter().find(|e| e.stage == stage && e.source == Node::Stage(dep));
                            let span =
                                closing.map(|e| reporter.syntax.instructions[e.instruction].span).unwrap_or_default();
                            let message =
                                format!("circular dependency detected on stage: {}", model.stages[dep].display_name());
                            reporter.report("circular-dependency", Severity::Error, message, span);
                            found = true;
                        }
                        Mark::Done => {}
                    }
                }
                None => {
                    marks[stage] = Mark::Done;
                    stack.pop();
                }
            }
        }
    }
    found
}

/// Kahn's algorithm, smallest index first; stages caught in a cycle come last in index order.
fn topological_order(depends_on: &[Vec<usize>]) -> Vec<usize> {
    let count = depends_on.len();
    let mut remaining: Vec<usize> = depends_on.iter().map(|d| d.iter().filter(|&&s| s < count).count()).collect();
    let mut users = vec![Vec::new(); count];
    for (stage, deps) in depends_on.iter().enumerate() {
        for &dep in deps {
            users[dep].push(stage);
        }
    }
    // A min-heap and flags rather than BTreeSets: the wasm then carries no BTreeSet<usize> code.
    let mut ready: BinaryHeap<Reverse<usize>> = (0..count).filter(|&s| remaining[s] == 0).map(Reverse).collect();
    let mut order = Vec::with_capacity(count);
    while let Some(Reverse(stage)) = ready.pop() {
        order.push(stage);
        for &user in &users[stage] {
            remaining[user] -= 1;
            if remaining[user] == 0 {
                ready.push(Reverse(user));
            }
        }
    }
    let mut placed = vec![false; count];
    for &stage in &order {
        placed[stage] = true;
    }
    order.extend((0..count).filter(|&s| !placed[s]));
    order
}
