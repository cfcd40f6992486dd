//! What the editor's hovers say: a line of documentation per instruction, and the first
//! paragraph of a rule's documentation.
use layerlab_engine::syntax::Keyword;

/// The instruction's form and what it does, in a sentence.
pub fn instruction(keyword: Keyword) -> (&'static str, &'static str) {
    match keyword {
        Keyword::From => ("FROM [--platform=…] image [AS name]", "Starts a build stage from a base image, another stage or scratch."),
        Keyword::Run => ("RUN [--mount=…] command", "Runs a command and commits the files it changes as a new layer."),
        Keyword::Copy => ("COPY [--from=stage] [--chown=…] src… dest", "Copies files from the build context or another stage into a new layer."),
        Keyword::Add => ("ADD [--checksum=…] src… dest", "Like COPY, but also fetches URLs and Git repositories and unpacks local tar archives."),
        Keyword::Arg => ("ARG name[=default]", "Declares a build argument, set with --build-arg; not kept in the image."),
        Keyword::Env => ("ENV key=value…", "Sets environment variables for later instructions and the running container."),
        Keyword::Workdir => ("WORKDIR path", "Sets (and creates) the working directory for later instructions and the container."),
        Keyword::Cmd => ("CMD [\"executable\", \"arg\"…]", "The default command, or the default arguments to ENTRYPOINT; the last one wins."),
        Keyword::Entrypoint => ("ENTRYPOINT [\"executable\", \"arg\"…]", "The executable the container runs; CMD supplies its default arguments."),
        Keyword::Expose => ("EXPOSE port[/protocol]…", "Documents the ports the container listens on; publishes nothing by itself."),
        Keyword::User => ("USER user[:group]", "The user (and group) later RUN instructions and the container run as."),
        Keyword::Label => ("LABEL key=value…", "Adds metadata to the image, e.g. org.opencontainers.image.source."),
        Keyword::Volume => ("VOLUME [\"/path\"…]", "Marks a path as a mount point; later changes to it in the build are discarded."),
        Keyword::Healthcheck => ("HEALTHCHECK [options] CMD command | NONE", "How the runtime checks that the container still works."),
        Keyword::Shell => ("SHELL [\"executable\", \"arg\"…]", "The shell that shell-form RUN, CMD and ENTRYPOINT use."),
        Keyword::Stopsignal => ("STOPSIGNAL signal", "The signal sent to stop the container."),
        Keyword::Onbuild => ("ONBUILD instruction", "An instruction that runs later, when another build uses this image as its base."),
        Keyword::Maintainer => ("MAINTAINER name", "Deprecated: use LABEL org.opencontainers.image.authors instead."),
        Keyword::Unknown => ("", ""),
    }
}

/// The first paragraph under a rule documentation's first heading, on one line, without
/// Markdown's backticks.
pub fn summary(doc: &str) -> String {
    let mut lines = doc.lines().map(str::trim).skip_while(|l| l.is_empty() || l.starts_with('#'));
    let mut text = String::new();
    for line in lines.by_ref().take_while(|l| !l.is_empty() && !l.starts_with('#')) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line);
    }
    text.replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_is_documented() {
        for keyword in Keyword::ALL {
            let (form, text) = instruction(keyword);
            assert!(form.starts_with(keyword.as_str()) && text.ends_with('.'), "{keyword:?}");
        }
    }

    #[test]
    fn summary_is_the_first_paragraph_without_backticks() {
        let doc = "## What it does\nFlags `apt-get install`\nwithout `-y`.\n\n## Why it matters\nIt hangs.";
        assert_eq!(summary(doc), "Flags apt-get install without -y.");
        let rule = layerlab_engine::rules::all()[0];
        assert!(!summary(rule.doc).is_empty(), "{}", rule.code);
    }
}
