//! Logs: human-readable or JSON, filtered by level.
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Starts logging; `level` was checked with the configuration (an invalid filter stops the
/// start before this).
pub fn init(format: LogFormat, level: &str) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(level)
        .map_err(|e| anyhow::anyhow!("configuration: log_level {level:?}: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let installed = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
    // Already installed (tests start several instances in one process): keep the first.
    if let Err(e) = installed {
        tracing::debug!(error = %e, "logging was already set up");
    }
    Ok(())
}
