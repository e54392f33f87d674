//! Scoring extraction against hand-checked gold records.
//!
//! OWNER: identity/manifest/eval helper. Placeholder bodies until then.
