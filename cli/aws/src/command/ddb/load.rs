//! The items of `aws ddb put`: a YAML document (flow or block, one mapping or a list of
//! them) read as v2 reads it with ruamel.yaml's safe loader under the YAML 1.2 schema:
//! plain scalars resolve to null, booleans, integers and floats (floats as decimals, never
//! rounded), `!!binary` to bytes and `!!set` mappings to sets.

use super::types::{decimal_text, Item};
use base64::Engine;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

/// Loads the document `text`, or gives v2's message (its exit code is 255).
pub fn load(text: &str) -> Result<Item, String> {
    let mut parser = Parser::new_from_str(text);
    let mut events = Vec::new();
    loop {
        let (event, _) = parser.next_token().map_err(|e| e.to_string())?;
        match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {}
            other => events.push(other),
        }
    }
    let mut events = events.into_iter();
    match events.next() {
        None => Ok(Item::Null),
        Some(first) => node(first, &mut events),
    }
}

/// The standard tag's name (`binary` of `!!binary`), `None` for no tag.
fn tag_name(tag: &Option<Tag>) -> Result<Option<&str>, String> {
    match tag {
        None => Ok(None),
        Some(t) if t.handle == "!" && t.suffix.is_empty() => Ok(None),
        Some(t) if t.handle == "tag:yaml.org,2002:" => Ok(Some(t.suffix.as_str())),
        Some(t) => Err(format!(
            "could not determine a constructor for the tag '{}{}'",
            t.handle, t.suffix
        )),
    }
}

fn node(event: Event, rest: &mut impl Iterator<Item = Event>) -> Result<Item, String> {
    match event {
        Event::Scalar(text, style, _, tag) => scalar(&text, style, tag_name(&tag)?),
        Event::SequenceStart(_, tag) => {
            if !matches!(tag_name(&tag)?, None | Some("seq")) {
                return Err("expected a sequence node".into());
            }
            let mut items = Vec::new();
            loop {
                match rest.next() {
                    Some(Event::SequenceEnd) | None => break,
                    Some(e) => items.push(node(e, rest)?),
                }
            }
            Ok(Item::List(items))
        }
        Event::MappingStart(_, tag) => {
            let as_set = match tag_name(&tag)? {
                None | Some("map") => false,
                Some("set") => true,
                Some(other) => return Err(format!("expected a {other} node, found a mapping")),
            };
            let mut entries: Vec<(Item, Item)> = Vec::new();
            loop {
                let key = match rest.next() {
                    Some(Event::MappingEnd) | None => break,
                    Some(e) => node(e, rest)?,
                };
                let value = match rest.next() {
                    Some(e) => node(e, rest)?,
                    None => Item::Null,
                };
                // ruamel.yaml refuses a key given twice (1e2 and 100 are one number).
                if entries.iter().any(|(k, _)| same_key(k, &key)) {
                    return Err(format!(
                        "while constructing a mapping\nfound duplicate key {}",
                        key.python_repr()
                    ));
                }
                entries.push((key, value));
            }
            if as_set {
                let mut members: Vec<Item> = Vec::new();
                for (k, _) in entries {
                    if !members.contains(&k) {
                        members.push(k);
                    }
                }
                return Ok(Item::Set(members));
            }
            let mut map = Vec::new();
            for (k, v) in entries {
                let key = match k {
                    Item::Str(s) | Item::Number(s) => s,
                    Item::Bool(b) => if b { "True" } else { "False" }.to_owned(),
                    Item::Null => "None".to_owned(),
                    other => return Err(format!("unhashable key {}", other.python_repr())),
                };
                map.push((key, v));
            }
            Ok(Item::Map(map))
        }
        Event::Alias(_) => Err("found undefined alias".into()),
        _ => Err("expected a node".into()),
    }
}

/// Whether two keys are one to Python (numbers by value).
fn same_key(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::Number(x), Item::Number(y)) => {
            x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(p), Ok(q)) if p == q)
        }
        _ => a == b,
    }
}

fn scalar(text: &str, style: TScalarStyle, tag: Option<&str>) -> Result<Item, String> {
    let tag = match tag {
        Some(t) => t,
        None if style != TScalarStyle::Plain => "str",
        None => resolve(text),
    };
    match tag {
        "str" => Ok(Item::Str(text.to_owned())),
        "null" => Ok(Item::Null),
        "bool" => Ok(Item::Bool(matches!(text, "true" | "True" | "TRUE"))),
        "int" => integer(text).map(Item::Number),
        "float" => decimal_text(&text.replace('_', ""))
            .map(Item::Number)
            .ok_or_else(|| "[<class 'decimal.ConversionSyntax'>]".to_owned()),
        "binary" => {
            let compact: String = text.split_whitespace().collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map(Item::Binary)
                .map_err(|e| format!("failed to decode base64 data: {e}"))
        }
        "timestamp" => Err(format!(
            "Unsupported type \"<class 'datetime.{}'>\" for value \"{text}\"",
            if text.len() == 10 { "date" } else { "datetime" }
        )),
        other => Err(format!(
            "could not determine a constructor for the tag 'tag:yaml.org,2002:{other}'"
        )),
    }
}

/// The YAML 1.2 type of a plain scalar.
fn resolve(text: &str) -> &'static str {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => "null",
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => "bool",
        _ if aws2_output::yaml_tag::implicit_number_tag(text) == Some("int") => "int",
        _ if aws2_output::yaml_tag::implicit_number_tag(text) == Some("float") => "float",
        _ if aws2_output::resolves_to_other_type(text) => "timestamp",
        _ => "str",
    }
}

/// The decimal text of a YAML integer (`0x1F`, `0o17`, `0b101`, `1_000`, `-12`).
fn integer(text: &str) -> Result<String, String> {
    let clean = text.replace('_', "");
    let (negative, digits) = match clean.strip_prefix('-') {
        Some(d) => (true, d.to_owned()),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean).to_owned()),
    };
    let (radix, body) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, digits.as_str()),
    };
    let bad = || format!("invalid literal for int() with base {radix}: '{text}'");
    let magnitude = if radix == 10 {
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        decimal_text(body).ok_or_else(bad)?
    } else {
        u128::from_str_radix(body, radix).map_err(|_| bad())?.to_string()
    };
    Ok(if negative && magnitude != "0" {
        format!("-{magnitude}")
    } else {
        magnitude
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_load_with_v2s_types() {
        let item = load("{a: 1, b: 1.50, c: x, d: !!binary aGk=, e: !!set {x, y}, f: null, g: true, h: 0x1F, i: '1'}").unwrap();
        let Item::Map(entries) = item else { panic!("a mapping") };
        let values: Vec<Item> = entries.into_iter().map(|(_, v)| v).collect();
        assert_eq!(
            values,
            vec![
                Item::Number("1".into()),
                Item::Number("1.50".into()),
                Item::Str("x".into()),
                Item::Binary(b"hi".to_vec()),
                Item::Set(vec![Item::Str("x".into()), Item::Str("y".into())]),
                Item::Null,
                Item::Bool(true),
                Item::Number("31".into()),
                Item::Str("1".into()),
            ]
        );
        assert!(load("{a: 1").is_err());
        assert!(load("{a: 1, a: 2}").is_err());
        assert!(load("!!set {1e2, 100}").is_err());
        assert!(load("- {a: 2020-01-01}").is_err());
        assert_eq!(load("- {a: 1}\n- {b: 2}\n").map(|i| matches!(i, Item::List(l) if l.len() == 2)), Ok(true));
    }
}
