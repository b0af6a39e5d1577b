//! Reading NNMT parameter files (YAML) into unit-checked values.
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
//! Everything is kept, in file order, including keys that no model uses. Unit
//! strings are parsed (and so checked) on load; values are stored as written
//! and converted to SI base units (pint's `to_base_units`: V, s, Hz, A, F, m, 1/m)
//! by the typed accessors such as [`ParamMap::scalar_si`], which also check the
//! physical dimension.
//!
//! Departures from NNMT, all deliberate: a mapping with `val`, `unit` *and*
//! other keys is an error (NNMT would silently drop the unit); NaN and infinite
//! values are errors; lists mixing strings and numbers, ragged lists and lists
//! nested deeper than three levels are errors; an empty unit string is an error
//! (pint reads it as dimensionless); only the YAML 1.2 booleans `true`/`false`
//! (any of `true`, `True`, `TRUE`) are booleans, so `yes`, `no`, `on`, `off` stay
//! strings (PyYAML follows YAML 1.1 here). Repeated keys behave as in PyYAML: the
//! last value wins (see [`ParamMap::duplicate_keys`]). No input makes these
//! functions panic.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::unit::{DIMENSIONLESS, Dimension, Unit, parse_unit};

/// A numeric array as written in the file: a scalar, a list, a list of lists
/// (rectangular), or a list of lists of lists (rectangular).
#[derive(Clone, Debug, PartialEq)]
pub enum Array {
    /// A single number.
    Scalar(f64),
    /// A list of numbers.
    Vector(Vec<f64>),
    /// A rectangular list of lists; `m[i][j]` is row `i`, column `j`.
    Matrix(Vec<Vec<f64>>),
    /// A rectangular three-level nested list (e.g. NNMT's frequency-resolved
    /// delay distribution `D`, shape `(n_freq, n, n)`).
    Tensor3(Vec<Vec<Vec<f64>>>),
}

impl Array {
    /// The shape, numpy-style: `[]` for a scalar, `[n]`, `[rows, cols]`, `[a, b, c]`.
    pub fn shape(&self) -> Vec<usize> {
        match self {
            Array::Scalar(_) => vec![],
            Array::Vector(v) => vec![v.len()],
            Array::Matrix(m) => vec![m.len(), m.first().map_or(0, Vec::len)],
            Array::Tensor3(t) => {
                let b = t.first().map_or(0, Vec::len);
                let c = t.first().and_then(|r| r.first()).map_or(0, Vec::len);
                vec![t.len(), b, c]
            }
        }
    }

    /// Applies `f` to every element, keeping the shape.
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Array {
        match self {
            Array::Scalar(x) => Array::Scalar(f(*x)),
            Array::Vector(v) => Array::Vector(v.iter().map(|&x| f(x)).collect()),
            Array::Matrix(m) => Array::Matrix(
                m.iter()
                    .map(|r| r.iter().map(|&x| f(x)).collect())
                    .collect(),
            ),
            Array::Tensor3(t) => Array::Tensor3(
                t.iter()
                    .map(|m| {
                        m.iter()
                            .map(|r| r.iter().map(|&x| f(x)).collect())
                            .collect()
                    })
                    .collect(),
            ),
        }
    }

    /// All elements in row-major order.
    pub fn flat(&self) -> Vec<f64> {
        match self {
            Array::Scalar(x) => vec![*x],
            Array::Vector(v) => v.clone(),
            Array::Matrix(m) => m.iter().flatten().copied().collect(),
            Array::Tensor3(t) => t.iter().flatten().flatten().copied().collect(),
        }
    }

    /// Describes the shape in words: `a number`, `a list of 8 numbers`,
    /// `an 8x8 matrix`, `a 7x8x8 array`.
    pub fn describe(&self) -> String {
        match self.shape().as_slice() {
            [] => "a single number".to_string(),
            [n] => format!("a list of {n} numbers"),
            [r, c] => format!("a {r}x{c} matrix"),
            [a, b, c] => format!("a {a}x{b}x{c} array"),
            _ => "an array".to_string(),
        }
    }
}

/// A scalar or a vector, for per-population parameters that NNMT broadcasts
/// (`tau_m`, `V_th_abs`, `nu_ext`, ...). See [`ParamMap::vector_or_scalar_si`].
#[derive(Clone, Debug, PartialEq)]
pub enum ScalarOrVector {
    /// One value for all populations.
    Scalar(f64),
    /// One value per population.
    Vector(Vec<f64>),
}

