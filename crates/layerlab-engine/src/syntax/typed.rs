//! Typed views over instructions (BuildKit's `instructions` package), cheap accessors over the
//! lossless tree.
use super::{heredoc, Instruction, Keyword};

/// An inline file a heredoc creates (COPY/ADD source, or a RUN script).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineFile {
    pub name: String,
    /// For COPY/ADD: after chomping `<<-` tabs; for RUN: raw (chomped at dispatch).
    pub data: String,
    pub expand: bool,
    pub chomp: bool,
}

/// COPY/ADD arguments: paths from the context or a stage, inline heredoc files, a destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcesAndDestination {
    pub source_paths: Vec<String>,
    pub source_contents: Vec<InlineFile>,
    pub destination: String,
}

/// RUN/CMD/ENTRYPOINT command: exec form as-is, shell form run by the stage's SHELL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellCommand {
    pub command_line: Vec<String>,
    pub prepend_shell: bool,
    pub files: Vec<InlineFile>,
}

impl Instruction {
    /// COPY/ADD sources and destination; `None` when the destination is missing.
    pub fn sources_and_destination(&self) -> Option<SourcesAndDestination> {
        if !matches!(self.command.keyword, Keyword::Copy | Keyword::Add) || self.command.args.len() < 2 {
            return None;
        }
        let (destination, sources) = self.command.args.split_last()?;
        let mut result = SourcesAndDestination {
            source_paths: Vec::new(),
            source_contents: Vec::new(),
            destination: destination.value.clone(),
        };
        for source in sources {
            match heredoc::parse_word(&source.value) {
                Ok(Some(spec)) => {
                    let content = self.heredocs.iter().rev().find(|h| h.name == spec.name);
                    let raw = content.map(|h| h.content.as_str()).unwrap_or_default();
                    let data = if spec.chomp { chomp(raw) } else { raw.to_owned() };
                    result.source_contents.push(InlineFile { name: spec.name, data, expand: spec.expand, chomp: spec.chomp });
                }
                _ => result.source_paths.push(source.value.clone()),
            }
        }
        Some(result)
    }

    /// RUN/CMD/ENTRYPOINT command line with its heredoc files.
    pub fn shell_command(&self) -> Option<ShellCommand> {
        if !matches!(self.command.keyword, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint) {
            return None;
        }
        let files = self
            .heredocs
            .iter()
            .map(|h| InlineFile { name: h.name.clone(), data: h.content.clone(), expand: h.expand, chomp: h.chomp })
            .collect();
        Some(ShellCommand {
            command_line: self.command.arg_values().map(str::to_owned).collect(),
            prepend_shell: !self.command.json,
            files,
        })
    }
}

/// Removes leading tabs from every line (`<<-`).
pub fn chomp(text: &str) -> String {
    text.split_inclusive('\n').map(|line| line.trim_start_matches('\t')).collect()
}
