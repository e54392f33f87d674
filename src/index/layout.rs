//! On-disk layout of an index folder, and atomic builds.
//!
//! ```text
//! index/
//!   CURRENT              name of the live generation (replaced atomically)
//!   gen-<stamp>/         one complete build
//!     tantivy/           the full-text index
//!     graph.bin          the implementation graph (binary, `graph::store`)
//!     tasks/             the task store
//!     build.json         what was built from what
//!   .tmp-<stamp>/        a build in progress (removed if interrupted)
//! ```
//!
//! A build writes into `.tmp-<stamp>/`, renames it to `gen-<stamp>/` when complete,
//! then replaces `CURRENT` by writing `CURRENT.tmp` and renaming it over. Readers
//! only ever follow `CURRENT`, so a failed or interrupted build leaves the previous
//! index usable.

use std::path::{Path, PathBuf};

use super::IndexError;

/// File naming the live generation.
pub const CURRENT: &str = "CURRENT";
const GEN_PREFIX: &str = "gen-";
const TMP_PREFIX: &str = ".tmp-";

/// The live generation folder of an index directory.
pub fn current_generation(index_dir: &Path) -> Result<PathBuf, IndexError> {
    let pointer = index_dir.join(CURRENT);
    let name = match std::fs::read_to_string(&pointer) {
        Ok(s) => s.trim().to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IndexError::NoIndex {
                dir: index_dir.to_path_buf(),
            })
        }
        Err(e) => return Err(IndexError::io(&pointer, e)),
    };
    if name.is_empty() || name.contains('/') || name.contains('\\') || name.starts_with('.') {
        return Err(IndexError::Corrupt {
            dir: index_dir.to_path_buf(),
            reason: format!("{CURRENT} names `{name}`, which is not a generation folder"),
        });
    }
    let gen = index_dir.join(&name);
    if !gen.is_dir() {
        return Err(IndexError::Corrupt {
            dir: index_dir.to_path_buf(),
            reason: format!("{CURRENT} names `{name}`, which does not exist"),
        });
    }
    Ok(gen)
}

/// True when `index_dir` holds a usable index.
pub fn exists(index_dir: &Path) -> bool {
    current_generation(index_dir).is_ok()
}

/// A generation being built. Dropping it without [`Staging::publish`] removes it.
#[derive(Debug)]
pub struct Staging {
    index_dir: PathBuf,
    path: PathBuf,
    stamp: String,
    published: bool,
}

impl Staging {
    /// Start a new generation under `index_dir` (created if missing). Leftovers of
    /// interrupted builds are removed first.
    pub fn begin(index_dir: &Path) -> Result<Staging, IndexError> {
        std::fs::create_dir_all(index_dir).map_err(|e| IndexError::io(index_dir, e))?;
        remove_leftovers(index_dir);
        let now = chrono::Utc::now();
        let stamp = format!("{}-{}", now.format("%Y%m%dT%H%M%S%.3f"), std::process::id());
        let path = index_dir.join(format!("{TMP_PREFIX}{stamp}"));
        std::fs::create_dir_all(&path).map_err(|e| IndexError::io(&path, e))?;
        Ok(Staging {
            index_dir: index_dir.to_path_buf(),
            path,
            stamp,
            published: false,
        })
    }

    /// Folder to write this generation's files into.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Make this generation the live one and remove older generations.
    /// Returns the published generation's path.
    pub fn publish(mut self) -> Result<PathBuf, IndexError> {
        let final_path = self.index_dir.join(format!("{GEN_PREFIX}{}", self.stamp));
        std::fs::rename(&self.path, &final_path).map_err(|e| IndexError::io(&final_path, e))?;
        self.published = true;
        let tmp = self.index_dir.join(format!("{CURRENT}.tmp"));
        let name = format!("{GEN_PREFIX}{}\n", self.stamp);
        std::fs::write(&tmp, name).map_err(|e| IndexError::io(&tmp, e))?;
        let pointer = self.index_dir.join(CURRENT);
        std::fs::rename(&tmp, &pointer).map_err(|e| IndexError::io(&pointer, e))?;
        remove_old_generations(&self.index_dir, &final_path);
        Ok(final_path)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn remove_leftovers(index_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(index_dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with(TMP_PREFIX) {
            tracing::info!(folder = %name, "removing an interrupted build");
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn remove_old_generations(index_dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(index_dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with(GEN_PREFIX) && e.path() != keep {
            // A server may still have the old generation open; on Unix its files
            // stay readable until it reopens.
            if let Err(err) = std::fs::remove_dir_all(e.path()) {
                tracing::warn!(folder = %name, error = %err, "could not remove an old generation");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_swaps_and_drop_discards() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("index");
        assert!(matches!(
            current_generation(&root),
            Err(IndexError::NoIndex { .. })
        ));

        let first = Staging::begin(&root).expect("begin");
        std::fs::write(first.path().join("marker"), "1").expect("write");
        let gen1 = first.publish().expect("publish");
        assert_eq!(current_generation(&root).expect("current"), gen1);

        // An abandoned build leaves the first generation live.
        {
            let second = Staging::begin(&root).expect("begin");
            std::fs::write(second.path().join("marker"), "2").expect("write");
        }
        assert_eq!(current_generation(&root).expect("current"), gen1);
        let marker = std::fs::read_to_string(gen1.join("marker")).expect("read");
        assert_eq!(marker, "1");

        std::thread::sleep(std::time::Duration::from_millis(5));
        let third = Staging::begin(&root).expect("begin");
        let gen3 = third.publish().expect("publish");
        assert_ne!(gen1, gen3);
        assert_eq!(current_generation(&root).expect("current"), gen3);
        assert!(!gen1.exists(), "old generation removed");
    }

    #[test]
    fn a_corrupt_pointer_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(CURRENT), "gen-missing").expect("write");
        let err = current_generation(dir.path()).expect_err("corrupt");
        assert!(err.to_string().contains("does not exist"), "{err}");
        std::fs::write(dir.path().join(CURRENT), "../etc").expect("write");
        assert!(current_generation(dir.path()).is_err());
    }
}
