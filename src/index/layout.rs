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
//!     .readers           locked (shared) by every process serving this generation
//!   .tmp-<stamp>/        a build in progress (removed if interrupted)
//!   .lock                locked (exclusive) by the one build running
//! ```
//!
//! A build writes into `.tmp-<stamp>/`, renames it to `gen-<stamp>/` when complete,
//! then replaces `CURRENT` by writing `CURRENT.tmp` and renaming it over. Readers
//! only ever follow `CURRENT`, so a failed or interrupted build leaves the previous
//! index usable.
//!
//! Two builds never run at once on one folder: a build holds an exclusive
//! lock on `.lock` ([`Staging`]), and a second one is refused with a message
//! (so it can never delete the first one's staging folder as "interrupted").
//! A server holds a shared lock on `gen-*/.readers` for as long as it serves
//! that generation ([`ReaderLock`]); an old generation is removed only when
//! no process holds that lock (by the build that replaced it, or by the last
//! server to let go of it). Locks are `flock`s: they die with their process.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::IndexError;

/// File naming the live generation.
pub const CURRENT: &str = "CURRENT";
const GEN_PREFIX: &str = "gen-";
const TMP_PREFIX: &str = ".tmp-";
/// Lock file of the index folder, held by the build running.
const BUILD_LOCK: &str = ".lock";
/// Lock file of a generation, held (shared) by every process serving it.
const READERS: &str = ".readers";

/// The name of the live generation (`gen-…`), as `CURRENT` says.
pub fn current_name(index_dir: &Path) -> Result<String, IndexError> {
    current_generation(index_dir).map(|g| {
        g.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    })
}

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

fn open_lock_file(path: &Path) -> Result<File, IndexError> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| IndexError::io(path, e))
}

/// A shared hold on one generation: while any process holds one, no build
/// removes the generation. Dropping the last hold on a generation that is no
/// longer live removes it.
#[derive(Debug)]
pub struct ReaderLock {
    file: Option<File>,
    index_dir: PathBuf,
    generation: PathBuf,
}

impl ReaderLock {
    /// Hold `generation` (a `gen-*` folder of `index_dir`).
    pub fn hold(index_dir: &Path, generation: &Path) -> Result<ReaderLock, IndexError> {
        if !generation.is_dir() {
            return Err(IndexError::Corrupt {
                dir: index_dir.to_path_buf(),
                reason: format!("{} is gone", generation.display()),
            });
        }
        let path = generation.join(READERS);
        let file = open_lock_file(&path)?;
        file.lock_shared().map_err(|e| IndexError::io(&path, e))?;
        Ok(ReaderLock {
            file: Some(file),
            index_dir: index_dir.to_path_buf(),
            generation: generation.to_path_buf(),
        })
    }

    /// The generation held.
    pub fn generation(&self) -> &Path {
        &self.generation
    }
}

impl Drop for ReaderLock {
    fn drop(&mut self) {
        // Release the lock (closing the file), then try to remove the
        // generation if it is no longer live, on a thread of its own
        // (removing a large folder takes a moment).
        drop(self.file.take());
        let generation = self.generation.clone();
        let live = current_generation(&self.index_dir).ok();
        if live.as_deref() == Some(generation.as_path()) {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("remove-generation".into())
            .spawn(move || {
                if remove_if_unused(&generation) {
                    tracing::info!(folder = %generation.display(), "removed a generation no longer served");
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "cannot start removing an old generation");
        }
    }
}

/// Remove a generation folder if no process holds it; true when removed.
fn remove_if_unused(generation: &Path) -> bool {
    if !generation.is_dir() {
        return false;
    }
    let path = generation.join(READERS);
    let Ok(file) = open_lock_file(&path) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => match std::fs::remove_dir_all(generation) {
            Ok(()) => true,
            Err(err) => {
                tracing::warn!(folder = %generation.display(), error = %err, "could not remove an old generation");
                false
            }
        },
        Err(TryLockError::WouldBlock) => {
            tracing::info!(folder = %generation.display(), "old generation still served; it is removed when the server lets go of it");
            false
        }
        Err(TryLockError::Error(err)) => {
            tracing::warn!(folder = %generation.display(), error = %err, "cannot lock an old generation");
            false
        }
    }
}

/// A generation being built. Dropping it without [`Staging::publish`] removes it.
#[derive(Debug)]
pub struct Staging {
    index_dir: PathBuf,
    path: PathBuf,
    stamp: String,
    published: bool,
    /// The build lock of the index folder, held until the build ends.
    _lock: File,
}

impl Staging {
    /// Start a new generation under `index_dir` (created if missing). Refused
    /// while another build holds the folder; leftovers of interrupted builds
    /// are removed first.
    pub fn begin(index_dir: &Path) -> Result<Staging, IndexError> {
        std::fs::create_dir_all(index_dir).map_err(|e| IndexError::io(index_dir, e))?;
        let lock_path = index_dir.join(BUILD_LOCK);
        let lock = open_lock_file(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(IndexError::Busy {
                    dir: index_dir.to_path_buf(),
                })
            }
            Err(TryLockError::Error(e)) => return Err(IndexError::io(&lock_path, e)),
        }
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
            _lock: lock,
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
            // Only when no server holds it; the last one to let go removes it.
            remove_if_unused(&e.path());
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
    fn a_second_build_is_refused_while_one_runs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("index");
        let first = Staging::begin(&root).expect("begin");
        let err = Staging::begin(&root).expect_err("busy");
        assert!(matches!(err, IndexError::Busy { .. }), "{err}");
        assert!(err.to_string().contains("another"), "{err}");
        assert!(first.path().is_dir(), "the first build's folder is intact");
        first.publish().expect("publish");
        Staging::begin(&root).expect("free again");
    }

    #[test]
    fn a_served_generation_outlives_its_replacement() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("index");
        let gen1 = Staging::begin(&root)
            .and_then(Staging::publish)
            .expect("first");
        let hold = ReaderLock::hold(&root, &gen1).expect("hold");
        std::thread::sleep(std::time::Duration::from_millis(5));
        let gen2 = Staging::begin(&root)
            .and_then(Staging::publish)
            .expect("second");
        assert_eq!(current_generation(&root).expect("current"), gen2);
        assert!(gen1.is_dir(), "held generation kept");
        drop(hold);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while gen1.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(!gen1.exists(), "removed once let go");
        assert!(gen2.is_dir());
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
