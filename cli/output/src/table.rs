//! `--output table`: the AWS CLI's boxed tables (title from the operation
//! name, sorted columns, nested sections, fitting to the terminal width).

use crate::eaw::text_width;
use crate::pyfmt::py_str;
use crate::OutputError;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Renders `value` as a table titled `title`; `None` when there is nothing
/// to print (an empty or false result).
pub fn format_table(
    title: &str,
    value: &Value,
    terminal_width: usize,
    color: bool,
) -> Result<Option<String>, OutputError> {
    let mut table = MultiTable {
        sections: Vec::new(),
        current: None,
    };
    if !table.build(Some(title), value, 0)? {
        return Ok(None);
    }
    Ok(Some(table.render(terminal_width, color)))
}

fn is_false(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(true) => false,
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

fn err(msg: &str) -> OutputError {
    OutputError::Table(msg.to_string())
}

/// One titled block of the table.
#[derive(Default)]
struct Section {
    title: Option<String>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    num_cols: Option<usize>,
    max_widths: Vec<usize>,
}

impl Section {
    fn title_width(&self) -> usize {
        // A missing title is measured as the text "None".
        self.title.as_deref().map(text_width).unwrap_or(4)
    }

    fn update_max_widths(&mut self, row: &[String]) -> Result<(), OutputError> {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|c| text_width(c)).collect();
        } else {
            for (i, cell) in row.iter().enumerate() {
                let slot = self
                    .max_widths
                    .get_mut(i)
                    .ok_or_else(|| err("table row has more columns than its section"))?;
                *slot = (*slot).max(text_width(cell));
            }
        }
        Ok(())
    }

    fn add_header(&mut self, headers: Vec<String>) -> Result<(), OutputError> {
        self.update_max_widths(&headers)?;
        if self.num_cols.is_none() {
            self.num_cols = Some(headers.len());
        }
        self.headers = headers;
        Ok(())
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), OutputError> {
        let n = *self.num_cols.get_or_insert(row.len());
        if row.len() != n {
            return Err(OutputError::Table(format!(
                "Row should have {n} elements, instead it has {}",
                row.len()
            )));
        }
        self.update_max_widths(&row)?;
        self.rows.push(row);
        Ok(())
    }

    /// Column widths plus `padding`, scaled to sum to `max_width` if given.
    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else {
            return unscaled;
        };
        if unscaled.is_empty() {
            return unscaled;
        }
        let total: usize = unscaled.iter().sum();
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| (scale * *w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self, padding: usize, outer: usize) -> usize {
        let cols: usize = self
            .column_widths(0, None)
            .iter()
            .map(|w| w + padding)
            .sum();
        let total = cols + 2 + 2 * outer;
        (self.title_width() + 2 + 2 * outer).max(total)
    }
}

struct MultiTable {
    sections: Vec<Section>,
    current: Option<usize>,
}

impl MultiTable {
    fn section(&mut self) -> Result<&mut Section, OutputError> {
        let idx = self
            .current
            .ok_or_else(|| err("table has no section to add rows to"))?;
        Ok(&mut self.sections[idx])
    }

    fn new_section(&mut self, title: Option<&str>, indent: usize) {
        self.sections.push(Section {
            title: title.map(str::to_string),
            indent,
            ..Section::default()
        });
        self.current = Some(self.sections.len() - 1);
    }

    fn build(
        &mut self,
        title: Option<&str>,
        current: &Value,
        indent: usize,
    ) -> Result<bool, OutputError> {
        if is_false(current) {
            return Ok(false);
        }
        if let Some(t) = title {
            self.new_section(Some(t), indent);
        }
        match current {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.sub_table_from_list(items, indent, title)?;
                } else {
                    for item in items {
                        match item {
                            v if is_scalar(v) => self.section()?.add_row(vec![py_str(v)])?,
                            Value::Object(map) => {
                                let row = map.keys().cloned().collect();
                                self.section()?.add_row(row)?;
                            }
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                let row = inner.iter().map(py_str).collect();
                                self.section()?.add_row(row)?;
                            }
                            other => {
                                self.build(None, other, 0)?;
                            }
                        }
                    }
                }
            }
            Value::Object(map) => self.sub_table_from_dict(map, indent)?,
            _ => {}
        }
        Ok(true)
    }

    fn sub_table_from_dict(
        &mut self,
        map: &Map<String, Value>,
        indent: usize,
    ) -> Result<(), OutputError> {
        let (headers, more) = group_scalar_keys(map);
        if headers.len() == 1 {
            let row = vec![headers[0].clone(), py_str(&map[headers[0].as_str()])];
            self.section()?.add_row(row)?;
        } else if !headers.is_empty() {
            let row = headers.iter().map(|k| py_str(&map[k.as_str()])).collect();
            let section = self.section()?;
            section.add_header(headers)?;
            section.add_row(row)?;
        }
        for key in more {
            self.build(Some(&key), &map[key.as_str()], indent + 1)?;
        }
        Ok(())
    }

    fn sub_table_from_list(
        &mut self,
        items: &[Value],
        indent: usize,
        title: Option<&str>,
    ) -> Result<(), OutputError> {
        let mut headers = BTreeSet::new();
        let mut more = BTreeSet::new();
        for item in items {
            let map = item
                .as_object()
                .ok_or_else(|| err("cannot mix objects and other values in a table list"))?;
            let (h, m) = group_scalar_keys(map);
            headers.extend(h);
            more.extend(m);
        }
        let headers: Vec<String> = headers.into_iter().collect();
        let more: Vec<String> = more.into_iter().collect();
        self.section()?.add_header(headers.clone())?;
        for (i, item) in items.iter().enumerate() {
            let map = item
                .as_object()
                .ok_or_else(|| err("invalid table list element"))?;
            if i > 0 && !more.is_empty() {
                self.new_section(title, indent);
                self.section()?.add_header(headers.clone())?;
            }
            let row = headers
                .iter()
                .map(|h| map.get(h).map(py_str).unwrap_or_default())
                .collect();
            self.section()?.add_row(row)?;
            for key in &more {
                if let Some(v) = map.get(key) {
                    self.build(Some(key), v, indent + 1)?;
                }
            }
        }
        Ok(())
    }

    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(|s| s.total_width(4, s.indent))
            .max()
            .unwrap_or(0)
    }

    fn convert_to_vertical(&mut self) -> Result<(), OutputError> {
        for section in &mut self.sections {
            if section.rows.len() == 1 && !section.headers.is_empty() {
                let mut new = Section {
                    title: section.title.take(),
                    indent: section.indent,
                    ..Section::default()
                };
                let row = section.rows[0].clone();
                for (h, v) in section.headers.iter().zip(row) {
                    new.add_row(vec![h.clone(), v])?;
                }
                *section = new;
            }
        }
        Ok(())
    }

    fn render(&mut self, terminal_width: usize, color: bool) -> String {
        let mut max_width = self.max_width();
        if max_width > terminal_width && self.convert_to_vertical().is_ok() {
            max_width = self.max_width();
        }
        let style = Styler { color };
        let mut out = String::new();
        out.push_str(&"-".repeat(max_width));
        out.push('\n');
        for section in &self.sections {
            render_section(&mut out, section, max_width, &style);
        }
        out
    }
}

