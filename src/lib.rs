//! vanban: search and citation graph for Vietnamese party and government documents.
//!
//! The pipeline runs in one direction; each stage is a module with a small typed
//! interface and its own error type:
//!
//! `ingest` (files → text) → `normalize` → `parse` (sections) → `extract` (record)
//! → `index` (tantivy) + `graph` (petgraph) → `api` (axum) / `cli`.
//!
//! `analysis` holds the Vietnamese tokenizer chain used by `index`; `tasks`
//! answers task questions over extracted records; `eval` scores extraction
//! against hand-checked gold records; `pipeline` drives a whole corpus build.

pub mod analysis;
pub mod api;
pub mod cli;
pub mod eval;
pub mod extract;
pub mod gencorpus;
pub mod grammar;
pub mod graph;
pub mod index;
pub mod ingest;
pub mod normalize;
pub mod parse;
pub mod pipeline;
pub mod tasks;
pub mod text;
pub mod web;
