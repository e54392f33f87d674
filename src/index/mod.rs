//! The tantivy index: schema, atomic builds, search.
//!
//! OWNER: lead. Placeholder until it lands.
