//! Task assignments: who must do what, by when.
//!
//! - [`organs`]: the organ alias table (`organs.toml`) and its public API
//!   ([`organ_table`], [`OrganTable::resolve`], [`generated_key`]);
//! - [`deadline`]: time phrases → [`Deadline`](crate::extract::record::Deadline);
//! - [`assign`]: items of the section tree → [`Task`]s.

pub mod assign;
pub mod deadline;
pub mod organs;

pub use organs::{generated_key, organ_table, OrganMatch, OrganTable};

use super::record::Task;
use super::Identity;
use crate::parse::Outline;

/// The tasks a normalised document assigns, in text order.
pub fn extract(text: &str, outline: &Outline, identity: &Identity) -> Vec<Task> {
    assign::extract(text, outline, identity)
}
