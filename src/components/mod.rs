//! One component per panel. Components render parts of the engine's `Report` and send actions
//! up; they never analyse the Dockerfile themselves.
mod cache;
mod editor;
mod embed_bar;
mod gallery;
mod graph;
mod header;
mod help;
mod layers;
mod markdown;
mod lesson;
mod panels;
mod problems;
mod share;
mod size;

pub use editor::{summary, EditorPane};
pub use embed_bar::EmbedBar;
pub use gallery::Gallery;
pub use header::Header;
pub use help::HelpOverlay;
pub use lesson::LessonBar;
pub use panels::{AnalysisPanels, Shown};
pub use share::ShareButton;
