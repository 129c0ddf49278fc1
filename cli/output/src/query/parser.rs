//! Top-down operator precedence parser following the reference grammar.

use super::ast::{Cmp, Node};
use super::lexer::{Tok, Token};
use super::{Caret, ErrorKind, QueryError};

const PROJECTION_STOP: u8 = 10;

fn bp(t: &Tok) -> u8 {
    match t {
        Tok::Pipe => 1,
        Tok::Or => 2,
        Tok::And => 3,
        Tok::Eq | Tok::Gt | Tok::Lt | Tok::Gte | Tok::Lte | Tok::Ne => 5,
        Tok::Flatten => 9,
        Tok::Star => 20,
        Tok::Filter => 21,
        Tok::Dot => 40,
        Tok::Not => 45,
        Tok::LBrace => 50,
        Tok::LBracket => 55,
        Tok::LParen => 60,
        _ => 0,
    }
}

fn tok_name(t: &Tok) -> &'static str {
    match t {
        Tok::Dot => "dot",
        Tok::Star => "star",
        Tok::RBracket => "rbracket",
        Tok::Comma => "comma",
        Tok::Colon => "colon",
        Tok::Current => "current",
        Tok::LParen => "lparen",
        Tok::RParen => "rparen",
        Tok::LBrace => "lbrace",
        Tok::RBrace => "rbrace",
        Tok::Flatten => "flatten",
        Tok::Filter => "filter",
        Tok::LBracket => "lbracket",
        Tok::UnquotedIdent(_) => "unquoted_identifier",
        Tok::QuotedIdent(_) => "quoted_identifier",
        Tok::Literal(_) => "literal",
        Tok::Number(_) => "number",
        Tok::Or => "or",
        Tok::Pipe => "pipe",
        Tok::And => "and",
        Tok::Expref => "expref",
        Tok::Lt => "lt",
        Tok::Lte => "lte",
        Tok::Gt => "gt",
        Tok::Gte => "gte",
        Tok::Eq => "eq",
        Tok::Ne => "ne",
        Tok::Not => "not",
        Tok::Eof => "eof",
    }
}

/// The token's value as the Python lexer holds it (`%s` of it in messages).
fn tok_value(t: &Tok) -> String {
    let fixed = match t {
        Tok::Dot => ".",
        Tok::Star => "*",
        Tok::RBracket => "]",
        Tok::Comma => ",",
        Tok::Colon => ":",
        Tok::Current => "@",
        Tok::LParen => "(",
        Tok::RParen => ")",
        Tok::LBrace => "{",
        Tok::RBrace => "}",
        Tok::Flatten => "[]",
        Tok::Filter => "[?",
        Tok::LBracket => "[",
        Tok::Or => "||",
        Tok::Pipe => "|",
        Tok::And => "&&",
        Tok::Expref => "&",
        Tok::Lt => "<",
        Tok::Lte => "<=",
        Tok::Gt => ">",
        Tok::Gte => ">=",
        Tok::Eq => "==",
        Tok::Ne => "!=",
        Tok::Not => "!",
        Tok::Eof => "",
        Tok::UnquotedIdent(s) | Tok::QuotedIdent(s) => return s.clone(),
        Tok::Number(n) => return n.to_string(),
        Tok::Literal(v) => return v.to_string(),
    };
    fixed.to_owned()
}

/// Parses a token stream into an expression tree.
pub(crate) fn parse(tokens: Vec<Token>) -> Result<Node, QueryError> {
    let mut p = Parser {
        tokens,
        index: 0,
        depth: 0,
    };
    let node = p.expression(0)?;
    if p.cur() != &Tok::Eof {
        let t = p.cur().clone();
        return Err(p.err_at(&t, &format!("Unexpected token: {}", tok_value(&t))));
    }
    Ok(node)
}

/// How deeply expressions may nest: the reference parser runs out of Python's recursion limit
/// at 489 nested parentheses (488 parse), and a bound keeps evaluation off the stack's end.
const MAX_DEPTH: usize = 489;