impl ScalarOrVector {
    /// Broadcasts to length `n`: a scalar is repeated, a vector must have length `n`
    /// (`None` otherwise).
    pub fn broadcast(&self, n: usize) -> Option<Vec<f64>> {
        match self {
            ScalarOrVector::Scalar(x) => Some(vec![*x; n]),
            ScalarOrVector::Vector(v) if v.len() == n => Some(v.clone()),
            ScalarOrVector::Vector(_) => None,
        }
    }
}

/// One parameter value of an NNMT parameter file.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// `{val: ..., unit: ...}`: values as written in the file, in unit `unit`.
    Quantity {
        /// The values, in the file's unit (not SI).
        values: Array,
        /// The parsed unit (SI factor and dimension).
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

/// Errors when reading an NNMT parameter file or accessing its values.
///
/// Every variant names the source (the file path, or the name passed to
/// [`parse_param_str`]); variants about a value also name its key (nested
/// keys as `outer.inner`).
///
/// It is `Clone` and `PartialEq` (so that [`crate::Error`], which wraps it as
/// [`Error::Io`](crate::Error::Io), stays so): an operating-system error is kept as its
/// [`std::io::ErrorKind`] and message rather than as the `std::io::Error` itself.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// The file could not be read.
    #[error("{source_name}: cannot read file: {message}")]
    Io {
        /// The file path.
        source_name: String,
        /// The kind of the underlying I/O error (`NotFound`, `PermissionDenied`, ...).
        kind: std::io::ErrorKind,
        /// The underlying I/O error's message.
        message: String,
    },
    /// The text is not valid YAML (or not valid UTF-8).
    #[error("{source_name}: malformed YAML{}: {message}", fmt_location(*.line, *.column))]
    Yaml {
        /// The file path or source name.
        source_name: String,
        /// 1-based line of the problem, if known.
        line: Option<u64>,
        /// 1-based column of the problem, if known.
        column: Option<u64>,
        /// The parser's description of the problem.
        message: String,
    },
    /// The top level of the document is not a mapping.
    #[error(
        "{source_name}: the top level must be a mapping of parameter names to values, found {found}"
    )]
    NotAMapping {
        /// The file path or source name.
        source_name: String,
        /// What the top level is instead (`a list`, `a string`, ...).
        found: String,
    },
    /// The file contains no YAML document (empty, whitespace or comments only, or `null`).
    #[error("{source_name}: the file is empty (no parameters)")]
    Empty {
        /// The file path or source name.
        source_name: String,
    },
    /// A quantity's unit string could not be parsed.
    #[error("{source_name}: key '{key}': cannot parse unit '{unit}': {detail}")]
    UnknownUnit {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// The unit string as written.
        unit: String,
        /// Why it could not be parsed.
        detail: String,
    },
    /// A value has a different physical dimension than requested.
    #[error("{source_name}: key '{key}': {}", fmt_wrong_dimension(.expected, .found, .unit.as_deref()))]
    WrongDimension {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// The requested dimension.
        expected: Dimension,
        /// The dimension of the value in the file.
        found: Dimension,
        /// The unit string in the file; `None` for a plain number without unit.
        unit: Option<String>,
    },
    /// A value has a different shape or kind than requested, or is a ragged or
    /// too deeply nested list, or is a malformed quantity mapping.
    #[error("{source_name}: key '{key}': expected {expected}, found {found}")]
    WrongShape {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// What was requested / what is allowed.
        expected: String,
        /// What is in the file.
        found: String,
    },
    /// A requested key is not in the file.
    #[error("{source_name}: missing required key '{key}'")]
    MissingKey {
        /// The file path or source name.
        source_name: String,
        /// The missing key.
        key: String,
    },
    /// A value is NaN or infinite (in the file, or after conversion to SI units).
    #[error(
        "{source_name}: key '{key}': {} is not finite (NaN or infinity, in the file or after conversion to SI units)",
        fmt_index(.index)
    )]
    NonFinite {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// Position of the offending element (empty for a scalar).
        index: Vec<usize>,
    },
    /// A value is well-formed but cannot be used by the model that reads it (an ambiguous
    /// NNMT convention, a combination of keys the model does not support, ...).
    #[error("{source_name}: key '{key}': not supported: {reason}")]
    Unsupported {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// Why, and what to write instead.
        reason: String,
    },
    /// The file is not a network parameter file of any model (raised when the model is to be
    /// detected from the keys; see [`ModelKind::detect`](crate::models::ModelKind::detect)).
    #[error("{source_name}: not a network parameter file: {reason}")]
    NotANetwork {
        /// The file path or source name.
        source_name: String,
        /// Which keys were looked for.
        reason: String,
    },
    /// An element of a numeric value is not a number.
    #[error("{source_name}: key '{key}': expected a number, found {found}")]
    NotANumber {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// What was found instead, and where.
        found: String,
    },
}

