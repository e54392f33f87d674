//! Task questions over extracted records: "which provinces gave Ban Tuyên giáo a task".
//!
//! OWNER: parse/tasks helper. Placeholder bodies until then.

use std::path::Path;

use crate::extract::Record;

#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    #[error("task store error: {0}")]
    Store(String),
}

/// Collects tasks during an index build and writes the task store.
#[derive(Debug, Default)]
pub struct TaskStoreBuilder {}

impl TaskStoreBuilder {
    pub fn create(_dir: &Path) -> Result<Self, TaskError> {
        Ok(Self::default())
    }
    pub fn add(&mut self, _id: &str, _record: &Record) -> Result<(), TaskError> {
        Ok(())
    }
    pub fn finish(self) -> Result<(), TaskError> {
        Ok(())
    }
}

/// The task store, opened at `serve` start.
#[derive(Debug, Default)]
pub struct TaskStore {}

impl TaskStore {
    /// Folder name of the task store inside an index generation.
    pub const DIR: &'static str = "tasks";

    pub fn open(_dir: &Path) -> Result<TaskStore, TaskError> {
        Ok(TaskStore::default())
    }
}
