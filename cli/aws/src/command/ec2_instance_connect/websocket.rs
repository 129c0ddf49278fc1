//! The websocket of one tunnel: opened over TLS on port 443 of the endpoint at a pre-signed
//! URL, then carrying what its input gives as binary frames and writing the binary frames
//! it receives to its output. A text frame ends the tunnel with an error, as does a close
//! frame with a code other than 1000 (its reason is the message).

use crate::error::CliError;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::{Message, WebSocket};

/// The most bytes one frame carries.
const MAX_BYTES_PER_FRAME: usize = 65_000;

/// How long a read of the websocket waits before the tunnel looks at its input again.
const POLL: Duration = Duration::from_millis(50);

/// The connection under the websocket.
pub enum Stream {
    /// TLS to the endpoint.
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
    /// An unencrypted connection (the tests' loopback endpoint).
    #[cfg(feature = "test-hooks")]
    Plain(TcpStream),
}

impl Stream {
    /// The TCP connection.
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Tls(tls) => tls.get_ref(),
            #[cfg(feature = "test-hooks")]
            Stream::Plain(tcp) => tcp,
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Tls(tls) => tls.read(buf),
            #[cfg(feature = "test-hooks")]
            Stream::Plain(tcp) => tcp.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Tls(tls) => tls.write(buf),
            #[cfg(feature = "test-hooks")]
            Stream::Plain(tcp) => tcp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Tls(tls) => tls.flush(),
            #[cfg(feature = "test-hooks")]
            Stream::Plain(tcp) => tcp.flush(),
        }
    }
}

/// An open tunnel.
pub type Tunnel = WebSocket<Stream>;

/// Opens the websocket at `url` (`wss://host/path?query`), sending `user_agent`.
pub fn connect(url: &str, user_agent: &str) -> Result<Tunnel, CliError> {
    let host = url
        .strip_prefix("wss://")
        .and_then(|rest| rest.split(['/', '?']).next())
        .unwrap_or_default()
        .to_owned();
    let mut request = url
        .into_client_request()
        .map_err(|e| CliError::other(e.to_string()))?;
    if let Ok(value) = user_agent.parse() {
        request.headers_mut().insert("User-Agent", value);
    }
    let stream = open(&host)?;
    match tungstenite::client::client(request, stream) {
        Ok((socket, response)) => {
            if let Some(id) = response.headers().get("x-amzn-requestid") {
                log::debug!("OpenTunnel RequestId: {id:?}");
            }
            socket
                .get_ref()
                .tcp()
                .set_read_timeout(Some(POLL))
                .map_err(|e| CliError::other(e.to_string()))?;
            Ok(socket)
        }
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
            log::debug!("Status code: {}", response.status().as_u16());
            if let Some(body) = response.body().as_deref() {
                log::debug!("{}", String::from_utf8_lossy(body));
            }
            Err(CliError::other(
                "AWS_ERROR_HTTP_WEBSOCKET_UPGRADE_FAILURE: Failed to upgrade HTTP connection to Websocket.",
            ))
        }
        Err(e) => Err(CliError::other(e.to_string())),
    }
}

/// The connection to `host`'s port 443, over TLS checked against the system's roots.
fn open(host: &str) -> Result<Stream, CliError> {
    let fail = |e: &dyn std::fmt::Display| CliError::other(e.to_string());
    #[cfg(feature = "test-hooks")]
    if let Some(address) = std::env::var_os("AWS2_TEST_EICE_ADDRESS") {
        let address = address.to_string_lossy().into_owned();
        return TcpStream::connect(address)
            .map(Stream::Plain)
            .map_err(|e| fail(&e));
    }
    let tcp = TcpStream::connect((host, 443)).map_err(|e| fail(&e))?;
    let mut config = aws2_http::client_config(None, true).map_err(|e| fail(&e))?;
    config.alpn_protocols.clear();
    let name = rustls_pki_types::ServerName::try_from(host.to_owned()).map_err(|e| fail(&e))?;
    let connection = rustls::ClientConnection::new(Arc::new(config), name).map_err(|e| fail(&e))?;
    Ok(Stream::Tls(Box::new(rustls::StreamOwned::new(
        connection, tcp,
    ))))
}

/// What the tunnel does when its input ends.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnInputEnd {
    /// Keeps the tunnel open until the endpoint closes it (standard input).
    KeepOpen,
    /// Closes the tunnel (a local connection that was closed).
    Close,
}

/// Carries `input` to the tunnel and the tunnel to `output` until the tunnel closes.
pub fn carry(
    mut socket: Tunnel,
    input: impl Read + Send + 'static,
    output: &mut dyn Write,
    on_end: OnInputEnd,
) -> Result<(), CliError> {
    let chunks = read_in_background(input);
    let mut failure: Option<String> = None;
    let mut input_open = true;
    loop {
        while input_open {
            match chunks.try_recv() {
                Ok(Some(chunk)) => {
                    if let Err(e) = socket.send(Message::binary(chunk)) {
                        return finished(e, failure);
                    }
                }
                Ok(None) | Err(mpsc::TryRecvError::Disconnected) => {
                    input_open = false;
                    if on_end == OnInputEnd::Close {
                        log::debug!("Input closed. Shutting down websocket.");
                        let _ = socket.close(None);
                    }
                }
                Err(mpsc::TryRecvError::Empty) => break,
            }
        }
        match socket.read() {
            Ok(Message::Binary(data)) => {
                let written = output.write_all(&data).and_then(|()| output.flush());
                if written.is_err() {
                    let _ = socket.close(None);
                }
            }
            Ok(Message::Text(_)) => {
                let _ = socket.close(None);
                failure.get_or_insert_with(|| {
                    "Received invalid data from server, closing websocket connection.".to_owned()
                });
            }
            Ok(Message::Close(Some(frame))) if frame.code != CloseCode::Normal => {
                log::debug!("Shutdown code: {}", u16::from(frame.code));
                failure.get_or_insert_with(|| format!("Websocket Closure Reason: {}", frame.reason));
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
            Err(e) => return finished(e, failure),
        }
    }
}

/// The end of a tunnel: the failure it met, else whether the websocket closed cleanly.
fn finished(error: tungstenite::Error, failure: Option<String>) -> Result<(), CliError> {
    if let Some(message) = failure {
        return Err(CliError::other(message));
    }
    match error {
        tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed => Ok(()),
        tungstenite::Error::Protocol(
            tungstenite::error::ProtocolError::ResetWithoutClosingHandshake,
        ) => Ok(()),
        other => Err(CliError::other(other.to_string())),
    }
}

/// Reads `input` on a thread of its own, up to a frame's worth at a time; `None` ends it.
fn read_in_background(mut input: impl Read + Send + 'static) -> mpsc::Receiver<Option<Vec<u8>>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buffer = vec![0u8; MAX_BYTES_PER_FRAME];
        loop {
            match input.read(&mut buffer) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Ok(0) | Err(_) => {
                    let _ = sender.send(None);
                    return;
                }
                Ok(n) => {
                    if sender.send(Some(buffer[..n].to_vec())).is_err() {
                        return;
                    }
                }
            }
        }
    });
    receiver
}
