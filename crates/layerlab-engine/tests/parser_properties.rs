//! Properties that hold for every input: no panic, lossless, diagnostics inside the text.
use layerlab_engine::syntax;
use proptest::prelude::*;

/// Dockerfile-flavoured text: keywords, flags, quotes, escapes, heredocs, continuations.
fn dockerfile_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "FROM ", "RUN ", "COPY ", "ADD ", "ENV ", "ARG ", "LABEL ", "ONBUILD ", "HEALTHCHECK ", "CMD ", "SHELL ",
        "--mount=type=cache,target=/x ", "--from=a ", "--link ", "\\\n", "`\n", "\n", "\r\n", "# escape=`\n",
        "# syntax=docker/dockerfile:1\n", "<<EOF\n", "<<-'EOF'\n", "EOF\n", "\tEOF\n", "[\"a\", \"b\"]", "[1]",
        "\"", "'", "$x", "${x:-y}", " ", "\t", "#", "=", "a", "é", "\u{feff}", "\u{a0}", "AS ", "\\",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

fn check(bytes: &[u8]) {
    let syntax = syntax::parse_bytes(bytes);
    assert_eq!(syntax.to_bytes(), bytes);
    let mut at = 0;
    for token in syntax.tokens() {
        assert_eq!(token.span.start, at, "tokens must partition the text");
        assert!(token.span.end > token.span.start);
        at = token.span.end;
    }
    assert_eq!(at, syntax.source.len());
    for d in &syntax.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= syntax.source.len(), "{d:?}");
        assert!(d.line >= 1 && d.column >= 1);
    }
    let _ = syntax.buildkit_dump();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic_and_print_back(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes);
    }

    #[test]
    fn dockerfile_like_text_never_panics_and_prints_back(text in dockerfile_like()) {
        check(text.as_bytes());
    }
}

#[test]
fn invalid_utf8_is_reported_and_kept_byte_for_byte() {
    let input = b"FROM alpine\nRUN echo \xff\xfe done\nCOPY a\xc3 /b\n";
    let syntax = syntax::parse_bytes(input);
    assert_eq!(syntax.to_bytes(), input);
    assert_eq!(syntax.instructions.len(), 3);
    let warning = &syntax.diagnostics[0];
    assert_eq!((warning.code, warning.line, warning.column), ("invalid-utf8", 2, 10));
}
