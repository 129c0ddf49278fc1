//! Error responses: the code and message each protocol found, the generic errors of
//! proxies and load balancers, query-compatible codes, and the modeled exception's fields.

use super::scalar::reason_phrase;
use super::traits::error_code_of;
use super::Ctx;
use crate::model::ShapeRef;
use crate::protocol::{ProtocolError, ServiceError};
use crate::value::Value;
use indexmap::IndexMap;

/// What a protocol's error parser found, before the modeled fields are added.
#[derive(Debug, Default)]
pub(crate) struct ErrorInfo {
    /// Everything under `Error`: at least `Code` and `Message`, plus `Type`,
    /// `QueryErrorCode` and whatever else the body carried.
    pub details: IndexMap<String, Value>,
    /// The request id, if any.
    pub request_id: Option<String>,
}

impl ErrorInfo {
    /// An error with a code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        let mut details = IndexMap::new();
        details.insert("Code".to_owned(), Value::String(code.into()));
        details.insert("Message".to_owned(), Value::String(message.into()));
        ErrorInfo {
            details,
            request_id: None,
        }
    }

    /// The error code.
    pub fn code(&self) -> &str {
        self.details
            .get("Code")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// Sets the error code.
    pub fn set_code(&mut self, code: impl Into<String>) {
        self.details
            .insert("Code".to_owned(), Value::String(code.into()));
    }

    /// Applies the `x-amzn-query-error: <Code>;<Type>` header of query-compatible services:
    /// the header's code replaces the protocol's, which is kept as `QueryErrorCode`.
    pub fn apply_query_compatible(&mut self, ctx: &Ctx<'_>) {
        let Some(header) = ctx.response.header("x-amzn-query-error") else {
            return;
        };
        let parts: Vec<&str> = header.split(';').collect();
        if parts.len() == 2 && !parts[0].is_empty() {
            let original = self.code().to_owned();
            self.details
                .insert("QueryErrorCode".to_owned(), Value::String(original));
            self.details
                .insert("Type".to_owned(), Value::String(parts[1].to_owned()));
            self.set_code(parts[0]);
        }
    }
}

/// Whether this is a body-less or HTML 5xx response that no protocol parser can read.
pub(crate) fn is_generic(ctx: &Ctx<'_>) -> bool {
    if ctx.response.status < 500 || ctx.response.header("x-amzn-errortype").is_some() {
        return false;
    }
    let body = ctx.response.body.trim_ascii();
    body.is_empty() || body.starts_with(b"<html>")
}

/// The error of a response without a protocol body: code is the status, message its reason.
pub(crate) fn from_status(ctx: &Ctx<'_>) -> ErrorInfo {
    let status = ctx.response.status;
    ErrorInfo::new(status.to_string(), reason_phrase(status))
}

/// A request id from the usual headers.
pub(crate) fn header_request_id(ctx: &Ctx<'_>) -> Option<String> {
    ctx.response
        .header("x-amzn-requestid")
        .or_else(|| ctx.response.header("x-amz-request-id"))
        .map(str::to_owned)
}

/// The exception shape that answers to `code`: an operation error first, then a shape of
/// that name, then any exception of the service.
pub(crate) fn modeled_shape(ctx: &Ctx<'_>, code: &str) -> Result<Option<ShapeRef>, ProtocolError> {
    if code.is_empty() {
        return Ok(None);
    }
    let by_name = |name: &str| ShapeRef {
        shape: name.to_owned(),
        ..ShapeRef::default()
    };
    for r in &ctx.operation.errors {
        let shape = ctx.service.resolve(r)?;
        if error_code_of(&shape) == Some(code) {
            return Ok(Some(by_name(&shape.name)));
        }
    }
    if let Ok(shape) = ctx.service.shape(code) {
        if error_code_of(&shape) == Some(code) {
            return Ok(Some(by_name(code)));
        }
    }
    for name in ctx.service.exception_shape_names() {
        if let Ok(shape) = ctx.service.shape(name) {
            if error_code_of(&shape) == Some(code) {
                return Ok(Some(by_name(name)));
            }
        }
    }
    Ok(None)
}

/// Builds the service error: looks up the modeled exception by code and, when found, parses
/// its fields with `modeled`.
pub(crate) fn finish(
    ctx: &Ctx<'_>,
    info: ErrorInfo,
    modeled: impl FnOnce(&ShapeRef) -> Result<Value, ProtocolError>,
) -> Result<ServiceError, ProtocolError> {
    let mut fields = IndexMap::new();
    if let Some(r) = modeled_shape(ctx, info.code())? {
        if let Value::Map(map) = modeled(&r)? {
            fields.extend(map);
        }
    }
    let code = info.code().to_owned();
    let message = info
        .details
        .get("Message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    fields.insert("Error".to_owned(), Value::Map(info.details));
    Ok(ServiceError {
        code,
        message,
        status: ctx.response.status,
        request_id: info.request_id.or_else(|| header_request_id(ctx)),
        fields: Value::Map(fields),
    })
}