impl IoError {
    /// The file path or source name the error refers to.
    pub fn source_name(&self) -> &str {
        match self {
            IoError::Io { source_name, .. }
            | IoError::Yaml { source_name, .. }
            | IoError::NotAMapping { source_name, .. }
            | IoError::Empty { source_name }
            | IoError::UnknownUnit { source_name, .. }
            | IoError::WrongDimension { source_name, .. }
            | IoError::WrongShape { source_name, .. }
            | IoError::MissingKey { source_name, .. }
            | IoError::NonFinite { source_name, .. }
            | IoError::Unsupported { source_name, .. }
            | IoError::NotANetwork { source_name, .. }
            | IoError::NotANumber { source_name, .. } => source_name,
        }
    }

    /// The parameter key the error refers to, if any.
    pub fn key(&self) -> Option<&str> {
        match self {
            IoError::UnknownUnit { key, .. }
            | IoError::WrongDimension { key, .. }
            | IoError::WrongShape { key, .. }
            | IoError::MissingKey { key, .. }
            | IoError::NonFinite { key, .. }
            | IoError::Unsupported { key, .. }
            | IoError::NotANumber { key, .. } => Some(key),
            IoError::Io { .. }
            | IoError::NotANetwork { .. }
            | IoError::Yaml { .. }
            | IoError::NotAMapping { .. }
            | IoError::Empty { .. } => None,
        }
    }
}

fn fmt_location(line: Option<u64>, column: Option<u64>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        (Some(l), None) => format!(" at line {l}"),
        _ => String::new(),
    }
}

fn fmt_index(index: &[usize]) -> String {
    if index.is_empty() {
        "the value".to_string()
    } else {
        let parts: Vec<String> = index.iter().map(ToString::to_string).collect();
        format!("the element at index [{}]", parts.join(", "))
    }
}

fn fmt_wrong_dimension(expected: &Dimension, found: &Dimension, unit: Option<&str>) -> String {
    let found_desc = match (found.noun(), found.symbol()) {
        (Some(noun), _) if found.is_dimensionless() => noun.to_string(),
        (Some(noun), Some(sym)) => format!("{noun}, {sym}"),
        _ => format!("dimension {}", found.base_form()),
    };
    match unit {
        None => format!(
            "expected a quantity with unit of dimension {expected} ({}), found a plain number without unit",
            expected.noun().unwrap_or("a physical quantity")
        ),
        Some(u) => format!(
            "expected {}, found unit '{u}' ({found_desc})",
            expected.describe()
        ),
    }
}

// ---------------------------------------------------------------------------
// Untyped YAML tree (private)

