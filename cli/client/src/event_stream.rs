//! Operations whose reply is an event stream (`application/vnd.amazon.eventstream`, as
//! CloudWatch Logs' `StartLiveTail`): the request is sent as any other, and the reply's
//! messages are read and typed one at a time while they arrive.

use crate::call::{CallError, Client};
use aws2_core::model::{Operation, Service};
use aws2_core::protocol::{self, HttpResponse, ProtocolError};
use aws2_core::Value;
use aws2_http::ResponseBody;
use std::io::Read;
use std::sync::Arc;

/// The bytes that name an `initial-response` event in a message's headers.
const INITIAL_RESPONSE: &[u8] = b"\x0b:event-type\x07\x00\x10initial-response";

/// The events of a reply still being received, each a map of one member of the stream's
/// union (`{"sessionUpdate": {...}}`); an exception message ends it with its service error.
pub struct EventStream {
    service: Arc<Service>,
    operation: Operation,
    reader: Box<dyn Read + Send>,
    done: bool,
}

impl Client {
    /// Calls an operation whose output is an event stream (JSON-based protocols): the
    /// request and its retries as [`Client::call`] sends them, then the first message,
    /// which must be the `initial-response` event as botocore requires; the other events
    /// come from the returned stream.
    pub fn call_event_stream(
        &self,
        operation: &Operation,
        input: &Value,
    ) -> Result<EventStream, CallError> {
        let (request, auth) = self.prepare(operation, input, None)?;
        let mut response = self.send(operation, &request, &auth, true)?;
        drop(request);
        if !(200..300).contains(&response.status) {
            self.parse(operation, response)?;
            return Err(invalid(0, "an error reply was read as a success"));
        }
        let reader: Box<dyn Read + Send> =
            match std::mem::replace(&mut response.body, ResponseBody::Bytes(Vec::new())) {
                ResponseBody::Stream(reader) => reader,
                ResponseBody::Bytes(bytes) => Box::new(std::io::Cursor::new(bytes)),
            };
        let mut stream = EventStream {
            service: Arc::clone(self.service()),
            operation: operation.clone(),
            reader,
            done: false,
        };
        match stream.message() {
            Ok(Some(first)) if is_initial_response(&first) => {
                // Its checksums are checked, and its members (none here) are not kept.
                stream.event(first)?;
                Ok(stream)
            }
            // botocore's ResponseParserError, worded as it is.
            Ok(_) => Err(CallError::Protocol(ProtocolError::MalformedDocument(
                "First event was not of type initial-response".to_owned(),
            ))),
            Err(e) => Err(e),
        }
    }
}

impl EventStream {
    /// The next framed message, `None` at the end of the reply.
    fn message(&mut self) -> Result<Option<Vec<u8>>, CallError> {
        let mut prelude = [0u8; 4];
        let mut got = 0;
        while got < prelude.len() {
            match self.reader.read(&mut prelude[got..]) {
                Ok(0) if got == 0 => return Ok(None),
                Ok(0) => return Err(invalid(200, "truncated event stream message")),
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(invalid(200, &e.to_string())),
            }
        }
        let total = u32::from_be_bytes(prelude) as usize;
        if total < 16 {
            return Err(invalid(200, "invalid event stream message: bad length"));
        }
        let mut message = prelude.to_vec();
        message.resize(total, 0);
        self.reader
            .read_exact(&mut message[4..])
            .map_err(|e| invalid(200, &e.to_string()))?;
        Ok(Some(message))
    }

    /// The event of one message (`None` for one the stream's union does not name).
    fn event(&self, message: Vec<u8>) -> Result<Option<Value>, CallError> {
        let response = HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: message,
        };
        match protocol::parse(&self.service, &self.operation, &response)? {
            Ok(Value::Map(mut out)) => Ok(out.values_mut().find_map(|v| match v {
                Value::List(events) if !events.is_empty() => Some(events.remove(0)),
                _ => None,
            })),
            Ok(_) => Ok(None),
            Err(error) => Err(CallError::Service {
                operation: self.operation.name.clone(),
                error: Box::new(error),
                max_retries_reached: None,
            }),
        }
    }
}

impl Iterator for EventStream {
    type Item = Result<Value, CallError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let step = self
                .message()
                .and_then(|m| m.map(|m| self.event(m)).transpose());
            match step {
                Ok(None) => self.done = true,
                Ok(Some(None)) => {}
                Ok(Some(Some(event))) => return Some(Ok(event)),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// Whether a message is the `initial-response` event.
fn is_initial_response(message: &[u8]) -> bool {
    let headers_len = message
        .get(4..8)
        .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    message.get(12..12 + headers_len).is_some_and(|h| {
        h.windows(INITIAL_RESPONSE.len())
            .any(|w| w == INITIAL_RESPONSE)
    })
}

fn invalid(status: u16, message: &str) -> CallError {
    CallError::Protocol(ProtocolError::InvalidResponse {
        status,
        message: message.to_owned(),
    })
}
