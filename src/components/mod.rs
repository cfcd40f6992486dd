//! One component per panel. Components render parts of the engine's `Report` and send actions
//! up; they never analyse the Dockerfile themselves.
mod editor;
mod header;
mod problems;
mod status;

pub use editor::Editor;
pub use header::Header;
pub use problems::ProblemsPanel;
pub use status::{summary, StatusLine};
