//! Task assignments: who must do what, by when.
//!
//! OWNER: parse/tasks helper. Placeholder bodies until then.

pub mod deadline;
pub mod organs;

pub use organs::{generated_key, organ_table, OrganMatch, OrganTable};

use super::header::Identity;
use super::record::Task;
use crate::parse::Outline;

pub fn extract(_text: &str, _outline: &Outline, _identity: &Identity) -> Vec<Task> {
    Vec::new()
}