struct Parser {
    tokens: Vec<Token>,
    index: usize,
    /// How many `expression` calls are open.
    depth: usize,
}

impl Parser {
    fn cur(&self) -> &Tok {
        self.peek(0)
    }

    fn peek(&self, n: usize) -> &Tok {
        self.tokens
            .get(self.index + n)
            .map(|t| &t.tok)
            .unwrap_or(&Tok::Eof)
    }

    fn pos(&self) -> usize {
        self.tokens
            .get(self.index)
            .or(self.tokens.last())
            .map(|t| t.pos)
            .unwrap_or(0)
    }

    fn advance(&mut self) {
        self.index += 1;
    }

    /// A parse error at token `t`; at the end of the expression, an incomplete expression.
    fn err_at(&self, t: &Tok, reason: &str) -> QueryError {
        if *t == Tok::Eof {
            return QueryError::pointing(
                ErrorKind::Syntax,
                "Invalid jmespath expression: Incomplete expression".to_string(),
                Caret::Quoted(self.pos()),
            );
        }
        self.parse_error(t, reason)
    }

    /// A parse error at token `t`, even at the end of the expression.
    fn parse_error(&self, t: &Tok, reason: &str) -> QueryError {
        QueryError::pointing(
            ErrorKind::Syntax,
            format!(
                "{reason}: Parse error at column {}, token \"{}\" ({}), for expression",
                self.pos(),
                tok_value(t),
                tok_name(t).to_uppercase()
            ),
            Caret::Quoted(self.pos()),
        )
    }

    fn err(&self, reason: &str) -> QueryError {
        let t = self.cur().clone();
        self.err_at(&t, reason)
    }