/// A YAML node as delivered by the deserializer.
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    fn describe(&self) -> String {
        match self {
            Node::Null => "an empty value (null)".into(),
            Node::Bool(b) => format!("the boolean {b}"),
            Node::Int(i) => format!("the number {i}"),
            Node::Float(f) => format!("the number {f}"),
            Node::Str(s) => format!("the string '{s}'"),
            Node::Seq(_) => "a list".into(),
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
        let mut out = Vec::new();
        while let Some(x) = seq.next_element::<Node>()? {
            out.push(x);
        }
        Ok(Node::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            out.push((k, v));
        }
        Ok(Node::Map(out))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

// ---------------------------------------------------------------------------
// ParamMap

/// The parameters of one file (or one nested mapping), in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamMap {
    source_name: String,
    /// Key path of this map inside the file (`""` at top level, `"a.b"` when nested).
    path: String,
    entries: Vec<(String, ParamValue)>,
    /// Position of each key in `entries`.
    index: HashMap<String, usize>,
    /// Keys that occurred more than once (the last value was kept).
    duplicates: Vec<String>,
}

/// Reads and converts an NNMT parameter file.
///
/// The error messages name the file as `path.display()`.
///
/// # Errors
/// [`IoError::Io`] if the file cannot be read; otherwise as [`parse_param_str`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::{load_param_file, unit::CAPACITANCE};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let p = load_param_file(format!(
///     "{dir}/tests/data/nnmt-params/fixtures/integration/config/Bos2016_network_params.yaml"
/// ))?;
/// assert!((p.scalar_si("C", CAPACITANCE)? - 250e-12).abs() < 1e-24);
/// assert!(load_param_file("no/such/file.yaml").is_err());
/// # Ok(()) }
/// ```
pub fn load_param_file(path: impl AsRef<Path>) -> Result<ParamMap, IoError> {
    let path = path.as_ref();
    let source_name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| IoError::Io {
        source_name: source_name.clone(),
        kind: error.kind(),
        message: error.to_string(),
    })?;
    match std::str::from_utf8(&bytes) {
        Ok(text) => parse_param_str(text, &source_name),
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
/// and, naming the key, [`IoError::UnknownUnit`], [`IoError::WrongShape`] (ragged or too
/// deeply nested lists, malformed `{val, unit}` mappings), [`IoError::NonFinite`] and
/// [`IoError::NotANumber`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::{parse_param_str, unit::DIMENSIONLESS};
/// let p = parse_param_str("K: [[100, 25], [100, 25]]\ng: 4.0\n", "inline.yaml")?;
/// assert_eq!(p.matrix_si("K", DIMENSIONLESS)?[1][1], 25.0);
/// assert!(parse_param_str("tau_m: {val: 10, unit: fortnight}", "x.yaml").is_err());
/// # Ok(()) }
/// ```
pub fn parse_param_str(text: &str, source_name: &str) -> Result<ParamMap, IoError> {
    let mut opts = serde_saphyr::Options::default();
    opts.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    opts.with_snippet = false;
    // Repeated keys reach `build_map`, which keeps the last value like PyYAML:
    // three of NNMT's own files repeat a key (`C`, `J`).
    opts.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    // YAML 1.2 core booleans only: otherwise `N` (the neuron-count key of NNMT's
    // files) and `y`/`n`/`on`/`off` would be read as booleans.
    opts.strict_booleans = true;
    let root: Node = match serde_saphyr::from_str_with_options(text, opts) {
        Ok(n) => n,
        Err(serde_saphyr::Error::Eof { .. }) => {
            return Err(IoError::Empty {
                source_name: source_name.to_string(),
            });
        }
        Err(e) => {
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
            return Err(IoError::Yaml {
                source_name: source_name.to_string(),
                line: loc.map(|l| l.line()),
                column: loc.map(|l| l.column()),
                message,
            });
        }
    };
    match root {
        Node::Map(entries) => ParamMap::from_entries(entries, source_name, ""),
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
}

impl Ctx<'_> {
    fn shape(&self, expected: impl Into<String>, found: impl Into<String>) -> IoError {
        IoError::WrongShape {
            source_name: self.source.to_string(),
            key: self.key.to_string(),
            expected: expected.into(),
            found: found.into(),
        }
    }
    fn nan(&self, found: impl Into<String>) -> IoError {
        IoError::NotANumber {
            source_name: self.source.to_string(),
            key: self.key.to_string(),
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
        Node::Seq(_) | Node::Map(_) => None,
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
fn build_map(entries: Vec<(Node, Node)>, source: &str, path: &str) -> Result<ParamMap, IoError> {
    let mut out: Vec<(String, ParamValue)> = Vec::with_capacity(entries.len());
    let mut duplicates: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::with_capacity(entries.len());
    for (k, v) in entries {
        let Some(key) = key_to_string(&k) else {
            let place = if path.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in '{path}'")
            };
            return Err(IoError::Yaml {
                source_name: source.to_string(),
                line: None,
                column: None,
                message: format!(
                    "a mapping key {place} is {}; keys must be strings or numbers",
                    k.describe()
                ),
            });
        };
        let full = join_path(path, &key);
        let value = convert_value(v, source, &full)?;
        // Like PyYAML (and so NNMT), a repeated key keeps its first position and
        // takes its last value; the repetition is recorded.
        match index.get(&key).and_then(|&i| out.get_mut(i)) {
            Some(slot) => {
                slot.1 = value;
                if !duplicates.contains(&key) {
                    duplicates.push(key);
                }
            }
            None => {
                index.insert(key.clone(), out.len());
                out.push((key, value));
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

fn convert_value(node: Node, source: &str, key: &str) -> Result<ParamValue, IoError> {
    let ctx = Ctx { source, key };
    match node {
        Node::Null => Ok(ParamValue::Null),
        Node::Bool(b) => Ok(ParamValue::Bool(b)),
        Node::Str(s) => Ok(ParamValue::Str(s)),
        n @ (Node::Int(_) | Node::Float(_)) => Ok(ParamValue::Number(to_array(&n, 1.0, &ctx)?)),
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
                    .any(|(k, _)| matches!(k, Node::Str(s) if s == name))
            };
            match (has("val"), has("unit")) {
                (true, true) => convert_quantity(entries, &ctx),
                (true, false) => {
                    // NNMT: a dict with `val` but without `unit` is its unitless `val`.
                    let val = entries
                        .into_iter()
                        .find_map(|(k, v)| matches!(&k, Node::Str(s) if s == "val").then_some(v))
                        .unwrap_or(Node::Null);
                    convert_value(val, source, key)
                }
                _ => Ok(ParamValue::Map(build_map(entries, source, key)?)),
            }
        }
    }
}

fn convert_quantity(entries: Vec<(Node, Node)>, ctx: &Ctx<'_>) -> Result<ParamValue, IoError> {
    let mut val = None;
    let mut unit = None;
    for (k, v) in entries {
        match &k {
            Node::Str(s) if s == "val" => val = Some(v),
            Node::Str(s) if s == "unit" => unit = Some(v),
            other => {
                return Err(ctx.shape(
                    "a quantity mapping with exactly the keys 'val' and 'unit'",
                    format!(
                        "the extra key '{}'",
                        key_to_string(other).unwrap_or_else(|| other.describe())
                    ),
                ));
            }
        }
    }
    let (Some(val), Some(unit)) = (val, unit) else {
        return Err(ctx.shape("keys 'val' and 'unit'", "an incomplete quantity"));
    };
    let unit_str = match unit {
        Node::Str(s) => s,
        other => {
            return Err(IoError::UnknownUnit {
                source_name: ctx.source.to_string(),
                key: ctx.key.to_string(),
                unit: key_to_string(&other).unwrap_or_default(),
                detail: format!("the unit must be a string, found {}", other.describe()),
            });
        }
    };
    let parsed = parse_unit(&unit_str).map_err(|e| IoError::UnknownUnit {
        source_name: ctx.source.to_string(),
        key: ctx.key.to_string(),
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
    while let Node::Seq(items) = cur {
        shape.push(items.len());
        match items.first() {
            Some(first) => cur = first,
            None => break,
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
    match (shape.split_first(), node) {
        (None, n) => match n.as_number() {
            Some(v) => {
                if !(v.is_finite() && (v * factor).is_finite()) {
                    return Err(IoError::NonFinite {
                        source_name: ctx.source.to_string(),
                        key: ctx.key.to_string(),
                        index: index.clone(),
                    });
                }
                out.push(v);
                Ok(())
            }
            None if matches!(n, Node::Seq(_)) => Err(ctx.shape(
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
    let mut flat = Vec::new();
    flatten(node, &shape, factor, &mut Vec::new(), &mut flat, ctx)?;
    let chunk = |v: Vec<f64>, n: usize| -> Vec<Vec<f64>> {
        if n == 0 {
            Vec::new()
        } else {
            v.chunks(n).map(<[f64]>::to_vec).collect()
        }
    };
    Ok(match shape.as_slice() {
        [] => Array::Scalar(flat.first().copied().unwrap_or(f64::NAN)),
        [_] => Array::Vector(flat),
        [r, c] => {
            let mut rows = chunk(flat, *c);
            rows.resize(*r, Vec::new());
            Array::Matrix(rows)
        }
        [a, b, c] => {
            let mut rows = chunk(flat, *c);
            let mut mats: Vec<Vec<Vec<f64>>> = Vec::with_capacity(*a);
            let mut iter = rows.drain(..);
            for _ in 0..*a {
                let mut m: Vec<Vec<f64>> = iter.by_ref().take(*b).collect();
                m.resize(*b, Vec::new());
                mats.push(m);
            }
            Array::Tensor3(mats)
        }
        _ => return Err(ctx.shape("at most 3 levels of nesting", "deeper nesting")),
    })
}

impl ParamMap {
    fn from_entries(
        entries: Vec<(Node, Node)>,
        source: &str,
        path: &str,
    ) -> Result<ParamMap, IoError> {
        build_map(entries, source, path)
    }

    /// Keys of this map that occur more than once in the file, in order of first
    /// occurrence. As in PyYAML (and so NNMT) the last value wins and the key keeps
    /// its first position. A caller may want to warn about these.
    pub fn duplicate_keys(&self) -> &[String] {
        &self.duplicates
    }

    /// The file path or source name this map was read from.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` if there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&ParamValue> {
        self.index
            .get(key)
            .and_then(|&i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    /// `true` if `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// All (key, value) pairs in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ParamValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// All keys in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The unit string of `key` as written in the file (NNMT's `input_units`),
    /// if it is a quantity.
    pub fn unit_str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(ParamValue::Quantity { unit_str, .. }) => Some(unit_str),
            _ => None,
        }
    }

    fn full_key(&self, key: &str) -> String {
        join_path(&self.path, key)
    }

    fn wrong_shape(&self, key: &str, expected: &str, found: String) -> IoError {
        IoError::WrongShape {
            source_name: self.source_name.clone(),
            key: self.full_key(key),
            expected: expected.to_string(),
            found,
        }
    }

    /// The value of `key`, or [`IoError::MissingKey`].
    pub fn value(&self, key: &str) -> Result<&ParamValue, IoError> {
        self.get(key).ok_or_else(|| IoError::MissingKey {
            source_name: self.source_name.clone(),
            key: self.full_key(key),
        })
    }

    /// The numeric value of `key` in SI base units, checked to have dimension `dim`.
    ///
    /// A plain number (no unit) counts as [`DIMENSIONLESS`]; requesting a
    /// dimensionful key that is a plain number is an [`IoError::WrongDimension`].
    /// Errors name the source, the key, the expected and found dimension and the
    /// unit string.
    pub fn quantity(&self, key: &str, dim: Dimension) -> Result<Array, IoError> {
        match self.value(key)? {
            ParamValue::Quantity {
                values,
                unit,
                unit_str,
            } => {
                if unit.dim != dim {
                    return Err(IoError::WrongDimension {
                        source_name: self.source_name.clone(),
                        key: self.full_key(key),
                        expected: dim,
                        found: unit.dim,
                        unit: Some(unit_str.clone()),
                    });
                }
                let f = unit.factor;
                Ok(values.map(|x| x * f))
            }
            ParamValue::Number(a) => {
                if dim != DIMENSIONLESS {
                    return Err(IoError::WrongDimension {
                        source_name: self.source_name.clone(),
                        key: self.full_key(key),
                        expected: dim,
                        found: DIMENSIONLESS,
                        unit: None,
                    });
                }
                Ok(a.clone())
            }
            other => Err(self.wrong_shape(
                key,
                &format!("a numeric value ({})", dim.describe()),
                other.describe(),
            )),
        }
    }

    /// A scalar in SI units with dimension `dim` (a list is [`IoError::WrongShape`]).
    pub fn scalar_si(&self, key: &str, dim: Dimension) -> Result<f64, IoError> {
        match self.quantity(key, dim)? {
            Array::Scalar(x) => Ok(x),
            other => Err(self.wrong_shape(key, "a single number", other.describe())),
        }
    }

    /// A list of numbers in SI units with dimension `dim` (a scalar is
    /// [`IoError::WrongShape`]; see [`ParamMap::vector_or_scalar_si`]).
    pub fn vector_si(&self, key: &str, dim: Dimension) -> Result<Vec<f64>, IoError> {
        match self.quantity(key, dim)? {
            Array::Vector(v) => Ok(v),
            other => Err(self.wrong_shape(key, "a list of numbers", other.describe())),
        }
    }

    /// A scalar or a list of numbers in SI units with dimension `dim`; broadcasting
    /// a scalar is left to the caller ([`ScalarOrVector::broadcast`]).
    pub fn vector_or_scalar_si(
        &self,
        key: &str,
        dim: Dimension,
    ) -> Result<ScalarOrVector, IoError> {
        match self.quantity(key, dim)? {
            Array::Scalar(x) => Ok(ScalarOrVector::Scalar(x)),
            Array::Vector(v) => Ok(ScalarOrVector::Vector(v)),
            other => Err(self.wrong_shape(
                key,
                "a single number or a list of numbers",
                other.describe(),
            )),
        }
    }

    /// A rectangular matrix (list of rows) in SI units with dimension `dim`.
    pub fn matrix_si(&self, key: &str, dim: Dimension) -> Result<Vec<Vec<f64>>, IoError> {
        match self.quantity(key, dim)? {
            Array::Matrix(m) => Ok(m),
            other => Err(self.wrong_shape(key, "a matrix (list of lists)", other.describe())),
        }
    }

    /// A rectangular three-level nested list in SI units with dimension `dim`.
    pub fn tensor3_si(&self, key: &str, dim: Dimension) -> Result<Vec<Vec<Vec<f64>>>, IoError> {
        match self.quantity(key, dim)? {
            Array::Tensor3(t) => Ok(t),
            other => Err(self.wrong_shape(key, "a three-level nested list", other.describe())),
        }
    }

    /// A string value (`delay_dist: none`).
    pub fn string(&self, key: &str) -> Result<&str, IoError> {
        match self.value(key)? {
            ParamValue::Str(s) => Ok(s),
            other => Err(self.wrong_shape(key, "a string", other.describe())),
        }
    }

    /// A list of strings (`populations: [23E, 23I]`); an empty list is accepted.
    pub fn strings(&self, key: &str) -> Result<&[String], IoError> {
        match self.value(key)? {
            ParamValue::Strings(v) => Ok(v),
            ParamValue::Number(Array::Vector(v)) if v.is_empty() => Ok(&[]),
            other => Err(self.wrong_shape(key, "a list of strings", other.describe())),
        }
    }

    /// A boolean value (`multapses: false`).
    pub fn boolean(&self, key: &str) -> Result<bool, IoError> {
        match self.value(key)? {
            ParamValue::Bool(b) => Ok(*b),
            other => Err(self.wrong_shape(key, "a boolean", other.describe())),
        }
    }

    /// A nested mapping.
    pub fn map(&self, key: &str) -> Result<&ParamMap, IoError> {
        match self.value(key)? {
            ParamValue::Map(m) => Ok(m),
            other => Err(self.wrong_shape(key, "a mapping", other.describe())),
        }
    }
}

impl<'a> IntoIterator for &'a ParamMap {
    type Item = (&'a str, &'a ParamValue);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, ParamValue)>,
        fn(&'a (String, ParamValue)) -> (&'a str, &'a ParamValue),
    >;

    fn into_iter(self) -> Self::IntoIter {
        fn pair(e: &(String, ParamValue)) -> (&str, &ParamValue) {
            (e.0.as_str(), &e.1)
        }
        self.entries
            .iter()
            .map(pair as fn(&'a (String, ParamValue)) -> _)
    }
}

#[cfg(test)]
mod tests {
    use super::super::unit::{CAPACITANCE, CURRENT, FREQUENCY, INVERSE_LENGTH, TIME, VOLTAGE};
    use super::*;

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
        assert!(close(p.scalar_si("tau_m", TIME).unwrap(), 0.01));
        let v = p.vector_si("V_th_abs", VOLTAGE).unwrap();
        assert!(close(v[0], -0.05) && close(v[1], -0.0501));
        assert!(close(p.scalar_si("C", CAPACITANCE).unwrap(), 2.5e-10));
        let k = p.matrix_si("K", DIMENSIONLESS).unwrap();
        assert_eq!(k.len(), 2);
        assert!(close(k[1][0], 2990.01));
        assert!(close(p.scalar_si("g", DIMENSIONLESS).unwrap(), 4.0));
        assert_eq!(p.string("delay_dist").unwrap(), "none");
        assert!(!p.boolean("multapses").unwrap());
        assert_eq!(p.get("nothing"), Some(&ParamValue::Null));
        assert_eq!(
            p.vector_si("counts", DIMENSIONLESS).unwrap(),
            vec![1.0, 2.0]
        );
        assert!(close(p.scalar_si("k_min", INVERSE_LENGTH).unwrap(), 1000.0));
        assert_eq!(p.unit_str("k_min"), Some("1/mm"));
        let nested = p.map("nested").unwrap();
        assert!(close(nested.scalar_si("inner", TIME).unwrap(), 2.0));
        assert_eq!(nested.string("label").unwrap(), "x");
        // nested keys are named by their path
        let e = nested.scalar_si("inner", VOLTAGE).unwrap_err();
        assert_msg(
            &e,
            Some("nested.inner"),
            &["expected a voltage (V)", "found unit 's' (a time, s)"],
        );
        assert_eq!(
            p.vector_or_scalar_si("tau_m", TIME).unwrap().broadcast(3),
            Some(vec![0.01; 3])
        );
        assert_eq!(p.iter().count(), 12);
        assert_eq!((&p).into_iter().count(), 12);
    }

    #[test]
    fn wrong_dimension_message() {
        let p = parse("tau_m: {val: 10.0, unit: mV}\n").unwrap();
        let e = p.scalar_si("tau_m", TIME).unwrap_err();
        assert_eq!(
            e.to_string(),
            "test_params.yaml: key 'tau_m': expected a time (s), found unit 'mV' (a voltage, V)"
        );
        assert!(matches!(
            e,
            IoError::WrongDimension { expected, found, ref unit, .. }
                if expected == TIME && found == VOLTAGE && unit.as_deref() == Some("mV")
        ));
    }

    #[test]
    fn plain_number_for_dimensionful_key() {
        let p = parse("V_th_abs: -50.0\nI: {val: 1, unit: 'pA * ms / ms'}\n").unwrap();
        let e = p.scalar_si("V_th_abs", VOLTAGE).unwrap_err();
        assert_msg(
            &e,
            Some("V_th_abs"),
            &[
                "expected a quantity with unit of dimension V",
                "found a plain number",
            ],
        );
        // dimensionless requested, dimensionful found
        let e = p.scalar_si("I", DIMENSIONLESS).unwrap_err();
        assert_msg(
            &e,
            Some("I"),
            &["expected a dimensionless number", "(a current, A)"],
        );
        assert!(close(p.scalar_si("I", CURRENT).unwrap(), 1e-12));
        // unnamed dimensions are written in base units
        let p = parse("x: {val: 1, unit: mV ms}\n").unwrap();
        let e = p.scalar_si("x", FREQUENCY).unwrap_err();
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
        let e = p.scalar_si("V_th_abs", VOLTAGE).unwrap_err();
        assert_msg(
            &e,
            Some("V_th_abs"),
            &["expected a single number", "a list of 2 numbers"],
        );
        let e = p.vector_si("K", DIMENSIONLESS).unwrap_err();
        assert_msg(
            &e,
            Some("K"),
            &["expected a list of numbers", "a 2x2 matrix"],
        );
        let e = p.matrix_si("tau_m", TIME).unwrap_err();
        assert_msg(&e, Some("tau_m"), &["a matrix", "a single number"]);
        let e = p.string("tau_m").unwrap_err();
        assert_msg(&e, Some("tau_m"), &["expected a string", "with unit 'ms'"]);
        let e = p.strings("delay_dist").unwrap_err();
        assert_msg(
            &e,
            Some("delay_dist"),
            &["a list of strings", "the string 'none'"],
        );
        let e = p.scalar_si("populations", DIMENSIONLESS).unwrap_err();
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
        let d = p.tensor3_si("D", TIME).unwrap();
        assert_eq!(d.len(), 3);
        assert!(close(d[2][1][0], 0.011));
        match p.get("D") {
            Some(ParamValue::Quantity { values, .. }) => assert_eq!(values.shape(), vec![3, 2, 2]),
            other => panic!("{other:?}"),
        }
        assert_eq!(p.vector_si("E", DIMENSIONLESS).unwrap(), Vec::<f64>::new());
        assert!(p.strings("E").unwrap().is_empty());
        assert_eq!(
            p.matrix_si("F", DIMENSIONLESS).unwrap(),
            vec![Vec::<f64>::new(); 2]
        );
    }

    #[test]
    fn missing_key() {
        let p = parse(EXAMPLE).unwrap();
        let e = p.scalar_si("tau_s", TIME).unwrap_err();
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
        let p = parse("a: 1\nb: x\na: {val: 2, unit: ms}\nn:\n  c: 1\n  c: 2\n").unwrap();
        assert_eq!(p.keys().collect::<Vec<_>>(), ["a", "b", "n"]);
        assert!(close(p.scalar_si("a", TIME).unwrap(), 2e-3));
        assert_eq!(p.duplicate_keys(), ["a"]);
        let n = p.map("n").unwrap();
        assert_eq!(n.duplicate_keys(), ["c"]);
        assert!(close(n.scalar_si("c", DIMENSIONLESS).unwrap(), 2.0));
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
        assert_eq!(p.matrix_si("K", DIMENSIONLESS).unwrap()[1], vec![3.0, 4.0]);
        assert!(close(p.scalar_si("n", DIMENSIONLESS).unwrap(), 500.0));
        assert_eq!(p.string("s").unwrap(), "none");
        // a unit with value 'dimensionless' is dimensionless
        let p = parse("x: {val: 2, unit: dimensionless}\n").unwrap();
        assert!(close(p.scalar_si("x", DIMENSIONLESS).unwrap(), 2.0));
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
        assert!(close(p.scalar_si("b", TIME).unwrap(), 1e-3));
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
