//! Task assignments: who must do what, by when.
//!
//! OWNER: parse/tasks helper. Placeholder bodies until then.

use super::header::Identity;
use super::record::Task;
use crate::parse::Outline;

pub fn extract(_text: &str, _outline: &Outline, _identity: &Identity) -> Vec<Task> {
    Vec::new()
}
