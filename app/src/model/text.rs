//! The characters EC2 allows in group names, group descriptions and rule descriptions.

/// Whether EC2 takes `c` in a name or description: `a-z A-Z 0-9`, space and `._-:/()#,@[]+=&;{}!$*`.
pub fn ec2_text_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || " ._-:/()#,@[]+=&;{}!$*".contains(c)
}

/// The first character of `text` that EC2 refuses in a name or description.
pub fn first_refused_char(text: &str) -> Option<char> {
    text.chars().find(|c| !ec2_text_char(*c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_of_the_api_reference() {
        assert_eq!(first_refused_char("web tier: (prod) #1 @team [a+b=c] & {x;y} !$*,./_-"), None);
        assert_eq!(first_refused_char("naïve"), Some('ï'));
        assert_eq!(first_refused_char("50%"), Some('%'));
        assert_eq!(first_refused_char("a\"b"), Some('"'));
    }
}
