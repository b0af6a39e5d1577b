//! Errors of reading NNMT parameter files.

use super::file_line;
use crate::units::BaseExponents;

/// Errors when reading an NNMT parameter file or accessing its values.
///
/// Every variant names the source (the file path, or the name passed to
/// [`parse_param_str`](crate::io::parse_param_str)); variants about a value also name its key (nested
/// keys as `outer.inner`) and, where known, the 1-based line of the key, written
/// `file:line: key '...'`.
///
/// It is `Clone` and `PartialEq` (so that [`crate::Error`], which wraps it as
/// [`Error::Io`](crate::Error::Io), stays so): an operating-system error is kept as its
/// [`std::io::ErrorKind`] and message rather than as the `std::io::Error` itself.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::units::*;
/// let p = parse_param_str("g: 4\ntau_m: {val: 10, unit: mV}\n", "net.yaml")?;
/// let err = p.get::<Time>("tau_m").unwrap_err();
/// assert_eq!(err.line(), Some(2));
/// assert!(err.to_string().starts_with("net.yaml:2: key 'tau_m': expected a time (s)"));
/// # Ok(()) }
/// ```
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
    #[error("{}: key '{key}': cannot parse unit '{unit}': {detail}", file_line(.source_name, *.line))]
    UnknownUnit {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// 1-based line of the key, if known.
        line: Option<u64>,
        /// The unit string as written.
        unit: String,
        /// Why it could not be parsed.
        detail: String,
    },
    /// A value has a different physical dimension than the type it was read as.
    #[error(
        "{}: key '{key}': {}",
        file_line(.source_name, *.line),
        fmt_wrong_dimension(.expected, .found, .unit.as_deref())
    )]
    WrongDimension {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// 1-based line of the key, if known.
        line: Option<u64>,
        /// Base-unit exponents of the requested type.
        expected: BaseExponents,
        /// Base-unit exponents of the unit in the file.
        found: BaseExponents,
        /// The unit string in the file; `None` for a plain number without unit.
        unit: Option<String>,
    },
    /// A value has a different shape or kind than requested, or is a ragged or
    /// too deeply nested list, or is a malformed quantity mapping.
    #[error("{}: key '{key}': expected {expected}, found {found}", file_line(.source_name, *.line))]
    WrongShape {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// 1-based line of the key, if known.
        line: Option<u64>,
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
        "{}: key '{key}': {} is not finite (NaN or infinity, in the file or after conversion to SI units)",
        file_line(.source_name, *.line),
        fmt_index(.index)
    )]
    NonFinite {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// 1-based line of the key, if known.
        line: Option<u64>,
        /// Position of the offending element (empty for a scalar).
        index: Vec<usize>,
    },
    /// An element of a numeric value is not a number.
    #[error("{}: key '{key}': expected a number, found {found}", file_line(.source_name, *.line))]
    NotANumber {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// 1-based line of the key, if known.
        line: Option<u64>,
        /// What was found instead, and where.
        found: String,
    },
    /// The file may be valid, but it is larger than this crate reads: its size is above
    /// [`MAX_FILE_BYTES`](crate::io::MAX_FILE_BYTES), or its YAML structure exceeds one of
    /// the parser's limits (nodes, nesting depth, aliases, ...).
    #[error(
        "{source_name}: the file is too large to read: {what} exceeds the limit of {limit} \
         (the file may be valid, but files past this limit are not read)"
    )]
    TooLarge {
        /// The file path or source name.
        source_name: String,
        /// What exceeds the limit (`its size`, `the number of YAML nodes`, ...).
        what: String,
        /// The limit, with its number.
        limit: String,
    },
    /// A key occurs twice in one mapping with different values. (PyYAML, and so NNMT,
    /// silently keeps the later value; a repeat with the identical value is accepted and
    /// listed by [`ParamMap::duplicate_keys`](crate::io::ParamMap::duplicate_keys).)
    #[error(
        "{}: key '{key}' is repeated with a different value (first at line {}); remove one of them",
        file_line(.source_name, *.line),
        .first_line.map_or_else(|| "?".to_string(), |l| l.to_string())
    )]
    DuplicateKey {
        /// The file path or source name.
        source_name: String,
        /// The repeated key (nested keys as `outer.inner`).
        key: String,
        /// 1-based line of the first occurrence, if known.
        first_line: Option<u64>,
        /// 1-based line of the repetition, if known.
        line: Option<u64>,
    },
}

impl IoError {
    /// The file path or source name the error refers to.
    ///
    /// # Examples
    /// ```
    /// use nnmt::io::parse_param_str;
    /// let err = parse_param_str("", "empty.yaml").unwrap_err();
    /// assert_eq!(err.source_name(), "empty.yaml");
    /// ```
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
            | IoError::NotANumber { source_name, .. }
            | IoError::TooLarge { source_name, .. }
            | IoError::DuplicateKey { source_name, .. } => source_name,
        }
    }

    /// The parameter key the error refers to, if any.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::parse_param_str;
    /// let p = parse_param_str("g: 4\n", "net.yaml")?;
    /// assert_eq!(p.get::<f64>("w").unwrap_err().key(), Some("w"));
    /// # Ok(()) }
    /// ```
    pub fn key(&self) -> Option<&str> {
        match self {
            IoError::UnknownUnit { key, .. }
            | IoError::WrongDimension { key, .. }
            | IoError::WrongShape { key, .. }
            | IoError::MissingKey { key, .. }
            | IoError::NonFinite { key, .. }
            | IoError::NotANumber { key, .. }
            | IoError::DuplicateKey { key, .. } => Some(key),
            IoError::Io { .. }
            | IoError::TooLarge { .. }
            | IoError::Yaml { .. }
            | IoError::NotAMapping { .. }
            | IoError::Empty { .. } => None,
        }
    }

    /// The 1-based line in the file the error refers to (the line of the key for errors
    /// about a value), if known.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::parse_param_str;
    /// use nnmt::units::*;
    /// let p = parse_param_str("g: 4\nw: 87.8\n", "net.yaml")?;
    /// assert_eq!(p.get::<ElectricCurrent>("w").unwrap_err().line(), Some(2));
    /// # Ok(()) }
    /// ```
    pub fn line(&self) -> Option<u64> {
        match self {
            IoError::Yaml { line, .. }
            | IoError::UnknownUnit { line, .. }
            | IoError::WrongDimension { line, .. }
            | IoError::WrongShape { line, .. }
            | IoError::NonFinite { line, .. }
            | IoError::NotANumber { line, .. }
            | IoError::DuplicateKey { line, .. } => *line,
            IoError::Io { .. }
            | IoError::TooLarge { .. }
            | IoError::NotAMapping { .. }
            | IoError::Empty { .. }
            | IoError::MissingKey { .. } => None,
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

fn fmt_wrong_dimension(
    expected: &BaseExponents,
    found: &BaseExponents,
    unit: Option<&str>,
) -> String {
    let found_desc = match found.name() {
        Some((_, noun)) if found.is_dimensionless() => noun.to_string(),
        Some((sym, noun)) => format!("{noun}, {sym}"),
        None => format!("dimension {found}"),
    };
    match unit {
        None => format!(
            "expected a quantity with unit of dimension {} ({}), found a plain number without unit",
            expected.symbol(),
            expected
                .name()
                .map_or("a physical quantity", |(_, noun)| noun)
        ),
        Some(u) => format!(
            "expected {}, found unit '{u}' ({found_desc})",
            expected.describe()
        ),
    }
}
