//! The YAML reader's fast path for lists of numbers.
//!
//! Large parameter files are mostly numbers in flow lists, one matrix row per line
//! (`- [0.1756169870584169, -1.9317868576425858, ...]`) or a whole matrix on one line
//! (`K: [[1, 2], [3, 4]]`). The YAML parser spends about a microsecond on each number
//! (events, scalar type resolution, the deserializer's dispatch); [`prepare`] parses such
//! lists directly, at the cost of the float conversion (Rust's `str::parse::<f64>`, which
//! is correctly rounded, as the YAML parser's own float conversion is the same function),
//! and hands the YAML parser a copy of the text in which each list is replaced by a short
//! placeholder scalar. [`Prepared::substitute`] puts the lists back into the parsed tree.
//!
//! The result is the tree the YAML parser gives for the original text, or nothing (then
//! the caller reads the original text with the YAML parser alone). That is ensured by
//! construction, and checked where construction alone does not decide it:
//!
//! - A list is taken only if it opens and closes on one line and holds nothing but numbers
//!   (in a conservative spelling: an optional `-`, digits with an optional fraction and
//!   exponent; integers without leading zeros and of at most 18 digits), nested lists,
//!   commas and spaces, at most three levels deep, and is not followed by `:` (a key).
//!   Each number becomes the node the YAML parser makes of it: an integer
//!   [`Node::Int`], anything else [`Node::Float`] from `str::parse::<f64>` (a spelling
//!   that does not give a finite number leaves the list to the YAML parser); the list
//!   nodes are built by the same [`SeqBuilder`] as the YAML reader's.
//! - The placeholder is a `!!binary` scalar whose content decodes to a private-use
//!   character (U+E000) followed by the list's number. A text is only taken if nothing in
//!   it can produce a string containing that character another way: no U+E000, and no
//!   tag (`!`), escape (`\`) or directive (`%` at the start of a line) outside of lines
//!   that are comments (first non-blank character `#`, no quotes).
//! - A placeholder gives its list only where it is a node of its own. Where the list's
//!   text was not a node (inside a quoted or block string or a comment, the continuation
//!   of a plain string), the placeholder is swallowed into a string or lost, and
//!   [`Prepared::substitute`] refuses a tree in which a placeholder is not found exactly
//!   once (also refusing aliases of a list, which the YAML parser expands with its own
//!   limits) or a list would sit deeper than half the YAML parser's nesting limit.
//!
//! This module exists because no YAML crate offers a faster path for numeric arrays; it
//! is hand-written and small, and the YAML reader's tests compare it with the YAML parser
//! on every fixture and on random near-numeric text.

use super::yaml::{Node, SeqBuilder};

/// First character of every placeholder's content (a private-use character).
const MARKER: char = '\u{E000}';

/// Content of placeholder `id`: [`MARKER`], `nnmt`, `id` as 8 hexadecimal digits
/// (15 bytes, so 20 base64 characters without padding).
fn placeholder_content(id: usize) -> String {
    format!("{MARKER}nnmt{id:08x}")
}

/// The list number of a placeholder's content, if `s` is exactly one.
fn placeholder_id(s: &str) -> Option<usize> {
    let hex = s.strip_prefix(MARKER)?.strip_prefix("nnmt")?;
    if hex.len() != 8 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    usize::from_str_radix(hex, 16).ok()
}

/// Standard base64 (with padding), as YAML's `!!binary` expects.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextet = |v: u32| char::from(ALPHABET[(v & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| chunk.get(i).map_or(0, |&x| u32::from(x));
        let triple = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sextet(triple >> 18));
        out.push(sextet(triple >> 12));
        out.push(if chunk.len() > 1 {
            sextet(triple >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { sextet(triple) } else { '=' });
    }
    out
}

/// Deepest list nesting taken (the reader refuses deeper lists anyway).
const MAX_LIST_DEPTH: usize = 3;

/// Deepest position (enclosing collections plus the list's own levels) at which a list is
/// put back: half the YAML parser's nesting limit (64), so that the YAML parser would not
/// have refused the original text for its depth.
const MAX_TOTAL_DEPTH: usize = 32;

