//! Writes YAML nodes as the AWS CLI v2 writes a kubeconfig (ruamel.yaml's pure safe dumper
//! with no line width limit): keys in their order, two-space indentation, sequences under a
//! key not indented, empty containers as `{}` and `[]`, and each string plain, else
//! single-quoted, else double-quoted (always double-quoted when it holds `'` or a line
//! break).

use super::yaml::Node;

/// Writes `root` as the AWS CLI v2 writes a kubeconfig.
pub fn dump(root: &Node) -> String {
    dump_with(root, aws2_output::resolves_to_other_type, None)
}

/// Writes `root` the same way, quoting the strings for which `quoted` holds (those that
/// would read back as another type), and with `width` folding plain and single-quoted
/// scalars at spaces past that column, as ruamel.yaml's `best_width`.
pub fn dump_with(root: &Node, quoted: fn(&str) -> bool, width: Option<usize>) -> String {
    let mut e = Emitter {
        quoted,
        width,
        ..Emitter::default()
    };
    e.node(root, Place::Root);
    e.write_indent();
    e.out
}

#[derive(Clone, Copy, PartialEq)]
enum Place {
    Root,
    Item,
    Key,
    Value,
}

#[derive(PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
    quoted: fn(&str) -> bool,
    width: Option<usize>,
}

impl Default for Emitter {
    fn default() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: None,
            indents: Vec::new(),
            quoted: aws2_output::resolves_to_other_type,
            width: None,
        }
    }
}

impl Emitter {
    fn put(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += text.chars().count();
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = Some(match self.indent {
            None if flow => 2,
            None => 0,
            Some(i) if indentless => i,
            Some(i) => i + 2,
        });
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().flatten();
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.out.push('\n');
            self.column = 0;
        }
        while self.column < indent {
            self.put(" ");
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn indicator(&mut self, text: &str, need_space: bool, whitespace: bool, indention: bool) {
        if need_space && !self.whitespace {
            self.put(" ");
        }
        self.put(text);
        self.whitespace = whitespace;
        self.indention = self.indention && indention;
    }

    fn node(&mut self, node: &Node, place: Place) {
        match node {
            Node::Seq(items) if items.is_empty() => self.empty("[", "]"),
            Node::Map(entries) if entries.is_empty() => self.empty("{", "}"),
            Node::Seq(items) => {
                let indentless = place == Place::Value && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.indicator("-", true, false, true);
                    self.node(item, Place::Item);
                }
                self.pop_indent();
            }
            Node::Map(entries) => {
                self.increase_indent(false, false);
                for (key, value) in entries {
                    self.write_indent();
                    if simple_key(key) {
                        self.node(key, Place::Key);
                        self.indicator(":", false, false, false);
                    } else {
                        self.indicator("?", true, false, true);
                        self.node(key, Place::Value);
                        self.write_indent();
                        self.indicator(":", true, false, true);
                    }
                    self.node(value, Place::Value);
                }
                self.pop_indent();
            }
            Node::Str(text) => self.scalar(text, !(self.quoted)(text), place),
            Node::Plain(text) | Node::Int(text) => self.scalar(text, true, place),
            Node::Null => self.scalar("null", true, place),
            Node::Bool(b) => self.scalar(if *b { "true" } else { "false" }, true, place),
            Node::Float(f) => self.scalar(&float_text(*f), true, place),
        }
    }

    fn empty(&mut self, open: &str, close: &str) {
        self.indicator(open, true, true, false);
        self.indicator(close, false, false, false);
    }

    fn scalar(&mut self, text: &str, plain_implicit: bool, place: Place) {
        let a = analyze(text);
        let key = place == Place::Key;
        let style = if plain_implicit && a.plain && !(key && (text.is_empty() || a.multiline)) {
            Style::Plain
        } else if text.contains('\'') || text.contains('\n') {
            Style::Double
        } else if a.single && !(key && a.multiline) {
            Style::Single
        } else {
            Style::Double
        };
        self.increase_indent(true, false);
        match style {
            Style::Plain => {
                if !self.whitespace && !text.is_empty() {
                    self.put(" ");
                }
                match self.width {
                    Some(width) => self.plain_folded(text, width),
                    None => self.put(text),
                }
            }
            Style::Single => {
                self.indicator("'", true, false, false);
                match self.width {
                    Some(width) => self.single_folded(text, width),
                    None => self.put(&text.replace('\'', "''")),
                }
                self.put("'");
            }
            Style::Double => {
                self.indicator("\"", true, false, false);
                match self.width {
                    Some(width) => self.double_folded(text, width),
                    None => self.put(&double_quoted(text)),
                }
                self.put("\"");
            }
        }
        self.pop_indent();
        self.whitespace = false;
        self.indention = false;
    }
}

