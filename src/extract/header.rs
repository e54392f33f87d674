//! Document identity: number, type, title, issuer, level, province, date, signer.
//!
//! OWNER: identity/manifest/eval helper. Placeholder bodies until then.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::citation::Mention;
use super::record::{DocType, FieldSource, IssuerLevel, Record, Signer};
use crate::parse::Outline;

/// The identity fields of a record, with where each came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identity {
    pub number: Option<String>,
    pub doc_type: DocType,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issuer_level: Option<IssuerLevel>,
    pub province: Option<String>,
    pub date: Option<NaiveDate>,
    pub signer: Option<Signer>,
    pub provenance: BTreeMap<String, FieldSource>,
    pub extra: BTreeMap<String, String>,
}

impl Identity {
    /// Copy the identity fields into a record.
    pub fn fill(self, record: &mut Record) {
        record.number = self.number;
        record.doc_type = self.doc_type;
        record.title = self.title;
        record.issuer = self.issuer;
        record.issuer_level = self.issuer_level;
        record.province = self.province;
        record.date = self.date;
        record.signer = self.signer;
        record.provenance = self.provenance;
        record.extra = self.extra;
    }
}

/// Read the identity from the header block, or from the body when there is none.
pub fn identify(_text: &str, _outline: &Outline, _mentions: &[Mention]) -> Identity {
    Identity::default()
}
