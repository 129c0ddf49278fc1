//! The S3 operations the commands use, as thin calls through the model-driven client.

use aws2_client::{paginate, Client};
use aws2_core::Value;
use indexmap::IndexMap;

use crate::error::S3Error;

/// Builds an operation input from name/value pairs.
pub fn input(pairs: Vec<(&str, Value)>) -> IndexMap<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// A string value.
pub fn s(text: impl Into<String>) -> Value {
    Value::String(text.into())
}

/// Calls an S3 operation; the error is the one-line message the CLI prints.
pub fn call(
    client: &Client,
    operation: &str,
    input: IndexMap<String, Value>,
) -> Result<Value, String> {
    call_checked(client, operation, input).map_err(|e| e.to_string())
}

/// Calls an S3 operation, keeping a failed call whole so that the command ends with the
/// exit code of its kind (254 for an error the service answered, 255 otherwise).
pub fn call_checked(
    client: &Client,
    operation: &str,
    input: IndexMap<String, Value>,
) -> Result<Value, S3Error> {
    let op = client.service().operation(operation)?;
    Ok(client.call(&op, &Value::Map(input))?)
}

/// A member of an output as text.
pub fn text<'a>(value: &'a Value, path: &str) -> Option<&'a str> {
    match paginate::lookup(value, path)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// A member of an output as an integer.
pub fn int(value: &Value, path: &str) -> Option<i64> {
    match paginate::lookup(value, path)? {
        Value::Integer(i) => Some(*i),
        Value::Float(f) => Some(*f as i64),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A member of an output as seconds since the epoch.
pub fn time(value: &Value, path: &str) -> Option<f64> {
    match paginate::lookup(value, path)? {
        Value::Timestamp(t) => Some(t.epoch_f64()),
        _ => None,
    }
}

/// A member of an output as a list (empty when absent).
pub fn list<'a>(value: &'a Value, path: &str) -> &'a [Value] {
    match paginate::lookup(value, path) {
        Some(Value::List(items)) => items,
        _ => &[],
    }
}

/// One object of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// The full key.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// `LastModified` in seconds since the epoch.
    pub modified: f64,
    /// In an archive storage class (`GLACIER`, `DEEP_ARCHIVE`) and not restored: it cannot
    /// be read or copied. A listing does not say whether an object was restored, so every
    /// archived object of a listing counts.
    pub archived: bool,
}

impl Object {
    /// The object `key` as a `HeadObject` output describes it.
    pub fn from_head(key: &str, out: &Value) -> Object {
        let restored =
            text(out, "Restore").is_some_and(|r| r.contains("ongoing-request=\"false\""));
        Object {
            key: key.to_owned(),
            size: int(out, "ContentLength").unwrap_or(0).max(0) as u64,
            modified: time(out, "LastModified").unwrap_or(0.0),
            archived: is_archive_class(text(out, "StorageClass")) && !restored,
        }
    }
}

/// Whether a storage class keeps objects in an archive that must be restored before use.
fn is_archive_class(class: Option<&str>) -> bool {
    matches!(class, Some("GLACIER" | "DEEP_ARCHIVE"))
}

/// One page of `ListObjectsV2`: common prefixes and objects.
#[derive(Debug, Default)]
pub struct Page {
    /// `CommonPrefixes[].Prefix`.
    pub prefixes: Vec<String>,
    /// `Contents`.
    pub objects: Vec<Object>,
}

/// One `ListObjectsV2` request: the page and the token of the next one (`None` on the last).
fn list_page(
    client: &Client,
    bucket: &str,
    prefix: &str,
    delimiter: Option<&str>,
    page_size: Option<i64>,
    token: Option<&str>,
) -> Result<(Page, Option<String>), S3Error> {
    // As the AWS CLI, the prefix is sent even when empty (`prefix=`).
    let mut req = input(vec![("Bucket", s(bucket)), ("Prefix", s(prefix))]);
    if let Some(d) = delimiter {
        req.insert("Delimiter".into(), s(d));
    }
    if let Some(n) = page_size {
        req.insert("MaxKeys".into(), Value::Integer(n));
    }
    if let Some(t) = token {
        req.insert("ContinuationToken".into(), s(t));
    }
    let out = call_checked(client, "ListObjectsV2", req)?;
    let mut page = Page::default();
    for p in list(&out, "CommonPrefixes") {
        if let Some(p) = text(p, "Prefix") {
            page.prefixes.push(p.to_owned());
        }
    }
    for o in list(&out, "Contents") {
        page.objects.push(Object {
            key: text(o, "Key").unwrap_or_default().to_owned(),
            size: int(o, "Size").unwrap_or(0).max(0) as u64,
            modified: time(o, "LastModified").unwrap_or(0.0),
            archived: is_archive_class(text(o, "StorageClass")),
        });
    }
    let truncated = matches!(
        paginate::lookup(&out, "IsTruncated"),
        Some(Value::Bool(true))
    );
    let next = text(&out, "NextContinuationToken")
        .filter(|_| truncated)
        .map(str::to_owned);
    Ok((page, next))
}

