//! The text pieces of the YAML skeleton: scalars written plain or single-quoted as ruamel.yaml
//! (YAML 1.2 resolution) writes them, and the one-sentence documentation overview of a member.

use regex::Regex;
use std::sync::OnceLock;

/// `text` as a plain scalar, or single-quoted when a plain one would read back as another
/// type (YAML 1.2: booleans, numbers, null, timestamps, `<<`, `=`) or is not allowed plain.
pub fn yaml_string(text: &str) -> String {
    if plain_allowed(text) && !resolves_to_other_type(text) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// Whether ruamel's emitter may write `text` as a plain scalar in block context.
fn plain_allowed(text: &str) -> bool {
    if text.is_empty() || text.starts_with("---") || text.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let space = |c: Option<&char>| c.is_none_or(|c| matches!(c, '\0' | ' ' | '\t' | '\r' | '\n'));
    if chars[0] == ' ' || chars[chars.len() - 1] == ' ' {
        return false;
    }
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_space = space(chars.get(i + 1));
        let indicator = if i == 0 {
            "#,[]{}&*!|>'\"%@`".contains(c) || (matches!(c, '?' | ':' | '-') && followed_by_space)
        } else {
            (c == ':' && followed_by_space) || (c == '#' && space(chars.get(i - 1)))
        };
        let special = c != '\n' && !(' '..='~').contains(&c) && c < '\u{a0}';
        if indicator || special || matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            return false;
        }
    }
    true
}

/// Whether a plain `text` resolves to a tag other than `str` under ruamel's YAML 1.2 rules.
fn resolves_to_other_type(text: &str) -> bool {
    static RESOLVERS: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    let resolvers = RESOLVERS.get_or_init(|| {
        [
            ("tTfF", r"^(?:true|True|TRUE|false|False|FALSE)$"),
            (
                "-+0123456789.",
                r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            ),
            (
                "-+0123456789",
                r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$",
            ),
            ("<", r"^(?:<<)$"),
            ("~nN", r"^(?:~|null|Null|NULL)$"),
            (
                "0123456789",
                r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
            ),
            ("=", r"^(?:=)$"),
        ]
        .into_iter()
        .map(|(first, re)| (first, Regex::new(re).expect("a valid resolver pattern")))
        .collect()
    });
    let Some(first) = text.chars().next() else {
        return true;
    };
    resolvers
        .iter()
        .any(|(firsts, re)| firsts.contains(first) && re.is_match(text))
}

/// The first sentence of a documentation string, its markup removed and line breaks turned
/// into spaces (the AWS CLI's `get_shape_doc_overview`). Markup that does not parse as XML
/// is kept as it is.
pub fn doc_overview(doc: &str) -> String {
    let wrapped = format!("<doc>{doc}</doc>");
    let text = match roxmltree::Document::parse(&wrapped) {
        Ok(tree) => tree
            .root()
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect::<String>(),
        Err(_) => doc.to_owned(),
    };
    let first = text.split(['.', ':']).next().unwrap_or("");
    let mut sentence = first.to_owned();
    if !sentence.is_empty() {
        sentence.push('.');
    }
    sentence.replace(['\n', '\u{2028}'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_where_yaml_1_2_would_read_another_type() {
        assert_eq!(yaml_string(""), "''");
        assert_eq!(yaml_string("NULL"), "'NULL'");
        assert_eq!(yaml_string("ON"), "ON");
        assert_eq!(yaml_string("true"), "'true'");
        assert_eq!(yaml_string("10"), "'10'");
        assert_eq!(yaml_string("1.5"), "'1.5'");
        assert_eq!(yaml_string("2012-10-17"), "'2012-10-17'");
        assert_eq!(yaml_string("*"), "'*'");
        assert_eq!(yaml_string("it's"), "it's");
        assert_eq!(yaml_string("a: b"), "'a: b'");
        assert_eq!(yaml_string("a:b"), "a:b");
        assert_eq!(yaml_string("standard"), "standard");
    }

    #[test]
    fn overviews_keep_the_first_sentence_without_markup() {
        assert_eq!(doc_overview("<p>The name. More text.</p>"), "The name.");
        assert_eq!(doc_overview("<p>Valid: a, b</p>"), "Valid.");
        assert_eq!(doc_overview("<p>a &nbsp; b. c</p>"), "<p>a &nbsp; b.");
        assert_eq!(doc_overview(""), "");
        assert_eq!(doc_overview("<p>one\ntwo</p>"), "one two.");
    }
}
