//! Reading NNMT parameter files (YAML) into unit-checked quantities.
//!
//! An NNMT parameter file is a YAML mapping from parameter names to values
//! (`nnmt/input_output.py::val_unit_to_quantities`). A value is one of
//!
//! * a quantity `{val: <number | list | nested list>, unit: <pint unit expression>}`
//!   (a mapping with exactly the keys `val` and `unit`) → [`ParamValue::Quantity`];
//! * a mapping with a `val` key but no `unit` key → its `val`, converted like a
//!   plain value (NNMT ignores the other keys of such a mapping);
//! * a number or (nested) list of numbers → [`ParamValue::Number`] (dimensionless);
//! * a string (`delay_dist: none`) → [`ParamValue::Str`];
//! * a list of strings (`populations: [23E, 23I]`) → [`ParamValue::Strings`];
//! * a boolean (`multapses: false`) → [`ParamValue::Bool`];
//! * an empty value (`key:` or `null`) → [`ParamValue::Null`];
//! * any other mapping → [`ParamValue::Map`], converted recursively.
//!
//! Everything is kept, in file order, with the line of each key, including keys that no
//! model uses. Unit strings are parsed (and so checked) on load. Numbers come out only as
//! quantities: [`ParamMap::get`] takes the type to return (`Time`, `PopMatrix<f64>`,
//! `PerPopulation<ElectricPotential>`, ...), checks the file's unit against the dimension
//! of that type and the value's shape against the shape asked for, and converts to the
//! type. A plain number (no unit) is a pure number (`f64`).
//!
//! Errors name the file, the key and the line of the key (`params.yaml:12: key 'tau_m':
//! ...`).
//!
//! Departures from NNMT, all deliberate: a mapping with `val`, `unit` *and*
//! other keys is an error (NNMT would silently drop the unit); NaN and infinite
//! values are errors; lists mixing strings and numbers, ragged lists and lists
//! nested deeper than three levels are errors; an empty unit string is an error
//! (pint reads it as dimensionless); only the YAML 1.2 booleans `true`/`false`
//! (any of `true`, `True`, `TRUE`) are booleans, so `yes`, `no`, `on`, `off` stay
//! strings (PyYAML follows YAML 1.1 here). A key repeated in one mapping with a
//! different value is an error ([`IoError::DuplicateKey`], naming both lines), where
//! PyYAML silently keeps the later value; a repeat with the identical value is accepted
//! and listed by [`ParamMap::duplicate_keys`] (NNMT's own files have such repeats).
//! Files larger than [`MAX_FILE_BYTES`] are refused ([`IoError::TooLarge`]). No input
//! makes these functions panic.
//!
//! Speed: lists of numbers written on one line (`K: [[1, 2], [3, 4]]`, or a matrix row
//! per line, `- [0.17561698705841690, -1.9317868576425858, ...]`) are parsed directly,
//! at about the cost of converting the numbers, and the YAML parser
//! ([serde-saphyr](https://crates.io/crates/serde-saphyr)) reads the rest; the result is
//! the YAML parser's reading of the whole text, which is used instead wherever the direct
//! path cannot be sure of that (and for every error). Lists written one number per line
//! (`- 0.1`, block style) go through the YAML parser, at about a microsecond per number.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::typed::FromParam;
use super::unit::{BaseExponents, FileQuantity, Unit, parse_unit};
use crate::error::IoError;
use crate::network::PerPopulation;
use crate::pop::PopVec;
#[cfg(doc)]
use {super::typed::Shaped, crate::pop::PopMatrix};

/// The numbers of a value as written in the file (in the file's unit): a scalar, a list, a
/// rectangular list of lists, or a rectangular three-level nested list.
///
/// Only the shape can be inspected; the numbers come out through the typed
/// [`ParamMap::get`], which checks and converts the unit.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::{ParamValue, parse_param_str};
/// let p = parse_param_str("K: [[1, 2, 3], [4, 5, 6]]\n", "inline.yaml")?;
/// let Some(ParamValue::Number(k)) = p.raw("K") else { unreachable!() };
/// assert_eq!(k.shape(), [2, 3]);
/// assert_eq!(k.describe(), "a 2x3 matrix");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Array {
    /// numpy-style shape: `[]` for a scalar, `[n]`, `[rows, cols]`, `[a, b, c]`
    shape: Vec<usize>,
    /// all elements in row-major order, in the file's unit
    flat: Vec<f64>,
}

impl Array {
    /// The shape, numpy-style: `[]` for a scalar, `[n]`, `[rows, cols]`, `[a, b, c]`.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::{ParamValue, parse_param_str};
    /// let p = parse_param_str("g: 4\n", "inline.yaml")?;
    /// let Some(ParamValue::Number(g)) = p.raw("g") else { unreachable!() };
    /// assert!(g.shape().is_empty());
    /// # Ok(()) }
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// Number of elements.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::{ParamValue, parse_param_str};
    /// let p = parse_param_str("K: [[1, 2], [3, 4]]\n", "inline.yaml")?;
    /// let Some(ParamValue::Number(k)) = p.raw("K") else { unreachable!() };
    /// assert_eq!(k.len(), 4);
    /// # Ok(()) }
    /// ```
    pub fn len(&self) -> usize {
        self.flat.len()
    }

    /// `true` if there are no elements (`[]`, `[[], []]`).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::{ParamValue, parse_param_str};
    /// let p = parse_param_str("E: []\n", "inline.yaml")?;
    /// let Some(ParamValue::Number(e)) = p.raw("E") else { unreachable!() };
    /// assert!(e.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.flat.is_empty()
    }

    /// Describes the shape in words: `a single number`, `a list of 8 numbers`,
    /// `a 8x8 matrix`, `a 7x8x8 array`.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::{ParamValue, parse_param_str};
    /// let p = parse_param_str("tau_m: {val: [10, 20], unit: ms}\n", "inline.yaml")?;
    /// let Some(ParamValue::Quantity { values, .. }) = p.raw("tau_m") else { unreachable!() };
    /// assert_eq!(values.describe(), "a list of 2 numbers");
    /// # Ok(()) }
    /// ```
    pub fn describe(&self) -> String {
        match self.shape.as_slice() {
            [] => "a single number".to_string(),
            [n] => format!("a list of {n} numbers"),
            [r, c] => format!("a {r}x{c} matrix"),
            [a, b, c] => format!("a {a}x{b}x{c} array"),
            _ => "an array".to_string(),
        }
    }

    /// All elements in row-major order, in the file's unit (for the conversion in
    /// [`FromParam`]).
    pub(super) fn numbers(&self) -> &[f64] {
        &self.flat
    }
}

/// One parameter value of an NNMT parameter file, for inspecting what a file contains.
/// The numbers of a value are read with [`ParamMap::get`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::{ParamValue, parse_param_str};
/// let p = parse_param_str("tau_m: {val: 10, unit: ms}\nflag: true\n", "inline.yaml")?;
/// assert!(matches!(p.raw("tau_m"), Some(ParamValue::Quantity { .. })));
/// assert_eq!(p.raw("flag"), Some(&ParamValue::Bool(true)));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// `{val: ..., unit: ...}`: values as written in the file, in unit `unit`.
    Quantity {
        /// The values (shape only; read them with [`ParamMap::get`]).
        values: Array,
        /// The parsed unit (SI factor and base-unit exponents).
        unit: Unit,
        /// The unit string as written in the file (NNMT's `input_units`).
        unit_str: String,
    },
    /// Numbers without a unit (dimensionless).
    Number(Array),
    /// A string, e.g. `delay_dist: none`.
    Str(String),
    /// A list of strings, e.g. `populations: [23E, 23I]`.
    Strings(Vec<String>),
    /// A boolean, e.g. `multapses: false`.
    Bool(bool),
    /// An empty value (`key:`, `~` or `null`).
    Null,
    /// A nested mapping (converted with the same rules).
    Map(ParamMap),
}

impl ParamValue {
    /// Describes the kind of value for error messages (`a string`, `a 2x2 matrix`, ...).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::parse_param_str;
    /// let p = parse_param_str("C: {val: 250, unit: pF}\n", "inline.yaml")?;
    /// assert_eq!(p.value("C")?.describe(), "a single number with unit 'pF'");
    /// # Ok(()) }
    /// ```
    pub fn describe(&self) -> String {
        match self {
            ParamValue::Quantity {
                values, unit_str, ..
            } => format!("{} with unit '{unit_str}'", values.describe()),
            ParamValue::Number(a) => format!("{} without unit", a.describe()),
            ParamValue::Str(s) => format!("the string '{s}'"),
            ParamValue::Strings(v) => format!("a list of {} strings", v.len()),
            ParamValue::Bool(b) => format!("the boolean {b}"),
            ParamValue::Null => "an empty value (null)".to_string(),
            ParamValue::Map(_) => "a mapping".to_string(),
        }
    }
}

// ---------------------------------------------------------------------------
// Untyped YAML tree (private)

