//! The journal key file: 64 hexadecimal digits, kept outside the database (decision 0011).
//! Created with a random key, readable by its owner only, the first time an instance starts
//! without one, so that `guichet demo` and `guichet serve` need no setup.
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use guichet_domain::JournalKey;
use rand::RngCore;

/// Reads the key, or creates the file with a new random key if there is none yet. Two
/// instances starting at once agree: the second finds the first's file.
pub fn load_or_create(path: &Path) -> anyhow::Result<JournalKey> {
    match load(path) {
        Err(e) if !path.exists() => {
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let key = JournalKey::from_bytes(bytes);
            match create(path, &key) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "journal key created: back it up apart from the database");
                    Ok(key)
                }
                Err(c) if c.kind() == std::io::ErrorKind::AlreadyExists => load(path),
                Err(c) => Err(anyhow::Error::new(c).context(e)),
            }
        }
        other => other,
    }
}

/// Reads the key of an existing file.
pub fn load(path: &Path) -> anyhow::Result<JournalKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the journal key {}", path.display()))?;
    warn_if_others_may_read(path);
    JournalKey::parse_hex(&text).with_context(|| format!("journal key {}", path.display()))
}

fn create(path: &Path, key: &JournalKey) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(format!("{}\n", key.to_hex()).as_bytes())?;
    file.sync_all()
}

#[cfg(unix)]
fn warn_if_others_may_read(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(path = %path.display(), "the journal key file is readable by others than its owner: chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_others_may_read(_: &Path) {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_key_is_made_once_for_its_owner_only_then_read_back() {
        let dir = std::env::temp_dir().join(format!("guichet-key-{}", std::process::id()));
        let path = dir.join("sub").join("journal.key");
        let made = load_or_create(&path).unwrap();
        let again = load_or_create(&path).unwrap();
        assert_eq!(made.to_hex(), again.to_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "not a key").unwrap();
        assert!(
            load_or_create(&path).is_err(),
            "a damaged key is never replaced"
        );
        assert!(load(&dir.join("missing.key")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
