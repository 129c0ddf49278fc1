//! Bucket listings (`ls` with `--bucket-name-prefix`, `--bucket-region`, `--page-size`) and
//! tagged buckets (`mb --tags`), compared with the Python CLI.

mod common;

use common::{run, Moto};
use std::io::{BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// A server that answers every request with an empty 200 and keeps the request bodies.
fn recorder() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&bodies);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let kept = Arc::clone(&kept);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut out = stream;
                while let Some(request) = common::read_request(&mut reader) {
                    kept.lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&request.body).into_owned());
                    out.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                        .unwrap();
                }
            });
        }
    });
    (url, bodies)
}

#[test]
fn bucket_listings_and_tags_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    for bucket in ["alpha-one", "alpha-two", "beta-three"] {
        let made = run(&client, dir, &["mb", &format!("s3://{bucket}")]);
        assert_eq!(made.code, 0, "{made:?}");
    }
    let mut checks = 0;
    for args in [
        &["ls"][..],
        &["ls", "--bucket-name-prefix", "alpha"],
        &["ls", "--bucket-name-prefix", "gamma"],
        &["ls", "--page-size", "1"],
        &["ls", "--page-size", "2", "--bucket-name-prefix", "a"],
        &["ls", "--bucket-region", "us-east-1"],
    ] {
        let mine = run(&client, dir, args);
        let py = moto.python(dir, args);
        assert_eq!((mine.code, &mine.out), (py.code, &py.out), "{args:?}");
        checks += 1;
    }
    assert_eq!(
        run(&client, dir, &["ls", "--bucket-name-prefix", "alpha"])
            .out
            .lines()
            .count(),
        2
    );

    // Tags given in pairs reach the new bucket: the request body is the Python CLI's (moto
    // does not keep them, so a recording server receives both requests).
    let (url, bodies) = recorder();
    let recorded = common::client_for(&url);
    let args = [
        "mb",
        "s3://tagged",
        "--tags",
        "env",
        "prod",
        "--tags",
        "team",
        "s3 & co",
    ];
    let mine = run(&recorded, dir, &args);
    let py = common::python_at(&url, dir, &args);
    assert_eq!(
        (mine.code, &mine.out),
        (py.code, &py.out),
        "{mine:?} {py:?}"
    );
    assert_eq!(mine.out, "make_bucket: tagged\n");
    let bodies = bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert_eq!(bodies[0], bodies[1]);
    assert!(
        bodies[0].contains("<Key>team</Key><Value>s3 &amp; co</Value>"),
        "{bodies:?}"
    );
    checks += 2;
    let odd = run(&client, dir, &["mb", "s3://odd-tags", "--tags", "only-key"]);
    let py = moto.python(dir, &["mb", "s3://odd-tags", "--tags", "only-key"]);
    assert!(
        odd.err.contains("argument --tags: expected 2 arguments"),
        "{odd:?}"
    );
    assert!(
        py.err.contains("argument --tags: expected 2 arguments"),
        "{py:?}"
    );
    checks += 1;
    eprintln!("buckets: {checks} checks agree with the Python CLI");
}
