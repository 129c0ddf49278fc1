//! Dot-segment removal for URL paths, as SigV4's canonical URI and the endpoint rules'
//! `uriEncode`-free path normalisation need it.

/// Removes `.` and `..` segments (RFC 3986 section 5.2.4) and empty segments (`//`) from a
/// path, keeping a leading and a trailing `/`; the empty path becomes `/`.
pub fn remove_dot_segments(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    let mut kept: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            s => kept.push(s),
        }
    }
    let lead = if path.starts_with('/') { "/" } else { "" };
    let trail = if path.ends_with('/') && !kept.is_empty() {
        "/"
    } else {
        ""
    };
    format!("{lead}{}{trail}", kept.join("/"))
}

#[cfg(test)]
mod tests {
    use super::remove_dot_segments;

    #[test]
    fn removes_segments() {
        assert_eq!(remove_dot_segments(""), "/");
        assert_eq!(remove_dot_segments("/a/./b/../c/"), "/a/c/");
        assert_eq!(remove_dot_segments("//a//b"), "/a/b");
        assert_eq!(remove_dot_segments("/../"), "/");
        assert_eq!(remove_dot_segments("a/b"), "a/b");
    }
}