/// A text with its one-line number lists replaced by placeholders, and those lists.
pub(super) struct Prepared {
    /// The text handed to the YAML parser.
    pub(super) text: String,
    /// The lists, by placeholder number (taken when put back).
    lists: Vec<Option<Node>>,
    /// The nesting depth of each list.
    depths: Vec<usize>,
}

/// Replaces the one-line number lists of `text` by placeholders; `None` if the text is not
/// eligible (see the module docs) or has no such list.
pub(super) fn prepare(text: &str) -> Option<Prepared> {
    if !eligible(text) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut lists = Vec::new();
    let mut depths = Vec::new();
    let mut copied = 0;
    let mut line_start = 0;
    // the length of the last list of numbers (the next row of a matrix has as many)
    let mut row_hint = 0;
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        let prev = if i == line_start {
            None
        } else {
            bytes.get(i - 1).copied()
        };
        match c {
            b'\n' => line_start = i + 1,
            // a comment (or the content of a multi-line string): nothing more on this line
            b'#' if matches!(prev, None | Some(b' ' | b'\t')) => {
                i = next_line(text, i);
                continue;
            }
            // a quoted string: skip it if it closes on this line, else the rest of the line
            b'\'' | b'"' if matches!(prev, None | Some(b' ' | b'\t' | b'[' | b',' | b'{')) => {
                i = match closing_quote(bytes, i) {
                    Some(close) => close + 1,
                    None => next_line(text, i),
                };
                continue;
            }
            b'[' if matches!(prev, None | Some(b' ' | b'[' | b',')) => {
                if let Some((stop, node, depth)) = parse_list(text, i, row_hint)
                    && !followed_by_colon(bytes, stop)
                {
                    if let Node::Nums(row) = &node {
                        row_hint = row.len();
                    }
                    if out.is_empty() {
                        out.reserve(text.len() / 8 + 64);
                    }
                    out.push_str(text.get(copied..i)?);
                    out.push_str("!!binary ");
                    out.push_str(&base64(placeholder_content(lists.len()).as_bytes()));
                    copied = stop;
                    lists.push(Some(node));
                    depths.push(depth);
                    i = stop;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if lists.is_empty() {
        return None;
    }
    out.push_str(text.get(copied..)?);
    Some(Prepared {
        text: out,
        lists,
        depths,
    })
}

/// Index of the end of the line containing `i` (its `\n`, or the end of the text).
fn next_line(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |n| i + n)
}

/// `true` if no string of the YAML parser's reading of `text` can contain [`MARKER`]
/// other than through a placeholder, and no directive can change how it reads.
fn eligible(text: &str) -> bool {
    let bytes = text.as_bytes();
    // the common case, in one pass the compiler vectorizes: none of `!`, `\`, `%` and
    // the first byte of U+E000 (EE 80 80 in UTF-8)
    let suspect = |b: &u8| matches!(*b, b'!' | b'\\' | b'%' | 0xEE);
    if !bytes
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |acc, b| acc | suspect(b)))
    {
        return true;
    }
    // U+E000 is EE 80 80 in UTF-8
    if (bytes.contains(&0xEE) && text.contains(MARKER))
        || (bytes.contains(&b'%')
            && (text.starts_with('%') || text.starts_with("\u{feff}%") || text.contains("\n%")))
    {
        return false;
    }
    // `!` (tags) and `\` (escapes) only on comment lines without quotes: such a line is a
    // comment or the inside of a string, never a place where a tag or an escape acts.
    for c in ['!', '\\'] {
        let mut from = 0;
        while let Some(off) = text.get(from..).and_then(|rest| rest.find(c)) {
            let at = from + off;
            let start = text
                .get(..at)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let end = next_line(text, at);
            let line = text.get(start..end).unwrap_or_default();
            let comment = line.trim_start_matches([' ', '\t']).starts_with('#')
                && !line.contains(['\'', '"']);
            if !comment {
                return false;
            }
            from = end;
        }
    }
    true
}

