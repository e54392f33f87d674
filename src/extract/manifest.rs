//! Corpus-supplied metadata: `manifest.csv` and `FILE.meta.toml` sidecars.
//!
//! OWNER: identity/manifest/eval helper. Placeholder bodies until then.

use std::collections::BTreeMap;
use std::path::Path;

use super::header::Identity;

/// Values supplied for one document, by record field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub fields: BTreeMap<String, String>,
    pub from_sidecar: bool,
}

impl Overrides {
    /// Fill or override identity fields, recording their provenance.
    pub fn apply_identity(&self, _identity: &mut Identity) {}
}

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read {0}")]
    Read(String),
}

/// A bad manifest row, reported and skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ManifestProblem(pub String);

/// All manifest values of a corpus.
#[derive(Debug, Clone, Default)]
pub struct Manifest {}

impl Manifest {
    pub fn load(_corpus_root: &Path) -> Result<(Manifest, Vec<ManifestProblem>), ManifestError> {
        Ok((Manifest::default(), Vec::new()))
    }
    pub fn overrides_for(&self, _corpus_root: &Path, _source: &str) -> Option<Overrides> {
        None
    }
}