impl Emitter {
    /// A plain scalar, its words moved to the next line past `width` (`write_plain`).
    fn plain_folded(&mut self, text: &str, width: usize) {
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut spaces) = (0, false);
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end && self.column >= width {
                        self.write_indent();
                        self.whitespace = false;
                        self.indention = false;
                    } else {
                        self.put(&chars[start..end].iter().collect::<String>());
                    }
                    start = end;
                }
            } else if ch.is_none() || ch == Some(' ') {
                let word: String = chars[start..end].iter().collect();
                if word.chars().count() + self.column > width
                    && self.indent.is_some_and(|i| self.column > i)
                {
                    self.write_indent();
                }
                self.put(&word);
                start = end;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
            }
        }
    }

    /// A double-quoted scalar's body, broken with a backslash past `width` (the AWS CLI's
    /// `SafeLineBreakEmitter.write_double_quoted`).
    fn double_folded(&mut self, text: &str, width: usize) {
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        let mut start = 0usize;
        for end in 0..=n {
            let ch = chars.get(end).copied();
            let special = ch.is_none_or(|c| {
                matches!(c, '"' | '\\' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
                    || !((' '..='~').contains(&c)
                        || ('\u{a0}'..='\u{d7ff}').contains(&c)
                        || ('\u{e000}'..='\u{fffd}').contains(&c)
                        || c >= '\u{10000}')
            });
            if special {
                if start < end {
                    self.put(&chars[start..end].iter().collect::<String>());
                    start = end;
                }
                if let Some(c) = ch {
                    self.put(&double_quoted(&c.to_string()));
                    start = end + 1;
                }
            }
            let pending = end as isize - start as isize;
            if end > 0
                && end + 1 < n
                && (ch == Some(' ') || start >= end)
                && self.column as isize + pending > width as isize
            {
                let mut data: String = chars.get(start..end).unwrap_or(&[]).iter().collect();
                data.push('\\');
                if start < end {
                    start = end;
                }
                self.put(&data);
                self.write_indent();
                self.whitespace = false;
                self.indention = false;
                if chars[start] == ' ' {
                    self.put("\\");
                }
            }
        }
    }

    /// A single-quoted scalar's body, broken at a single space past `width`
    /// (`write_single_quoted`).
    fn single_folded(&mut self, text: &str, width: usize) {
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut spaces) = (0, false);
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end
                        && self.column > width
                        && start != 0
                        && end != chars.len()
                    {
                        self.write_indent();
                    } else {
                        self.put(&chars[start..end].iter().collect::<String>());
                    }
                    start = end;
                }
            } else if matches!(ch, None | Some(' ') | Some('\'')) && start < end {
                self.put(&chars[start..end].iter().collect::<String>());
                start = end;
            }
            if ch == Some('\'') {
                self.put("''");
                start = end + 1;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
            }
        }
    }
}

/// Whether a mapping key is written as `key:` (else as `? key`).
fn simple_key(key: &Node) -> bool {
    match key {
        Node::Seq(items) => items.is_empty(),
        Node::Map(entries) => entries.is_empty(),
        Node::Str(text) | Node::Plain(text) => {
            text.chars().count() < 128 && !text.contains(['\n', '\u{85}', '\u{2028}', '\u{2029}'])
        }
        _ => true,
    }
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        aws2_output::pyfmt::float_repr(f).to_lowercase()
    }
}

