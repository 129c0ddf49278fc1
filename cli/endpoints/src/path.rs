//! `getAttr` paths: `name`, `resourceId[1]`, `[0]`, `a.b[2]`.

use crate::value::Value;

/// One step of an attribute path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSeg {
    /// A record field.
    Key(String),
    /// An array element.
    Index(usize),
}

/// Parses a path; a malformed index step is kept as a field name (which then matches nothing).
pub(crate) fn parse_path(path: &str) -> Vec<PathSeg> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        match index_suffix(part) {
            Some((name, index)) => {
                if !name.is_empty() {
                    segs.push(PathSeg::Key(name.to_owned()));
                }
                segs.push(PathSeg::Index(index));
            }
            None => segs.push(PathSeg::Key(part.to_owned())),
        }
    }
    segs
}

/// Splits `name[3]` into `("name", 3)`.
fn index_suffix(part: &str) -> Option<(&str, usize)> {
    let body = part.strip_suffix(']')?;
    let (name, index) = body.rsplit_once('[')?;
    if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, index.parse().ok()?))
}

/// Follows a path into a value; `None` when a step does not exist.
pub(crate) fn get_path<'v>(mut value: &'v Value, path: &[PathSeg]) -> Option<&'v Value> {
    for seg in path {
        value = match (seg, value) {
            (PathSeg::Key(name), v) => v.field(name)?,
            (PathSeg::Index(i), Value::Array(items)) => items.get(*i)?,
            (PathSeg::Index(_), _) => return None,
        };
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_follows_paths() {
        assert_eq!(
            parse_path("resourceId[1]"),
            vec![PathSeg::Key("resourceId".into()), PathSeg::Index(1)]
        );
        assert_eq!(parse_path("[0]"), vec![PathSeg::Index(0)]);
        let record = Value::Record(vec![(
            "resourceId".into(),
            Value::Array(vec![Value::Str("a".into()), Value::Str("b".into())]),
        )]);
        assert_eq!(
            get_path(&record, &parse_path("resourceId[1]")),
            Some(&Value::Str("b".into()))
        );
        assert_eq!(get_path(&record, &parse_path("resourceId[2]")), None);
        assert_eq!(get_path(&record, &parse_path("missing")), None);
    }
}