    fn expect(&mut self, want: Tok) -> Result<(), QueryError> {
        if *self.cur() == want {
            self.advance();
            Ok(())
        } else {
            let msg = format!(
                "Expecting: {}, got: {}",
                tok_name(&want),
                tok_name(self.cur())
            );
            Err(self.err(&msg))
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Node, QueryError> {
        if self.depth >= MAX_DEPTH {
            return Err(QueryError::new(
                ErrorKind::Syntax,
                "maximum recursion depth exceeded".to_string(),
            ));
        }
        self.depth += 1;
        let node = self.nested_expression(rbp);
        self.depth -= 1;
        node
    }

    fn nested_expression(&mut self, rbp: u8) -> Result<Node, QueryError> {
        let tok = self.cur().clone();
        self.advance();
        let mut left = self.nud(tok)?;
        while rbp < bp(self.cur()) {
            let tok = self.cur().clone();
            self.advance();
            left = self.led(tok, left)?;
        }
        Ok(left)
    }

    fn nud(&mut self, tok: Tok) -> Result<Node, QueryError> {
        match tok {
            Tok::Literal(v) => Ok(Node::Literal(v)),
            Tok::UnquotedIdent(s) => Ok(Node::Field(s)),
            Tok::QuotedIdent(s) => {
                if *self.cur() == Tok::LParen {
                    return Err(self.err("Quoted identifier not allowed for function names."));
                }
                Ok(Node::Field(s))
            }
            Tok::Star => {
                let right = if *self.cur() == Tok::RBracket {
                    Node::Identity
                } else {
                    self.projection_rhs(bp(&Tok::Star))?
                };
                Ok(Node::ValueProjection(
                    Box::new(Node::Identity),
                    Box::new(right),
                ))
            }
            Tok::Filter => self.led_filter(Node::Identity),
            Tok::LBrace => self.multi_hash(),
            Tok::LParen => {
                let e = self.expression(0)?;
                self.expect(Tok::RParen)?;
                Ok(e)
            }
            Tok::Flatten => {
                let left = Node::Flatten(Box::new(Node::Identity));
                let right = self.projection_rhs(bp(&Tok::Flatten))?;
                Ok(Node::Projection(Box::new(left), Box::new(right)))
            }
            Tok::Not => {
                let e = self.expression(bp(&Tok::Not))?;
                Ok(Node::Not(Box::new(e)))
            }
            Tok::LBracket => match self.cur() {
                Tok::Number(_) | Tok::Colon => {
                    let right = self.index_expression()?;
                    self.project_if_slice(Node::Identity, right)
                }
                Tok::Star if *self.peek(1) == Tok::RBracket => {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(bp(&Tok::Star))?;
                    Ok(Node::Projection(Box::new(Node::Identity), Box::new(right)))
                }
                _ => self.multi_list(),
            },
            Tok::Current => Ok(Node::Current),
            Tok::Expref => {
                let e = self.expression(0)?;
                Ok(Node::Expref(Box::new(e)))
            }
            other => {
                self.index -= 1;
                Err(self.err_at(&other, "invalid token"))
            }
        }
    }

    fn led(&mut self, tok: Tok, left: Node) -> Result<Node, QueryError> {
        match tok {
            Tok::Dot => {
                if *self.cur() != Tok::Star {
                    let right = self.dot_rhs(bp(&Tok::Dot))?;
                    match left {
                        Node::Subexpr(mut children) => {
                            children.push(right);
                            Ok(Node::Subexpr(children))
                        }
                        other => Ok(Node::Subexpr(vec![other, right])),
                    }
                } else {
                    self.advance();
                    let right = self.projection_rhs(bp(&Tok::Dot))?;
                    Ok(Node::ValueProjection(Box::new(left), Box::new(right)))
                }
            }
            Tok::Pipe => {
                let right = self.expression(bp(&Tok::Pipe))?;
                Ok(Node::Pipe(Box::new(left), Box::new(right)))
            }
            Tok::Or => {
                let right = self.expression(bp(&Tok::Or))?;
                Ok(Node::Or(Box::new(left), Box::new(right)))
            }
            Tok::And => {
                let right = self.expression(bp(&Tok::And))?;
                Ok(Node::And(Box::new(left), Box::new(right)))
            }
            Tok::LParen => {
                let name = match left {
                    Node::Field(name) => name,
                    _ => return Err(self.err("Invalid function name")),
                };
                let mut args = Vec::new();
                while *self.cur() != Tok::RParen {
                    let e = self.expression(0)?;
                    if *self.cur() == Tok::Comma {
                        self.advance();
                    }
                    args.push(e);
                }
                self.advance();
                Ok(Node::Function(name, args))
            }
            Tok::Filter => self.led_filter(left),
            Tok::Eq | Tok::Ne | Tok::Lt | Tok::Lte | Tok::Gt | Tok::Gte => {
                let cmp = match tok {
                    Tok::Eq => Cmp::Eq,
                    Tok::Ne => Cmp::Ne,
                    Tok::Lt => Cmp::Lt,
                    Tok::Lte => Cmp::Lte,
                    Tok::Gt => Cmp::Gt,
                    _ => Cmp::Gte,
                };
                let right = self.expression(bp(&tok))?;
                Ok(Node::Compare(cmp, Box::new(left), Box::new(right)))
            }
            Tok::Flatten => {
                let left = Node::Flatten(Box::new(left));
                let right = self.projection_rhs(bp(&Tok::Flatten))?;
                Ok(Node::Projection(Box::new(left), Box::new(right)))
            }
            Tok::LBracket => match self.cur() {
                Tok::Number(_) | Tok::Colon => {
                    let right = self.index_expression()?;
                    match left {
                        Node::IndexExpr(mut children) => {
                            children.push(right);
                            Ok(Node::IndexExpr(children))
                        }
                        other => self.project_if_slice(other, right),
                    }
                }
                _ => {
                    self.expect(Tok::Star)?;
                    self.expect(Tok::RBracket)?;
                    let right = self.projection_rhs(bp(&Tok::Star))?;
                    Ok(Node::Projection(Box::new(left), Box::new(right)))
                }
            },
            other => {
                self.index -= 1;
                Err(self.err_at(&other, "invalid token"))
            }
        }
    }

    fn led_filter(&mut self, left: Node) -> Result<Node, QueryError> {
        let cond = self.expression(0)?;
        self.expect(Tok::RBracket)?;
        let right = if *self.cur() == Tok::Flatten {
            Node::Identity
        } else {
            self.projection_rhs(bp(&Tok::Filter))?
        };
        Ok(Node::FilterProjection(
            Box::new(left),
            Box::new(right),
            Box::new(cond),
        ))
    }

    fn index_expression(&mut self) -> Result<Node, QueryError> {
        if *self.peek(0) == Tok::Colon || *self.peek(1) == Tok::Colon {
            return self.slice_expression();
        }
        let n = match self.cur() {
            Tok::Number(n) => *n,
            _ => return Err(self.err("syntax error")),
        };
        self.advance();
        self.expect(Tok::RBracket)?;
        Ok(Node::Index(n))
    }

    fn slice_expression(&mut self) -> Result<Node, QueryError> {
        let mut parts = [None, None, None];
        let mut index = 0;
        while *self.cur() != Tok::RBracket && index < 3 {
            match self.cur() {
                Tok::Colon => {
                    index += 1;
                    if index == 3 {
                        return Err(self.err("syntax error"));
                    }
                    self.advance();
                }
                Tok::Number(n) => {
                    parts[index] = Some(*n);
                    self.advance();
                }
                _ => return Err(self.err("syntax error")),
            }
        }
        self.expect(Tok::RBracket)?;
        Ok(Node::Slice(parts[0], parts[1], parts[2]))
    }

    fn project_if_slice(&mut self, left: Node, right: Node) -> Result<Node, QueryError> {
        let is_slice = matches!(right, Node::Slice(..));
        let index_expr = Node::IndexExpr(vec![left, right]);
        if is_slice {
            let rhs = self.projection_rhs(bp(&Tok::Star))?;
            Ok(Node::Projection(Box::new(index_expr), Box::new(rhs)))
        } else {
            Ok(index_expr)
        }
    }

    fn multi_list(&mut self) -> Result<Node, QueryError> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            if *self.cur() == Tok::RBracket {
                break;
            }
            self.expect(Tok::Comma)?;
        }
        self.expect(Tok::RBracket)?;
        Ok(Node::MultiList(items))
    }