fn group_scalar_keys(map: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    for (k, v) in map {
        if is_scalar(v) {
            headers.push(k.clone());
        } else {
            more.push(k.clone());
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

struct Styler {
    color: bool,
}

impl Styler {
    fn row_element(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m\x1b[34m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn indent_char(&self) -> String {
        if self.color {
            "\x1b[2m\x1b[33m|\x1b[0m".to_string()
        } else {
            "|".to_string()
        }
    }
}

/// Writes one line with the section's indentation bars on both sides.
fn write_line(out: &mut String, bars: &str, line: &str) {
    out.push_str(bars);
    out.push_str(line);
    out.push_str(bars);
    out.push('\n');
}

fn spaces(n: i64) -> String {
    " ".repeat(n.max(0) as usize)
}

fn center_text(text: &str, length: usize, left: &str, right: &str, text_len: usize) -> String {
    let length = length as i64;
    let text_len = text_len as i64;
    let char_start = length / 2 - text_len / 2 - 1;
    let so_far = text_width(left) as i64 + char_start + text_len;
    let right_spaces = length - text_width(right) as i64 - so_far;
    format!(
        "{left}{}{text}{}{right}",
        spaces(char_start),
        spaces(right_spaces)
    )
}

fn align_left(text: &str, length: usize, left: &str, right: &str, text_len: usize) -> String {
    let length = length as i64;
    let text_len = text_len as i64;
    let (l, r) = (left.chars().count() as i64, right.chars().count() as i64);
    let computed = text_len + 2 + text_width(left) as i64 + text_width(right) as i64;
    let padding = if length - computed >= 0 { 2 } else { 0 };
    let so_far = l + padding + text_len;
    format!(
        "{left}{}{text}{}{right}",
        spaces(padding),
        spaces(length - so_far - r)
    )
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push('+');
            s.push_str(&"-".repeat(w.saturating_sub(2)));
            s.push('+');
        } else {
            s.push_str(&"-".repeat(w.saturating_sub(1)));
            s.push('+');
        }
    }
    s
}

fn render_section(out: &mut String, section: &Section, max_width: usize, style: &Styler) {
    let bars = style.indent_char().repeat(section.indent);
    let max_width = max_width.saturating_sub(section.indent * 2);
    if let Some(title) = section.title.as_deref().filter(|t| !t.is_empty()) {
        write_line(
            out,
            &bars,
            &center_text(title, max_width, "|", "|", text_width(title)),
        );
        if section.headers.is_empty() && section.rows.is_empty() {
            write_line(
                out,
                &bars,
                &format!("+{}+", "-".repeat(max_width.saturating_sub(2))),
            );
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(4, Some(max_width));
        let mut line = String::new();
        for (i, (w, h)) in widths.iter().zip(&section.headers).enumerate() {
            let left = if i == 0 { "|" } else { "" };
            line.push_str(&center_text(h, *w, left, "|", text_width(h)));
        }
        write_line(out, &bars, &line_break(&widths));
        write_line(out, &bars, &line);
    }
    if section.rows.is_empty() {
        return;
    }
    let widths = section.column_widths(4, Some(max_width));
    if widths.is_empty() {
        return;
    }
    write_line(out, &bars, &line_break(&widths));
    for row in &section.rows {
        let mut line = String::new();
        for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
            let left = if i == 0 { "|" } else { "" };
            line.push_str(&align_left(
                &style.row_element(cell),
                *w,
                left,
                "|",
                text_width(cell),
            ));
        }
        write_line(out, &bars, &line);
    }
    write_line(out, &bars, &line_break(&widths));
}