/// A YAML node as delivered by the deserializer (and by the fast path for lists of
/// numbers, [`super::fast`], which builds the same nodes).
#[derive(Debug, PartialEq)]
pub(super) enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    /// A list of numbers only (8 bytes per element: the rows of large matrices).
    Nums(Vec<f64>),
    Seq(Vec<Node>),
    /// (key, 1-based line of the key if known, value)
    Map(Vec<(Node, Option<u64>, Node)>),
}

impl Node {
    fn describe(&self) -> String {
        match self {
            Node::Null => "an empty value (null)".into(),
            Node::Bool(b) => format!("the boolean {b}"),
            Node::Int(i) => format!("the number {i}"),
            Node::Float(f) => format!("the number {f}"),
            Node::Str(s) => format!("the string '{s}'"),
            Node::Seq(_) | Node::Nums(_) => "a list".into(),
            Node::Map(_) => "a mapping".into(),
        }
    }

    fn as_number(&self) -> Option<f64> {
        match self {
            Node::Int(i) => Some(*i as f64),
            Node::Float(f) => Some(*f),
            _ => None,
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(i128::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Int(i128::from(v)))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        match i128::try_from(v) {
            Ok(i) => Ok(Node::Int(i)),
            Err(_) => Ok(Node::Float(v as f64)),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_bytes<E: de::Error>(self, _v: &[u8]) -> Result<Node, E> {
        Err(E::custom("binary data (!!binary) is not supported"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut list = SeqBuilder::default();
        while let Some(x) = seq.next_element::<Node>()? {
            list.push(x);
        }
        Ok(list.finish())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<Spanned<Node>, Node>()? {
            let line = k.referenced.line();
            out.push((k.value, (line > 0).then_some(line), v));
        }
        Ok(Node::Map(out))
    }
}

/// Builds the node of a YAML sequence from its elements: numbers are kept as plain f64
/// ([`Node::Nums`]) until the first element that is not a number, then the sequence is a
/// [`Node::Seq`] (the numbers before it as [`Node::Float`]).
#[derive(Default)]
pub(super) struct SeqBuilder {
    numbers: Vec<f64>,
    nodes: Option<Vec<Node>>,
}

impl SeqBuilder {
    /// A builder with room for `capacity` numbers.
    pub(super) fn with_capacity(capacity: usize) -> SeqBuilder {
        SeqBuilder {
            numbers: Vec::with_capacity(capacity),
            nodes: None,
        }
    }

    /// Appends the next element.
    #[inline]
    pub(super) fn push(&mut self, x: Node) {
        match (&mut self.nodes, x.as_number()) {
            (Some(v), _) => v.push(x),
            (None, Some(number)) => self.numbers.push(number),
            (None, None) => {
                let mut v: Vec<Node> = self.numbers.drain(..).map(Node::Float).collect();
                v.push(x);
                self.nodes = Some(v);
            }
        }
    }

    /// Appends the next element, a number node `x` of value `value` (the same as
    /// [`push`](Self::push), without looking at `x`).
    #[inline]
    pub(super) fn push_number(&mut self, x: Node, value: f64) {
        match &mut self.nodes {
            Some(v) => v.push(x),
            None => self.numbers.push(value),
        }
    }

    /// The sequence's node.
    pub(super) fn finish(self) -> Node {
        match self.nodes {
            Some(v) => Node::Seq(v),
            None => Node::Nums(self.numbers),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

// ---------------------------------------------------------------------------
// ParamMap

/// One key of a [`ParamMap`]: its value and the line of the key in the file.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    key: String,
    value: ParamValue,
    /// 1-based line of the key (of its last occurrence), if known.
    line: Option<u64>,
}

/// The parameters of one file (or one nested mapping), in file order.
///
/// Values are read as quantities with [`get`](Self::get), which takes the type (and so
/// the dimension and shape) to return; [`raw`](Self::raw) shows what the file contains.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::units::*;
/// let p = parse_param_str("tau_m: {val: 10, unit: ms}\n", "inline.yaml")?;
/// assert_eq!(p.get::<Time>("tau_m")?, Time::new::<millisecond>(10.0));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ParamMap {
    source_name: String,
    /// Key path of this map inside the file (`""` at top level, `"a.b"` when nested).
    path: String,
    entries: Vec<Entry>,
    /// Position of each key in `entries`.
    index: HashMap<String, usize>,
    /// Keys that occurred more than once with the identical value.
    duplicates: Vec<String>,
}

/// The largest parameter file (or text) read: 512 MiB = 536,870,912 bytes.
///
/// A file past it is refused with [`IoError::TooLarge`] after reading at most one byte
/// more than the limit (so `/dev/zero` or an endless FIFO is refused, not read forever).
/// The limit is set by networks of 2,000 populations with numbers written as NumPy and
/// Python write floats (16–17 significant digits, about 21 bytes per matrix entry with
/// its separator): two full 2000 × 2000 matrices (`K` and `J`, 8,000,000 entries) take
/// about 170 MB, the four of the multi-area model's file (`J`, `K`, `Delay`,
/// `Delay_sd`) about 340 MB. The text is held in memory while it is read, and its
/// numbers as `f64` (8 bytes each) after.
///
/// # Examples
/// ```
/// assert_eq!(nnmt::io::MAX_FILE_BYTES, 512 * 1024 * 1024);
/// ```
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

fn too_large(source_name: &str) -> IoError {
    IoError::TooLarge {
        source_name: source_name.to_string(),
        what: "its size".into(),
        limit: format!("{} MiB ({MAX_FILE_BYTES} bytes)", MAX_FILE_BYTES >> 20),
    }
}

/// Reads and converts an NNMT parameter file.
///
/// The error messages name the file as `path.display()`. At most
/// [`MAX_FILE_BYTES`] + 1 bytes are read, from regular files and from devices or FIFOs
/// alike.
///
/// # Errors
/// [`IoError::Io`] if the file cannot be read, [`IoError::TooLarge`] if it is larger
/// than [`MAX_FILE_BYTES`]; otherwise as [`parse_param_str`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::load_param_file;
/// use nnmt::units::*;
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let p = load_param_file(format!(
///     "{dir}/tests/data/nnmt-params/fixtures/integration/config/Bos2016_network_params.yaml"
/// ))?;
/// assert_eq!(p.get::<Capacitance>("C")?, Capacitance::new::<picofarad>(250.0));
/// assert!(load_param_file("no/such/file.yaml").is_err());
/// # Ok(()) }
/// ```
pub fn load_param_file(path: impl AsRef<Path>) -> Result<ParamMap, IoError> {
    load_param_file_with(path, DuplicateKeys::Reject)
}

/// Reads at most [`MAX_FILE_BYTES`] bytes of `path` (any kind of file).
fn read_bounded(path: &Path, source_name: &str) -> Result<Vec<u8>, IoError> {
    use std::io::Read;
    let io_error = |error: std::io::Error| IoError::Io {
        source_name: source_name.to_string(),
        kind: error.kind(),
        message: error.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    // a regular file's size is known: refuse it before reading, else read it into a
    // buffer of its size
    let mut size = 0;
    if let Ok(meta) = file.metadata()
        && meta.is_file()
    {
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large(source_name));
        }
        size = usize::try_from(meta.len()).unwrap_or(0);
    }
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(source_name));
    }
    Ok(bytes)
}

/// The parser's limits: generous enough for every text of at most [`MAX_FILE_BYTES`]
/// made of numbers (every YAML node takes at least one byte of text), with the default
/// limits on nesting depth, aliases and anchors (alias bombs).
fn budget() -> serde_saphyr::Budget {
    let bytes = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let mut b = serde_saphyr::Budget::default();
    b.max_nodes = bytes;
    b.max_events = bytes.saturating_mul(2);
    b.max_total_scalar_bytes = bytes;
    b.max_reader_input_bytes = Some(bytes);
    b
}

/// Names the limit a budget breach exceeded.
fn breach_limit(breach: &serde_saphyr::budget::BudgetBreach) -> (String, String) {
    use serde_saphyr::budget::BudgetBreach as B;
    let b = budget();
    match breach {
        B::Nodes { .. } => (
            "the number of YAML nodes (values, lists and mappings)".into(),
            b.max_nodes.to_string(),
        ),
        B::Events { .. } => (
            "the number of YAML parser events".into(),
            b.max_events.to_string(),
        ),
        B::Depth { .. } => ("the nesting depth".into(), b.max_depth.to_string()),
        B::ScalarBytes { .. } => (
            "the total length of the values".into(),
            format!("{} bytes", b.max_total_scalar_bytes),
        ),
        B::Aliases { .. } => (
            "the number of aliases (*name)".into(),
            b.max_aliases.to_string(),
        ),
        B::Anchors { .. } => (
            "the number of anchors (&name)".into(),
            b.max_anchors.to_string(),
        ),
        B::Documents { .. } => (
            "the number of YAML documents".into(),
            b.max_documents.to_string(),
        ),
        other => (
            format!("a YAML parser limit ({other:?})"),
            "the parser's default".into(),
        ),
    }
}

/// What a key repeated in one mapping with a different value means.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::{DuplicateKeys, parse_param_str, parse_param_str_with};
/// let text = "C: 250\nC: 1\n";
/// assert!(parse_param_str(text, "x.yaml").is_err());
/// let p = parse_param_str_with(text, "x.yaml", DuplicateKeys::LastWins)?;
/// assert_eq!(p.get::<f64>("C")?, 1.0);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DuplicateKeys {
    /// An error ([`IoError::DuplicateKey`]) naming the key and both lines (the default of
    /// [`load_param_file`] and [`parse_param_str`]); a repeat with the identical value
    /// is accepted and listed by [`ParamMap::duplicate_keys`].
    #[default]
    Reject,
    /// PyYAML's (and so NNMT's) reading: the last value wins, the key keeps its first
    /// position and is listed by [`ParamMap::duplicate_keys`]. For reading NNMT files
    /// exactly as NNMT does (one of NNMT's own fixtures, with a DC input, gives `C` twice
    /// with different values).
    LastWins,
}

/// [`load_param_file`] with a choice of what a repeated key means.
///
/// # Errors
/// As [`load_param_file`]; with [`DuplicateKeys::LastWins`] never
/// [`IoError::DuplicateKey`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::{DuplicateKeys, load_param_file_with};
/// use nnmt::units::*;
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let p = load_param_file_with(
///     format!("{dir}/tests/data/nnmt-params/fixtures/integration/config/lif_exp/firing_rates_with_external_dc_current.yaml"),
///     DuplicateKeys::LastWins,
/// )?;
/// assert_eq!(p.get::<Capacitance>("C")?, Capacitance::new::<picofarad>(1.0));
/// # Ok(()) }
/// ```
pub fn load_param_file_with(
    path: impl AsRef<Path>,
    duplicates: DuplicateKeys,
) -> Result<ParamMap, IoError> {
    let path = path.as_ref();
    let source_name = path.display().to_string();
    let bytes = read_bounded(path, &source_name)?;
    match std::str::from_utf8(&bytes) {
        Ok(text) => parse_param_str_with(text, &source_name, duplicates),
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            Err(IoError::Yaml {
                source_name,
                line: Some(line),
                column: None,
                message: format!(
                    "the file is not valid UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            })
        }
    }
}

/// Parses the text of an NNMT parameter file; `source_name` is used in error messages.
///
/// # Errors
/// [`IoError::Empty`] for a document without parameters, [`IoError::Yaml`] for malformed
/// YAML (with line and column), [`IoError::NotAMapping`] if the top level is not a mapping,
/// and, naming the key and its line, [`IoError::UnknownUnit`], [`IoError::WrongShape`] (ragged or too
/// deeply nested lists, malformed `{val, unit}` mappings), [`IoError::NonFinite`] and
/// [`IoError::NotANumber`]; [`IoError::DuplicateKey`] for a key repeated in one mapping
/// with a different value; [`IoError::TooLarge`] for a text longer than
/// [`MAX_FILE_BYTES`] or one past a limit of the YAML parser.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::pop::PopMatrix;
/// let p = parse_param_str("K: [[100, 25], [100, 25]]\ng: 4.0\n", "inline.yaml")?;
/// assert_eq!(p.get::<PopMatrix<f64>>("K")?.get(1, 1), Some(25.0));
/// assert_eq!(p.get::<f64>("g")?, 4.0);
/// assert!(parse_param_str("tau_m: {val: 10, unit: fortnight}", "x.yaml").is_err());
/// # Ok(()) }
/// ```
pub fn parse_param_str(text: &str, source_name: &str) -> Result<ParamMap, IoError> {
    parse_param_str_with(text, source_name, DuplicateKeys::Reject)
}

/// [`parse_param_str`] with a choice of what a repeated key means.
///
/// # Errors
/// As [`parse_param_str`]; with [`DuplicateKeys::LastWins`] never
/// [`IoError::DuplicateKey`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::{DuplicateKeys, parse_param_str_with};
/// let p = parse_param_str_with("g: 4\ng: 5\n", "x.yaml", DuplicateKeys::LastWins)?;
/// assert_eq!((p.get::<f64>("g")?, p.duplicate_keys()), (5.0, &["g".to_string()][..]));
/// # Ok(()) }
/// ```
pub fn parse_param_str_with(
    text: &str,
    source_name: &str,
    duplicates: DuplicateKeys,
) -> Result<ParamMap, IoError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(source_name));
    }
    // The fast path: one-line flow lists of numbers are parsed directly and the YAML
    // parser reads the rest (see `super::fast`). It gives the tree the YAML parser would
    // give; where it cannot be sure of that, and for every error (so that errors, their
    // lines and columns are those of the full YAML reading), the text is read again by
    // the YAML parser alone.
    if let Some(prepared) = super::fast::prepare(text)
        && let Ok(root) = parse_tree(&prepared.text)
        && let Some(root) = prepared.substitute(root)
        && let Ok(map) = convert_root(root, source_name, duplicates)
    {
        return Ok(map);
    }
    let root = parse_tree(text).map_err(|e| yaml_error(e, source_name))?;
    convert_root(root, source_name, duplicates)
}

/// Parses YAML text into a [`Node`] tree with the reader's options.
pub(super) fn parse_tree(text: &str) -> Result<Node, serde_saphyr::Error> {
    let mut opts = serde_saphyr::Options::default();
    opts.budget = Some(budget());
    opts.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    opts.with_snippet = false;
    // Repeated keys reach `build_map`, which accepts a repeat with the identical value
    // (three of NNMT's own files repeat a key, `C`, `J`) and refuses a different one.
    opts.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    // YAML 1.2 core booleans only: otherwise `N` (the neuron-count key of NNMT's
    // files) and `y`/`n`/`on`/`off` would be read as booleans.
    opts.strict_booleans = true;
    serde_saphyr::from_str_with_options(text, opts)
}

/// The [`IoError`] of a YAML parser error.
pub(super) fn yaml_error(e: serde_saphyr::Error, source_name: &str) -> IoError {
    match e {
        serde_saphyr::Error::Eof { .. } => IoError::Empty {
            source_name: source_name.to_string(),
        },
        serde_saphyr::Error::Budget { breach, .. } => {
            let (what, limit) = breach_limit(&breach);
            IoError::TooLarge {
                source_name: source_name.to_string(),
                what,
                limit,
            }
        }
        e => {
            let loc = e.location().filter(|l| l.line() > 0);
            let mut message = e.to_string();
            if let Some(l) = loc {
                let suffix = format!(" at line {}, column {}", l.line(), l.column());
                if let Some(stripped) = message.strip_suffix(&suffix) {
                    message = stripped.to_string();
                }
            }
            // Drop advice aimed at programmers using serde-saphyr.
            for hint in [
                ", set DuplicateKeyPolicy in Options if acceptable",
                "; use from_str_multiple or from_str_multiple_with_options",
            ] {
                message = message.replace(hint, "");
            }
            IoError::Yaml {
                source_name: source_name.to_string(),
                line: loc.map(|l| l.line()),
                column: loc.map(|l| l.column()),
                message,
            }
        }
    }
}

/// Converts the document's root node into a [`ParamMap`].
pub(super) fn convert_root(
    root: Node,
    source_name: &str,
    duplicates: DuplicateKeys,
) -> Result<ParamMap, IoError> {
    match root {
        Node::Map(entries) => build_map(entries, source_name, "", duplicates),
        Node::Null => Err(IoError::Empty {
            source_name: source_name.to_string(),
        }),
        other => Err(IoError::NotAMapping {
            source_name: source_name.to_string(),
            found: other.describe(),
        }),
    }
}

/// Conversion context: where we are, for error messages.
struct Ctx<'a> {
    source: &'a str,
    key: &'a str,
    line: Option<u64>,
    policy: DuplicateKeys,
}

impl Ctx<'_> {
    fn shape(&self, expected: impl Into<String>, found: impl Into<String>) -> IoError {
        IoError::WrongShape {
            source_name: self.source.to_string(),
            key: self.key.to_string(),
            line: self.line,
            expected: expected.into(),
            found: found.into(),
        }
    }
    fn nan(&self, found: impl Into<String>) -> IoError {
        IoError::NotANumber {
            source_name: self.source.to_string(),
            key: self.key.to_string(),
            line: self.line,
            found: found.into(),
        }
    }
}

fn key_to_string(k: &Node) -> Option<String> {
    match k {
        Node::Str(s) => Some(s.clone()),
        Node::Int(i) => Some(i.to_string()),
        Node::Float(f) => Some(f.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        Node::Null => Some("null".to_string()),
        Node::Seq(_) | Node::Nums(_) | Node::Map(_) => None,
    }
}

fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Converts a YAML mapping node's entries into a `ParamMap`.
fn build_map(
    entries: Vec<(Node, Option<u64>, Node)>,
    source: &str,
    path: &str,
    policy: DuplicateKeys,
) -> Result<ParamMap, IoError> {
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut duplicates: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::with_capacity(entries.len());
    for (k, line, v) in entries {
        let Some(key) = key_to_string(&k) else {
            let place = if path.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in '{path}'")
            };
            return Err(IoError::Yaml {
                source_name: source.to_string(),
                line,
                column: None,
                message: format!(
                    "a mapping key {place} is {}; keys must be strings or numbers",
                    k.describe()
                ),
            });
        };
        let full = join_path(path, &key);
        let value = convert_value(v, source, &full, line, policy)?;
        // A repeated key with the identical value is recorded (NNMT's own files have
        // such repeats); with a different value it is an error (PyYAML would silently
        // keep the later value).
        match index.get(&key).and_then(|&i| out.get_mut(i)) {
            Some(slot) if policy == DuplicateKeys::LastWins => {
                slot.value = value;
                slot.line = line;
                if !duplicates.contains(&key) {
                    duplicates.push(key);
                }
            }
            Some(slot) => {
                if slot.value != value {
                    return Err(IoError::DuplicateKey {
                        source_name: source.to_string(),
                        key: full,
                        first_line: slot.line,
                        line,
                    });
                }
                if !duplicates.contains(&key) {
                    duplicates.push(key);
                }
            }
            None => {
                index.insert(key.clone(), out.len());
                out.push(Entry { key, value, line });
            }
        }
    }
    Ok(ParamMap {
        source_name: source.to_string(),
        path: path.to_string(),
        entries: out,
        index,
        duplicates,
    })
}

fn convert_value(
    node: Node,
    source: &str,
    key: &str,
    line: Option<u64>,
    policy: DuplicateKeys,
) -> Result<ParamValue, IoError> {
    let ctx = Ctx {
        source,
        key,
        line,
        policy,
    };
    match node {
        Node::Null => Ok(ParamValue::Null),
        Node::Bool(b) => Ok(ParamValue::Bool(b)),
        Node::Str(s) => Ok(ParamValue::Str(s)),
        n @ (Node::Int(_) | Node::Float(_) | Node::Nums(_)) => {
            Ok(ParamValue::Number(to_array(&n, 1.0, &ctx)?))
        }
        Node::Seq(items) => {
            if !items.is_empty() && items.iter().all(|x| matches!(x, Node::Str(_))) {
                let strings = items
                    .into_iter()
                    .filter_map(|x| match x {
                        Node::Str(s) => Some(s),
                        _ => None,
                    })
                    .collect();
                return Ok(ParamValue::Strings(strings));
            }
            let seq = Node::Seq(items);
            Ok(ParamValue::Number(to_array(&seq, 1.0, &ctx)?))
        }
        Node::Map(entries) => {
            let has = |name: &str| {
                entries
                    .iter()
                    .any(|(k, _, _)| matches!(k, Node::Str(s) if s == name))
            };
            match (has("val"), has("unit")) {
                (true, true) => convert_quantity(entries, &ctx),
                (true, false) => {
                    // NNMT: a dict with `val` but without `unit` is its unitless `val`.
                    let mut val = None;
                    for (k, l, v) in entries {
                        if matches!(&k, Node::Str(s) if s == "val") {
                            set_once(&mut val, v, l, &k, &ctx)?;
                        }
                    }
                    let val = val.map_or(Node::Null, |(v, _)| v);
                    convert_value(val, source, key, line, policy)
                }
                _ => Ok(ParamValue::Map(build_map(entries, source, key, policy)?)),
            }
        }
    }
}

/// Stores the value of key `k` of a quantity mapping in `slot`: a repeat with the identical
/// value is accepted, one with a different value is an [`IoError::DuplicateKey`].
fn set_once(
    slot: &mut Option<(Node, Option<u64>)>,
    v: Node,
    line: Option<u64>,
    k: &Node,
    ctx: &Ctx<'_>,
) -> Result<(), IoError> {
    match slot {
        Some(old) if ctx.policy == DuplicateKeys::LastWins => *old = (v, line),
        Some((first, first_line)) => {
            if *first != v {
                return Err(IoError::DuplicateKey {
                    source_name: ctx.source.to_string(),
                    key: join_path(ctx.key, &key_to_string(k).unwrap_or_default()),
                    first_line: *first_line,
                    line,
                });
            }
        }
        None => *slot = Some((v, line)),
    }
    Ok(())
}

fn convert_quantity(
    entries: Vec<(Node, Option<u64>, Node)>,
    ctx: &Ctx<'_>,
) -> Result<ParamValue, IoError> {
    let mut val: Option<(Node, Option<u64>)> = None;
    let mut unit: Option<(Node, Option<u64>)> = None;
    for (k, line, v) in entries {
        let slot = match &k {
            Node::Str(s) if s == "val" => &mut val,
            Node::Str(s) if s == "unit" => &mut unit,
            other => {
                return Err(ctx.shape(
                    "a quantity mapping with exactly the keys 'val' and 'unit'",
                    format!(
                        "the extra key '{}'",
                        key_to_string(other).unwrap_or_else(|| other.describe())
                    ),
                ));
            }
        };
        set_once(slot, v, line, &k, ctx)?;
    }
    let (Some((val, _)), Some((unit, _))) = (val, unit) else {
        return Err(ctx.shape("keys 'val' and 'unit'", "an incomplete quantity"));
    };
    let unit_str = match unit {
        Node::Str(s) => s,
        other => {
            return Err(IoError::UnknownUnit {
                source_name: ctx.source.to_string(),
                key: ctx.key.to_string(),
                line: ctx.line,
                unit: key_to_string(&other).unwrap_or_default(),
                detail: format!("the unit must be a string, found {}", other.describe()),
            });
        }
    };
    let parsed = parse_unit(&unit_str).map_err(|e| IoError::UnknownUnit {
        source_name: ctx.source.to_string(),
        key: ctx.key.to_string(),
        line: ctx.line,
        unit: unit_str.clone(),
        detail: e.to_string(),
    })?;
    let values = to_array(&val, parsed.factor, ctx)?;
    Ok(ParamValue::Quantity {
        values,
        unit: parsed,
        unit_str,
    })
}

/// Shape of a nested list, following first elements.
fn probe_shape(node: &Node) -> Vec<usize> {
    let mut shape = Vec::new();
    let mut cur = node;
    loop {
        match cur {
            Node::Seq(items) => {
                shape.push(items.len());
                match items.first() {
                    Some(first) => cur = first,
                    None => break,
                }
            }
            Node::Nums(numbers) => {
                shape.push(numbers.len());
                break;
            }
            _ => break,
        }
    }
    shape
}

fn describe_index(index: &[usize]) -> String {
    let parts: Vec<String> = index.iter().map(ToString::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// Flattens a rectangular nested list of the given shape, checking every element
/// (number, finite, finite after multiplying by `factor`).
fn flatten(
    node: &Node,
    shape: &[usize],
    factor: f64,
    index: &mut Vec<usize>,
    out: &mut Vec<f64>,
    ctx: &Ctx<'_>,
) -> Result<(), IoError> {
    let push = |v: f64, index: &[usize], out: &mut Vec<f64>| {
        if !(v.is_finite() && (v * factor).is_finite()) {
            return Err(IoError::NonFinite {
                source_name: ctx.source.to_string(),
                key: ctx.key.to_string(),
                line: ctx.line,
                index: index.to_vec(),
            });
        }
        out.push(v);
        Ok(())
    };
    match (shape.split_first(), node) {
        (None, n) => match n.as_number() {
            Some(v) => push(v, index, out),
            None if matches!(n, Node::Seq(_) | Node::Nums(_)) => Err(ctx.shape(
                "a rectangular (non-ragged) nested list",
                format!(
                    "a list at index {} where a number was expected",
                    describe_index(index)
                ),
            )),
            None if index.is_empty() => Err(ctx.nan(n.describe())),
            None => Err(ctx.nan(format!(
                "{} at index {}",
                n.describe(),
                describe_index(index)
            ))),
        },
        (Some((&len, rest)), Node::Seq(items)) => {
            if items.len() != len {
                return Err(ctx.shape(
                    "a rectangular (non-ragged) nested list",
                    format!(
                        "a list of length {} at index {} where length {len} was expected",
                        items.len(),
                        describe_index(index)
                    ),
                ));
            }
            for (i, item) in items.iter().enumerate() {
                index.push(i);
                flatten(item, rest, factor, index, out, ctx)?;
                index.pop();
            }
            Ok(())
        }
        (Some((&len, rest)), Node::Nums(numbers)) => {
            if numbers.len() != len {
                return Err(ctx.shape(
                    "a rectangular (non-ragged) nested list",
                    format!(
                        "a list of length {} at index {} where length {len} was expected",
                        numbers.len(),
                        describe_index(index)
                    ),
                ));
            }
            if !rest.is_empty() && !numbers.is_empty() {
                index.push(0);
                let found = format!(
                    "a number at index {} where a list was expected",
                    describe_index(index)
                );
                return Err(ctx.shape("a rectangular (non-ragged) nested list", found));
            }
            // the common case at once; element by element to name a non-finite one
            if numbers
                .iter()
                .all(|&v| v.is_finite() && (v * factor).is_finite())
            {
                out.extend_from_slice(numbers);
                return Ok(());
            }
            for (i, &v) in numbers.iter().enumerate() {
                index.push(i);
                push(v, index, out)?;
                index.pop();
            }
            Ok(())
        }
        (Some(_), n) => Err(ctx.shape(
            "a rectangular (non-ragged) nested list",
            format!(
                "{} at index {} where a list was expected",
                n.describe(),
                describe_index(index)
            ),
        )),
    }
}

/// Converts a number or (nested) list of numbers; `factor` is the SI factor of
/// its unit (values must stay finite after conversion).
fn to_array(node: &Node, factor: f64, ctx: &Ctx<'_>) -> Result<Array, IoError> {
    let shape = probe_shape(node);
    if shape.len() > 3 {
        return Err(ctx.shape(
            "a number or a list nested at most 3 levels deep",
            format!("a list nested {} levels deep", shape.len()),
        ));
    }
    let mut flat = Vec::with_capacity(count_numbers(node));
    flatten(node, &shape, factor, &mut Vec::new(), &mut flat, ctx)?;
    Ok(Array { shape, flat })
}

/// Number of number nodes in `node` (the size of a rectangular list; bounded by the
/// numbers actually there, unlike the product of a ragged list's probed shape).
fn count_numbers(node: &Node) -> usize {
    match node {
        Node::Int(_) | Node::Float(_) => 1,
        Node::Nums(numbers) => numbers.len(),
        Node::Seq(items) => items.iter().map(count_numbers).sum(),
        _ => 0,
    }
}

impl ParamMap {
    fn entry(&self, key: &str) -> Option<&Entry> {
        self.index.get(key).and_then(|&i| self.entries.get(i))
    }

    /// Keys of this map that occur more than once in the file with the identical value,
    /// in order of first occurrence (a repeat with a different value is an
    /// [`IoError::DuplicateKey`] when the file is read). A caller may want to warn about
    /// these.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::parse_param_str;
    /// let p = parse_param_str("C: 1\nC: 1\n", "inline.yaml")?;
    /// assert_eq!(p.duplicate_keys(), ["C"]);
    /// assert_eq!(p.get::<f64>("C")?, 1.0);
    /// let err = parse_param_str("C: 1\nC: 2\n", "inline.yaml").unwrap_err();
    /// assert!(err.to_string().contains("key 'C' is repeated with a different value"));
    /// # Ok(()) }
    /// ```
    pub fn duplicate_keys(&self) -> &[String] {
        &self.duplicates
    }

    /// The file path or source name this map was read from.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("g: 4\n", "inline.yaml")?;
    /// assert_eq!(p.source_name(), "inline.yaml");
    /// # Ok(()) }
    /// ```
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// Number of parameters.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("g: 4\nw: 1\n", "inline.yaml")?;
    /// assert_eq!(p.len(), 2);
    /// # Ok(()) }
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` if there are no parameters.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// assert!(nnmt::io::parse_param_str("{}", "inline.yaml")?.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What the file contains under `key`, if present (read numbers with
    /// [`get`](Self::get)).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::{ParamValue, parse_param_str};
    /// let p = parse_param_str("delay_dist: none\n", "inline.yaml")?;
    /// assert_eq!(p.raw("delay_dist"), Some(&ParamValue::Str("none".into())));
    /// assert_eq!(p.raw("d_e"), None);
    /// # Ok(()) }
    /// ```
    pub fn raw(&self, key: &str) -> Option<&ParamValue> {
        self.entry(key).map(|e| &e.value)
    }

    /// The 1-based line of `key` in the file (of its last occurrence), if the key is
    /// present and its position known.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("g: 4\n\ntau_m:\n  val: 10\n  unit: ms\n", "x.yaml")?;
    /// assert_eq!(p.line("tau_m"), Some(3));
    /// # Ok(()) }
    /// ```
    pub fn line(&self, key: &str) -> Option<u64> {
        self.entry(key).and_then(|e| e.line)
    }

    /// `true` if `key` is present.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("g: 4\n", "inline.yaml")?;
    /// assert!(p.contains_key("g") && !p.contains_key("w"));
    /// # Ok(()) }
    /// ```
    pub fn contains_key(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    /// All (key, value) pairs in file order.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("g: 4\nw: 1\n", "inline.yaml")?;
    /// assert_eq!(p.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["g", "w"]);
    /// # Ok(()) }
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ParamValue)> {
        self.entries.iter().map(|e| (e.key.as_str(), &e.value))
    }

    /// All keys in file order.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("g: 4\nw: 1\n", "inline.yaml")?;
    /// assert_eq!(p.keys().last(), Some("w"));
    /// # Ok(()) }
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.key.as_str())
    }

    /// The unit string of `key` as written in the file (NNMT's `input_units`),
    /// if it is a quantity.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("k_min: {val: 1, unit: 1/mm}\n", "inline.yaml")?;
    /// assert_eq!(p.unit_str("k_min"), Some("1/mm"));
    /// # Ok(()) }
    /// ```
    pub fn unit_str(&self, key: &str) -> Option<&str> {
        match self.raw(key) {
            Some(ParamValue::Quantity { unit_str, .. }) => Some(unit_str),
            _ => None,
        }
    }

    /// The key path of `key` in the file (`outer.inner` in a nested map).
    pub(crate) fn full_key(&self, key: &str) -> String {
        join_path(&self.path, key)
    }

    /// A [`IoError::WrongShape`] about `key`, naming the file, the key and its line.
    pub(crate) fn wrong_shape(&self, key: &str, expected: &str, found: String) -> IoError {
        IoError::WrongShape {
            source_name: self.source_name.clone(),
            key: self.full_key(key),
            line: self.line(key),
            expected: expected.to_string(),
            found,
        }
    }

    /// A [`IoError::MissingKey`] about `key`.
    pub(crate) fn missing(&self, key: &str) -> IoError {
        IoError::MissingKey {
            source_name: self.source_name.clone(),
            key: self.full_key(key),
        }
    }

    /// The value of `key` as in the file, or [`IoError::MissingKey`].
    ///
    /// # Errors
    /// [`IoError::MissingKey`] if `key` is absent.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("g: 4\n", "inline.yaml")?;
    /// assert_eq!(p.value("g")?.describe(), "a single number without unit");
    /// assert!(p.value("w").is_err());
    /// # Ok(()) }
    /// ```
    pub fn value(&self, key: &str) -> Result<&ParamValue, IoError> {
        self.raw(key).ok_or_else(|| self.missing(key))
    }

    /// The value of `key` as a `T`: a quantity (`Time`, `ElectricPotential`, ..., or `f64`
    /// for a pure number), a list `Vec<Q>`, a [`PerPopulation<Q>`], a [`PopMatrix<Q>`], a
    /// `Vec<PopMatrix<Q>>` or a [`Shaped<Q>`] (see [`FromParam`]).
    ///
    /// The unit in the file must have the dimension of `Q`: the exponents of its SI base
    /// units are compared with those of the uom type ([`FileQuantity::EXPONENTS`]), so the
    /// dimension is stated once, by the type asked for. A number without unit is a pure
    /// number and is read as `f64`. The value is converted with the unit's SI factor.
    ///
    /// # Errors
    /// Each naming the file, the key and the line of the key:
    /// - [`IoError::MissingKey`] if `key` is absent;
    /// - [`IoError::WrongDimension`] if the unit has another dimension than `Q` (or the
    ///   value has no unit and `Q` is not a pure number, or the other way round);
    /// - [`IoError::WrongShape`] if the value is not a number or not of the shape `T`
    ///   asks for (a list where a single value is asked for, a string, ...).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::parse_param_str;
    /// use nnmt::pop::PopMatrix;
    /// use nnmt::units::*;
    /// let p = parse_param_str(
    ///     "tau_m: {val: 10, unit: ms}\nK: [[100, 25], [100, 25]]\n",
    ///     "net.yaml",
    /// )?;
    /// assert_eq!(p.get::<Time>("tau_m")?, Time::new::<millisecond>(10.0));
    /// assert_eq!(p.get::<PopMatrix<f64>>("K")?.get(0, 1), Some(25.0));
    /// let err = p.get::<ElectricPotential>("tau_m").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "net.yaml:1: key 'tau_m': expected a voltage (V), found unit 'ms' (a time, s)"
    /// );
    /// # Ok(()) }
    /// ```
    pub fn get<T: FromParam>(&self, key: &str) -> Result<T, IoError> {
        let expected = <T::Element as FileQuantity>::EXPONENTS;
        let wrong_dimension = |found, unit: Option<&str>| IoError::WrongDimension {
            source_name: self.source_name.clone(),
            key: self.full_key(key),
            line: self.line(key),
            expected,
            found,
            unit: unit.map(str::to_string),
        };
        let (values, unit) = match self.value(key)? {
            ParamValue::Quantity {
                values,
                unit,
                unit_str,
            } => {
                if unit.exponents != expected {
                    return Err(wrong_dimension(unit.exponents, Some(unit_str)));
                }
                (values, *unit)
            }
            ParamValue::Number(values) => {
                if !expected.is_dimensionless() {
                    return Err(wrong_dimension(BaseExponents::NONE, None));
                }
                (values, Unit::ONE)
            }
            other => {
                return Err(self.wrong_shape(
                    key,
                    &format!("a numeric value ({})", expected.describe()),
                    other.describe(),
                ));
            }
        };
        T::from_array(values, &unit, &|want| {
            self.wrong_shape(key, want, values.describe())
        })
    }

    /// A per-population value of quantity `Q` for `n` populations: one value for all
    /// (broadcast) or a list of `n`.
    ///
    /// # Errors
    /// As [`get`](Self::get), and [`IoError::WrongShape`] for a list whose length is not
    /// `n`.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::parse_param_str;
    /// use nnmt::units::*;
    /// let p = parse_param_str("tau_m: {val: 10, unit: ms}\n", "net.yaml")?;
    /// let tau_m = p.per_population::<Time>("tau_m", 3)?;
    /// assert_eq!(tau_m.get(2), Some(Time::new::<millisecond>(10.0)));
    /// assert!(p.per_population::<ElectricPotential>("tau_m", 3).is_err());
    /// # Ok(()) }
    /// ```
    pub fn per_population<Q: FileQuantity>(
        &self,
        key: &str,
        n: usize,
    ) -> Result<PopVec<Q>, IoError> {
        match self.get::<PerPopulation<Q>>(key)? {
            PerPopulation::All(q) => Ok(PopVec::uniform(n, q)),
            PerPopulation::Each(v) if v.len() == n => Ok(v),
            PerPopulation::Each(v) => Err(self.wrong_shape(
                key,
                &format!("a single value or a list of {n} (one per population)"),
                format!("a list of {} values", v.len()),
            )),
        }
    }

    /// A string value (`delay_dist: none`).
    ///
    /// # Errors
    /// [`IoError::MissingKey`], or [`IoError::WrongShape`] if the value is not a string.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("delay_dist: none\n", "inline.yaml")?;
    /// assert_eq!(p.string("delay_dist")?, "none");
    /// # Ok(()) }
    /// ```
    pub fn string(&self, key: &str) -> Result<&str, IoError> {
        match self.value(key)? {
            ParamValue::Str(s) => Ok(s),
            other => Err(self.wrong_shape(key, "a string", other.describe())),
        }
    }

    /// A list of strings (`populations: [23E, 23I]`); an empty list is accepted.
    ///
    /// # Errors
    /// [`IoError::MissingKey`], or [`IoError::WrongShape`] if the value is not a list of
    /// strings.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("populations: [E, I]\n", "inline.yaml")?;
    /// assert_eq!(p.strings("populations")?, ["E", "I"]);
    /// # Ok(()) }
    /// ```
    pub fn strings(&self, key: &str) -> Result<&[String], IoError> {
        match self.value(key)? {
            ParamValue::Strings(v) => Ok(v),
            ParamValue::Number(a) if a.shape() == [0] => Ok(&[]),
            other => Err(self.wrong_shape(key, "a list of strings", other.describe())),
        }
    }

    /// A boolean value (`multapses: false`).
    ///
    /// # Errors
    /// [`IoError::MissingKey`], or [`IoError::WrongShape`] if the value is not a boolean.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let p = nnmt::io::parse_param_str("multapses: false\n", "inline.yaml")?;
    /// assert!(!p.boolean("multapses")?);
    /// # Ok(()) }
    /// ```
    pub fn boolean(&self, key: &str) -> Result<bool, IoError> {
        match self.value(key)? {
            ParamValue::Bool(b) => Ok(*b),
            other => Err(self.wrong_shape(key, "a boolean", other.describe())),
        }
    }

    /// A nested mapping.
    ///
    /// # Errors
    /// [`IoError::MissingKey`], or [`IoError::WrongShape`] if the value is not a mapping.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::units::*;
    /// let p = nnmt::io::parse_param_str("exc:\n  tau_m: {val: 10, unit: ms}\n", "x.yaml")?;
    /// assert_eq!(p.map("exc")?.get::<Time>("tau_m")?, Time::new::<millisecond>(10.0));
    /// # Ok(()) }
    /// ```
    pub fn map(&self, key: &str) -> Result<&ParamMap, IoError> {
        match self.value(key)? {
            ParamValue::Map(m) => Ok(m),
            other => Err(self.wrong_shape(key, "a mapping", other.describe())),
        }
    }
}

/// Iterator over the (key, value) pairs of a [`ParamMap`] in file order.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// let p = nnmt::io::parse_param_str("g: 4\nw: 1\n", "inline.yaml")?;
/// assert_eq!((&p).into_iter().count(), 2);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ParamIter<'a>(std::slice::Iter<'a, Entry>);

impl<'a> Iterator for ParamIter<'a> {
    type Item = (&'a str, &'a ParamValue);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (e.key.as_str(), &e.value))
    }
}

