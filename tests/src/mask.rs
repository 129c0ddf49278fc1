//! Masking of values the server generates afresh (ids, timestamps) so that two runs of the
//! same command can be compared byte for byte.

use regex::Regex;
use std::sync::OnceLock;

fn default_masks() -> &'static [(Regex, &'static str)] {
    static MASKS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    MASKS.get_or_init(|| {
        [
            // ISO 8601 timestamps, with or without fraction and offset.
            (
                r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?",
                "<time>",
            ),
            // UUIDs: request ids, message ids, subscription ids.
            (
                r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                "<uuid>",
            ),
            // EC2 resource ids (i-…, vpc-…, subnet-…, sg-…, r-…).
            (r"\b[a-z]{1,9}-[0-9a-f]{8,17}\b", "<ec2-id>"),
        ]
        .into_iter()
        .map(|(re, with)| (Regex::new(re).expect("valid mask"), with))
        .collect()
    })
}

/// Replaces generated ids and timestamps, then every match of `extra` (`<masked>`).
pub fn mask(text: &str, extra: &[Regex]) -> String {
    let mut out = text.to_owned();
    for (re, with) in default_masks() {
        out = re.replace_all(&out, *with).into_owned();
    }
    for re in extra {
        out = re.replace_all(&out, "<masked>").into_owned();
    }
    out
}

/// Blanks every string value of a pretty-printed JSON document (one value per line), keeping
/// keys and layout: for skeletons, where v1 picks a random enum value and v2 the first.
pub fn blank_json_strings(text: &str) -> String {
    static MEMBER: OnceLock<Regex> = OnceLock::new();
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let member = MEMBER.get_or_init(|| {
        Regex::new(r#"^(\s*"(?:[^"\\]|\\.)*": )"(?:[^"\\]|\\.)*"(,?)$"#).expect("valid regex")
    });
    let item =
        ITEM.get_or_init(|| Regex::new(r#"^(\s*)"(?:[^"\\]|\\.)*"(,?)$"#).expect("valid regex"));
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = member.replace(line, r#"${1}""${2}"#);
        let line = item.replace(&line, r#"${1}""${2}"#);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_generated_values() {
        let text = "i-0123456789abcdef0\t2024-01-02T03:04:05.123456+00:00\tvpc-1a2b3c4d\n";
        assert_eq!(mask(text, &[]), "<ec2-id>\t<time>\t<ec2-id>\n");
        let extra = [Regex::new("AIDA[A-Z0-9]+").unwrap()];
        assert_eq!(mask("x AIDAABC x", &extra), "x <masked> x");
    }

    #[test]
    fn blanks_skeleton_strings() {
        let text = "{\n    \"A\": \"x\",\n    \"B\": [\n        \"y\"\n    ],\n    \"C\": 0\n}\n";
        assert_eq!(
            blank_json_strings(text),
            "{\n    \"A\": \"\",\n    \"B\": [\n        \"\"\n    ],\n    \"C\": 0\n}\n"
        );
    }
}
