//! Replies whose body is an event stream (`application/vnd.amazon.eventstream`): messages
//! framed with their prelude and message CRC32s, as a service sends them, and a reply that
//! sends its messages and then holds the connection open, as a live stream would
//! ([`crate::Recorder::holding`]).

use crate::recorder::Reply;
use std::io::Write;
use std::net::TcpStream;

/// The content type of an event stream reply.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// One message with string headers (`:message-type`, `:event-type`, …) and a payload:
/// total length, headers length, prelude CRC, headers, payload, message CRC.
pub fn message(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
    let mut encoded = Vec::new();
    for (name, value) in headers {
        encoded.push(u8::try_from(name.len()).expect("short header name"));
        encoded.extend_from_slice(name.as_bytes());
        encoded.push(7);
        encoded.extend_from_slice(
            &u16::try_from(value.len())
                .expect("short value")
                .to_be_bytes(),
        );
        encoded.extend_from_slice(value.as_bytes());
    }
    let total = u32::try_from(16 + encoded.len() + payload.len()).expect("message length");
    let mut out = Vec::new();
    out.extend_from_slice(&total.to_be_bytes());
    out.extend_from_slice(&u32::try_from(encoded.len()).expect("headers").to_be_bytes());
    out.extend_from_slice(&crc32fast::hash(&out).to_be_bytes());
    out.extend_from_slice(&encoded);
    out.extend_from_slice(payload);
    out.extend_from_slice(&crc32fast::hash(&out).to_be_bytes());
    out
}

/// An `event` message of `event_type` with a JSON payload.
pub fn event(event_type: &str, payload: &serde_json::Value) -> Vec<u8> {
    message(
        &[
            (":message-type", "event"),
            (":event-type", event_type),
            (":content-type", "application/json"),
        ],
        payload.to_string().as_bytes(),
    )
}

/// The `initial-response` event that opens a JSON RPC event stream.
pub fn initial_response() -> Vec<u8> {
    event("initial-response", &serde_json::json!({}))
}

/// An `exception` message of a modeled exception with this message.
pub fn exception(exception_type: &str, text: &str) -> Vec<u8> {
    message(
        &[
            (":message-type", "exception"),
            (":exception-type", exception_type),
            (":content-type", "application/json"),
        ],
        serde_json::json!({ "message": text })
            .to_string()
            .as_bytes(),
    )
}

/// A successful reply whose body is these messages.
pub fn reply(messages: &[Vec<u8>]) -> Reply {
    Reply::new(200, CONTENT_TYPE, messages.concat())
}

/// Writes a reply's head and its body as one chunk of a chunked body that never ends.
pub(crate) fn write_held(writer: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} Status\r\n", reply.status);
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Transfer-Encoding: chunked\r\n\r\n");
    let mut bytes = out.into_bytes();
    if !reply.body.is_empty() {
        bytes.extend_from_slice(format!("{:x}\r\n", reply.body.len()).as_bytes());
        bytes.extend_from_slice(&reply.body);
        bytes.extend_from_slice(b"\r\n");
    }
    writer.write_all(&bytes)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_both_checksums() {
        let m = message(&[(":event-type", "x")], b"{}");
        let total = u32::from_be_bytes([m[0], m[1], m[2], m[3]]) as usize;
        assert_eq!(total, m.len());
        assert_eq!(
            u32::from_be_bytes([m[8], m[9], m[10], m[11]]),
            crc32fast::hash(&m[..8])
        );
        let end = m.len() - 4;
        assert_eq!(
            u32::from_be_bytes([m[end], m[end + 1], m[end + 2], m[end + 3]]),
            crc32fast::hash(&m[..end])
        );
    }
}