impl<'a> IntoIterator for &'a ParamMap {
    type Item = (&'a str, &'a ParamValue);
    type IntoIter = ParamIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        ParamIter(self.entries.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::Shaped;
    use crate::pop::PopMatrix;
    use crate::units::{Capacitance, ElectricCurrent, ElectricPotential, Frequency, SiValue, Time};
    use uom::si::{ISQ, Quantity, SI};
    use uom::typenum::{N1, Z0};

    /// m⁻¹
    type LinearNumberDensity = Quantity<ISQ<N1, Z0, Z0, Z0, Z0, Z0, Z0>, SI<f64>, f64>;

    fn si<Q: SiValue>(q: Q) -> f64 {
        q.to_si()
    }

    fn si_vec<Q: SiValue>(v: Vec<Q>) -> Vec<f64> {
        v.into_iter().map(si).collect()
    }

    fn si_rows<Q: SiValue>(m: PopMatrix<Q>) -> Vec<Vec<f64>> {
        (0..m.nrows())
            .filter_map(|i| m.row(i))
            .map(|r| r.iter().map(si).collect())
            .collect()
    }

    fn si_rows3<Q: SiValue>(t: Vec<PopMatrix<Q>>) -> Vec<Vec<Vec<f64>>> {
        t.into_iter().map(si_rows).collect()
    }

    const SRC: &str = "test_params.yaml";

    fn parse(text: &str) -> Result<ParamMap, IoError> {
        parse_param_str(text, SRC)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
    }

    #[track_caller]
    fn assert_msg(err: &IoError, key: Option<&str>, parts: &[&str]) {
        let msg = err.to_string();
        assert!(
            msg.starts_with(SRC),
            "message does not name the source: {msg}"
        );
        assert_eq!(err.source_name(), SRC);
        assert_eq!(err.key(), key, "{msg}");
        if let Some(k) = key {
            assert!(
                msg.contains(&format!("'{k}'")),
                "message does not name key {k}: {msg}"
            );
        }
        for p in parts {
            assert!(msg.contains(p), "message lacks {p:?}: {msg}");
        }
    }

    const EXAMPLE: &str = "\
populations: [23E, 23I]
tau_m:
  val: 10.0
  unit: ms
V_th_abs:
  val: [-50.0, -50.1]
  unit: mV
C: {val: 250, unit: pF}
K:
  - [2199.86, 1079.32]
  - [2990.01, 860.26]
g: 4.0
delay_dist: none
multapses: false
nothing:
counts: {val: [1, 2]}
k_min: {val: 1, unit: 1/mm}
nested:
  inner: {val: 2, unit: s}
  label: x
";

    #[test]
    fn example_document() {
        let p = parse(EXAMPLE).unwrap();
        let keys: Vec<&str> = p.keys().collect();
        assert_eq!(
            keys,
            [
                "populations",
                "tau_m",
                "V_th_abs",
                "C",
                "K",
                "g",
                "delay_dist",
                "multapses",
                "nothing",
                "counts",
                "k_min",
                "nested"
            ]
        );
        assert_eq!(p.strings("populations").unwrap(), ["23E", "23I"]);
        assert!(close(p.get::<Time>("tau_m").map(si).unwrap(), 0.01));
        let v = p
            .get::<Vec<ElectricPotential>>("V_th_abs")
            .map(si_vec)
            .unwrap();
        assert!(close(v[0], -0.05) && close(v[1], -0.0501));
        assert!(close(p.get::<Capacitance>("C").map(si).unwrap(), 2.5e-10));
        let k = p.get::<PopMatrix<f64>>("K").map(si_rows).unwrap();
        assert_eq!(k.len(), 2);
        assert!(close(k[1][0], 2990.01));
        assert!(close(p.get::<f64>("g").map(si).unwrap(), 4.0));
        assert_eq!(p.string("delay_dist").unwrap(), "none");
        assert!(!p.boolean("multapses").unwrap());
        assert_eq!(p.raw("nothing"), Some(&ParamValue::Null));
        assert_eq!(
            p.get::<Vec<f64>>("counts").map(si_vec).unwrap(),
            vec![1.0, 2.0]
        );
        assert!(close(
            p.get::<LinearNumberDensity>("k_min").map(si).unwrap(),
            1000.0
        ));
        assert_eq!(p.unit_str("k_min"), Some("1/mm"));
        let nested = p.map("nested").unwrap();
        assert!(close(nested.get::<Time>("inner").map(si).unwrap(), 2.0));
        assert_eq!(nested.string("label").unwrap(), "x");
        // nested keys are named by their path
        let e = nested
            .get::<ElectricPotential>("inner")
            .map(si)
            .unwrap_err();
        assert_msg(
            &e,
            Some("nested.inner"),
            &["expected a voltage (V)", "found unit 's' (a time, s)"],
        );
        assert_eq!(
            p.per_population::<Time>("tau_m", 3)
                .ok()
                .map(|v| si_vec(v.to_vec())),
            Some(vec![0.01; 3])
        );
        assert_eq!(p.iter().count(), 12);
        assert_eq!((&p).into_iter().count(), 12);
    }

    #[test]
    fn errors_name_file_key_and_line() {
        let p = parse(EXAMPLE).unwrap();
        assert_eq!(p.line("populations"), Some(1));
        assert_eq!(p.line("tau_m"), Some(2));
        assert_eq!(p.line("K"), Some(9));
        assert_eq!(p.line("nested"), Some(18));
        assert_eq!(p.map("nested").unwrap().line("inner"), Some(19));
        assert_eq!(p.line("absent"), None);
        let e = p.get::<ElectricPotential>("tau_m").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert_eq!(
            e.to_string(),
            "test_params.yaml:2: key 'tau_m': expected a voltage (V), found unit 'ms' (a time, s)"
        );
        let e = p.get::<f64>("V_th_abs").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("test_params.yaml:5: key 'V_th_abs'"),
            "{e}"
        );
        let e = p.get::<Time>("K").unwrap_err();
        assert!(
            e.to_string().starts_with("test_params.yaml:9: key 'K'"),
            "{e}"
        );
        let e = p.map("nested").unwrap().get::<Time>("label").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("test_params.yaml:20: key 'nested.label'"),
            "{e}"
        );
        // errors found while loading carry the line too
        let e = parse("a: 1\n\nK: [[1, 2], [3]]\n").unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
        assert!(
            e.to_string().starts_with("test_params.yaml:3: key 'K'"),
            "{e}"
        );
        let e = parse("a: 1\nb:\n  tau: {val: 1, unit: furlong}\n").unwrap_err();
        assert!(
            e.to_string().starts_with("test_params.yaml:3: key 'b.tau'"),
            "{e}"
        );
        let e = parse("a: 1\n[1, 2]: x\n").unwrap_err();
        assert!(matches!(e, IoError::Yaml { line: Some(2), .. }), "{e}");
        // a repeated key: the line of the value that is kept (PyYAML's reading), or both
        // lines in the error (the checked reading)
        let text = "a: 1\nb: 2\na: {val: 2, unit: ms}\n";
        let p = parse_param_str_with(text, "test_params.yaml", DuplicateKeys::LastWins).unwrap();
        assert_eq!(p.line("a"), Some(3));
        let e = parse(text).unwrap_err();
        assert_eq!(e.line(), Some(3));
        assert!(e.to_string().contains("(first at line 1)"), "{e}");
        // the missing key has no line
        assert_eq!(p.get::<Time>("c").unwrap_err().line(), None);
    }

    #[test]
    fn typed_shapes() {
        let p = parse(EXAMPLE).unwrap();
        assert_eq!(
            p.get::<PerPopulation<Time>>("tau_m").unwrap(),
            PerPopulation::All(Time::new::<crate::units::millisecond>(10.0))
        );
        let v = p
            .get::<PerPopulation<ElectricPotential>>("V_th_abs")
            .unwrap();
        assert!(matches!(v, PerPopulation::Each(ref e) if e.len() == 2));
        assert!(
            p.per_population::<ElectricPotential>("V_th_abs", 3)
                .is_err()
        );
        let k = p.get::<Shaped<f64>>("K").unwrap();
        assert_eq!(k.describe(), "a 2x2 matrix");
        match p.get::<Shaped<f64>>("counts").unwrap() {
            Shaped::List(v) => assert_eq!(v, [1.0, 2.0]),
            other => panic!("{other:?}"),
        }
        let p = parse("D: {val: [[[1, 2, 3], [4, 5, 6]]], unit: ms}\n").unwrap();
        let d = p.get::<Vec<PopMatrix<Time>>>("D").unwrap();
        assert_eq!((d.len(), d[0].nrows(), d[0].ncols()), (1, 2, 3));
        assert!(close(si(d[0].get(1, 2).unwrap()), 6e-3));
        assert_eq!(
            p.get::<Shaped<Time>>("D").unwrap().describe(),
            "a 1x2x3 array"
        );
        // a plain number is a pure number only
        let p = parse("g: 4\n").unwrap();
        assert!(close(p.get::<f64>("g").unwrap(), 4.0));
        assert!(matches!(
            p.get::<Time>("g"),
            Err(IoError::WrongDimension { unit: None, .. })
        ));
    }

    #[test]
    fn wrong_dimension_message() {
        let p = parse("tau_m: {val: 10.0, unit: mV}\n").unwrap();
        let e = p.get::<Time>("tau_m").map(si).unwrap_err();
        assert_eq!(
            e.to_string(),
            "test_params.yaml:1: key 'tau_m': expected a time (s), found unit 'mV' (a voltage, V)"
        );
        assert!(matches!(
            e,
            IoError::WrongDimension { expected, found, ref unit, .. }
                if expected == Time::EXPONENTS
                    && found == ElectricPotential::EXPONENTS
                    && unit.as_deref() == Some("mV")
        ));
    }

    #[test]
    fn plain_number_for_dimensionful_key() {
        let p = parse("V_th_abs: -50.0\nI: {val: 1, unit: 'pA * ms / ms'}\n").unwrap();
        let e = p.get::<ElectricPotential>("V_th_abs").map(si).unwrap_err();
        assert_msg(
            &e,
            Some("V_th_abs"),
            &[
                "expected a quantity with unit of dimension V",
                "found a plain number",
            ],
        );
        // dimensionless requested, dimensionful found
        let e = p.get::<f64>("I").map(si).unwrap_err();
        assert_msg(
            &e,
            Some("I"),
            &["expected a dimensionless number", "(a current, A)"],
        );
        assert!(close(p.get::<ElectricCurrent>("I").map(si).unwrap(), 1e-12));
        // unnamed dimensions are written in base units
        let p = parse("x: {val: 1, unit: mV ms}\n").unwrap();
        let e = p.get::<Frequency>("x").map(si).unwrap_err();
        assert_msg(
            &e,
            Some("x"),
            &["a frequency (Hz)", "dimension kg m^2 s^-2 A^-1"],
        );
    }

    #[test]
    fn unknown_unit() {
        let e = parse("tau_m: {val: 10.0, unit: furlong}\n").unwrap_err();
        assert_msg(
            &e,
            Some("tau_m"),
            &[
                "cannot parse unit 'furlong'",
                "'furlong' is not a known unit",
            ],
        );
        let e = parse("tau_m: {val: 10.0, unit: mv}\n").unwrap_err();
        assert_msg(&e, Some("tau_m"), &["did you mean 'mV'"]);
        let e = parse("tau_m: {val: 10.0, unit: ''}\n").unwrap_err();
        assert_msg(&e, Some("tau_m"), &["empty"]);
        let e = parse("tau_m: {val: 10.0, unit: 3}\n").unwrap_err();
        assert_msg(&e, Some("tau_m"), &["must be a string"]);
        let e = parse("tau_m: {val: 10.0, unit: ms/}\n").unwrap_err();
        assert!(matches!(e, IoError::UnknownUnit { .. }));
        assert_msg(&e, Some("tau_m"), &["syntax error"]);
    }

    #[test]
    fn wrong_shape() {
        let p = parse(EXAMPLE).unwrap();
        let e = p.get::<ElectricPotential>("V_th_abs").map(si).unwrap_err();
        assert_msg(
            &e,
            Some("V_th_abs"),
            &["expected a single number", "a list of 2 numbers"],
        );
        let e = p.get::<Vec<f64>>("K").map(si_vec).unwrap_err();
        assert_msg(
            &e,
            Some("K"),
            &["expected a list of numbers", "a 2x2 matrix"],
        );
        let e = p.get::<PopMatrix<Time>>("tau_m").map(si_rows).unwrap_err();
        assert_msg(&e, Some("tau_m"), &["a matrix", "a single number"]);
        let e = p.string("tau_m").unwrap_err();
        assert_msg(&e, Some("tau_m"), &["expected a string", "with unit 'ms'"]);
        let e = p.strings("delay_dist").unwrap_err();
        assert_msg(
            &e,
            Some("delay_dist"),
            &["a list of strings", "the string 'none'"],
        );
        let e = p.get::<f64>("populations").map(si).unwrap_err();
        assert_msg(
            &e,
            Some("populations"),
            &["a numeric value", "a list of 2 strings"],
        );
        let e = p.boolean("g").unwrap_err();
        assert_msg(&e, Some("g"), &["a boolean"]);
        // ragged lists
        let e = parse("K: [[1, 2], [3]]\n").unwrap_err();
        assert!(matches!(e, IoError::WrongShape { .. }), "{e}");
        assert_msg(&e, Some("K"), &["rectangular", "length 1 at index [1]"]);
        let e = parse("K: [[1, 2], 3]\n").unwrap_err();
        assert_msg(&e, Some("K"), &["rectangular", "where a list was expected"]);
        let e = parse("K: [1, [2, 3]]\n").unwrap_err();
        assert_msg(
            &e,
            Some("K"),
            &["rectangular", "where a number was expected"],
        );
        // too deep
        let e = parse("D: {val: [[[[1]]]], unit: ms}\n").unwrap_err();
        assert_msg(&e, Some("D"), &["at most 3 levels", "nested 4 levels deep"]);
        // extra key in a quantity
        let e = parse("tau: {val: 1, unit: ms, comment: x}\n").unwrap_err();
        assert_msg(
            &e,
            Some("tau"),
            &["exactly the keys 'val' and 'unit'", "'comment'"],
        );
    }

    #[test]
    fn three_dimensional_and_empty_arrays() {
        let p = parse("D: {val: [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]], unit: ms}\nE: []\nF: [[], []]\n").unwrap();
        let d = p.get::<Vec<PopMatrix<Time>>>("D").map(si_rows3).unwrap();
        assert_eq!(d.len(), 3);
        assert!(close(d[2][1][0], 0.011));
        match p.raw("D") {
            Some(ParamValue::Quantity { values, .. }) => assert_eq!(values.shape(), vec![3, 2, 2]),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            p.get::<Vec<f64>>("E").map(si_vec).unwrap(),
            Vec::<f64>::new()
        );
        assert!(p.strings("E").unwrap().is_empty());
        assert_eq!(
            p.get::<PopMatrix<f64>>("F").map(si_rows).unwrap(),
            vec![Vec::<f64>::new(); 2]
        );
    }

    #[test]
    fn missing_key() {
        let p = parse(EXAMPLE).unwrap();
        let e = p.get::<Time>("tau_s").map(si).unwrap_err();
        assert!(matches!(e, IoError::MissingKey { .. }));
        assert_msg(&e, Some("tau_s"), &["missing required key 'tau_s'"]);
        let e = p.map("nested").unwrap().string("absent").unwrap_err();
        assert_msg(&e, Some("nested.absent"), &["missing"]);
    }

    #[test]
    fn malformed_yaml() {
        let e = parse("tau_m:\n  val: [1, 2\n  unit: ms\n").unwrap_err();
        match &e {
            IoError::Yaml { line, .. } => assert!(line.is_some(), "{e}"),
            other => panic!("{other:?}"),
        }
        assert!(
            e.to_string()
                .starts_with("test_params.yaml: malformed YAML at line"),
            "{e}"
        );
        let e = parse("a: b: c\n").unwrap_err();
        assert!(matches!(e, IoError::Yaml { .. }), "{e}");
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let text = "a: 1\nb: x\na: {val: 2, unit: ms}\nn:\n  c: 1\n  c: 2\n";
        assert!(matches!(
            parse(text),
            Err(IoError::DuplicateKey {
                first_line: Some(1),
                line: Some(3),
                ..
            })
        ));
        let p = parse_param_str_with(text, "test_params.yaml", DuplicateKeys::LastWins).unwrap();
        assert_eq!(p.keys().collect::<Vec<_>>(), ["a", "b", "n"]);
        assert!(close(p.get::<Time>("a").map(si).unwrap(), 2e-3));
        assert_eq!(p.duplicate_keys(), ["a"]);
        let n = p.map("n").unwrap();
        assert_eq!(n.duplicate_keys(), ["c"]);
        assert!(close(n.get::<f64>("c").map(si).unwrap(), 2.0));
    }

    #[test]
    fn not_a_mapping_and_empty() {
        let e = parse("- 1\n- 2\n").unwrap_err();
        assert!(matches!(e, IoError::NotAMapping { .. }), "{e}");
        assert!(e.to_string().contains("found a list"), "{e}");
        let e = parse("just a string\n").unwrap_err();
        assert!(matches!(e, IoError::NotAMapping { .. }), "{e}");
        for empty in ["", "   \n\n", "# only a comment\n", "---\n", "~\n"] {
            let e = parse(empty).unwrap_err();
            assert!(matches!(e, IoError::Empty { .. }), "{empty:?}: {e}");
            assert_eq!(
                e.to_string(),
                "test_params.yaml: the file is empty (no parameters)"
            );
        }
        // an explicit empty mapping is a valid (empty) parameter set
        assert!(parse("{}\n").unwrap().is_empty());
    }

    #[test]
    fn non_finite() {
        let e = parse("tau_m: {val: .nan, unit: ms}\n").unwrap_err();
        assert!(
            matches!(e, IoError::NonFinite { ref index, .. } if index.is_empty()),
            "{e}"
        );
        assert_msg(&e, Some("tau_m"), &["not finite"]);
        let e = parse("K: [[1, 2], [3, .inf]]\n").unwrap_err();
        assert!(
            matches!(e, IoError::NonFinite { ref index, .. } if *index == [1, 1]),
            "{e}"
        );
        assert_msg(&e, Some("K"), &["index [1, 1]"]);
        let e = parse("x: -.inf\n").unwrap_err();
        assert_msg(&e, Some("x"), &["not finite"]);
        let e = parse("x: 1e999\n").unwrap_err();
        assert_msg(&e, Some("x"), &["not finite"]);
        // finite in the file, infinite in SI units
        let e = parse("x: {val: 1e300, unit: 1e10 * s}\n").unwrap_err();
        assert_msg(&e, Some("x"), &["not finite"]);
    }

    #[test]
    fn not_a_number() {
        let e = parse("tau_m: {val: ten, unit: ms}\n").unwrap_err();
        assert!(matches!(e, IoError::NotANumber { .. }), "{e}");
        assert_msg(
            &e,
            Some("tau_m"),
            &["expected a number", "the string 'ten'"],
        );
        let e = parse("K: [1, two, 3]\n").unwrap_err();
        assert_msg(&e, Some("K"), &["the string 'two' at index [1]"]);
        let e = parse("K: [1, true]\n").unwrap_err();
        assert_msg(&e, Some("K"), &["boolean"]);
        let e = parse("tau_m: {val: , unit: ms}\n").unwrap_err();
        assert_msg(&e, Some("tau_m"), &["null"]);
        let e = parse("K: [[a, b], [c, d]]\n").unwrap_err();
        assert_msg(&e, Some("K"), &["the string 'a' at index [0, 0]"]);
    }

    #[test]
    fn nnmt_conventions() {
        // val without unit: unitless; other keys ignored (as NNMT does)
        let p =
            parse("K: {val: [[1, 2], [3, 4]]}\nn: {val: 500, note: x}\ns: {val: none}\n").unwrap();
        assert_eq!(
            p.get::<PopMatrix<f64>>("K").map(si_rows).unwrap()[1],
            vec![3.0, 4.0]
        );
        assert!(close(p.get::<f64>("n").map(si).unwrap(), 500.0));
        assert_eq!(p.string("s").unwrap(), "none");
        // a unit with value 'dimensionless' is dimensionless
        let p = parse("x: {val: 2, unit: dimensionless}\n").unwrap();
        assert!(close(p.get::<f64>("x").map(si).unwrap(), 2.0));
        // numeric keys are stringified; non-string scalars survive as values
        let p = parse("1: a\n2.5: b\ntrue: c\nN: [1, 2]\nn: 3\nyes_no: yes\nflag: True\n").unwrap();
        assert_eq!(
            p.keys().collect::<Vec<_>>(),
            ["1", "2.5", "true", "N", "n", "yes_no", "flag"]
        );
        // YAML 1.2 booleans only: `yes`, `y`, `N`, `on` stay strings
        assert_eq!(p.string("yes_no").unwrap(), "yes");
        assert!(p.boolean("flag").unwrap());
        // quoted numbers stay strings
        let p = parse("label: '1.5'\n").unwrap();
        assert_eq!(p.string("label").unwrap(), "1.5");
        // anchors and aliases
        let p = parse("a: &x {val: 1, unit: ms}\nb: *x\n").unwrap();
        assert!(close(p.get::<Time>("b").map(si).unwrap(), 1e-3));
        // a key that is a list is rejected, naming the position
        let e = parse("[1, 2]: x\n").unwrap_err();
        assert!(matches!(e, IoError::Yaml { .. }), "{e}");
        assert!(
            e.to_string().contains("key at the top level is a list"),
            "{e}"
        );
    }

    #[test]
    fn io_errors() {
        let missing = Path::new("/nonexistent/dir/params.yaml");
        let e = load_param_file(missing).unwrap_err();
        assert!(matches!(e, IoError::Io { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("/nonexistent/dir/params.yaml: cannot read file"),
            "{e}"
        );
        let dir = std::env::temp_dir().join(format!("nnmt-io-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad_utf8.yaml");
        std::fs::write(&bad, b"a: 1\nb: \xff\xfe\n").unwrap();
        let e = load_param_file(&bad).unwrap_err();
        assert!(matches!(e, IoError::Yaml { line: Some(2), .. }), "{e}");
        assert!(e.to_string().contains("UTF-8"), "{e}");
        let empty = dir.join("empty.yaml");
        std::fs::write(&empty, b"").unwrap();
        let e = load_param_file(&empty).unwrap_err();
        assert!(matches!(e, IoError::Empty { .. }), "{e}");
        assert!(e.to_string().contains("empty.yaml"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
