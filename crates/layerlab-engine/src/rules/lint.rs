//! Linting an [`Input`] on its own (what `layerlab check` runs).
use super::{check, Finding, RuleContext};
use crate::context::{self, BuildContext, DockerIgnore};
use crate::model;
use crate::report::Input;
use crate::syntax;

/// Parses, models and checks a Dockerfile with its context; returns the findings, sorted.
pub fn lint(input: &Input) -> Vec<Finding> {
    let syntax = syntax::parse(&input.dockerfile);
    let model = model::build(&syntax, &input.model_options());
    let build_context = match &input.context {
        Some(text) => BuildContext::parse(text).0,
        None => context::infer(&syntax),
    };
    let ignore = input.dockerignore.as_deref().map(DockerIgnore::parse);
    let rule_context = RuleContext::new(&syntax, &model, &build_context, ignore.as_ref());
    check(&rule_context)
}
