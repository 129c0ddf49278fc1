//! The `query` and `ec2` protocols: XML bodies, outputs under their `resultWrapper`
//! element, errors under `ErrorResponse/Error` (query) or `Response/Errors/Error` (ec2).

use super::errors::{self, ErrorInfo};
use super::xml::{self, Nodes, XmlWalker};
use super::Ctx;
use crate::protocol::{ParseResult, ProtocolError, ServiceError};
use crate::value::Value;
use roxmltree::Node;

/// Parses a query or ec2 response.
pub(super) fn parse(ctx: &Ctx<'_>, ec2: bool) -> ParseResult {
    if ctx.is_error() {
        return error(ctx, ec2).map(Err);
    }
    let Some(output) = &ctx.operation.output else {
        return Ok(Ok(Value::Map(Default::default())));
    };
    let text = xml::body_text(ctx);
    if text.trim().is_empty() {
        return Ok(Ok(Value::Map(Default::default())));
    }
    let doc = xml::parse_document(ctx, &text)?;
    let root = doc.root_element();
    let child = |name: &str| {
        root.children()
            .find(|c| c.is_element() && xml::tag(c) == name)
    };
    // Outputs without a modeled wrapper still arrive as `<Op>Response><Op>Result>` (query).
    let start = match &output.result_wrapper {
        Some(wrapper) => child(wrapper),
        None if !ec2 => child(&format!("{}Result", ctx.operation.name)).or(Some(root)),
        None => Some(root),
    };
    let Some(start) = start else {
        return Ok(Ok(Value::Map(Default::default())));
    };
    XmlWalker::new(ctx, ec2)
        .value(&Nodes::One(start), output)
        .map(Ok)
}

fn error(ctx: &Ctx<'_>, ec2: bool) -> Result<ServiceError, ProtocolError> {
    if errors::is_generic(ctx) {
        return errors::finish(ctx, errors::from_status(ctx), |_| Ok(Value::Null));
    }
    let text = xml::body_text(ctx);
    let Ok(doc) = xml::parse_document(ctx, &text) else {
        return errors::finish(ctx, errors::from_status(ctx), |_| Ok(Value::Null));
    };
    let root = doc.root_element();
    let info = error_info(root);
    errors::finish(ctx, info, |r| {
        XmlWalker::new(ctx, ec2).value(&Nodes::One(root), r)
    })
}

/// Reads `<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>` or
/// `<Response><Errors><Error>…</Error></Errors><RequestID/></Response>`.
pub(super) fn error_info(root: Node<'_, '_>) -> ErrorInfo {
    let Value::Map(mut top) = xml::untyped(root) else {
        return ErrorInfo::new("", "");
    };
    if let Some(Value::Map(inner)) = top.shift_remove("Errors") {
        top.extend(inner);
    }
    let mut info = ErrorInfo::new("", "");
    if let Some(Value::Map(details)) = top.shift_remove("Error") {
        info.details.extend(details);
    }
    info.request_id = ["RequestId", "RequestID"]
        .iter()
        .find_map(|k| top.get(*k).and_then(Value::as_str).map(str::to_owned));
    info
}
