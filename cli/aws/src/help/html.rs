//! The documentation HTML of the service models as terminal text: paragraphs, lists,
//! definition lists, notes, preformatted code; `<code>`/`<b>` bold and `<i>`/`<a>` underlined
//! (on a terminal), links shown as their text. Unknown tags are dropped and their text kept.

use super::page::{Page, Style, Word};

/// Spaces a nested block (definition, note, code) is indented by.
const BLOCK_INDENT: usize = 4;

/// Renders `html` into `page` at `indent`, one blank line between paragraphs.
pub fn render(page: &mut Page, indent: usize, html: &str) {
    let mut r = Renderer {
        page,
        indents: vec![(String::new(), indent)],
        lists: Vec::new(),
        words: Vec::new(),
        word: Word::default(),
        bullet: None,
        bold: 0,
        underline: 0,
        first: true,
    };
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').unwrap_or(rest.len());
                let tag = &rest[1..end];
                rest = rest.get(end + 1..).unwrap_or("");
                match Tag::parse(tag) {
                    Some(t) if t.name == "pre" && !t.close => {
                        let (code, after) = split_pre(rest);
                        r.pre(code);
                        rest = after;
                    }
                    Some(t) => r.tag(&t),
                    None => {}
                }
            }
            Some(n) => {
                r.text(&rest[..n]);
                rest = &rest[n..];
            }
            None => {
                r.text(rest);
                rest = "";
            }
        }
    }
    r.flush();
}

/// Splits the body of a `<pre>` element from what follows its closing tag.
fn split_pre(rest: &str) -> (&str, &str) {
    match rest.find("</pre>") {
        Some(n) => (&rest[..n], &rest[n + 6..]),
        None => (rest, ""),
    }
}

/// One parsed tag: lowercase name and whether it closes.
struct Tag {
    name: String,
    close: bool,
}

impl Tag {
    fn parse(raw: &str) -> Option<Tag> {
        let raw = raw.trim();
        let (close, raw) = match raw.strip_prefix('/') {
            Some(r) => (true, r),
            None => (false, raw),
        };
        let name: String = raw
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            return None;
        }
        Some(Tag { name, close })
    }
}

struct List {
    ordered: bool,
    count: usize,
}

struct Renderer<'a> {
    page: &'a mut Page,
    /// Block indentation stack: the tag that opened each level and its column.
    indents: Vec<(String, usize)>,
    lists: Vec<List>,
    words: Vec<Word>,
    word: Word,
    /// A list bullet waiting for the first paragraph of its item.
    bullet: Option<(usize, String)>,
    bold: usize,
    underline: usize,
    first: bool,
}

