use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a label that the label schema declares as `spdx` when its value is not an SPDX license identifier. Off unless a
schema is set: hadolint reads it from `label-schema` in `.hadolint.yaml`; Layerlab reads it
from a comment, `# layerlab: label-schema=<label>:spdx,…`. Empty values and variables are left
to other checks.

## Why it matters
License scanners and registries read `org.opencontainers.image.licenses` as an SPDX expression
(`Apache-2.0`, `MIT OR Apache-2.0`). Free text such as `Apache 2` cannot be matched to a
license, so compliance tooling flags or ignores the image.

## Example
```dockerfile
# layerlab: label-schema=org.opencontainers.image.licenses:spdx
LABEL org.opencontainers.image.licenses="Apache 2"
```
Use instead:
```dockerfile
LABEL org.opencontainers.image.licenses="Apache-2.0"
```

## Fix
None: only you know the right value.
"#;

pub const RULE: Rule = Rule {
    code: "LL6208",
    name: "label-not-spdx",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3054")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::check_label_format(context, findings, "spdx", "an SPDX license identifier", valid);
}

const LICENSES: &[&str] = &[
    "0BSD", "AFL-3.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0", "Artistic-2.0",
    "BSD-1-Clause", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause", "BSL-1.0", "CC-BY-4.0",
    "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "CDDL-1.1", "EPL-1.0", "EPL-2.0", "EUPL-1.2", "GPL-2.0", "GPL-2.0-only",
    "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.0-only", "LGPL-2.1",
    "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-0", "MPL-1.1",
    "MPL-2.0", "MS-PL", "MS-RL", "NCSA", "OFL-1.1", "OpenSSL", "PHP-3.01", "PostgreSQL", "Python-2.0", "Ruby",
    "Unlicense", "UPL-1.0", "Vim", "W3C", "WTFPL", "X11", "Zlib", "ZPL-2.1", "BUSL-1.1", "Elastic-2.0", "SSPL-1.0",
];
const EXCEPTIONS: &[&str] = &["Classpath-exception-2.0", "LLVM-exception", "GCC-exception-3.1", "OpenJDK-assembly-exception-1.0"];

/// An SPDX expression over common identifiers: `A`, `A+`, `A OR B`, `A AND (B WITH E)`,
/// `LicenseRef-…`. hadolint checks against the full SPDX list; this list covers what images use.
fn valid(value: &str) -> bool {
    let spaced = value.replace('(', " ( ").replace(')', " ) ");
    let mut expect_license = true;
    let mut after_with = false;
    for token in spaced.split_whitespace() {
        match token {
            "(" | ")" => {}
            "AND" | "OR" | "and" | "or" if !expect_license => expect_license = true,
            "WITH" | "with" if !expect_license => {
                expect_license = true;
                after_with = true;
            }
            _ if expect_license => {
                let id = token.trim_end_matches('+');
                let known = if after_with { EXCEPTIONS.iter().any(|e| e.eq_ignore_ascii_case(id)) } else { LICENSES.iter().any(|l| l.eq_ignore_ascii_case(id)) };
                if !known && !id.starts_with("LicenseRef-") && !id.starts_with("DocumentRef-") {
                    return false;
                }
                expect_license = false;
                after_with = false;
            }
            _ => return false,
        }
    }
    !expect_license
}
