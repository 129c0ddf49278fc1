//! `aws ddb`'s expressions: parsed as v2's parser reads them (conditions joined with
//! `AND`/`OR`, `NOT`, parentheses, comparisons, `BETWEEN`, `IN`, functions, attribute paths
//! with `.` and `[n]`, and literals of every DynamoDB type), then written back with every
//! name replaced by `#nN` and every literal by `:nN`, numbered on from `offset`.

use super::lexer::{tokenize, Error, Token};
use super::types::Item;

enum Node {
    Literal(Item),
    Identifier(String),
    Path(Box<Node>, Box<Node>),
    Index(Box<Node>, String),
    Sequence(Vec<Node>),
    Or(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Sub(Box<Node>),
    Function(String, Vec<Node>),
    In(Box<Node>, Box<Node>),
    Between(Box<Node>, Box<Node>, Box<Node>),
    Compare(&'static str, Box<Node>, Box<Node>),
}

/// An expression with its names and values taken out.
#[derive(Debug)]
pub struct Extracted {
    /// The expression, names as `#nN`, literals as `:nN`.
    pub expression: String,
    /// `#nN` and the name each stands for.
    pub names: Vec<(String, String)>,
    /// `:nN` and the value each stands for.
    pub values: Vec<(String, Item)>,
}

/// Parses `expression` and takes its names and literals out, numbering them from `offset`.
pub fn extract(expression: &str, offset: usize) -> Result<Extracted, Error> {
    let mut parser = Parser {
        expression,
        tokens: tokenize(expression)?,
        pos: 0,
    };
    let root = parser.expression()?;
    if !parser.is("eof") {
        return Err(parser.unexpected(&Expected::One("eof")));
    }
    let mut out = Extracted {
        expression: String::new(),
        names: Vec::new(),
        values: Vec::new(),
    };
    let mut writer = Writer {
        offset,
        out: &mut out,
    };
    let text = writer.visit(&root);
    out.expression = text.trim().to_owned();
    Ok(out)
}

enum Expected {
    One(&'static str),
    Any(&'static [&'static str]),
}

impl Expected {
    fn text(&self) -> String {
        match self {
            Expected::One(t) => (*t).to_owned(),
            Expected::Any(list) => format!(
                "[{}]",
                list.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

const COMPARATORS: &[&str] = &["eq", "ne", "lt", "lte", "gt", "gte"];

struct Parser<'a> {
    expression: &'a str,
    tokens: Vec<Token>,
    /// The current token; past the last one there is none.
    pos: usize,
}

/// Python's type of a token's value, as v2's messages name it.
fn py_type(token: &Token) -> &'static str {
    match &token.literal {
        None | Some(Item::Str(_)) => "<class 'str'>",
        Some(Item::Number(_)) => "<class 'decimal.Decimal'>",
        Some(Item::Binary(_)) => "<class 'awscli.customizations.dynamodb.types.Binary'>",
        Some(Item::Bool(_)) => "<class 'bool'>",
        Some(Item::Null) => "<class 'NoneType'>",
        Some(_) => "<class 'object'>",
    }
}

impl Parser<'_> {
    fn current(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn is(&self, kind: &str) -> bool {
        self.current().is_some_and(|t| t.kind == kind)
    }

    fn is_any(&self, kinds: &[&str]) -> bool {
        self.current().is_some_and(|t| kinds.contains(&t.kind))
    }

    fn next_is(&self, kind: &str) -> bool {
        self.tokens.get(self.pos + 1).is_some_and(|t| t.kind == kind)
    }

    fn advance(&mut self) {
        self.pos += 1;
    }

    fn underline(&self, start: usize, end: usize) -> String {
        format!("{}{}", " ".repeat(start), "^".repeat(end.saturating_sub(start).max(1)))
    }

    fn unexpected(&self, expected: &Expected) -> Error {
        let n = self.expression.chars().count();
        let (value, kind, start, end) = match self.current() {
            Some(t) => (t.text.clone(), t.kind, t.start, t.end),
            None => ("None".to_owned(), "None", n, n),
        };
        format!(
            "Unexpected token `{value}` of type `{kind}`. Expected type: {}\n{}\n{}",
            expected.text(),
            self.expression,
            self.underline(start, end)
        )
    }

    fn invalid(&self, message: &str) -> Error {
        let n = self.expression.chars().count();
        let (start, end) = self.current().map_or((n, n), |t| (t.start, t.end));
        format!(
            "Invalid token value: {message}\n{}\n{}\n",
            self.expression,
            self.underline(start, end)
        )
    }

    fn expect(&mut self, kind: &'static str) -> Result<(), Error> {
        if self.is(kind) {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected(&Expected::One(kind)))
        }
    }

    fn expect_any(&mut self, kinds: &'static [&'static str]) -> Result<(), Error> {
        if self.is_any(kinds) {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected(&Expected::Any(kinds)))
        }
    }

    fn expression(&mut self) -> Result<Node, Error> {
        if self.is("eof") || self.current().is_none() {
            return Err("Expressions must not be empty".into());
        }
        let first = self.simple()?;
        if matches!(first, Node::Identifier(_) | Node::Path(..) | Node::Index(..)) && self.is("comma") {
            self.advance();
            return self.sequence(Some(first));
        }
        let mut node = first;
        while self.is_any(&["and", "or"]) {
            let and = self.is("and");
            self.advance();
            let right = Box::new(self.simple()?);
            node = if and {
                Node::And(Box::new(node), right)
            } else {
                Node::Or(Box::new(node), right)
            };
        }
        Ok(node)
    }

    fn simple(&mut self) -> Result<Node, Error> {
        if self.is("lparen") {
            self.advance();
            let inner = self.expression()?;
            self.expect("rparen")?;
            return Ok(Node::Sub(Box::new(inner)));
        }
        if self.is("not") {
            self.advance();
            return Ok(Node::Not(Box::new(self.simple()?)));
        }
        if self.next_is("lparen") {
            let name = self.current().map(|t| t.text.clone()).unwrap_or_default();
            self.expect_any(&["identifier", "unquoted_identifier"])?;
            self.expect("lparen")?;
            let Node::Sequence(args) = self.sequence(None)? else {
                unreachable!("a sequence")
            };
            self.expect("rparen")?;
            return Ok(Node::Function(name, args));
        }
        const OPERANDS: &[&str] = &["literal", "identifier", "unquoted_identifier", "lbracket", "lbrace"];
        if !self.is_any(OPERANDS) {
            let n = self.expression.chars().count();
            let (value, start, end) = self
                .current()
                .map_or(("None".to_owned(), n, n), |t| (t.text.clone(), t.start, t.end));
            return Err(format!(
                "Unknown expression type starting at token `{value}`\n{}\n{}",
                self.expression,
                self.underline(start, end)
            ));
        }
        let left = self.operand()?;
        if self.is("in") {
            self.advance();
            self.expect("lparen")?;
            let right = self.sequence(None)?;
            self.expect("rparen")?;
            return Ok(Node::In(Box::new(left), Box::new(right)));
        }
        if self.is("between") {
            self.advance();
            let middle = self.operand()?;
            self.expect("and")?;
            let right = self.operand()?;
            return Ok(Node::Between(Box::new(left), Box::new(middle), Box::new(right)));
        }
        if let Some(op) = self.current().and_then(|t| COMPARATORS.iter().find(|c| **c == t.kind)) {
            self.advance();
            let right = self.operand()?;
            return Ok(Node::Compare(op, Box::new(left), Box::new(right)));
        }
        Ok(left)
    }

    fn sequence(&mut self, first: Option<Node>) -> Result<Node, Error> {
        let mut elements: Vec<Node> = first.into_iter().collect();
        loop {
            elements.push(self.operand()?);
            if !self.is("comma") {
                break;
            }
            self.advance();
        }
        Ok(Node::Sequence(elements))
    }

    fn operand(&mut self) -> Result<Node, Error> {
        if self.is_any(&["literal", "lbracket", "lbrace"]) {
            return Ok(Node::Literal(self.literal()?));
        }
        if !self.is_any(&["identifier", "unquoted_identifier"]) {
            return Err(self.unexpected(&Expected::Any(&[
                "literal",
                "lbracket",
                "lbrace",
                "identifier",
                "unquoted_identiifer",
            ])));
        }
        let mut node = self.identifier()?;
        while self.is("dot") {
            self.advance();
            node = Node::Path(Box::new(node), Box::new(self.identifier()?));
        }
        Ok(node)
    }

    fn identifier(&mut self) -> Result<Node, Error> {
        let name = self.current().map(|t| t.text.clone()).unwrap_or_default();
        self.advance();
        let mut node = Node::Identifier(name);
        if self.is("lbracket") {
            self.advance();
            let index = self.literal()?;
            let whole = match &index {
                Item::Number(n) => n.bytes().all(|b| b.is_ascii_digit() || b == b'-').then(|| n.clone()),
                _ => None,
            };
            let Some(index) = whole else {
                return Err(self.invalid("List indices must be whole numbers."));
            };
            self.expect("rbracket")?;
            node = Node::Index(Box::new(node), index);
        }
        Ok(node)
    }

    fn literal(&mut self) -> Result<Item, Error> {
        if self.is("literal") {
            let value = self.current().and_then(|t| t.literal.clone()).unwrap_or(Item::Null);
            self.advance();
            return Ok(value);
        }
        if self.is("lbracket") {
            self.advance();
            let mut items = Vec::new();
            if !self.is("rbracket") {
                loop {
                    items.push(self.literal()?);
                    if !self.is("comma") {
                        break;
                    }
                    self.advance();
                }
            }
            self.expect("rbracket")?;
            return Ok(Item::List(items));
        }
        if self.is("lbrace") {
            self.advance();
            let value = if self.next_is("colon") || self.is("rbrace") {
                self.literal_map()?
            } else {
                self.literal_set()?
            };
            self.expect("rbrace")?;
            return Ok(value);
        }
        Err(self.unexpected(&Expected::Any(&["literal", "lbracket", "lbrace"])))
    }

    fn literal_set(&mut self) -> Result<Item, Error> {
        let first_type = self.current().map_or("<class 'NoneType'>", py_type);
        let mut members: Vec<Item> = Vec::new();
        loop {
            let Some(token) = self.current().filter(|t| t.kind == "literal") else {
                return Err(self.unexpected(&Expected::One("literal")));
            };
            let value = token.literal.clone().unwrap_or(Item::Null);
            if !matches!(value, Item::Str(_) | Item::Number(_) | Item::Binary(_)) {
                return Err(self.invalid(
                    "Sets may only contain numbers, strings, or bytes, but literal of type `<class 'str'>` was found",
                ));
            }
            if py_type(token) != first_type {
                return Err(self.invalid(&format!(
                    "Set values must all be of the same type. First type was `{first_type}`, but found value of type `<class 'str'>`"
                )));
            }
            if !members.contains(&value) {
                members.push(value);
            }
            self.advance();
            if !self.is("comma") {
                break;
            }
            self.advance();
        }
        Ok(Item::Set(members))
    }

    fn literal_map(&mut self) -> Result<Item, Error> {
        let mut entries: Vec<(String, Item)> = Vec::new();
        if self.is("rbrace") {
            return Ok(Item::Map(entries));
        }
        loop {
            let token = self.current().cloned();
            let key = match &token {
                Some(t) if matches!(t.literal, None | Some(Item::Str(_))) => t.text.clone(),
                Some(t) => {
                    return Err(self.invalid(&format!("Keys must be of type `str`, found `{}`", py_type(t))))
                }
                None => return Err(self.unexpected(&Expected::One("literal"))),
            };
            self.expect("literal")?;
            self.expect("colon")?;
            let value = self.literal()?;
            entries.retain(|(k, _)| *k != key);
            entries.push((key, value));
            if !self.is("comma") {
                break;
            }
            self.advance();
        }
        Ok(Item::Map(entries))
    }
}

struct Writer<'a> {
    offset: usize,
    out: &'a mut Extracted,
}

