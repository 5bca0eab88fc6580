//! Random tokens (stored hashed) and Argon2id password hashes, a few at a time.
use std::time::Duration;

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::{CoreError, CoreResult};

/// A new 256-bit random token: (the text to send, the hash to store).
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let plain = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&plain);
    (plain, hash)
}

pub fn hash_token(plain: &str) -> String {
    hex::encode(Sha256::digest(plain.as_bytes()))
}

/// Cost of password hashing (OWASP's Argon2id minimum by default).
#[derive(Clone, Copy, Debug)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl Default for PasswordCost {
    fn default() -> Self {
        PasswordCost {
            memory_kib: 19_456,
            iterations: 2,
        }
    }
}

/// How many password hashes may run at once, and how long a request waits for its turn before
/// it is refused as busy. Each hash holds `memory_kib` of memory and a core for tens of
/// milliseconds: without a bound, a burst of sign-ins (even for unknown addresses, which burn the
/// same work) takes memory without limit.
#[derive(Clone, Copy, Debug)]
pub struct HashingLimit {
    pub concurrent: usize,
    pub wait: Duration,
}

impl Default for HashingLimit {
    fn default() -> Self {
        HashingLimit {
            concurrent: std::thread::available_parallelism().map_or(2, |n| n.get()),
            wait: Duration::from_secs(3),
        }
    }
}

/// Password hashing for requests, bounded by a [`HashingLimit`].
pub(crate) struct PasswordHashing {
    cost: PasswordCost,
    permits: tokio::sync::Semaphore,
    wait: Duration,
}

/// Seconds a visitor refused as busy is told to wait before trying again.
const BUSY_RETRY_SECS: u64 = 2;

impl PasswordHashing {
    pub(crate) fn new(cost: PasswordCost, limit: HashingLimit) -> Self {
        PasswordHashing {
            cost,
            permits: tokio::sync::Semaphore::new(limit.concurrent.max(1)),
            wait: limit.wait,
        }
    }

    /// Waits for a turn (first come, first served), or refuses as busy after the wait.
    async fn turn(&self) -> CoreResult<tokio::sync::SemaphorePermit<'_>> {
        match tokio::time::timeout(self.wait, self.permits.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(closed)) => Err(CoreError::internal_from(closed)),
            Err(_) => Err(CoreError::Busy {
                retry_after_secs: BUSY_RETRY_SECS,
            }),
        }
    }

    pub(crate) async fn hash(&self, password: String) -> CoreResult<String> {
        let _turn = self.turn().await?;
        hash_password(password, self.cost).await
    }

    pub(crate) async fn verify(&self, password: String, hash: Option<String>) -> CoreResult<bool> {
        let _turn = self.turn().await?;
        verify_password(password, hash, self.cost).await
    }
}

fn argon(cost: PasswordCost) -> CoreResult<Argon2<'static>> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
        .map_err(|e| CoreError::internal(format!("password hashing parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password now, whatever else is hashing (operators' commands and seeding; requests go
/// through [`PasswordHashing`]).
pub async fn hash_password(password: String, cost: PasswordCost) -> CoreResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon(cost)?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| CoreError::internal(format!("password hashing: {e}")))
    })
    .await
    .map_err(CoreError::internal_from)?
}

/// Checks a password against a stored hash. With no hash, burns the same time and fails, so
/// unknown accounts cannot be told apart by timing.
pub async fn verify_password(
    password: String,
    hash: Option<String>,
    cost: PasswordCost,
) -> CoreResult<bool> {
    tokio::task::spawn_blocking(move || {
        let a = argon(cost)?;
        match hash {
            Some(h) => match PasswordHash::new(&h) {
                Ok(parsed) => Ok(a.verify_password(password.as_bytes(), &parsed).is_ok()),
                Err(_) => Ok(false),
            },
            None => {
                let salt = SaltString::generate(&mut OsRng);
                let _ = a.hash_password(password.as_bytes(), &salt);
                Ok(false)
            }
        }
    })
    .await
    .map_err(CoreError::internal_from)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a), ha);
        assert_ne!(ha, a);
    }

    #[tokio::test]
    async fn passwords_verify() {
        let cost = PasswordCost {
            memory_kib: 1024,
            iterations: 1,
        };
        let h = hash_password("correct horse battery".into(), cost)
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse battery".into(), Some(h.clone()), cost)
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong".into(), Some(h), cost)
                .await
                .unwrap()
        );
        assert!(!verify_password("x".into(), None, cost).await.unwrap());
        assert!(
            !verify_password("x".into(), Some("garbage".into()), cost)
                .await
                .unwrap()
        );
    }
}
