//! The instruction phase (BuildKit's `instructions.Parse`): flags, arity, stage names, ONBUILD
//! triggers. BuildKit stops at the first failure; we report every one and keep going.
use std::sync::Arc;

use super::flags::{self, FlagType};
use super::{Command, Diagnostic, Instruction, Keyword, LineIndex, Phase, Severity, Span};

struct Checker<'a> {
    source: &'a str,
    line_index: &'a LineIndex,
    diagnostics: Vec<Diagnostic>,
}

pub fn check(source: &str, line_index: &LineIndex, instructions: &[Arc<Instruction>], out: &mut Vec<Diagnostic>) {
    let mut checker = Checker { source, line_index, diagnostics: Vec::new() };
    let mut seen_from = false;
    for instruction in instructions.iter() {
        let command = &instruction.command;
        checker.command(command, instruction);
        seen_from |= command.keyword == Keyword::From;
        if !seen_from && !matches!(command.keyword, Keyword::Arg | Keyword::Unknown) {
            checker.error("no-build-stage", "no build stage in current context".into(), instruction.span);
        }
    }
    out.append(&mut checker.diagnostics);
}

impl Checker<'_> {
    fn error(&mut self, code: &'static str, message: String, span: Span) {
        let diagnostic =
            self.line_index.diagnostic(self.source, code, Severity::Error, Phase::Instruction, message, span);
        self.diagnostics.push(diagnostic);
    }

    fn command(&mut self, command: &Command, instruction: &Instruction) {
        let span = instruction.span;
        let name = command.keyword.as_str();
        let arg_count = command.args.len();
        if command.keyword == Keyword::Unknown {
            let message = format!("unknown instruction: {}{}", command.name, suggestion(&command.name));
            return self.error("unknown-instruction", message, command.name_span);
        }
        let healthcheck_none = command.keyword == Keyword::Healthcheck
            && command.args.first().is_some_and(|a| a.value.eq_ignore_ascii_case("none"));
        if !healthcheck_none {
            self.flags(command);
        }
        match command.keyword {
            Keyword::From => self.from(command, span),
            Keyword::Maintainer | Keyword::Workdir | Keyword::User | Keyword::Stopsignal if arg_count != 1 => {
                self.error("wrong-arity", format!("{name} requires exactly one argument"), span)
            }
            Keyword::Env | Keyword::Label | Keyword::Arg | Keyword::Expose | Keyword::Volume if arg_count == 0 => {
                self.error("wrong-arity", format!("{name} requires at least one argument"), span)
            }
            Keyword::Env | Keyword::Label
                if command.args.chunks(3).any(|kv| kv[0].value.is_empty()) => {
                    self.error("blank-name", format!("{name} names can not be blank"), span);
                }
            Keyword::Arg
                if command.args.iter().any(|a| a.value.split('=').next().unwrap_or("").is_empty()) => {
                    self.error("blank-name", "ARG names can not be blank".into(), span);
                }
            Keyword::Volume
                if command.args.iter().any(|a| a.value.trim().is_empty()) => {
                    self.error("wrong-arity", "VOLUME specified can not be an empty string".into(), span);
                }
            Keyword::Add | Keyword::Copy => self.sources_and_destination(command, span),
            Keyword::Shell if arg_count == 0 => {
                self.error("wrong-arity", "SHELL requires at least one argument".into(), span)
            }
            Keyword::Shell if !command.json => {
                self.error("shell-not-json", "SHELL requires the arguments to be in JSON form".into(), span)
            }
            Keyword::Onbuild => self.onbuild(command, span),
            Keyword::Healthcheck => self.healthcheck(command, span, healthcheck_none),
            _ => {}
        }
    }

    fn from(&mut self, command: &Command, span: Span) {
        let args = &command.args;
        if args.len() == 3 && args[1].value.eq_ignore_ascii_case("as") {
            let name = args[2].value.to_lowercase();
            if !is_valid_stage_name(&name) {
                let message = format!(
                    "invalid name for build stage: {}, name can't start with a number or contain symbols",
                    super::dump::go_quote(&args[2].value)
                );
                self.error("invalid-stage-name", message, args[2].span);
            }
        } else if args.len() != 1 {
            self.error("wrong-arity", "FROM requires either one or three arguments".into(), span);
        }
    }

    fn sources_and_destination(&mut self, command: &Command, span: Span) {
        let name = command.keyword.as_str();
        let Some(destination) = command.args.last().filter(|_| command.args.len() >= 2) else {
            let message = format!(
                "{name} requires at least two arguments, but only one was provided. Destination could not be determined"
            );
            return self.error("missing-destination", message, span);
        };
        if matches!(super::heredoc::parse_word(&destination.value), Ok(Some(_))) {
            self.error("heredoc-destination", format!("{name} cannot accept a heredoc as a destination"), destination.span);
        }
    }

    fn onbuild(&mut self, command: &Command, span: Span) {
        let Some(trigger) = &command.trigger else {
            return self.error("wrong-arity", "ONBUILD requires at least one argument".into(), span);
        };
        let trigger_name = trigger.name.to_uppercase();
        match trigger_name.as_str() {
            "ONBUILD" => {
                self.error("onbuild-trigger", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into(), span)
            }
            "MAINTAINER" | "FROM" => {
                self.error("onbuild-trigger", format!("{trigger_name} isn't allowed as an ONBUILD trigger"), span)
            }
            _ => {}
        }
    }

    fn healthcheck(&mut self, command: &Command, span: Span, none: bool) {
        let Some(kind) = command.args.first() else {
            return self.error("wrong-arity", "HEALTHCHECK requires at least one argument".into(), span);
        };
        if none {
            if command.args.len() > 1 {
                self.error("wrong-arity", "HEALTHCHECK NONE takes no arguments".into(), span);
            }
            return;
        }
        if !kind.value.eq_ignore_ascii_case("cmd") {
            let message = format!(
                "Unknown type {} in HEALTHCHECK (try CMD)",
                super::dump::go_quote(&kind.value.to_uppercase())
            );
            return self.error("healthcheck-type", message, kind.span);
        }
        if command.args.len() == 1 {
            self.error("wrong-arity", "Missing command after HEALTHCHECK CMD".into(), span);
        }
        for flag in &command.flags {
            let Some(value) = flag.value.as_deref().filter(|v| !v.is_empty()) else { continue };
            if flag.name == "retries" {
                match value.parse::<i64>() {
                    Ok(n) if n < 0 => self.error("invalid-flag", format!("--retries cannot be negative ({n})"), flag.span),
                    Ok(_) => {}
                    Err(_) => self.error(
                        "invalid-flag",
                        format!("strconv.ParseInt: parsing {}: invalid syntax", super::dump::go_quote(value)),
                        flag.span,
                    ),
                }
                continue;
            }
            match go_duration_nanos(value) {
                None => self.error(
                    "invalid-flag",
                    format!("time: invalid duration {}", super::dump::go_quote(value)),
                    flag.span,
                ),
                Some(nanos) if nanos != 0 && nanos < 1_000_000 => self.error(
                    "invalid-flag",
                    format!("Interval {} cannot be less than 1ms", super::dump::go_quote(&flag.name)),
                    flag.span,
                ),
                Some(_) => {}
            }
        }
    }

    /// Typed flag parsing (BuildKit's `BFlags.Parse`).
    fn flags(&mut self, command: &Command) {
        let allowed = flags::allowed(command.keyword);
        let mut used: Vec<&str> = Vec::new();
        for flag in &command.flags {
            let Some(&(_, kind)) = allowed.iter().find(|(name, _)| *name == flag.name) else {
                self.error("unknown-flag", format!("unknown flag: --{}", flag.name), flag.span);
                continue;
            };
            if used.contains(&flag.name.as_str()) && kind != FlagType::Strings {
                self.error("duplicate-flag", format!("duplicate flag specified: --{}", flag.name), flag.span);
            }
            used.push(&flag.name);
            match (kind, flag.value.as_deref()) {
                (_, Some("")) | (FlagType::String | FlagType::Strings, None) => {
                    self.error("invalid-flag", format!("missing a value on flag: --{}", flag.name), flag.span)
                }
                (FlagType::Bool, Some(v)) if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") => {
                    let message = format!("expecting boolean value for flag --{}, not: {v}", flag.name);
                    self.error("invalid-flag", message, flag.span)
                }
                _ => {}
            }
            if let Some(value) = flag.value.as_deref() {
                self.flag_value(command.keyword, &flag.name, value, flag.span);
            }
        }
    }

    /// Values BuildKit checks while parsing RUN flags.
    fn flag_value(&mut self, keyword: Keyword, name: &str, value: &str, span: Span) {
        if keyword != Keyword::Run {
            return;
        }
        match name {
            "network" if !matches!(value, "default" | "none" | "host") => {
                self.error("invalid-flag", format!("unsupported network mode: {value}"), span)
            }
            "security" if !matches!(value, "sandbox" | "insecure") => {
                self.error("invalid-flag", format!("unsupported security mode: {value}"), span)
            }
            "mount" => {
                if let Err(message) = super::mount::parse(value) {
                    self.error("invalid-mount", message, span);
                }
            }
            _ => {}
        }
    }
}

fn is_valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// " (did you mean X?)" for a near-miss instruction name.
fn suggestion(name: &str) -> String {
    let lower = name.to_lowercase();
    Keyword::ALL
        .iter()
        .map(|k| (crate::suggest::edit_distance(&lower, &k.as_str().to_lowercase()), k))
        .filter(|&(d, _)| d > 0 && d <= if lower.chars().count() < 5 { 1 } else { 2 })
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| format!(" (did you mean {}?)", k.as_str().to_lowercase()))
        .unwrap_or_default()
}

/// Go's `time.ParseDuration` in nanoseconds, or `None` when invalid.
pub fn go_duration_nanos(text: &str) -> Option<i128> {
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += value * scale;
    }
    let nanos = total as i128;
    Some(if negative { -nanos } else { nanos })
}