impl Writer<'_> {
    fn index(&self) -> usize {
        self.out.names.len() + self.out.values.len() + self.offset
    }

    fn visit(&mut self, node: &Node) -> String {
        match node {
            Node::Literal(value) => {
                let name = format!(":n{}", self.index());
                self.out.values.push((name.clone(), value.clone()));
                format!("{name} ")
            }
            Node::Identifier(text) => {
                let name = format!("#n{}", self.index());
                self.out.names.push((name.clone(), text.clone()));
                format!("{name} ")
            }
            Node::Path(left, right) => {
                let left = self.visit(left).trim().to_owned();
                format!("{left}.{}", self.visit(right))
            }
            Node::Index(name, index) => format!("{}[{index}] ", self.visit(name).trim()),
            Node::Sequence(items) => self.sequence(items),
            Node::Or(l, r) => format!("{}OR {}", self.visit(l), self.visit(r)),
            Node::And(l, r) => format!("{}AND {}", self.visit(l), self.visit(r)),
            Node::Not(inner) => format!("NOT {}", self.visit(inner)),
            Node::Sub(inner) => format!("( {}) ", self.visit(inner)),
            Node::Function(name, args) => format!("{name}({}) ", self.sequence(args).trim()),
            Node::In(l, r) => {
                let left = self.visit(l);
                format!("{left}IN ({}) ", self.visit(r).trim())
            }
            Node::Between(l, m, r) => {
                let left = self.visit(l);
                let middle = self.visit(m);
                format!("{left}BETWEEN {middle}AND {}", self.visit(r))
            }
            Node::Compare(op, l, r) => {
                let symbol = match *op {
                    "eq" => "=",
                    "ne" => "<>",
                    "lt" => "<",
                    "lte" => "<=",
                    "gt" => ">",
                    _ => ">=",
                };
                let left = self.visit(l);
                format!("{left}{symbol} {}", self.visit(r))
            }
        }
    }

    fn sequence(&mut self, items: &[Node]) -> String {
        let parts: Vec<String> = items.iter().map(|n| self.visit(n).trim().to_owned()).collect();
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_are_taken_out() {
        let e = extract("pk = \"a\" AND begins_with(sk, \"x\")", 2).unwrap();
        assert_eq!(e.expression, "#n2 = :n3 AND begins_with(#n4, :n5)");
        assert_eq!(e.names.len(), 2);
        let e = extract("a.b[1], c", 0).unwrap();
        assert_eq!(e.expression, "#n0.#n1[1], #n2");
        let e = extract("x BETWEEN 1 AND 5 OR NOT (y IN (1, 2))", 0).unwrap();
        assert_eq!(e.expression, "#n0 BETWEEN :n1 AND :n2 OR NOT ( #n3 IN (:n4, :n5) )");
        assert!(extract("a =", 0).unwrap_err().starts_with("Unexpected token `` of type `eof`"));
        assert!(extract("", 0).is_err());
    }
}
