//! What a document carries out (`implements`) and the edges the text states
//! between other documents (`relations`).
//!
//! OWNER: citation helper. Placeholder bodies until then.

use super::citation::{Context, Mention};
use super::header::Identity;
use super::record::{DocRef, Relation};
use crate::parse::Outline;

pub fn derive(
    _text: &str,
    _outline: &Outline,
    _identity: &Identity,
    _mentions: &[Mention],
    _ctx: &Context,
) -> (Vec<DocRef>, Vec<Relation>) {
    (Vec::new(), Vec::new())
}
