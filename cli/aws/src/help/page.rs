//! A help page being written: sections, indented lines and word-wrapped paragraphs, with bold
//! and underline only when the page goes to a terminal.

/// How a run of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Normal text.
    Plain,
    /// Bold (headings, code, option names).
    Bold,
    /// Underlined (emphasis, links).
    Underline,
}

/// One word of a paragraph: styled pieces shown without spaces between them.
#[derive(Debug, Default, Clone)]
pub struct Word {
    pieces: Vec<(Style, String)>,
    width: usize,
}

impl Word {
    /// Appends text in a style.
    pub fn push_str(&mut self, style: Style, text: &str) {
        match self.pieces.last_mut() {
            Some((s, piece)) if *s == style => piece.push_str(text),
            _ => self.pieces.push((style, text.to_owned())),
        }
        self.width += text.chars().count();
    }

    /// Whether the word has no characters.
    pub fn is_empty(&self) -> bool {
        self.width == 0
    }
}

/// Splits text into plain words.
pub fn words(text: &str, style: Style) -> Vec<Word> {
    text.split_whitespace()
        .map(|w| {
            let mut word = Word::default();
            word.push_str(style, w);
            word
        })
        .collect()
}

/// Appends `n` spaces.
fn indent_to(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let take = left.min(SPACES.len());
        out.push_str(&SPACES[..take]);
        left -= take;
    }
}

/// The narrowest column left for text, however deep the indentation.
const MIN_TEXT_WIDTH: usize = 20;

/// A page of help text.
#[derive(Debug)]
pub struct Page {
    out: String,
    width: usize,
    styled: bool,
    /// Whether the last line written is a section heading (no blank line follows one).
    after_heading: bool,
    /// Documentation already rendered: (hash of the HTML, indent) to its range in `out`.
    rendered: std::collections::HashMap<(u64, usize), std::ops::Range<usize>>,
}

impl Page {
    /// A page wrapped at `width` columns; `styled` turns on terminal bold and underline.
    pub fn new(width: usize, styled: bool) -> Self {
        Page {
            out: String::new(),
            width: width.max(MIN_TEXT_WIDTH * 2),
            styled,
            after_heading: false,
            rendered: std::collections::HashMap::new(),
        }
    }

    /// The finished text.
    pub fn finish(mut self) -> String {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }

    /// The text so far.
    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Appends text in a style.
    fn push_styled(&mut self, style: Style, text: &str) {
        let code = match (self.styled, style) {
            (true, Style::Bold) => "\x1b[1m",
            (true, Style::Underline) => "\x1b[4m",
            _ => {
                self.out.push_str(text);
                return;
            }
        };
        self.out.push_str(code);
        self.out.push_str(text);
        self.out.push_str("\x1b[0m");
    }

    /// Ends the page with one blank line unless it already ends with one (or is empty).
    pub fn blank(&mut self) {
        if !self.after_heading && !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// A section heading (`NAME`, `OPTIONS`, ...) at column 0, after a blank line.
    pub fn section(&mut self, title: &str) {
        self.blank();
        self.push_styled(Style::Bold, title);
        self.out.push('\n');
        self.after_heading = true;
    }

    /// One line at an indentation, not wrapped.
    pub fn line(&mut self, indent: usize, text: &str) {
        self.styled_line(indent, &[(Style::Plain, text)]);
    }

    /// One line made of styled pieces, not wrapped.
    pub fn styled_line(&mut self, indent: usize, pieces: &[(Style, &str)]) {
        self.after_heading = false;
        indent_to(&mut self.out, indent);
        for (style, text) in pieces {
            self.push_styled(*style, text);
        }
        self.out.push('\n');
    }

    /// A plain paragraph wrapped at the page width.
    pub fn text(&mut self, indent: usize, text: &str) {
        self.wrap(indent, "", &words(text, Style::Plain));
    }

    /// Writes words wrapped at the page width: the first line starts at `indent` with `prefix`
    /// (a list bullet), the others line up after the prefix.
    pub fn wrap(&mut self, indent: usize, prefix: &str, words: &[Word]) {
        if words.is_empty() && prefix.is_empty() {
            return;
        }
        self.after_heading = false;
        let hang = indent + prefix.chars().count();
        let limit = self.width.max(hang + MIN_TEXT_WIDTH);
        indent_to(&mut self.out, indent);
        self.out.push_str(prefix);
        let mut col = hang;
        let mut line_empty = true;
        for word in words {
            if !line_empty && col + 1 + word.width > limit {
                self.out.push('\n');
                indent_to(&mut self.out, hang);
                col = hang;
                line_empty = true;
            }
            if !line_empty {
                self.out.push(' ');
                col += 1;
            }
            for (style, text) in &word.pieces {
                self.push_styled(*style, text);
            }
            col += word.width;
            line_empty = false;
        }
        self.out.push('\n');
    }

    /// Documentation HTML from the models, rendered at an indentation.
    pub fn html(&mut self, indent: usize, html: &str) {
        // Shapes repeat (QuickSight's definitions thousands of times): the same docs at the
        // same indentation render to the same text, so copy it.
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        html.hash(&mut hasher);
        let key = (hasher.finish(), indent);
        if let Some(range) = self.rendered.get(&key).cloned() {
            if !range.is_empty() {
                self.out.extend_from_within(range);
                self.after_heading = false;
            }
            return;
        }
        let start = self.out.len();
        super::html::render(self, indent, html);
        self.rendered.insert(key, start..self.out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_width_with_hanging_bullets() {
        let mut page = Page::new(40, false);
        page.wrap(
            2,
            "o ",
            &words(
                "one two three four five six seven eight nine ten eleven",
                Style::Plain,
            ),
        );
        let text = page.finish();
        assert_eq!(
            text,
            "  o one two three four five six seven\n    eight nine ten eleven\n"
        );
        assert!(text.lines().all(|l| l.len() <= 40));
    }

    #[test]
    fn styles_only_when_asked() {
        let mut plain = Page::new(80, false);
        plain.section("NAME");
        assert_eq!(plain.finish(), "NAME\n");
        let mut styled = Page::new(80, true);
        styled.section("NAME");
        assert_eq!(styled.finish(), "\x1b[1mNAME\x1b[0m\n");
    }
}
