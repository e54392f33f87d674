//! External programs (antiword, catdoc, LibreOffice, pdftoppm, tesseract):
//! found on `PATH` at run time, run with a deadline and killed past it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::SkipReason;

/// The full path of `program` on `PATH`, if it is installed.
pub fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// A private temporary folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> std::io::Result<TempDir> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "vanban-{prefix}-{}-{n}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a finished program printed.
#[derive(Debug)]
pub struct Ran {
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Run `program args…` until it exits or `deadline` passes (then it is killed
/// and the file skipped as `timed_out`). A non-zero exit is `tool_failed` with
/// the end of its error output.
pub fn run(
    program: &Path,
    args: &[&std::ffi::OsStr],
    envs: &[(&str, &str)],
    deadline: Instant,
    budget: Duration,
) -> Result<Ran, SkipReason> {
    let name = program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| program.display().to_string());
    let mut child = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SkipReason::ToolFailed {
            tool: name.clone(),
            detail: format!("cannot start: {e}"),
        })?;
    // Drain both pipes on threads so a chatty program never blocks.
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(o) = out.as_mut() {
            let _ = o.read_to_end(&mut v);
        }
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(e) = err.as_mut() {
            let _ = e.read_to_end(&mut v);
        }
        v
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {
                if Instant::now() >= deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(SkipReason::TimedOut {
                        seconds: budget.as_secs(),
                    });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => {
                return Err(SkipReason::ToolFailed {
                    tool: name,
                    detail: e.to_string(),
                })
            }
        }
    };
    let stdout = out_t.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned();
    if !status.success() {
        let tail: String = stderr
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        return Err(SkipReason::ToolFailed {
            tool: name,
            detail: format!("{status}: {tail}"),
        });
    }
    Ok(Ran { stdout, stderr })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn runs_finds_and_times_out() {
        let sh = find("sh").expect("sh is installed");
        assert!(find("no-such-program-vanban").is_none());
        let far = Instant::now() + Duration::from_secs(30);
        let ran = run(
            &sh,
            &["-c".as_ref(), "printf hi; printf err >&2".as_ref()],
            &[],
            far,
            Duration::from_secs(30),
        )
        .expect("runs");
        assert_eq!(ran.stdout, b"hi");
        assert_eq!(ran.stderr, "err");
        let failed = run(
            &sh,
            &["-c".as_ref(), "echo bad >&2; exit 3".as_ref()],
            &[],
            far,
            Duration::from_secs(30),
        );
        assert!(
            matches!(failed, Err(SkipReason::ToolFailed { ref detail, .. }) if detail.contains("bad"))
        );
        let started = Instant::now();
        let slow = run(
            &sh,
            &["-c".as_ref(), "exec sleep 20".as_ref()],
            &[],
            Instant::now() + Duration::from_millis(200),
            Duration::from_secs(1),
        );
        assert!(matches!(slow, Err(SkipReason::TimedOut { .. })));
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
