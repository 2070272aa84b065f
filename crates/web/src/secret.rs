//! Tracking numbers and their secrets: the number names the case (it is also the ledger's case number), the
//! secret proves that the person asking is the applicant. Only an argon2 hash of the secret is stored.

use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordVerifier};
use chrono::NaiveDate;
use rand::Rng;

/// Characters of a secret: no 0/O, 1/I/l, so that it can be read aloud and copied by hand.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A new tracking number for an application received on `date`: “YSQ” + date + six random digits.
pub fn tracking_number(date: NaiveDate, rng: &mut impl Rng) -> String {
    format!(
        "YSQ{}{:06}",
        date.format("%Y%m%d"),
        rng.random_range(0..1_000_000)
    )
}

/// A new secret of twelve characters.
pub fn new_secret(rng: &mut impl Rng) -> String {
    (0..12)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The argon2 hash (PHC string) of a secret.
pub fn hash(secret: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// The argon2 hash of a random secret the server made (a tracking number's secret, about 60 bits): lighter
/// parameters (1 MiB, 2 passes) than for passwords, which people choose and which need the default cost. Even so,
/// trying every secret against a leaked hash would take millions of CPU-years, and a lookup costs about a
/// millisecond, so that the public status page holds its load.
pub fn hash_random(secret: &str) -> Result<String, String> {
    let params = argon2::Params::new(1024, 2, 1, None).map_err(|e| e.to_string())?;
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(secret.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `secret` matches the stored hash (with the parameters written in the hash).
pub fn verify(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &h)
            .is_ok()
    })
}

/// Verifies `secret` against `stored`, or — when there is no stored hash (unknown user or tracking number) —
/// against a hash made the same way, so that the answer costs the same work either way and its timing does not
/// tell which names exist. `random` picks the tracking-secret parameters ([`hash_random`]) over the password
/// ones ([`hash`]).
pub fn verify_or_dummy(secret: &str, stored: Option<&str>, random: bool) -> bool {
    static PASSWORD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static RANDOM: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    match stored {
        Some(h) => verify(secret, h),
        None => {
            let dummy = if random {
                RANDOM.get_or_init(|| hash_random("DUMMYSECRET2").unwrap_or_default())
            } else {
                PASSWORD.get_or_init(|| hash("dummy password").unwrap_or_default())
            };
            verify(secret, dummy);
            false
        }
    }
}

/// [`verify_or_dummy`] on a blocking thread (a password hash takes tens of milliseconds of CPU).
pub async fn verify_off_thread(secret: String, stored: Option<String>, random: bool) -> bool {
    tokio::task::spawn_blocking(move || verify_or_dummy(&secret, stored.as_deref(), random))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn secrets_verify_against_their_hash_only() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let s = new_secret(&mut rng);
        assert_eq!(s.len(), 12);
        let h = hash(&s).unwrap();
        assert!(!h.contains(&s));
        assert!(verify(&s, &h));
        assert!(!verify("WRONGSECRET2", &h));
        assert!(!verify(&s, "not a hash"));
        let light = hash_random(&s).unwrap();
        assert!(light.contains("m=1024,t=2,p=1"), "{light}");
        assert!(verify(&s, &light) && !verify("WRONGSECRET2", &light));
        let t = tracking_number(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), &mut rng);
        assert!(t.starts_with("YSQ20260302") && t.len() == 17);
    }
}