/// Index of the quote closing the quoted string opened at `open`, on the same line.
fn closing_quote(bytes: &[u8], open: usize) -> Option<usize> {
    let quote = *bytes.get(open)?;
    let mut i = open + 1;
    loop {
        match *bytes.get(i)? {
            b'\n' => return None,
            // '' inside a single-quoted string is an escaped quote
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
}

/// `true` if the first non-space character from `i` (on this line) is `:`.
fn followed_by_colon(bytes: &[u8], mut i: usize) -> bool {
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    bytes.get(i) == Some(&b':')
}

/// What the list parser expects next.
#[derive(Clone, Copy)]
enum Expect {
    /// Right after `[`: an element or `]`.
    First,
    /// After `,`: an element.
    Element,
    /// After an element: `,` or `]`.
    CommaOrClose,
}

/// Parses the flow list opening at `start` (a `[`): the index after its `]`, its node and
/// its nesting depth; `None` if it is not a list of numbers in the accepted spelling
/// closing on the same line (see the module docs).
fn parse_list(text: &str, start: usize, row_hint: usize) -> Option<(usize, Node, usize)> {
    let bytes = text.as_bytes();
    let mut stack: Vec<SeqBuilder> = Vec::with_capacity(MAX_LIST_DEPTH);
    let mut depth = 0;
    let mut expect = Expect::First;
    let mut i = start;
    loop {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        let c = *bytes.get(i)?;
        match (expect, c) {
            (Expect::First | Expect::Element, b'[') => {
                if stack.len() == MAX_LIST_DEPTH {
                    return None;
                }
                // room for a row like the last one (at most what the line can hold)
                let room = row_hint.min(bytes.len().saturating_sub(i) / 2);
                stack.push(SeqBuilder::with_capacity(room));
                depth = depth.max(stack.len());
                expect = Expect::First;
                i += 1;
            }
            (Expect::First | Expect::CommaOrClose, b']') => {
                i += 1;
                let node = stack.pop()?.finish();
                match stack.last_mut() {
                    Some(parent) => {
                        parent.push(node);
                        expect = Expect::CommaOrClose;
                    }
                    None => return Some((i, node, depth)),
                }
            }
            (Expect::CommaOrClose, b',') => {
                expect = Expect::Element;
                i += 1;
            }
            (Expect::First | Expect::Element, _) => {
                let (node, token_end) = parse_number(text, i)?;
                let value = match node {
                    Node::Int(v) => v as f64,
                    Node::Float(v) => v,
                    _ => return None,
                };
                stack.last_mut()?.push_number(node, value);
                expect = Expect::CommaOrClose;
                i = token_end;
            }
            (Expect::CommaOrClose, _) => return None,
        }
    }
}

/// The number starting at `start` (a plain scalar ending at a space, `,`, `]` or the end
/// of the text) as the node the YAML parser makes of it, and the index after it; `None`
/// unless it is spelled `-`? digits (`.` digits?)? or `-`? `.` digits, then an optional
/// exponent `e`/`E` `+`/`-`? digits. Digits alone (at most 18, no leading zero) are an
/// integer; anything else must parse to a finite float (`str::parse::<f64>`, correctly
/// rounded).
fn parse_number(text: &str, start: usize) -> Option<(Node, usize)> {
    let bytes = text.as_bytes();
    let digits = |i: &mut usize| {
        let from = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    let mut i = start;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    let int_len = digits(&mut i);
    let mut integer = true;
    let mut fraction_len = 0;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        integer = false;
        fraction_len = digits(&mut i);
    }
    if int_len == 0 && fraction_len == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        integer = false;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if !matches!(bytes.get(i), None | Some(b' ' | b',' | b']')) {
        return None;
    }
    let token = text.get(start..i)?;
    if integer {
        // the YAML parser reads `0`, `-0` and digits without a leading zero as integers
        // (a leading zero makes it a float: left to the YAML parser)
        if int_len > 18 || (int_len > 1 && bytes.get(int_start) == Some(&b'0')) {
            return None;
        }
        return Some((Node::Int(i128::from(token.parse::<i64>().ok()?)), i));
    }
    let value: f64 = token.parse().ok()?;
    value.is_finite().then_some((Node::Float(value), i))
}

impl Prepared {
    /// Puts the lists back into `root`, the YAML parser's tree of [`Prepared::text`];
    /// `None` if a placeholder was not found exactly once as a node of its own, or a
    /// list would sit deeper than [`MAX_TOTAL_DEPTH`].
    pub(super) fn substitute(mut self, mut root: Node) -> Option<Node> {
        let mut found = 0;
        self.fill(&mut root, 0, &mut found)?;
        (found == self.lists.len()).then_some(root)
    }

    fn fill(&mut self, node: &mut Node, depth: usize, found: &mut usize) -> Option<()> {
        match node {
            Node::Str(s) if s.contains(MARKER) => {
                let id = placeholder_id(s)?;
                if depth + self.depths.get(id)? > MAX_TOTAL_DEPTH {
                    return None;
                }
                // a second occurrence (an alias) finds the slot empty
                *node = self.lists.get_mut(id)?.take()?;
                *found += 1;
            }
            Node::Seq(items) => {
                for x in items {
                    self.fill(x, depth + 1, found)?;
                }
            }
            Node::Map(entries) => {
                for (k, _, v) in entries {
                    self.fill(k, depth + 1, found)?;
                    self.fill(v, depth + 1, found)?;
                }
            }
            _ => {}
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::yaml::{
        DuplicateKeys, ParamMap, ParamValue, convert_root, parse_tree, yaml_error,
    };
    use crate::io::{IoError, parse_param_str_with};
    use proptest::prelude::*;
    use std::path::{Path, PathBuf};

    /// The tree of the fast path, if it gives one.
    fn fast_tree(text: &str) -> Option<Node> {
        let prepared = prepare(text)?;
        let root = parse_tree(&prepared.text).ok()?;
        prepared.substitute(root)
    }

    /// The YAML parser's reading alone (the reader without its fast path).
    fn slow(text: &str, duplicates: DuplicateKeys) -> Result<ParamMap, IoError> {
        let root = parse_tree(text).map_err(|e| yaml_error(e, "t.yaml"))?;
        convert_root(root, "t.yaml", duplicates)
    }

    /// A map written out deterministically, every number to the bit (`{:?}` of an f64
    /// round-trips; the map's hash index is left out, its order being random).
    fn canonical(map: &ParamMap) -> String {
        let mut out = format!("{:?} {:?}\n", map.source_name(), map.duplicate_keys());
        for (key, value) in map.iter() {
            out.push_str(&format!("{key:?} line {:?}: ", map.line(key)));
            match value {
                ParamValue::Map(inner) => out.push_str(&canonical(inner)),
                other => out.push_str(&format!("{other:?}\n")),
            }
        }
        out
    }

    fn canonical_result(r: &Result<ParamMap, IoError>) -> String {
        match r {
            Ok(map) => canonical(map),
            Err(e) => format!("Err({e:?})"),
        }
    }

    /// The reader (fast path and fallback) gives exactly the YAML parser's result (value
    /// or error) for both readings of repeated keys, and where the fast path gives a tree
    /// it is the YAML parser's tree. Returns whether the fast path gave a tree.
    fn assert_same(text: &str) -> bool {
        for duplicates in [DuplicateKeys::Reject, DuplicateKeys::LastWins] {
            let got = parse_param_str_with(text, "t.yaml", duplicates);
            let want = slow(text, duplicates);
            assert_eq!(canonical_result(&got), canonical_result(&want), "{text:?}");
        }
        match fast_tree(text) {
            Some(tree) => {
                let want =
                    parse_tree(text).expect("the YAML parser reads what the fast path reads");
                assert_eq!(format!("{tree:?}"), format!("{want:?}"), "{text:?}");
                true
            }
            None => false,
        }
    }

    fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                yaml_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                out.push(p);
            }
        }
    }

    /// Every parameter file of the test data (NNMT's fixtures and the crate's own) reads
    /// the same with and without the fast path; the multi-area model's file too when
    /// present (`NNMT_MAM_FILE` or `../shared/mam/`, not in the repository).
    #[test]
    fn fast_path_matches_the_yaml_parser_on_every_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&root.join("tests/data"), &mut files);
        assert!(files.len() >= 60, "{} files", files.len());
        let mam = std::env::var_os("NNMT_MAM_FILE").map_or_else(
            || root.join("../shared/mam/mam_network_params.yaml"),
            PathBuf::from,
        );
        if mam.is_file() {
            files.push(mam);
        }
        let mut fast = 0;
        for f in &files {
            let text = std::fs::read_to_string(f).expect("fixture is UTF-8");
            if assert_same(&text) {
                fast += 1;
            }
        }
        // NNMT's fixtures write lists in block style, one number per line, except three
        // with one-line lists: the fast path must have read those (and the MAM file)
        assert!(
            fast >= 3,
            "fast path taken for {fast} of {} files",
            files.len()
        );
    }

    /// Spellings of numbers the YAML parser reads in several ways (integers, floats,
    /// leading zeros, signs, huge and tiny exponents, not numbers at all).
    fn number_spelling() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<i64>().prop_map(|v| v.to_string()),
            (0u8..30).prop_map(|n| "9".repeat(usize::from(n) + 1)),
            any::<f64>().prop_map(|v| format!("{v}")),
            any::<f64>().prop_map(|v| format!("{v:e}")),
            any::<f64>().prop_map(|v| format!("{v:E}")),
            "-?0[0-9]{1,3}(\\.[0-9]{0,3})?",
            "[+-]?[0-9]{0,3}\\.?[0-9]{0,3}([eE][+-]?[0-9]{0,4})?",
            "[+-]?\\.(inf|nan|NaN|Inf)",
            "0[xXoObB][0-9a-f]{1,4}",
            "1_000|~|null|true|x|'1'|\"2\"|&a 1|\\*a|!!str 3|1 2|1:2|1#c|1 #c",
        ]
    }

    /// A line of a near-numeric YAML file: a key, a sequence entry or a continuation,
    /// then lists of number spellings, with random separators.
    fn near_numeric_line() -> impl Strategy<Value = String> {
        let list = prop::collection::vec(
            (
                number_spelling(),
                prop::sample::select(vec![", ", ",", " , ", ",,", "], [", ", [", "]", "[", " "]),
            ),
            0..6,
        )
        .prop_map(|items| {
            let mut s = String::from("[");
            for (i, (x, sep)) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(sep);
                }
                s.push_str(x);
            }
            s.push(']');
            s
        });
        (
            prop::sample::select(vec![
                "",
                " ",
                "  ",
                "\t",
                "- ",
                "  - ",
                "- - ",
                "k: ",
                "k:",
                "v: ",
                "  val: ",
                "? ",
                ": ",
                "[",
                "k: [",
                "#",
                "k: '",
                "k: |\n  ",
                "k: &a ",
                "k: {val: ",
                "k: *a\n",
            ]),
            list,
            prop::sample::select(vec![
                "",
                " ",
                "]",
                ", unit: ms}",
                "}",
                ": x",
                " # c",
                " x",
                ",",
                "\r",
                ":",
            ]),
        )
            .prop_map(|(head, list, tail)| format!("{head}{list}{tail}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

        /// Garbage near-numeric text: no panic, and the reader's result (value or
        /// error) is the YAML parser's.
        #[test]
        fn near_numeric_text_reads_as_the_yaml_parser_reads_it(
            lines in prop::collection::vec(near_numeric_line(), 1..6),
        ) {
            let text = lines.join("\n");
            assert_same(&text);
            assert_same(&format!("{text}\n"));
        }

        /// Well-formed numeric files with one random byte changed.
        #[test]
        fn mutated_matrix_files(
            rows in prop::collection::vec(prop::collection::vec(any::<f64>(), 3), 1..4),
            at in any::<prop::sample::Index>(),
            byte in prop::sample::select(b"[], -.e:#'\"!x0 \n".to_vec()),
        ) {
            let mut text = String::from("K:\n  val:\n");
            for r in &rows {
                let r: Vec<String> = r.iter().map(|v| format!("{v}")).collect();
                text.push_str(&format!("    - [{}]\n", r.join(", ")));
            }
            text.push_str("  unit: mV\nL: [[1, 2], [3, 4]]\n");
            assert_same(&text);
            let mut bytes = text.into_bytes();
            let i = at.index(bytes.len());
            bytes[i] = byte;
            if let Ok(mutated) = String::from_utf8(bytes) {
                assert_same(&mutated);
            }
        }
    }

    fn list(text: &str) -> Option<Node> {
        parse_list(text, 0, 0).map(|(stop, node, _)| {
            assert_eq!(stop, text.len(), "{text}");
            node
        })
    }

    #[test]
    fn numbers() {
        let n = |t: &str| {
            parse_number(t, 0)
                .filter(|&(_, end)| end == t.len())
                .map(|(x, _)| x)
        };
        assert_eq!(n("0"), Some(Node::Int(0)));
        assert_eq!(n("-0"), Some(Node::Int(0)));
        assert_eq!(n("-12"), Some(Node::Int(-12)));
        assert_eq!(
            n("999999999999999999"),
            Some(Node::Int(999_999_999_999_999_999))
        );
        assert_eq!(n("9999999999999999999"), None);
        assert_eq!(n("007"), None);
        assert!(matches!(n("-0.0"), Some(Node::Float(v)) if v.to_bits() == (-0.0f64).to_bits()));
        assert_eq!(
            n("2.5827861254593117e-05"),
            Some(Node::Float(2.5827861254593117e-05))
        );
        assert_eq!(n(".5"), Some(Node::Float(0.5)));
        assert_eq!(n("1E+3"), Some(Node::Float(1000.0)));
        for bad in [
            "", "-", ".", "-.", "+1", "1e", "1e+", "1.2.3", "1x", "0x10", "1_000", "1e999", ".inf",
            "nan", "1,5", "--1", "1e5e5", "e5",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }

    #[test]
    fn lists() {
        assert_eq!(list("[]"), Some(Node::Nums(vec![])));
        assert_eq!(
            list("[ 1,2 , -3.5 ]"),
            Some(Node::Nums(vec![1.0, 2.0, -3.5]))
        );
        assert_eq!(
            list("[[1, 2], []]"),
            Some(Node::Seq(vec![
                Node::Nums(vec![1.0, 2.0]),
                Node::Nums(vec![])
            ]))
        );
        // a number after a list stays the integer node the YAML reader makes
        assert_eq!(
            list("[[1], 2]"),
            Some(Node::Seq(vec![Node::Nums(vec![1.0]), Node::Int(2)]))
        );
        assert_eq!(
            list("[2, [1]]"),
            Some(Node::Seq(vec![Node::Float(2.0), Node::Nums(vec![1.0])]))
        );
        assert!(list("[[[[1]]]]").is_none());
        for bad in [
            "[1, 2", "[1,, 2]", "[1, 2, ]", "[, 1]", "[1 2]", "[1]]", "[a]", "[1,\t2]",
        ] {
            assert!(
                parse_list(bad, 0, 4).is_none_or(|(s, ..)| s < bad.len()),
                "{bad}"
            );
        }
    }

    #[test]
    fn placeholders_round_trip() {
        for id in [0, 1, 17, 0xffff_ffff] {
            assert_eq!(placeholder_id(&placeholder_content(id)), Some(id));
        }
        assert_eq!(placeholder_id("\u{E000}nnmt0000001"), None);
        assert_eq!(placeholder_id("\u{E000}nnmt0000001G"), None);
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn eligibility() {
        assert!(eligible("a: [1, 2]\n# a comment!\n"));
        assert!(!eligible("a: !!str [1, 2]\n"));
        assert!(!eligible("a: \"\\u00e9\"\n"));
        assert!(!eligible("%YAML 1.2\n---\na: 1\n"));
        assert!(!eligible("a: '\u{E000}'\n"));
        // a quote on a comment-like line may close a string, after which a tag acts
        assert!(!eligible("a: ['x\n  # y', !!binary AAAA]\n"));
    }

    #[test]
    fn preparing() {
        let p = prepare("a: [1, 2] # [3]\nb: '[4]'\n[5]: x\nc: [[7], y]\n").unwrap();
        assert_eq!(p.lists.len(), 2);
        assert!(p.text.starts_with("a: !!binary "));
        assert!(p.text.contains(" # [3]\nb: '[4]'\n[5]: x\nc: [!!binary "));
        assert!(prepare("a: 1\nb: [x]\n").is_none());
    }
}
