//! The command line up to the cursor, split into words as the shell would.

/// The words before the cursor and the (possibly empty) word being typed.
#[derive(Debug, PartialEq, Eq)]
pub struct Line {
    /// Complete words, the program name first.
    pub words: Vec<String>,
    /// The partial word at the cursor.
    pub current: String,
}

/// Splits `line[..point]` into words, honouring quotes and backslashes. `point` counts bytes
/// and is clamped to the line (and to a character boundary).
pub fn split(line: &str, point: usize) -> Line {
    let mut end = point.min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line[..end].chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    let current = if in_word || quote.is_some() {
        word
    } else {
        String::new()
    };
    Line { words, current }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_and_the_current_one() {
        let l = split("aws ec2 describe-inst", 21);
        assert_eq!(l.words, ["aws", "ec2"]);
        assert_eq!(l.current, "describe-inst");
        let l = split("aws ec2 ", 8);
        assert_eq!(l.words, ["aws", "ec2"]);
        assert_eq!(l.current, "");
        let l = split("aws s3 ls 's3://my bucket/x' --re", 100);
        assert_eq!(l.words, ["aws", "s3", "ls", "s3://my bucket/x"]);
        assert_eq!(l.current, "--re");
        let l = split("aws ec2 describe-instances", 5);
        assert_eq!(l.words, ["aws"]);
        assert_eq!(l.current, "e");
        let l = split("aws é", 5);
        assert_eq!(l.current, "");
    }
}
