//! The single entry point: [`analyze`] turns an [`Input`] into a [`Report`].
use serde::{Deserialize, Serialize};

use crate::syntax::{self, Diagnostic};

/// Everything the engine needs to analyse one build.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Input {
    pub dockerfile: String,
}

/// The result of one analysis: one value that the UI, the CLI and tests read.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub instruction_count: usize,
    pub stage_count: usize,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn analyze(input: &Input) -> Report {
    let syntax = syntax::parse(&input.dockerfile);
    Report {
        instruction_count: syntax.instructions.len(),
        stage_count: syntax.instructions.iter().filter(|i| i.is(syntax::Keyword::From)).count(),
        diagnostics: syntax.diagnostics,
    }
}
