//! The `aws_completer` binary: shell completion for `aws` (reads `COMP_LINE` and `COMP_POINT`).

fn main() {}
