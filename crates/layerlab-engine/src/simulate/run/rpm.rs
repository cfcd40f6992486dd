//! `dnf` / `yum` / `microdnf` / `tdnf`: no RPM sizes in the DB, so installs are estimated from
//! the Debian package of the same name (flagged), else unknown; the metadata cache in
//! /var/cache/{dnf,yum} stays unless `clean all` runs in the same RUN (size unknown: noted).

use std::sync::Arc;

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;
use crate::sizes::db;

pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let sub = cmd.words.iter().skip(1).find(|w| !w.starts_with('-')).map(String::as_str).unwrap_or("");
    match sub {
        "install" => {
            let names: Vec<&str> = cmd.operands(1).into_iter().skip(1).collect();
            let installed = Arc::clone(&ctx.facts.apt_installed);
            for n in names {
                let c = db().apt_closure(&[n], &|p| installed.contains(p), false);
                if c.unknown.is_empty() && !c.added.is_empty() {
                    ctx.tx.write(format!("/usr/.rpm/{n}"), Entry::new(c.installed_bytes, Class::SharedLibs, Category::SystemPackages));
                    ctx.estimate(format_args!("{} {n}: ESTIMATE {} bytes from the Debian bookworm package of the same name (no RPM sizes in the DB)", cmd.program(), c.installed_bytes));
                } else {
                    ctx.unknown(cmd, format_args!("RPM package `{n}`: no size source"));
                }
            }
            if !cmd.has("--nodocs") {
                ctx.note("RPM installs keep docs unless --nodocs (tsflags=nodocs)");
            }
            ctx.note(format_args!("{} metadata cache stays in /var/cache unless `{} clean all` in the same RUN (size unknown)", cmd.program(), cmd.program()));
        }
        "update" | "upgrade" => ctx.unknown(cmd, "upgrade size depends on how old the base image is"),
        "clean" => {
            ctx.tx.remove("/var/cache/dnf");
            ctx.tx.remove("/var/cache/yum");
        }
        "remove" | "erase" => {
            for n in cmd.operands(1).into_iter().skip(1) {
                ctx.tx.remove(&format!("/usr/.rpm/{n}"));
            }
        }
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with};

    #[test]
    fn rpm_table() {
        let cases: &[(&str, bool, bool)] = &[
            // (RUN, estimated, unknown)
            ("microdnf install -y curl && microdnf clean all", true, false),
            ("dnf install -y no-such-rpm-xyz", false, true),
            ("yum clean all", false, false),
        ];
        for (run, estimated, unknown) in cases {
            let (_, step) = run_layer(&stage_with("registry.access.redhat.com/ubi9/ubi-minimal", &format!("RUN {run}")), 1);
            assert_eq!(step.estimated, *estimated, "{run}");
            assert_eq!(step.unknown, *unknown, "{run}");
        }
    }
}