/// Lists a bucket under `prefix`, page by page (`delimiter` `/` for one level).
pub fn list_objects(
    client: &Client,
    bucket: &str,
    prefix: &str,
    delimiter: Option<&str>,
    page_size: Option<i64>,
    mut on_page: impl FnMut(Page) -> Result<(), S3Error>,
) -> Result<(), S3Error> {
    let mut token: Option<String> = None;
    loop {
        let (page, next) = list_page(
            client,
            bucket,
            prefix,
            delimiter,
            page_size,
            token.as_deref(),
        )?;
        on_page(page)?;
        match next {
            Some(t) => token = Some(t),
            None => return Ok(()),
        }
    }
}

/// Every object under `prefix`.
pub fn all_objects(client: &Client, bucket: &str, prefix: &str) -> Result<Vec<Object>, String> {
    Objects::new(client, bucket, prefix).collect()
}

/// The objects under a prefix in key order, listed a page at a time as they are consumed,
/// so a listing of any length needs the memory of one page. A failed request ends the
/// listing with its error.
pub struct Objects<'a> {
    client: &'a Client,
    bucket: String,
    prefix: String,
    /// The rest of the current page.
    page_size: Option<i64>,
    page: std::vec::IntoIter<Object>,
    /// The next page's token; `None` before the first request and after the last page.
    token: Option<String>,
    started: bool,
}

impl<'a> Objects<'a> {
    /// The listing of `bucket` under `prefix` (no request is made until the first item).
    pub fn new(client: &'a Client, bucket: &str, prefix: &str) -> Objects<'a> {
        Objects {
            client,
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
            page_size: None,
            page: Vec::new().into_iter(),
            token: None,
            started: false,
        }
    }

    /// Asks for pages of at most `n` objects (`--page-size`; the server's default, 1000, when
    /// `None`).
    pub fn page_size(mut self, n: Option<i64>) -> Self {
        self.page_size = n;
        self
    }
}

impl Iterator for Objects<'_> {
    type Item = Result<Object, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(o) = self.page.next() {
                return Some(Ok(o));
            }
            if self.started && self.token.is_none() {
                return None;
            }
            self.started = true;
            let listed = list_page(
                self.client,
                &self.bucket,
                &self.prefix,
                None,
                self.page_size,
                self.token.as_deref(),
            );
            match listed {
                Ok((page, next)) => {
                    self.page = page.objects.into_iter();
                    self.token = next;
                }
                Err(e) => {
                    self.token = None;
                    return Some(Err(e.to_string()));
                }
            }
        }
    }
}

/// Size and modification time of one object (`HeadObject`).
pub fn head(client: &Client, bucket: &str, key: &str) -> Result<Object, String> {
    let out = call(
        client,
        "HeadObject",
        input(vec![("Bucket", s(bucket)), ("Key", s(key))]),
    )?;
    Ok(Object::from_head(key, &out))
}

/// Deletes one object.
pub fn delete(client: &Client, bucket: &str, key: &str) -> Result<(), String> {
    call(
        client,
        "DeleteObject",
        input(vec![("Bucket", s(bucket)), ("Key", s(key))]),
    )
    .map(|_| ())
}

/// The `CopySource` of an object (`bucket/key`), unquoted: the client quotes it on the way
/// out, as botocore's `handle_copy_source_param` does.
pub fn copy_source(bucket: &str, key: &str) -> String {
    format!("{bucket}/{key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_source_is_left_for_the_client_to_quote() {
        assert_eq!(copy_source("b", "a b/ü+x"), "b/a b/ü+x");
    }
}