fn double_quoted(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let printable = (' '..='~').contains(&c)
            || ('\u{a0}'..='\u{d7ff}').contains(&c)
            || ('\u{e000}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}';
        let escape = match c {
            '\0' => "0",
            '\x07' => "a",
            '\x08' => "b",
            '\t' => "t",
            '\n' => "n",
            '\x0b' => "v",
            '\x0c' => "f",
            '\r' => "r",
            '\x1b' => "e",
            '"' => "\"",
            '\\' => "\\",
            '\u{85}' => "N",
            '\u{a0}' => "_",
            '\u{2028}' => "L",
            '\u{2029}' => "P",
            _ if printable && c != '\u{feff}' => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push('\\');
        if escape.is_empty() {
            let cp = c as u32;
            out.push_str(&match cp {
                0..=0xff => format!("x{cp:02X}"),
                0x100..=0xffff => format!("u{cp:04X}"),
                _ => format!("U{cp:08X}"),
            });
        } else {
            out.push_str(escape);
        }
    }
    out
}

/// What the dumper's scalar analysis allows.
struct Analysis {
    multiline: bool,
    plain: bool,
    single: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: Option<char>) -> bool {
    c.is_none_or(|c| matches!(c, '\0' | ' ' | '\t' | '\r') || is_break(c))
}

fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            multiline: false,
            plain: false,
            single: true,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let last = chars.len() - 1;
    let mut indicators = text.starts_with("---") || text.starts_with("...");
    let (mut breaks, mut special) = (false, false);
    let (mut edge_space, mut break_space, mut space_break) = (false, false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_blank = is_blank(chars.get(i + 1).copied());
        let preceded_by_blank = i == 0 || is_blank(Some(chars[i - 1]));
        if i == 0 {
            indicators |= "#,[]{}&*!|>'\"%@`".contains(c)
                || (matches!(c, '?' | ':' | '-') && followed_by_blank);
        } else {
            indicators |= (c == ':' && followed_by_blank) || (c == '#' && preceded_by_blank);
        }
        breaks |= is_break(c);
        let printable = c == '\n'
            || (' '..='~').contains(&c)
            || ((c == '\u{85}'
                || ('\u{a0}'..='\u{d7ff}').contains(&c)
                || ('\u{e000}'..='\u{fffd}').contains(&c)
                || c >= '\u{10000}')
                && c != '\u{feff}');
        special |= !printable;
        if c == ' ' {
            edge_space |= i == 0 || i == last;
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            edge_space |= i == 0 || i == last;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
    }
    let single = !(break_space || space_break || special);
    Analysis {
        multiline: breaks,
        plain: single && !edge_space && !breaks && !indicators,
        single,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_as_the_aws_cli_quotes_them() {
        let s = Node::str;
        let doc = Node::Map(vec![
            (s(""), s("e")),
            (Node::Null, s("n")),
            (s("a\nb"), s("ml")),
            (
                s("s"),
                Node::Seq(vec![
                    Node::Map(vec![]),
                    Node::Seq(vec![]),
                    Node::Seq(vec![Node::Seq(vec![])]),
                    Node::Null,
                ]),
            ),
            (s("t"), s("@x")),
            (s("u"), s("a #b")),
            (s("v"), s("a#b")),
            (s("w"), s("it's\nok")),
            (s("a"), s("it's")),
            (s("b"), s("'q'")),
            (s("d"), s("123")),
            (s("y"), s("yes")),
            (s("j"), s("a\tb")),
            (s("i"), s("emoji 😀")),
            (s("k"), s(" lead")),
            (s("q"), s("?")),
            (s("r"), s("- x")),
            (s("x"), s("x: ")),
            (s("f"), Node::Float(1e20)),
            (s("o"), Node::map(vec![("p", Node::Seq(vec![Node::Int("1".into())]))])),
        ]);
        assert_eq!(
            dump(&doc),
            "'': e\nnull: n\n? \"a\\nb\"\n: ml\ns:\n- {}\n- []\n- - []\n- null\nt: '@x'\n\
             u: 'a #b'\nv: a#b\nw: \"it's\\nok\"\na: it's\nb: \"'q'\"\nd: '123'\ny: yes\n\
             j: \"a\\tb\"\ni: emoji 😀\nk: ' lead'\nq: '?'\nr: '- x'\nx: 'x: '\nf: 1e+20\n\
             o:\n  p:\n  - 1\n"
        );
    }
}
