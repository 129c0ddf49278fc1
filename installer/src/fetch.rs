//! Fetching channel files over HTTP(S) or from `file://` URLs, with size limits and an
//! optional progress bar.

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use url::Url;

/// Largest manifest or signature accepted: 1 MiB.
pub const MAX_SMALL: u64 = 1 << 20;
/// Time allowed to connect.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed for one whole request (large enough for a bundle on a slow link).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// Reads URLs with one HTTP client.
pub struct Fetcher {
    client: reqwest::blocking::Client,
}

impl Fetcher {
    /// A client trusting the system's certificate authorities.
    pub fn new() -> Result<Fetcher> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = rustls::RootCertStore::empty();
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        let mut tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("TLS setup failed")?
            .with_root_certificates(roots)
            .with_no_client_auth();
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        let client = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("aws2-install/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("cannot set up the HTTP client")?;
        Ok(Fetcher { client })
    }

    /// The content of `url`, at most [`MAX_SMALL`] bytes.
    pub fn get_small(&self, url: &Url) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.copy(url, &mut out, MAX_SMALL, false)
            .with_context(|| format!("cannot download {url}"))?;
        Ok(out)
    }

    /// Downloads `url` into the new file `dest`, refusing more than `max` bytes; shows a
    /// progress bar when stderr is a terminal.
    pub fn download(&self, url: &Url, dest: &Path, max: u64) -> Result<u64> {
        let mut file =
            File::create(dest).with_context(|| format!("cannot create {}", dest.display()))?;
        let n = self
            .copy(url, &mut file, max, std::io::stderr().is_terminal())
            .with_context(|| format!("cannot download {url}"))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", dest.display()))?;
        Ok(n)
    }

    /// Copies the body of `url` into `out`, failing beyond `max` bytes.
    fn copy(&self, url: &Url, out: &mut dyn Write, max: u64, progress: bool) -> Result<u64> {
        let (reader, length): (Box<dyn Read>, Option<u64>) = match url.scheme() {
            "file" => {
                let path = url
                    .to_file_path()
                    .map_err(|()| anyhow::anyhow!("not a local file URL"))?;
                let file = File::open(&path)?;
                let len = file.metadata().ok().map(|m| m.len());
                (Box::new(file), len)
            }
            "http" | "https" => {
                let response = self
                    .client
                    .get(url.clone())
                    .send()
                    .map_err(|e| one_line(e.without_url()))?;
                let status = response.status();
                if !status.is_success() {
                    bail!("HTTP {status}");
                }
                let len = response.content_length();
                (Box::new(response), len)
            }
            other => bail!("unsupported URL scheme {other} (use https, http or file)"),
        };
        if length.is_some_and(|n| n > max) {
            bail!("larger than the {max} bytes expected");
        }
        let bar = if progress {
            let bar = indicatif::ProgressBar::new(length.unwrap_or(max));
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bytes}/{total_bytes} [{bar:40}] {bytes_per_sec}, {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        let mut limited = reader.take(max + 1);
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0u64;
        loop {
            let n = match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    bar.abandon();
                    return Err(anyhow::anyhow!(
                        "connection failed after {total} bytes: {}",
                        io_cause(&e)
                    ));
                }
            };
            total += n as u64;
            if total > max {
                bar.abandon();
                bail!("larger than the {max} bytes expected");
            }
            out.write_all(&buf[..n])?;
            bar.set_position(total);
        }
        bar.finish_and_clear();
        if let Some(expected) = length.filter(|n| *n != total) {
            bail!("connection closed after {total} of {expected} bytes");
        }
        Ok(total)
    }
}

/// A reqwest error and its causes on one line.
fn one_line(e: reqwest::Error) -> anyhow::Error {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    anyhow::anyhow!(text)
}

/// An I/O error and its causes on one line.
fn io_cause(e: &std::io::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let next = cause.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = cause.source();
    }
    text
}