impl Renderer<'_> {
    fn indent(&self) -> usize {
        self.indents.last().map(|(_, i)| *i).unwrap_or(0)
    }

    fn push_indent(&mut self, tag: &str, by: usize) {
        let i = self.indent() + by;
        self.indents.push((tag.to_owned(), i));
    }

    fn pop_indent(&mut self, tag: &str) {
        if let Some(pos) = self.indents.iter().rposition(|(t, _)| t == tag) {
            if pos > 0 {
                self.indents.truncate(pos);
            }
        }
    }

    fn style(&self) -> Style {
        if self.bold > 0 {
            Style::Bold
        } else if self.underline > 0 {
            Style::Underline
        } else {
            Style::Plain
        }
    }

    fn end_word(&mut self) {
        if !self.word.is_empty() {
            self.words.push(std::mem::take(&mut self.word));
        }
    }

    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        let style = self.style();
        let is_break = |c: char| c.is_whitespace() && c != '\u{a0}';
        for (i, piece) in decoded.split(is_break).enumerate() {
            if i > 0 {
                self.end_word();
            }
            if piece.contains('\u{a0}') {
                self.word.push_str(style, &piece.replace('\u{a0}', " "));
            } else if !piece.is_empty() {
                self.word.push_str(style, piece);
            }
        }
    }

    /// Writes the paragraph collected so far.
    fn flush(&mut self) {
        self.end_word();
        if self.words.is_empty() {
            return;
        }
        if !self.first {
            self.page.blank();
        }
        self.first = false;
        let words = std::mem::take(&mut self.words);
        match self.bullet.take() {
            Some((col, bullet)) => self.page.wrap(col, &bullet, &words),
            None => {
                let indent = self.indent();
                self.page.wrap(indent, "", &words)
            }
        }
    }

    fn heading(&mut self, label: &str) {
        self.flush();
        let mut w = Word::default();
        w.push_str(Style::Bold, label);
        self.words.push(w);
        self.flush();
    }

    fn pre(&mut self, code: &str) {
        self.flush();
        let text = decode_entities(&strip_tags(code));
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.iter().position(|l| !l.trim().is_empty());
        let end = lines.iter().rposition(|l| !l.trim().is_empty());
        let (Some(start), Some(end)) = (start, end) else {
            return;
        };
        if !self.first {
            self.page.blank();
        }
        self.first = false;
        let indent = self.indent() + BLOCK_INDENT;
        for line in &lines[start..=end] {
            self.page.line(indent, line.trim_end());
        }
    }

    fn tag(&mut self, t: &Tag) {
        let name = t.name.as_str();
        match (name, t.close) {
            ("b" | "strong" | "code", false) => self.bold += 1,
            ("b" | "strong" | "code", true) => self.bold = self.bold.saturating_sub(1),
            ("i" | "em" | "a" | "u" | "replaceable" | "emphasis", false) => self.underline += 1,
            ("i" | "em" | "a" | "u" | "replaceable" | "emphasis", true) => {
                self.underline = self.underline.saturating_sub(1)
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                self.flush();
                self.bold += 1;
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => {
                self.flush();
                self.bold = self.bold.saturating_sub(1);
            }
            ("ul" | "ol", false) => {
                self.flush();
                self.lists.push(List {
                    ordered: name == "ol",
                    count: 0,
                });
                self.push_indent(name, 0);
            }
            ("ul" | "ol", true) => {
                self.flush();
                self.lists.pop();
                self.pop_indent(name);
            }
            ("li", false) => {
                self.flush();
                if self.indents.len() > 1 && self.indents.last().is_some_and(|(t, _)| t == "li") {
                    self.indents.pop();
                }
                let bullet = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        list.count += 1;
                        format!("{}. ", list.count)
                    }
                    _ => "o ".to_owned(),
                };
                let col = self.indent();
                let width = bullet.len();
                self.bullet = Some((col, bullet));
                self.push_indent("li", width);
            }
            ("li", true) => {
                self.flush();
                self.bullet = None;
                self.pop_indent("li");
            }
            ("dd", false) => {
                self.flush();
                self.push_indent("dd", BLOCK_INDENT);
            }
            ("dd", true) => {
                self.flush();
                self.pop_indent("dd");
            }
            ("note" | "important", false) => {
                self.heading(if name == "note" {
                    "Note:"
                } else {
                    "Important:"
                });
                self.push_indent(name, BLOCK_INDENT);
            }
            ("note" | "important", true) => {
                self.flush();
                self.pop_indent(name);
            }
            ("p" | "div" | "dt" | "dl" | "br" | "tr" | "table" | "para", _) => self.flush(),
            _ => {}
        }
    }
}

/// Removes tags from a fragment (inside `<pre>`).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Decodes the character references the models use (`&lt;`, `&amp;`, `&#39;`, `&#x2014;`, ...).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(html: &str, width: usize) -> String {
        let mut page = Page::new(width, false);
        render(&mut page, 4, html);
        page.finish()
    }

    #[test]
    fn paragraphs_lists_and_entities() {
        let text = plain(
            "<p>Creates a <code>Table</code> &amp; more.</p> <ul><li><p>first item</p></li><li>second <i>one</i></li></ul><p>End &lt;x&gt;</p>",
            80,
        );
        assert_eq!(
            text,
            "    Creates a Table & more.\n\n    o first item\n\n    o second one\n\n    End <x>\n"
        );
    }

    #[test]
    fn nested_lists_notes_and_pre() {
        let text = plain(
            "<ol><li>one<ul><li>inner</li></ul></li><li>two</li></ol><note><p>careful</p></note><pre><code>a = 1\n  b</code></pre>",
            80,
        );
        assert_eq!(
            text,
            "    1. one\n\n       o inner\n\n    2. two\n\n    Note:\n\n        careful\n\n        a = 1\n          b\n"
        );
    }

    #[test]
    fn bold_and_underline_on_a_terminal() {
        let mut page = Page::new(80, true);
        render(&mut page, 0, "<p><b>x</b> <a href=\"u\">link</a></p>");
        assert_eq!(page.finish(), "\x1b[1mx\x1b[0m \x1b[4mlink\x1b[0m\n");
    }

    #[test]
    fn wraps_long_paragraphs() {
        let long = "word ".repeat(100);
        let text = plain(&format!("<p>{long}</p>"), 60);
        assert!(text.lines().count() > 5);
        assert!(text
            .lines()
            .all(|l| l.len() <= 60 && l.starts_with("    word")));
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a&#39;b&#x41;&bogus; &"), "a'bA&bogus; &");
    }
}
