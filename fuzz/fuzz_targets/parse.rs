//! Parsing never panics, never loops, and always prints the input back.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let syntax = layerlab_engine::syntax::parse_bytes(data);
    assert_eq!(syntax.to_bytes(), data);
    let _ = syntax.buildkit_dump();
});
