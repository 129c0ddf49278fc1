//! The `PARSED_RESPONSE` event of the CLI's history: the parsed output (or error) with the
//! `ResponseMetadata` botocore adds.

use aws2_core::protocol::ServiceError;
use aws2_core::value::TimestampStyle;
use aws2_core::Value;
use serde_json::{json, Map, Value as Json};

/// Records a parsed response.
pub(crate) fn parsed(
    parsed: &Result<Value, ServiceError>,
    status: u16,
    headers: &[(String, String)],
) {
    aws2_http::history::record("PARSED_RESPONSE", || {
        let mut http_headers = Map::new();
        for (name, value) in headers {
            http_headers.insert(name.to_ascii_lowercase(), Json::String(value.clone()));
        }
        let request_id = headers
            .iter()
            .find(|(n, _)| {
                let n = n.to_ascii_lowercase();
                n == "x-amzn-requestid" || n == "x-amz-request-id"
            })
            .map(|(_, v)| v.clone());
        let (mut out, request_id) = match parsed {
            Ok(value) => match value.to_json(TimestampStyle::Iso8601) {
                Json::Object(map) => (map, request_id),
                _ => (Map::new(), request_id),
            },
            Err(error) => {
                let mut map = match error.fields.to_json(TimestampStyle::Iso8601) {
                    Json::Object(map) => map,
                    _ => Map::new(),
                };
                map.insert(
                    "Error".to_owned(),
                    json!({"Code": error.code, "Message": error.message}),
                );
                (map, error.request_id.clone().or(request_id))
            }
        };
        let mut meta = Map::new();
        if let Some(id) = request_id {
            meta.insert("RequestId".to_owned(), Json::String(id));
        }
        meta.insert("HTTPStatusCode".to_owned(), json!(status));
        meta.insert("HTTPHeaders".to_owned(), Json::Object(http_headers));
        out.insert("ResponseMetadata".to_owned(), Json::Object(meta));
        Json::Object(out)
    });
}
