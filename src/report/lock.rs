//! The passphrase lock's formats (README 隐私说明, 口令锁): the lock record kept in plain text,
//! the form of an encrypted value, base64, and the passphrase rules. The cryptography itself is
//! the browser's (WebCrypto: PBKDF2-SHA-256 → AES-256-GCM, in `ui::lock`); what is here is pure
//! and tested natively.
//!
//! At rest, with the lock on, every `shuzhi.*` key but `shuzhi.lock` holds
//! `shuzhi-enc:1:` + base64(12-byte IV ‖ AES-GCM ciphertext and tag), encrypted with the key's
//! name as additional data, so a value moved to another key does not decrypt.

use serde::{Deserialize, Serialize};

/// The key of the lock record. Present = the lock is on.
pub const LOCK_KEY: &str = "shuzhi.lock";
/// What an encrypted value starts with.
pub const ENC_PREFIX: &str = "shuzhi-enc:1:";
/// OWASP's figure for PBKDF2-HMAC-SHA-256 (2023): fewer is refused when reading a record.
pub const MIN_ITERATIONS: u32 = 600_000;
/// The count new locks use.
pub const ITERATIONS: u32 = 600_000;
/// Encrypted with the key to recognise the right passphrase (a wrong one fails AES-GCM's tag).
pub const CHECK_TEXT: &str = "述职报告向导 口令正确";
pub const MIN_PASSPHRASE_CHARS: usize = 8;
pub const IV_BYTES: usize = 12;
pub const SALT_BYTES: usize = 16;

/// The lock record, stored in plain text under `LOCK_KEY`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockRecord {
    pub version: u32,
    /// Always `PBKDF2-SHA-256/AES-256-GCM`: named so a future change can be told apart.
    pub scheme: String,
    pub iterations: u32,
    /// Base64 of the random salt.
    pub salt: String,
    /// `CHECK_TEXT` encrypted (an encrypted value, with `LOCK_KEY` as additional data).
    pub check: String,
}

pub const SCHEME: &str = "PBKDF2-SHA-256/AES-256-GCM";

/// Why a stored lock record is not used (nothing can be decrypted with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockRecordError {
    /// Not a lock record at all (serde's reason).
    Unreadable(String),
    /// Written by a newer version of the program.
    Newer { scheme: String, version: u32 },
    /// Fewer PBKDF2 rounds than `MIN_ITERATIONS`: changed by hand, refused.
    Weakened { iterations: u32 },
    /// The named field does not decode.
    Damaged(&'static str),
}

impl std::fmt::Display for LockRecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreadable(why) => write!(f, "口令锁的设置已损坏（{why}）"),
            Self::Newer { scheme, version } => write!(f, "口令锁的设置来自更新的版本（{scheme} {version}），请用新版本打开"),
            Self::Weakened { iterations } => write!(f, "口令锁的设置被改动过（迭代次数 {iterations} 少于 {MIN_ITERATIONS}），拒绝使用"),
            Self::Damaged(field) => write!(f, "口令锁的设置已损坏（{field}）"),
        }
    }
}

impl std::error::Error for LockRecordError {}

