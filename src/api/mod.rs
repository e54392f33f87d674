//! The HTTP API (axum). Routes in one place, handlers thin, state in one struct,
//! one error type.
//!
//! OWNER: lead. Placeholder until it lands.
