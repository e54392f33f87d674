//! Corpus-supplied metadata: `manifest.csv` and `FILE.meta.toml` sidecars.
//!
//! OWNER: identity/manifest/eval helper. Placeholder bodies until then.

use std::collections::BTreeMap;

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
