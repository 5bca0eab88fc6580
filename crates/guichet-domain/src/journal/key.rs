//! The journal key: 32 secret bytes kept outside the database. Entries are sealed with an
//! HMAC-SHA-256 under it, and checkpoints are signed with an ed25519 key derived from it, so
//! that someone who can only write to the database cannot make a rewritten history verify.
use ed25519_dalek::{SigningKey, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub(super) type HmacSha256 = Hmac<Sha256>;

/// What derives the checkpoint signing key from the journal key (never changes).
const SIGNING_KEY_LABEL: &[u8] = b"guichet journal checkpoint signing key v1";

/// The journal's secret key. Never printed (its `Debug` says only that it is one).
#[derive(Clone)]
pub struct JournalKey([u8; 32]);

/// Why a key file's text is not a key.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("a journal key is 64 hexadecimal digits (32 bytes)")]
pub struct MalformedKey;

impl JournalKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        JournalKey(bytes)
    }

    /// The key as a key file holds it: 64 hexadecimal digits, surrounding blanks ignored.
    pub fn parse_hex(text: &str) -> Result<Self, MalformedKey> {
        let bytes = hex::decode(text.trim()).map_err(|_| MalformedKey)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| MalformedKey)?;
        Ok(JournalKey(bytes))
    }

    /// The text of a key file.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// An HMAC-SHA-256 under this key, ready for input. A key shorter than SHA-256's block is
    /// zero-padded by HMAC itself, so the padded block is the same key.
    pub(super) fn mac(&self) -> HmacSha256 {
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&self.0);
        HmacSha256::new(&block.into())
    }

    /// The ed25519 key that signs checkpoints: HMAC(journal key, a fixed label).
    pub(super) fn signing_key(&self) -> SigningKey {
        let mut mac = self.mac();
        mac.update(SIGNING_KEY_LABEL);
        let seed: [u8; 32] = mac.finalize().into_bytes().into();
        SigningKey::from_bytes(&seed)
    }

    /// The public half of the checkpoint key, for operators who keep it elsewhere to check
    /// checkpoint lines without the secret.
    pub fn checkpoint_public_key(&self) -> VerifyingKey {
        self.signing_key().verifying_key()
    }
}

impl std::fmt::Debug for JournalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JournalKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_from_their_text_and_never_print() {
        let k = JournalKey::from_bytes([7; 32]);
        let again = JournalKey::parse_hex(&format!("  {}\n", k.to_hex())).unwrap();
        assert_eq!(again.0, k.0);
        assert!(JournalKey::parse_hex("abcd").is_err());
        assert!(JournalKey::parse_hex(&"zz".repeat(32)).is_err());
        assert!(!format!("{k:?}").contains("0707"));
    }

    #[test]
    fn the_padded_block_is_the_hmac_of_the_key_itself() {
        let k = JournalKey::from_bytes([9; 32]);
        let mut ours = k.mac();
        ours.update(b"x");
        let mut reference = HmacSha256::new_from_slice(&[9; 32]).unwrap();
        reference.update(b"x");
        assert_eq!(
            ours.finalize().into_bytes(),
            reference.finalize().into_bytes()
        );
    }
}
