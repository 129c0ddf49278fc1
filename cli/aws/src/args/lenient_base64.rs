//! Base64 decoding as Python's `base64.b64decode` does it without `validate`: characters
//! outside the alphabet are skipped, decoding ends at the first complete padding, and what is
//! left must make whole groups of four. The AWS CLI v2 decodes blob parameters this way, so a
//! value it accepts must be accepted here, with the same bytes.

/// The value of one base64 character, if it is one.
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes `text`, or `None` where Python's decoder raises an error.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    if !text.is_ascii() {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut quad, mut pads, mut left) = (0u8, 0u8, 0u8);
    for &c in text.as_bytes() {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Some(out);
                }
            }
            continue;
        }
        let Some(v) = sextet(c) else { continue };
        pads = 0;
        match quad {
            0 => {
                left = v;
                quad = 1;
            }
            1 => {
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
                quad = 2;
            }
            2 => {
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
                quad = 3;
            }
            _ => {
                out.push((left << 6) | v);
                quad = 0;
            }
        }
    }
    (quad == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_as_python_does() {
        assert_eq!(decode("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(decode("YWI=").as_deref(), Some(&b"ab"[..]));
        assert_eq!(decode(" YW\nJj ").as_deref(), Some(&b"abc"[..]));
        // Python drops the comma and the newline and decodes what is left.
        assert_eq!(decode("en,fr\n"), Some(vec![0x7a, 0x77, 0xeb]));
        assert_eq!(decode("YQ==ignored").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode("plain-text"), None);
        assert_eq!(decode("YWJ"), None);
        assert_eq!(decode("zoë"), None);
        assert_eq!(decode("").as_deref(), Some(&b""[..]));
        assert_eq!(decode("=YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(decode("YW=Jj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(decode("YWJj====").as_deref(), Some(&b"abc"[..]));
    }
}
