//! An interrupted multipart upload is aborted: no object and no incomplete upload remain.
//! (Its own test binary: cancellation is process-wide.)

mod common;

use aws2_s3::api;
use aws2_s3::paths::S3Path;
use aws2_s3::transfer::{Engine, Extra};
use aws2_s3::TransferSettings;
use common::{run, Moto};
use std::io::Read;

/// Yields `len` bytes and requests cancellation (as SIGINT does) after `cancel_after`.
struct Interrupting {
    sent: usize,
    len: usize,
    cancel_after: usize,
}

impl Read for Interrupting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.sent >= self.cancel_after {
            aws2_s3::cancel::cancel();
        }
        let n = buf.len().min(self.len - self.sent).min(1 << 20);
        buf[..n].fill(7);
        self.sent += n;
        Ok(n)
    }
}

#[test]
fn interrupted_upload_leaves_nothing_behind() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    assert_eq!(run(&client, work.path(), &["mb", "s3://cancelled"]).code, 0);
    let engine = Engine::new(&client, TransferSettings::default());
    let dest = S3Path::parse("s3://cancelled/big").unwrap();
    let mut reader = Interrupting {
        sent: 0,
        len: 40 << 20,
        cancel_after: 12 << 20,
    };
    let result = aws2_s3::stream::upload(&engine, &mut reader, &dest, &Extra::new(), None);
    assert_eq!(result, Err(aws2_s3::cancel::MESSAGE.to_owned()));
    assert!(reader.sent < 40 << 20, "reading stopped early");
    let uploads = api::call(
        &client,
        "ListMultipartUploads",
        api::input(vec![("Bucket", api::s("cancelled"))]),
    )
    .unwrap();
    assert!(api::list(&uploads, "Uploads").is_empty());
    let listing = api::all_objects(&client, "cancelled", "").unwrap();
    assert!(listing.is_empty());

    // Later commands stop at once and exit 130 with the Python CLI's message.
    std::fs::write(work.path().join("f"), b"x").unwrap();
    let out = run(&client, work.path(), &["cp", "f", "s3://cancelled/f"]);
    assert_eq!(
        (out.code, out.err.as_str()),
        (130, "cancelled: ctrl-c received\n")
    );
    assert!(api::all_objects(&client, "cancelled", "")
        .unwrap()
        .is_empty());
    eprintln!("interrupt: 6 checks passed");
}
