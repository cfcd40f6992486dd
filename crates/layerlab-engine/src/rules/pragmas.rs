//! Suppression pragmas: hadolint's, BuildKit's `# check=` directive and Layerlab's own.
//!
//! - `# hadolint ignore=DL3008,DL3015` in the comment block directly above an instruction;
//!   `# hadolint global ignore=DL3008` anywhere.
//! - `# check=skip=JSONArgsRecommended,StageNameCasing` (or `skip=all`) and `error=true` as a
//!   parser directive for the whole file, or directly above an instruction for that one.
//! - `# layerlab: ignore=LL1001 reason` / `# layerlab: global ignore=…`.
//!
//! Codes match a rule's code, name or any alias; a reason may follow the codes.
use super::{Rule, Tool};
use crate::syntax::{Span, Syntax};

#[derive(Default)]
pub struct Pragmas {
    global: Vec<String>,
    /// Per instruction: codes ignored by the comment block above it.
    per_instruction: Vec<Vec<String>>,
    buildkit_skip_all: bool,
    buildkit_skip: Vec<String>,
    buildkit_error: bool,
}

impl Pragmas {
    pub fn read(syntax: &Syntax) -> Pragmas {
        let mut pragmas = Pragmas::default();
        for directive in syntax.directives.iter().filter(|d| d.name == "check") {
            pragmas.read_check(&directive.value, None);
        }
        // Every pragma comment holds `ignore=` or `check=`: most files have none.
        if !syntax.source.contains("ignore=") && !syntax.source.contains("check=") {
            pragmas.per_instruction = vec![Vec::new(); syntax.instructions.len()];
            return pragmas;
        }
        let lines: Vec<&str> = syntax.source.lines().collect();
        for line in &lines {
            let Some(comment) = line.trim_start().strip_prefix('#') else { continue };
            let comment = comment.trim();
            for prefix in ["hadolint global ignore=", "layerlab: global ignore=", "layerlab global ignore="] {
                if let Some(codes) = comment.strip_prefix(prefix) {
                    pragmas.global.extend(codes_in(codes));
                }
            }
        }
        for instruction in &syntax.instructions {
            let mut codes = Vec::new();
            let mut line = instruction.start_line.saturating_sub(1);
            while line >= 1 {
                let Some(comment) = lines.get(line - 1).and_then(|l| l.trim_start().strip_prefix('#')) else { break };
                let comment = comment.trim();
                for prefix in ["hadolint ignore=", "layerlab: ignore=", "layerlab ignore="] {
                    if let Some(rest) = comment.strip_prefix(prefix) {
                        codes.extend(codes_in(rest));
                    }
                }
                if let Some(value) = comment.strip_prefix("check=") {
                    let mut skip = Vec::new();
                    pragmas.read_check(value, Some(&mut skip));
                    codes.extend(skip);
                }
                line -= 1;
            }
            pragmas.per_instruction.push(codes);
        }
        pragmas
    }

    /// Reads a `check=` value: `skip=A,B;error=true`. With `local`, skips go there.
    fn read_check(&mut self, value: &str, local: Option<&mut Vec<String>>) {
        let mut local = local;
        for part in value.split(';') {
            let Some((key, setting)) = part.split_once('=') else { continue };
            match key.trim() {
                "skip" => {
                    let names: Vec<String> = setting.split(',').map(|s| s.trim().to_owned()).collect();
                    match local.as_deref_mut() {
                        Some(codes) => codes.extend(names),
                        None if names.iter().any(|n| n.eq_ignore_ascii_case("all")) => self.buildkit_skip_all = true,
                        None => self.buildkit_skip.extend(names),
                    }
                }
                "error" if local.is_none() => self.buildkit_error = setting.trim().eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
    }

    pub fn skips_globally(&self, rule: &Rule) -> bool {
        // The file's skips first: nearly always none, and then the rule's aliases are not read.
        self.global.iter().any(|c| rule.answers_to(c))
            || (self.buildkit_skip_all || self.buildkit_skip.iter().any(|c| rule.answers_to(c)))
                && rule.alias(Tool::Buildkit).is_some()
    }

    /// Whether a pragma above the instruction holding `span` ignores `rule`.
    pub fn ignores(&self, rule: &Rule, syntax: &Syntax, span: Span) -> bool {
        let holder = syntax.instructions.iter().position(|i| i.span.start <= span.start && span.start <= i.span.end);
        holder.is_some_and(|i| self.per_instruction[i].iter().any(|c| c.eq_ignore_ascii_case("all") || rule.answers_to(c)))
    }

    /// BuildKit's `# check=error=true` turns its checks' warnings into build errors.
    pub fn promotes_to_error(&self, rule: &Rule) -> bool {
        self.buildkit_error && rule.alias(Tool::Buildkit).is_some()
    }
}

/// Codes in `DL3008,DL3015 because …` or `DL3008, DL3015 # reason`.
fn codes_in(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for piece in text.split(',') {
        let piece = piece.trim_start();
        let code: String = piece.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
        if !code.is_empty() {
            codes.push(code.clone());
        }
        if piece.len() > code.len() {
            break; // a reason follows
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::codes_in;

    #[test]
    fn codes_stop_at_the_reason() {
        assert_eq!(codes_in("DL3008,DL3015"), ["DL3008", "DL3015"]);
        assert_eq!(codes_in("DL3008, DL3015 # pinned upstream"), ["DL3008", "DL3015"]);
        assert_eq!(codes_in("LL1001 not relevant here, really"), ["LL1001"]);
    }
}
