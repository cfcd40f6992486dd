use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `go build` without `-ldflags="-s -w"` in a stage whose output ships: the target stage
itself, or a stage the shipped stages `COPY --from`. Not reported when `GOFLAGS` sets
`-ldflags`. Catalog candidate SZ-03.

## Why it matters
By default the Go linker keeps the symbol table and DWARF debug information in the binary.
Neither is needed to run it (panics still print function names and lines, which come from a
separate table). `-s` drops the symbol table and `-w` the DWARF data: a net/http server
measured 6.63 MB → 4.59 MB (−31%), Vault 204 → 167 MB. On a `scratch` or distroless image the
binary is most of the image.

## Example
```dockerfile
RUN CGO_ENABLED=0 go build -o /out/app .
```
Use instead:
```dockerfile
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .
```

## Fix
Adds `-ldflags="-s -w"` after `go build` when the command has no `-ldflags`. Unsafe: debuggers
(delve) and some profilers need the DWARF data; a command that already passes `-ldflags` must add
`-s -w` to its value by hand.
"#;

pub const RULE: Rule = Rule {
    code: "LL3303",
    name: "go-binary-not-stripped",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn is_go_build(command: &SimpleCommand) -> bool {
    command.program() == Some("go") && command.arguments().iter().find(|a| !a.starts_with('-')).is_some_and(|a| a == "build")
}

/// The value of `-ldflags` (`-ldflags=…`, `-ldflags …`, `--ldflags…`), if any.
fn ldflags(command: &SimpleCommand) -> Option<String> {
    let words = command.arguments();
    for (i, word) in words.iter().enumerate() {
        let flag = word.trim_start_matches('-');
        if !word.starts_with('-') || !flag.starts_with("ldflags") {
            continue;
        }
        return Some(match flag.strip_prefix("ldflags") {
            Some(rest) if rest.starts_with('=') => rest[1..].to_owned(),
            _ => words.get(i + 1).cloned().unwrap_or_default(),
        });
    }
    None
}

/// Stages whose files reach the image: the shipped ones and the ones they copy from.
fn output_ships(context: &RuleContext, stage: usize) -> bool {
    if context.stage_is_shipped(stage) {
        return true;
    }
    context.model.stages.iter().filter(|s| context.stage_is_shipped(s.index)).any(|shipped| {
        shipped.steps.iter().any(|step| match &step.expanded {
            Expanded::Copy { from: Some(from), .. } => {
                from.parse::<usize>().ok() == Some(stage) || context.model.stage_by_name(from).is_some_and(|s| s.index == stage)
            }
            _ => false,
        })
    })
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let Some(stage) = context.stage_of(index) else { continue };
        if !output_ships(context, stage) {
            continue;
        }
        let goflags = context.step(stage, index).and_then(|s| s.state.get("GOFLAGS")).unwrap_or("");
        if goflags.contains("ldflags") {
            continue;
        }
        for command in context.commands(index) {
            if !is_go_build(command) || command.assignments().any(|(n, v)| n == "GOFLAGS" && v.contains("ldflags")) {
                continue;
            }
            let flags = ldflags(command);
            let stripped = flags.as_deref().is_some_and(|f| f.split_whitespace().any(|w| w == "-s" || w == "-s=true" || w == "-s=1") || f.contains('$'));
            if stripped {
                continue;
            }
            let message = match &flags {
                None => "`go build` without `-ldflags=\"-s -w\"`: the shipped binary keeps its symbol table and DWARF debug data (typically 20-30% of its size)".to_owned(),
                Some(value) => format!("`go build -ldflags` without `-s -w` (`{value}`): the shipped binary keeps its symbol table and DWARF debug data (typically 20-30% of its size)"),
            };
            let finding = findings.report(helpers::command_span(context, instruction, command), message);
            if flags.is_none() {
                let script = context.run_script(instruction);
                if let Some(at) = helpers::offset_after_word(instruction, &script, command, "build") {
                    finding.with_fix("Strip the binary with -ldflags=\"-s -w\"", Applicability::Unsafe, vec![Edit::insert(at, " -ldflags=\"-s -w\"")]);
                }
            }
        }
    }
}
