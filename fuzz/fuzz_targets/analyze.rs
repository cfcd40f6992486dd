//! The whole analysis never panics on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = layerlab_engine::Input { dockerfile: String::from_utf8_lossy(data).into_owned(), ..Default::default() };
    let _ = layerlab_engine::analyze(&input);
});
