//! The `guichet` program: configuration, start-up and shutdown, background work, commands.
pub mod app;
pub mod config;
pub mod journal_key;
pub mod telemetry;
