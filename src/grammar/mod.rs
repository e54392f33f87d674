//! The grammar of Vietnamese party and government documents, as data.
//!
//! Every word that decides anything — document types and their symbols,
//! provinces, organs and their aliases, the phrases that open, issue, assign,
//! schedule and mark the zones of a document — lives in a TOML table in this
//! folder, compiled into the binary. Stages read the tables through
//! [`grammar()`]; none keeps a private word list. Adding a real-world form is a
//! table entry plus a fixture (tests/forms/).
//!
//! Tables:
//! - `doc_types.toml`: type words and symbols ([`DocTypes`]);
//! - `provinces.toml`: the 63 and 34 province-level units ([`Provinces`]);
//! - `agency.toml`: words of agency lines, issuers and signer offices ([`Agency`]);
//! - `refs.toml`: số/ký hiệu codes and the bodies that issue cited documents
//!   ([`Refs`]);
//! - `organs.toml`: the bodies plans assign work to (read by `extract::tasks`);
//! - phrase classes, one file per stage that owns them: `forms.toml` (zones of
//!   a document), `identity.toml`, `citations.toml`, `implements.toml`, `tasks.toml`,
//!   `deadlines.toml`. A class is `[name]` with `phrases`, `doc`, optional
//!   `glued` and `examples`; stages ask for `"file.name"` ([`Grammar::class`]).
//!
//! Invariants (tested): every table parses; every class's examples contain one
//! of its phrases; no symbol means two types in one style unless the table
//! says which one wins; province names, aliases and capitals are unique.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::extract::record::DocType;
use crate::text::{Options, PhraseSet};

mod agency;
mod provinces;
mod refs;
mod types;

pub use agency::{Agency, OrganWord, PlaceKind, PlaceWord};
pub use provinces::{Province, ProvinceKind, Provinces};
pub use refs::{Issuer, IssuerHit, NumberCodes, Refs};
pub use types::{DocTypes, SymbolStyle};

/// The phrase-class files, by the name stages use as a prefix (`forms.motto`).
const CLASS_FILES: &[(&str, &str)] = &[
    ("forms", include_str!("forms.toml")),
    ("identity", include_str!("identity.toml")),
    ("citations", include_str!("citations.toml")),
    ("implements", include_str!("implements.toml")),
    ("tasks", include_str!("tasks.toml")),
];

/// Why a grammar table could not be read (only ever seen by the tests: the
/// tables are compiled in).
#[derive(Debug, thiserror::Error)]
pub enum GrammarError {
    #[error("{file}: {message}")]
    Table { file: String, message: String },
}

fn table_error(file: &str, message: impl std::fmt::Display) -> GrammarError {
    GrammarError::Table {
        file: file.to_string(),
        message: message.to_string(),
    }
}

/// One class of phrases that decide the same thing.
#[derive(Debug)]
pub struct Class {
    pub name: String,
    pub doc: String,
    pub phrases: Vec<String>,
    pub examples: Vec<String>,
    pub set: PhraseSet<()>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    doc: String,
    phrases: Vec<String>,
    #[serde(default)]
    glued: bool,
    #[serde(default)]
    examples: Vec<String>,
}

/// All tables, loaded once.
#[derive(Debug)]
pub struct Grammar {
    pub doc_types: DocTypes,
    pub provinces: Provinces,
    pub agency: Agency,
    pub refs: Refs,
    classes: BTreeMap<String, Class>,
}

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| match Grammar::load() {
    Ok(g) => g,
    // The tables are compiled in and parsed by the tests: this cannot depend
    // on input.
    Err(e) => panic!("built-in grammar table: {e}"),
});

/// The grammar compiled into the binary.
pub fn grammar() -> &'static Grammar {
    &GRAMMAR
}

impl Grammar {
    /// Parse every table.
    pub fn load() -> Result<Grammar, GrammarError> {
        let doc_types = DocTypes::from_toml(include_str!("doc_types.toml"))?;
        let provinces = Provinces::from_toml(include_str!("provinces.toml"))?;
        let agency = Agency::from_toml(include_str!("agency.toml"))?;
        let refs = Refs::from_toml(include_str!("refs.toml"))?;
        let mut classes = BTreeMap::new();
        for (file, src) in CLASS_FILES {
            let raw: BTreeMap<String, RawClass> =
                toml::from_str(src).map_err(|e| table_error(&format!("{file}.toml"), e))?;
            for (name, c) in raw {
                let full = format!("{file}.{name}");
                let set = PhraseSet::with_options(
                    c.phrases.iter().map(|p| (p.as_str(), ())),
                    Options { glued: c.glued },
                );
                classes.insert(
                    full.clone(),
                    Class {
                        name: full,
                        doc: c.doc,
                        phrases: c.phrases,
                        examples: c.examples,
                        set,
                    },
                );
            }
        }
        Ok(Grammar {
            doc_types,
            provinces,
            agency,
            refs,
            classes,
        })
    }

    /// The phrase class `file.name` (`forms.motto`). A name that no table
    /// defines is a programming error, caught by any test that reaches it.
    pub fn class(&self, name: &str) -> &Class {
        match self.classes.get(name) {
            Some(c) => c,
            None => panic!("no grammar class `{name}` (see src/grammar/*.toml)"),
        }
    }

    /// The phrase set of class `name`.
    pub fn phrases(&self, name: &str) -> &PhraseSet<()> {
        &self.class(name).set
    }

    /// Every class, by name.
    pub fn classes(&self) -> impl Iterator<Item = &Class> {
        self.classes.values()
    }

    /// The document type a type word names (`Quy định` → quy_dinh).
    pub fn doc_type_of_word(&self, word: &str) -> Option<DocType> {
        self.doc_types.of_word(word)
    }
}

/// Shorthand for `grammar().phrases(name)`.
pub fn phrases(name: &str) -> &'static PhraseSet<()> {
    grammar().phrases(name)
}

/// Parse an ISO date from a table.
fn table_date(file: &str, s: &str) -> Result<NaiveDate, GrammarError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| table_error(file, format!("{s}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Folded;

    #[test]
    fn every_table_parses() {
        let g = Grammar::load().expect("tables parse");
        assert!(g.classes().count() > 10);
    }

    #[test]
    fn every_example_shows_its_class() {
        for c in grammar().classes() {
            for ex in &c.examples {
                let f = Folded::new(ex);
                assert!(
                    !c.set.find_all(f.as_str()).is_empty(),
                    "example {ex:?} of class {} matches none of its phrases",
                    c.name
                );
            }
        }
    }

    #[test]
    fn every_class_is_documented_and_non_empty() {
        for c in grammar().classes() {
            assert!(!c.doc.trim().is_empty(), "class {} has no doc", c.name);
            assert!(!c.phrases.is_empty(), "class {} has no phrases", c.name);
        }
    }

    #[test]
    #[should_panic(expected = "no grammar class")]
    fn unknown_class_names_are_caught() {
        let _ = grammar().class("forms.no_such_class");
    }
}