impl LockRecord {
    pub fn new(salt: &[u8], check: &str) -> LockRecord {
        LockRecord { version: 1, scheme: SCHEME.into(), iterations: ITERATIONS, salt: encode_base64(salt), check: check.into() }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a record; a damaged or weakened one is refused (never "unlocked" with fewer rounds).
    pub fn from_json(text: &str) -> Result<LockRecord, LockRecordError> {
        let record: LockRecord = serde_json::from_str(text).map_err(|e| LockRecordError::Unreadable(e.to_string()))?;
        if record.version != 1 || record.scheme != SCHEME {
            return Err(LockRecordError::Newer { scheme: record.scheme, version: record.version });
        }
        if record.iterations < MIN_ITERATIONS {
            return Err(LockRecordError::Weakened { iterations: record.iterations });
        }
        match decode_base64(&record.salt) {
            Some(salt) if salt.len() >= SALT_BYTES => {}
            _ => return Err(LockRecordError::Damaged("salt")),
        }
        if split_sealed(&record.check).is_none() {
            return Err(LockRecordError::Damaged("check"));
        }
        Ok(record)
    }

    pub fn salt_bytes(&self) -> Vec<u8> {
        decode_base64(&self.salt).unwrap_or_default()
    }
}

/// `shuzhi-enc:1:` + base64(iv ‖ ciphertext).
pub fn seal(iv: &[u8], ciphertext: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(iv.len() + ciphertext.len());
    bytes.extend_from_slice(iv);
    bytes.extend_from_slice(ciphertext);
    format!("{ENC_PREFIX}{}", encode_base64(&bytes))
}

/// The IV and ciphertext of an encrypted value (`None`: not one, or damaged). AES-GCM's tag
/// alone is 16 bytes, so anything shorter cannot be ours.
pub fn split_sealed(value: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let bytes = decode_base64(value.strip_prefix(ENC_PREFIX)?)?;
    if bytes.len() < IV_BYTES + 16 {
        return None;
    }
    let (iv, ciphertext) = bytes.split_at(IV_BYTES);
    Some((iv.to_vec(), ciphertext.to_vec()))
}

pub fn is_sealed(value: &str) -> bool {
    value.starts_with(ENC_PREFIX)
}

/// Why a new passphrase is refused (`None`: fine).
pub fn passphrase_problem(passphrase: &str, confirm: &str) -> Option<String> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Some(format!("口令至少要 {MIN_PASSPHRASE_CHARS} 个字符（汉字、字母、数字都可以，越长越安全）"));
    }
    if passphrase != confirm {
        return Some("两次输入的口令不一样".into());
    }
    None
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn encode_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding; `None` for anything else.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (index, chunk) in bytes.chunks(4).enumerate() {
        let last = index + 1 == bytes.len() / 4;
        let pad = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &b in &chunk[..4 - pad] {
            let v = ALPHABET.iter().position(|&a| a == b)? as u32;
            n = n << 6 | v;
        }
        n <<= 6 * pad as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_and_round_trips() {
        for (plain, coded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(encode_base64(plain.as_bytes()), coded);
            assert_eq!(decode_base64(coded).as_deref(), Some(plain.as_bytes()));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode_base64(&encode_base64(&all)), Some(all));
        for bad in ["Zg=", "Z===", "Zg==Zg==", "Zm9v!A==", "Zm 9"] {
            assert_eq!(decode_base64(bad), None, "{bad}");
        }
    }

    #[test]
    fn sealed_values_split_back() {
        let sealed = seal(&[1; IV_BYTES], &[2; 20]);
        assert!(is_sealed(&sealed));
        assert_eq!(split_sealed(&sealed), Some((vec![1; IV_BYTES], vec![2; 20])));
        assert_eq!(split_sealed(&seal(&[1; IV_BYTES], &[2; 15])), None, "shorter than a tag");
        assert_eq!(split_sealed("{\"kind\":\"shuzhi-draft\"}"), None);
        assert_eq!(split_sealed("shuzhi-enc:1:***"), None);
    }

    #[test]
    fn records_round_trip_and_weakened_ones_are_refused() {
        let check = seal(&[7; IV_BYTES], &[9; 40]);
        let record = LockRecord::new(&[3; SALT_BYTES], &check);
        assert_eq!(record.iterations, 600_000);
        assert_eq!(LockRecord::from_json(&record.to_json()), Ok(record.clone()));
        assert_eq!(record.salt_bytes(), vec![3; SALT_BYTES]);
        let weak = record.to_json().replace("600000", "1000");
        assert_eq!(LockRecord::from_json(&weak), Err(LockRecordError::Weakened { iterations: 1000 }));
        assert!(LockRecord::from_json(&weak).unwrap_err().to_string().contains("少于 600000"));
        let newer = record.to_json().replace("\"version\":1", "\"version\":2");
        assert_eq!(LockRecord::from_json(&newer), Err(LockRecordError::Newer { scheme: SCHEME.into(), version: 2 }));
        assert!(LockRecord::from_json(&newer).unwrap_err().to_string().contains("更新的版本"));
        assert!(matches!(LockRecord::from_json("{"), Err(LockRecordError::Unreadable(_))));
        assert!(LockRecord::from_json("{").unwrap_err().to_string().starts_with("口令锁的设置已损坏"));
        let short_salt = LockRecord { salt: encode_base64(&[1; 4]), ..record.clone() };
        assert_eq!(LockRecord::from_json(&short_salt.to_json()), Err(LockRecordError::Damaged("salt")));
        let bad_check = LockRecord { check: "x".into(), ..record };
        assert_eq!(LockRecord::from_json(&bad_check.to_json()), Err(LockRecordError::Damaged("check")));
    }

    #[test]
    fn passphrases_need_eight_characters_typed_twice_alike() {
        assert!(passphrase_problem("短口令", "短口令").unwrap().contains("至少要 8 个字符"));
        assert!(passphrase_problem("支部书记述职报告", "支部书记述职报吿").unwrap().contains("不一样"));
        assert_eq!(passphrase_problem("支部书记述职报告", "支部书记述职报告"), None);
    }
}
