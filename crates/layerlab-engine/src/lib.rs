//! Layerlab's engine: pure Dockerfile analysis with no web and no I/O dependency.
//!
//! One pipeline: `syntax::parse` → model → simulate → rules → [`Report`]. The same code runs in
//! the browser (wasm), the native CLI, tests, benches and fuzzers.
#![forbid(unsafe_code)]

pub mod alternatives;
pub mod cache;
pub mod context;
pub mod effects;
mod fxhash;
mod memo;
pub mod model;
pub mod report;
pub mod rules;
mod scan;
pub mod script;
pub mod simulate;
pub mod sizes;
pub mod sorting;
mod suggest;
#[cfg(any(test, feature = "test-corpus"))]
pub mod test_corpus;
pub mod syntax;

pub use report::{analyze, Input, Report};

/// The engine's version: shared links record it, so an old link says what computed it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
