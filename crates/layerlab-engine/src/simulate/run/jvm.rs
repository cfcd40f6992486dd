//! `mvn`/`gradle`: the dependency repository (~/.m2, ~/.gradle) and the built jar, both assumed
//! (flagged): the DB has no Maven/Gradle sizes.

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;

/// Maven/Gradle: dependency repository and the built jar. ASSUMED.
pub const JVM_REPO_ASSUMED: u64 = 150_000_000;
pub const JVM_JAR_ASSUMED: u64 = 40_000_000;

pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let maven = cmd.program().starts_with("mvn");
    let repo = if maven { format!("{}/.m2/repository", ctx.home()) } else { format!("{}/.gradle/caches", ctx.home()) };
    ctx.tx.write(format!("{repo}/(dependencies)"), Entry::new(JVM_REPO_ASSUMED, Class::Compressed, Category::Cache));
    let packages = cmd.words.iter().any(|w| matches!(w.as_str(), "package" | "install" | "verify" | "build" | "bootJar" | "jar" | "assemble" | "shadowJar"));
    if packages {
        let out = ctx.abs(if maven { "target/app.jar" } else { "build/libs/app.jar" });
        ctx.tx.write(out.as_str(), Entry::new(JVM_JAR_ASSUMED, Class::Compressed, Category::Application));
    }
    ctx.estimate(format_args!(
        "{}: dependency repository {repo} ASSUMED {JVM_REPO_ASSUMED} bytes{}",
        cmd.program(),
        if packages { format!(", jar ASSUMED {JVM_JAR_ASSUMED} bytes") } else { String::new() }
    ));
    true
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with_context};

    #[test]
    fn jvm_table() {
        // (RUN, jar written)
        let cases: &[(&str, bool)] = &[("mvn -B package", true), ("mvn dependency:go-offline", false), ("gradle build", true)];
        for (run, jar) in cases {
            let (bytes, step) = run_layer(&stage_with_context("maven:3", &format!("RUN {run}"), ""), 1);
            assert!(step.estimated, "{run}");
            assert_eq!(bytes > super::JVM_REPO_ASSUMED, *jar, "{run}");
        }
    }
}
