//! Resource ids in AWS's format: a prefix, a dash and 17 lower-case hex digits.

use rand::Rng;

/// A new id such as `sg-0a1b2c3d4e5f67890`.
pub fn new_id(prefix: &str) -> String {
    let mut rng = rand::rng();
    let digits: String = (0..17).map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0')).collect();
    format!("{prefix}-{digits}")
}

/// A request id in the UUID form EC2 uses.
pub fn request_id() -> String {
    let bits: u128 = rand::rng().random();
    let h = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// Whether `id` has the shape of an id with this prefix. EC2 still accepts the older 8-digit ids.
pub fn is_well_formed(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_seventeen_hex_digits() {
        let id = new_id("sgr");
        assert!(is_well_formed(&id, "sgr"), "{id}");
        assert_eq!(id.len(), 4 + 17);
        assert!(!is_well_formed("sg-xyz", "sg"));
        assert!(!is_well_formed("sgr-0123456789abcdef0", "sg"));
    }
}
