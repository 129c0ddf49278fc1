//! Every assigned code point (one string each) is shown as Python's own `repr` shows it.

use std::process::Command;

#[test]
fn every_assigned_code_point_matches_python() {
    let script = r#"
import sys, unicodedata
for cp in range(0x110000):
    if 0xd800 <= cp <= 0xdfff or unicodedata.category(chr(cp)) == "Cn":
        continue
    sys.stdout.write("%x %s\n" % (cp, repr(chr(cp) + "'")))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .output()
        .expect("python3 runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in text.lines() {
        let (cp, want) = line.split_once(' ').unwrap();
        let c = char::from_u32(u32::from_str_radix(cp, 16).unwrap()).unwrap();
        let got = aws2_pyrepr::str_repr(&format!("{c}'"));
        if got != want {
            wrong.push(format!("U+{cp}: {got} != {want}"));
        }
        checked += 1;
    }
    assert!(checked > 140_000, "{checked} code points");
    assert!(
        wrong.is_empty(),
        "{} of {checked} differ: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(20)]
    );
}