    fn multi_hash(&mut self) -> Result<Node, QueryError> {
        let mut pairs = Vec::new();
        loop {
            let key = match self.cur() {
                Tok::QuotedIdent(s) | Tok::UnquotedIdent(s) => s.clone(),
                _ => {
                    let msg = format!("Expecting: identifier, got: {}", tok_name(self.cur()));
                    return Err(self.err(&msg));
                }
            };
            self.advance();
            self.expect(Tok::Colon)?;
            let value = self.expression(0)?;
            pairs.push((key, value));
            if *self.cur() == Tok::Comma {
                self.advance();
            } else if *self.cur() == Tok::RBrace {
                self.advance();
                break;
            }
        }
        Ok(Node::MultiHash(pairs))
    }

    fn projection_rhs(&mut self, rbp: u8) -> Result<Node, QueryError> {
        if bp(self.cur()) < PROJECTION_STOP {
            return Ok(Node::Identity);
        }
        match self.cur() {
            Tok::LBracket | Tok::Filter => self.expression(rbp),
            Tok::Dot => {
                self.advance();
                self.dot_rhs(rbp)
            }
            _ => Err(self.err("syntax error")),
        }
    }

    fn dot_rhs(&mut self, rbp: u8) -> Result<Node, QueryError> {
        match self.cur() {
            Tok::QuotedIdent(_) | Tok::UnquotedIdent(_) | Tok::Star => self.expression(rbp),
            Tok::LBracket => {
                self.advance();
                self.multi_list()
            }
            Tok::LBrace => {
                self.advance();
                self.multi_hash()
            }
            other => {
                let msg = format!(
                    "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: {}",
                    tok_name(other)
                );
                Err(self.parse_error(&other.clone(), &msg))
            }
        }
    }
}
