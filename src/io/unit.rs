//! Physical dimensions and a parser for the unit strings of NNMT parameter files.
//!
//! NNMT stores quantities in YAML as `{val: ..., unit: <pint expression>}`. This
//! module parses the subset of pint's expression language that NNMT's files use
//! (and a generous superset of it) into a [`Unit`]: a conversion factor to SI
//! base units and a [`Dimension`] (integer exponents of the SI base dimensions
//! time, length, mass and electric current).
//!
//! Grammar (whitespace is insignificant except as implicit multiplication):
//!
//! ```text
//! expr     := power ( ('*' | '/' | <juxtaposition>) power )*    (left-associative)
//! power    := primary ( ('**' | '^') exponent )?
//! exponent := ['+' | '-'] integer  |  '(' ['+' | '-'] integer ')'
//! primary  := number | unit-name | '(' expr ')'
//! ```
//!
//! As in pint, `*`, `/` and juxtaposition share one precedence level and group
//! from the left (`a / b c` is `(a / b) * c`), and `**`/`^` bind tighter.
//!
//! Unit names are case-sensitive. Supported units: `s`/`sec`/`second`, `m`/`meter`/`metre`,
//! `V`/`volt`, `A`/`amp`/`ampere`, `F`/`farad`, `Hz`/`hertz`, `Ω`/`ohm`, `S`/`siemens`
//! (long names also in the plural, e.g. `milliseconds`), and `dimensionless`.
//! Every unit except `dimensionless` takes one SI prefix, either as a symbol
//! (`p n µ μ u m c k M G`) or as a word (`pico nano micro milli centi kilo mega giga`),
//! e.g. `ms`, `millivolt`, `kHz`, `µA`, `uA`, `kΩ`, `kiloohm`.
//!
//! Parsing never panics; every malformed input yields a [`UnitError`].

use std::fmt;

/// Exponents of the SI base dimensions (time, length, mass, electric current).
///
/// For example a voltage (V = kg m² s⁻³ A⁻¹) is
/// `Dimension { time: -3, length: 2, mass: 1, current: -1 }`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Dimension {
    /// Exponent of time (s).
    pub time: i8,
    /// Exponent of length (m).
    pub length: i8,
    /// Exponent of mass (kg).
    pub mass: i8,
    /// Exponent of electric current (A).
    pub current: i8,
}

/// A pure number (no unit).
pub const DIMENSIONLESS: Dimension = Dimension::new(0, 0, 0, 0);
/// Time, s.
pub const TIME: Dimension = Dimension::new(1, 0, 0, 0);
/// Frequency, Hz = s⁻¹.
pub const FREQUENCY: Dimension = Dimension::new(-1, 0, 0, 0);
/// Length, m.
pub const LENGTH: Dimension = Dimension::new(0, 1, 0, 0);
/// Inverse length (wavenumber), m⁻¹.
pub const INVERSE_LENGTH: Dimension = Dimension::new(0, -1, 0, 0);
/// Mass, kg.
pub const MASS: Dimension = Dimension::new(0, 0, 1, 0);
/// Electric current, A.
pub const CURRENT: Dimension = Dimension::new(0, 0, 0, 1);
/// Electric charge, C = A s.
pub const CHARGE: Dimension = Dimension::new(1, 0, 0, 1);
/// Voltage, V = kg m² s⁻³ A⁻¹.
pub const VOLTAGE: Dimension = Dimension::new(-3, 2, 1, -1);
/// Squared voltage, V² (e.g. variances of membrane potentials).
pub const VOLTAGE_SQUARED: Dimension = Dimension::new(-6, 4, 2, -2);
/// Capacitance, F = kg⁻¹ m⁻² s⁴ A².
pub const CAPACITANCE: Dimension = Dimension::new(4, -2, -1, 2);
/// Resistance, Ω = V/A = kg m² s⁻³ A⁻².
pub const RESISTANCE: Dimension = Dimension::new(-3, 2, 1, -2);
/// Conductance, S = A/V = kg⁻¹ m⁻² s³ A².
pub const CONDUCTANCE: Dimension = Dimension::new(3, -2, -1, 2);
/// Frequency per voltage, Hz/V (unit of LIF transfer functions).
pub const FREQUENCY_PER_VOLTAGE: Dimension = Dimension::new(2, -2, -1, 1);

/// Named dimensions: (dimension, symbol used by `Display`, noun phrase).
const NAMED: [(Dimension, &str, &str); 14] = [
    (DIMENSIONLESS, "dimensionless", "a dimensionless number"),
    (TIME, "s", "a time"),
    (FREQUENCY, "Hz", "a frequency"),
    (LENGTH, "m", "a length"),
    (INVERSE_LENGTH, "1/m", "an inverse length"),
    (MASS, "kg", "a mass"),
    (CURRENT, "A", "a current"),
    (CHARGE, "C", "a charge"),
    (VOLTAGE, "V", "a voltage"),
    (VOLTAGE_SQUARED, "V^2", "a squared voltage"),
    (CAPACITANCE, "F", "a capacitance"),
    (RESISTANCE, "Ω", "a resistance"),
    (CONDUCTANCE, "S", "a conductance"),
    (FREQUENCY_PER_VOLTAGE, "Hz/V", "a frequency per voltage"),
];

impl Dimension {
    /// Creates a dimension from the exponents of time, length, mass and current.
    pub const fn new(time: i8, length: i8, mass: i8, current: i8) -> Self {
        Dimension {
            time,
            length,
            mass,
            current,
        }
    }

    /// `true` if all exponents are zero.
    pub const fn is_dimensionless(&self) -> bool {
        self.time == 0 && self.length == 0 && self.mass == 0 && self.current == 0
    }

    /// Dimension of a product (exponents added); `None` if an exponent leaves the `i8` range.
    pub fn checked_mul(self, other: Dimension) -> Option<Dimension> {
        Some(Dimension {
            time: self.time.checked_add(other.time)?,
            length: self.length.checked_add(other.length)?,
            mass: self.mass.checked_add(other.mass)?,
            current: self.current.checked_add(other.current)?,
        })
    }

    /// Dimension of a quotient (exponents subtracted); `None` on `i8` overflow.
    pub fn checked_div(self, other: Dimension) -> Option<Dimension> {
        Some(Dimension {
            time: self.time.checked_sub(other.time)?,
            length: self.length.checked_sub(other.length)?,
            mass: self.mass.checked_sub(other.mass)?,
            current: self.current.checked_sub(other.current)?,
        })
    }

    /// Dimension raised to an integer power; `None` on `i8` overflow.
    pub fn checked_pow(self, n: i32) -> Option<Dimension> {
        let p = |e: i8| -> Option<i8> { i8::try_from(i32::from(e).checked_mul(n)?).ok() };
        Some(Dimension {
            time: p(self.time)?,
            length: p(self.length)?,
            mass: p(self.mass)?,
            current: p(self.current)?,
        })
    }

    /// Symbol of a named dimension (`"V"`, `"s"`, `"Hz/V"`, ...), if it has one.
    pub fn symbol(&self) -> Option<&'static str> {
        NAMED.iter().find(|(d, _, _)| d == self).map(|(_, s, _)| *s)
    }

    /// Noun phrase of a named dimension (`"a voltage"`, `"a time"`, ...), if it has one.
    pub fn noun(&self) -> Option<&'static str> {
        NAMED.iter().find(|(d, _, _)| d == self).map(|(_, _, n)| *n)
    }

    /// The dimension written with SI base units, e.g. `kg m^2 s^-3 A^-1` for a voltage
    /// (`1` for a dimensionless number).
    pub fn base_form(&self) -> String {
        let mut parts = Vec::new();
        for (sym, e) in [
            ("kg", self.mass),
            ("m", self.length),
            ("s", self.time),
            ("A", self.current),
        ] {
            match e {
                0 => {}
                1 => parts.push(sym.to_string()),
                _ => parts.push(format!("{sym}^{e}")),
            }
        }
        if parts.is_empty() {
            "1".to_string()
        } else {
            parts.join(" ")
        }
    }

    /// Human-readable description for error messages: `"a time (s)"`, or
    /// `"a quantity of dimension kg m^2 s^-2 A^-1"` for dimensions without a name.
    pub fn describe(&self) -> String {
        match (self.noun(), self.symbol()) {
            (Some(noun), _) if self.is_dimensionless() => noun.to_string(),
            (Some(noun), Some(sym)) => format!("{noun} ({sym})"),
            _ => format!("a quantity of dimension {}", self.base_form()),
        }
    }
}

impl fmt::Display for Dimension {
    /// Writes the symbol of a named dimension (`V`, `s`, `Hz/V`, `dimensionless`),
    /// otherwise the base-unit form (`kg m^2 s^-2 A^-1`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.symbol() {
            Some(s) => f.write_str(s),
            None => f.write_str(&self.base_form()),
        }
    }
}

/// A parsed unit: `value_in_SI = value * factor`, with dimension `dim`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    /// Multiply a value in this unit by `factor` to obtain it in SI base units.
    pub factor: f64,
    /// Physical dimension of the unit.
    pub dim: Dimension,
}

impl Unit {
    /// The unit of pure numbers (factor 1, dimensionless).
    pub const ONE: Unit = Unit {
        factor: 1.0,
        dim: DIMENSIONLESS,
    };

    /// Converts a value given in this unit to SI base units.
    pub fn to_si(&self, value: f64) -> f64 {
        value * self.factor
    }
}

/// Why a unit string could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnitError {
    /// The unit string is empty or only whitespace.
    Empty,
    /// A name in the expression is not a known unit.
    UnknownName {
        /// The unrecognised name.
        name: String,
        /// A known unit that differs only in letter case, if any (e.g. `mV` for `mv`).
        suggestion: Option<String>,
    },
    /// The expression is syntactically malformed.
    Syntax {
        /// Character offset (0-based) where the problem was found.
        position: usize,
        /// What was wrong.
        message: String,
    },
    /// An exponent is not an integer (dimensions need integer exponents).
    BadExponent {
        /// Character offset (0-based) of the exponent.
        position: usize,
        /// The exponent as written.
        text: String,
    },
    /// A dimension exponent leaves the `i8` range, or the conversion factor is zero,
    /// negative, infinite or NaN.
    OutOfRange {
        /// What overflowed.
        message: String,
    },
    /// Parentheses are nested too deeply.
    TooDeep,
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitError::Empty => f.write_str("the unit string is empty"),
            UnitError::UnknownName {
                name,
                suggestion: Some(s),
            } => write!(f, "'{name}' is not a known unit (did you mean '{s}'?)"),
            UnitError::UnknownName {
                name,
                suggestion: None,
            } => write!(f, "'{name}' is not a known unit"),
            UnitError::Syntax { position, message } => {
                write!(f, "syntax error at character {position}: {message}")
            }
            UnitError::BadExponent { position, text } => write!(
                f,
                "exponent '{text}' at character {position} is not an integer"
            ),
            UnitError::OutOfRange { message } => f.write_str(message),
            UnitError::TooDeep => f.write_str("parentheses are nested too deeply"),
        }
    }
}

impl std::error::Error for UnitError {}

/// Base units: (names, factor to SI, dimension). The first name is the symbol.
const UNITS: &[(&[&str], f64, Dimension)] = &[
    (&["s", "sec", "second", "seconds"], 1.0, TIME),
    (&["m", "meter", "meters", "metre", "metres"], 1.0, LENGTH),
    (&["V", "volt", "volts"], 1.0, VOLTAGE),
    (&["A", "amp", "amps", "ampere", "amperes"], 1.0, CURRENT),
    (&["F", "farad", "farads"], 1.0, CAPACITANCE),
    (&["Hz", "hertz"], 1.0, FREQUENCY),
    (&["Ω", "\u{2126}", "ohm", "ohms"], 1.0, RESISTANCE),
    (&["S", "siemens"], 1.0, CONDUCTANCE),
];

/// SI prefixes: (spellings, factor).
const PREFIXES: &[(&[&str], f64)] = &[
    (&["p", "pico"], 1e-12),
    (&["n", "nano"], 1e-9),
    (&["µ", "μ", "u", "micro"], 1e-6),
    (&["m", "milli"], 1e-3),
    (&["c", "centi"], 1e-2),
    (&["k", "kilo"], 1e3),
    (&["M", "mega"], 1e6),
    (&["G", "giga"], 1e9),
];

/// Looks up an unprefixed unit name.
fn base_unit(name: &str) -> Option<Unit> {
    UNITS
        .iter()
        .find(|(names, _, _)| names.contains(&name))
        .map(|&(_, factor, dim)| Unit { factor, dim })
}

/// Resolves a unit name, with an optional SI prefix.
fn lookup(name: &str) -> Option<Unit> {
    if name == "dimensionless" {
        return Some(Unit::ONE);
    }
    if let Some(u) = base_unit(name) {
        return Some(u);
    }
    for (spellings, pf) in PREFIXES {
        for p in spellings.iter() {
            if let Some(u) = name.strip_prefix(p).and_then(base_unit) {
                return Some(Unit {
                    factor: pf * u.factor,
                    dim: u.dim,
                });
            }
        }
    }
    None
}

/// A known unit spelling equal to `name` up to letter case, for error hints.
fn case_suggestion(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let mut candidates: Vec<String> = vec!["dimensionless".to_string()];
    for (names, _, _) in UNITS {
        for n in names.iter() {
            candidates.push((*n).to_string());
            for (ps, _) in PREFIXES {
                for p in ps.iter() {
                    candidates.push(format!("{p}{n}"));
                }
            }
        }
    }
    candidates
        .into_iter()
        .find(|c| c.to_lowercase() == lower && lookup(c).is_some())
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64, String),
    Name(String),
    Star,
    Slash,
    Pow,
    LParen,
    RParen,
    Plus,
    Minus,
}

fn describe_tok(t: &Tok) -> String {
    match t {
        Tok::Num(_, s) => format!("number '{s}'"),
        Tok::Name(s) => format!("name '{s}'"),
        Tok::Star => "'*'".into(),
        Tok::Slash => "'/'".into(),
        Tok::Pow => "'**'".into(),
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
        Tok::Plus => "'+'".into(),
        Tok::Minus => "'-'".into(),
    }
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits a unit expression into (character position, token) pairs.
fn tokenize(s: &str) -> Result<Vec<(usize, Tok)>, UnitError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                Tok::Pow
            }
            '*' | '·' => {
                i += 1;
                Tok::Star
            }
            '^' => {
                i += 1;
                Tok::Pow
            }
            '/' => {
                i += 1;
                Tok::Slash
            }
            '(' => {
                i += 1;
                Tok::LParen
            }
            ')' => {
                i += 1;
                Tok::RParen
            }
            '+' => {
                i += 1;
                Tok::Plus
            }
            '-' => {
                i += 1;
                Tok::Minus
            }
            c if c.is_ascii_digit() || c == '.' => {
                let is_digit = |k: usize| chars.get(k).is_some_and(|d| d.is_ascii_digit());
                while is_digit(i) {
                    i += 1;
                }
                if chars.get(i) == Some(&'.') {
                    i += 1;
                    while is_digit(i) {
                        i += 1;
                    }
                }
                // exponent only if followed by digits (optionally signed)
                if matches!(chars.get(i), Some('e' | 'E')) {
                    let mut j = i + 1;
                    if matches!(chars.get(j), Some('+' | '-')) {
                        j += 1;
                    }
                    if is_digit(j) {
                        i = j;
                        while is_digit(i) {
                            i += 1;
                        }
                    }
                }
                let text: String = chars.get(start..i).unwrap_or_default().iter().collect();
                match text.parse::<f64>() {
                    Ok(v) => Tok::Num(v, text),
                    Err(_) => {
                        return Err(UnitError::Syntax {
                            position: start,
                            message: format!("'{text}' is not a valid number"),
                        });
                    }
                }
            }
            c if is_name_start(c) => {
                while chars.get(i).is_some_and(|&d| is_name_char(d)) {
                    i += 1;
                }
                Tok::Name(chars.get(start..i).unwrap_or_default().iter().collect())
            }
            other => {
                return Err(UnitError::Syntax {
                    position: start,
                    message: format!("unexpected character '{other}'"),
                });
            }
        };
        out.push((start, tok));
    }
    Ok(out)
}

const MAX_DEPTH: usize = 32;

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(p, _)| *p)
    }

    fn syntax(&self, message: String) -> UnitError {
        UnitError::Syntax {
            position: self.here(),
            message,
        }
    }

    fn expr(&mut self, depth: usize) -> Result<Unit, UnitError> {
        let mut acc = self.power(depth)?;
        loop {
            let divide = match self.peek() {
                Some(Tok::Star) => {
                    self.pos += 1;
                    false
                }
                Some(Tok::Slash) => {
                    self.pos += 1;
                    true
                }
                // juxtaposition = implicit multiplication
                Some(Tok::Num(..) | Tok::Name(_) | Tok::LParen) => false,
                _ => return Ok(acc),
            };
            let rhs = self.power(depth)?;
            acc = if divide {
                Unit {
                    factor: acc.factor / rhs.factor,
                    dim: acc.dim.checked_div(rhs.dim).ok_or_else(dim_overflow)?,
                }
            } else {
                Unit {
                    factor: acc.factor * rhs.factor,
                    dim: acc.dim.checked_mul(rhs.dim).ok_or_else(dim_overflow)?,
                }
            };
        }
    }

    fn power(&mut self, depth: usize) -> Result<Unit, UnitError> {
        let base = self.primary(depth)?;
        if self.peek() != Some(&Tok::Pow) {
            return Ok(base);
        }
        self.pos += 1;
        let n = self.exponent()?;
        Ok(Unit {
            factor: base.factor.powi(n),
            dim: base.dim.checked_pow(n).ok_or_else(dim_overflow)?,
        })
    }

    fn exponent(&mut self) -> Result<i32, UnitError> {
        let paren = self.peek() == Some(&Tok::LParen);
        if paren {
            self.pos += 1;
        }
        let negative = match self.peek() {
            Some(Tok::Minus) => {
                self.pos += 1;
                true
            }
            Some(Tok::Plus) => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let position = self.here();
        let n = match self.peek().cloned() {
            Some(Tok::Num(_, text)) => {
                self.pos += 1;
                match text.parse::<i32>() {
                    Ok(n) if n <= 127 => n,
                    Ok(_) => {
                        return Err(UnitError::OutOfRange {
                            message: format!("exponent {text} is too large"),
                        });
                    }
                    Err(_) => return Err(UnitError::BadExponent { position, text }),
                }
            }
            Some(t) => {
                return Err(self.syntax(format!(
                    "expected an integer exponent, found {}",
                    describe_tok(&t)
                )));
            }
            None => return Err(self.syntax("expected an integer exponent".into())),
        };
        if paren {
            if self.peek() != Some(&Tok::RParen) {
                return Err(self.syntax("expected ')' after the exponent".into()));
            }
            self.pos += 1;
        }
        Ok(if negative { -n } else { n })
    }

    fn primary(&mut self, depth: usize) -> Result<Unit, UnitError> {
        match self.peek().cloned() {
            Some(Tok::Num(v, _)) => {
                self.pos += 1;
                Ok(Unit {
                    factor: v,
                    dim: DIMENSIONLESS,
                })
            }
            Some(Tok::Name(name)) => {
                self.pos += 1;
                lookup(&name).ok_or_else(|| UnitError::UnknownName {
                    suggestion: case_suggestion(&name),
                    name,
                })
            }
            Some(Tok::LParen) => {
                if depth >= MAX_DEPTH {
                    return Err(UnitError::TooDeep);
                }
                self.pos += 1;
                let inner = self.expr(depth + 1)?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(self.syntax("missing ')'".into()));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(t) => Err(self.syntax(format!(
                "expected a unit, a number or '(', found {}",
                describe_tok(&t)
            ))),
            None => Err(self.syntax("unexpected end of the unit string".into())),
        }
    }
}

fn dim_overflow() -> UnitError {
    UnitError::OutOfRange {
        message: "a dimension exponent is out of range (-128..=127)".into(),
    }
}

/// Parses a pint-style unit expression such as `ms`, `1/mm`, `hertz / millivolt`
/// or `mV**2` into a conversion factor to SI base units and a dimension.
///
/// ```text
/// parse_unit("ms")                -> Unit { factor: 1e-3, dim: TIME }
/// parse_unit("1 / mm")            -> Unit { factor: 1e3,  dim: INVERSE_LENGTH }
/// parse_unit("hertz / millivolt") -> Unit { factor: 1e3,  dim: FREQUENCY_PER_VOLTAGE }
/// ```
///
/// Errors (never panics): empty string, unknown names, malformed syntax,
/// non-integer exponents, out-of-range dimensions, and a conversion factor
/// that is not finite and positive.
pub fn parse_unit(s: &str) -> Result<Unit, UnitError> {
    let toks = tokenize(s)?;
    if toks.is_empty() {
        return Err(UnitError::Empty);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: s.chars().count(),
    };
    let unit = p.expr(0)?;
    if let Some(t) = p.peek().cloned() {
        return Err(p.syntax(format!("unexpected {}", describe_tok(&t))));
    }
    if !(unit.factor.is_finite() && unit.factor > 0.0) {
        return Err(UnitError::OutOfRange {
            message: format!(
                "the conversion factor to SI units ({}) is not a finite positive number",
                unit.factor
            ),
        });
    }
    Ok(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
    }

    #[track_caller]
    fn check(s: &str, factor: f64, dim: Dimension) {
        let u = parse_unit(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(
            close(u.factor, factor),
            "{s}: factor {} != {factor}",
            u.factor
        );
        assert_eq!(u.dim, dim, "{s}: dimension {} != {dim}", u.dim);
    }

    /// Every unit string that occurs in NNMT 1.3.0's YAML files.
    #[test]
    fn units_found_in_nnmt_files() {
        check("ms", 1e-3, TIME);
        check("s", 1.0, TIME);
        check("millisecond", 1e-3, TIME);
        check("mV", 1e-3, VOLTAGE);
        check("V", 1.0, VOLTAGE);
        check("millivolt", 1e-3, VOLTAGE);
        check("Hz", 1.0, FREQUENCY);
        check("pA", 1e-12, CURRENT);
        check("pF", 1e-12, CAPACITANCE);
        check("1/mm", 1e3, INVERSE_LENGTH);
        check("1 / mm", 1e3, INVERSE_LENGTH);
        check("mm", 1e-3, LENGTH);
        check("millimeter", 1e-3, LENGTH);
        check("hertz / millivolt", 1e3, FREQUENCY_PER_VOLTAGE);
        check("hertz / volt", 1.0, FREQUENCY_PER_VOLTAGE);
    }

    #[test]
    fn exact_factors_of_common_units() {
        // The factors are the prefix literals themselves, so they are bit-exact.
        assert_eq!(
            parse_unit("ms").unwrap().factor.to_bits(),
            1e-3f64.to_bits()
        );
        assert_eq!(
            parse_unit("pF").unwrap().factor.to_bits(),
            1e-12f64.to_bits()
        );
        assert_eq!(
            parse_unit("1/mm").unwrap().factor.to_bits(),
            1e3f64.to_bits()
        );
        assert_eq!(
            parse_unit("hertz / millivolt").unwrap().factor.to_bits(),
            1e3f64.to_bits()
        );
    }

    #[test]
    fn prefixed_family() {
        check("ps", 1e-12, TIME);
        check("ns", 1e-9, TIME);
        check("µs", 1e-6, TIME);
        check("μs", 1e-6, TIME);
        check("us", 1e-6, TIME);
        check("cs", 1e-2, TIME);
        check("ks", 1e3, TIME);
        check("Ms", 1e6, TIME);
        check("Gs", 1e9, TIME);
        check("nA", 1e-9, CURRENT);
        check("µA", 1e-6, CURRENT);
        check("mA", 1e-3, CURRENT);
        check("A", 1.0, CURRENT);
        check("nF", 1e-9, CAPACITANCE);
        check("µF", 1e-6, CAPACITANCE);
        check("F", 1.0, CAPACITANCE);
        check("kHz", 1e3, FREQUENCY);
        check("MHz", 1e6, FREQUENCY);
        check("mHz", 1e-3, FREQUENCY);
        check("cm", 1e-2, LENGTH);
        check("µm", 1e-6, LENGTH);
        check("km", 1e3, LENGTH);
        check("m", 1.0, LENGTH);
        check("MΩ", 1e6, RESISTANCE);
        check("k\u{2126}", 1e3, RESISTANCE);
        check("ohm", 1.0, RESISTANCE);
        check("megaohm", 1e6, RESISTANCE);
        check("nS", 1e-9, CONDUCTANCE);
        check("S", 1.0, CONDUCTANCE);
        check("MV", 1e6, VOLTAGE);
        check("kV", 1e3, VOLTAGE);
        check("µV", 1e-6, VOLTAGE);
    }

    #[test]
    fn long_names() {
        check("second", 1.0, TIME);
        check("seconds", 1.0, TIME);
        check("milliseconds", 1e-3, TIME);
        check("microsecond", 1e-6, TIME);
        check("volt", 1.0, VOLTAGE);
        check("millivolts", 1e-3, VOLTAGE);
        check("picoampere", 1e-12, CURRENT);
        check("nanoampere", 1e-9, CURRENT);
        check("ampere", 1.0, CURRENT);
        check("picofarad", 1e-12, CAPACITANCE);
        check("farad", 1.0, CAPACITANCE);
        check("hertz", 1.0, FREQUENCY);
        check("kilohertz", 1e3, FREQUENCY);
        check("meter", 1.0, LENGTH);
        check("metre", 1.0, LENGTH);
        check("micrometre", 1e-6, LENGTH);
        check("dimensionless", 1.0, DIMENSIONLESS);
        check("siemens", 1.0, CONDUCTANCE);
        check("nanosiemens", 1e-9, CONDUCTANCE);
    }

    #[test]
    fn expressions() {
        check("1/s", 1.0, FREQUENCY);
        check("s**-1", 1.0, FREQUENCY);
        check("s^(-1)", 1.0, FREQUENCY);
        check("mV**2", 1e-6, VOLTAGE_SQUARED);
        check("mV^2", 1e-6, VOLTAGE_SQUARED);
        check("millivolt ** 2", 1e-6, VOLTAGE_SQUARED);
        check("Hz/mV", 1e3, FREQUENCY_PER_VOLTAGE);
        check("1 / (mV * ms)", 1e6, Dimension::new(2, -2, -1, 1));
        check("pA / pF", 1.0, Dimension::new(-4, 2, 1, -1));
        check("pA * ms / pF", 1e-3, VOLTAGE);
        check("ms mV", 1e-6, Dimension::new(-2, 2, 1, -1));
        check("V / A", 1.0, RESISTANCE);
        check("A / V", 1.0, CONDUCTANCE);
        check("A s", 1.0, CHARGE);
        check("1e3 / s", 1e3, FREQUENCY);
        check("0.001 * s", 1e-3, TIME);
        check("10**3 Hz", 1e3, FREQUENCY);
        check("  ms  ", 1e-3, TIME);
        // pint precedence: `/` and juxtaposition group from the left
        check("m / s s", 1.0, LENGTH);
        check("m / (s s)", 1.0, Dimension::new(-2, 1, 0, 0));
        check("F V", 1.0, CHARGE);
        check("s / s", 1.0, DIMENSIONLESS);
    }

    #[test]
    fn errors() {
        assert_eq!(parse_unit(""), Err(UnitError::Empty));
        assert_eq!(parse_unit("   "), Err(UnitError::Empty));
        assert!(matches!(
            parse_unit("furlong"),
            Err(UnitError::UnknownName { ref name, .. }) if name == "furlong"
        ));
        match parse_unit("mv") {
            Err(UnitError::UnknownName { name, suggestion }) => {
                assert_eq!(name, "mv");
                assert_eq!(suggestion.as_deref(), Some("mV"));
            }
            other => panic!("{other:?}"),
        }
        let msg = parse_unit("hz").unwrap_err().to_string();
        assert!(msg.contains("'hz'") && msg.contains("'Hz'"), "{msg}");
        assert!(matches!(parse_unit("ms*"), Err(UnitError::Syntax { .. })));
        assert!(matches!(parse_unit("(ms"), Err(UnitError::Syntax { .. })));
        assert!(matches!(parse_unit("ms)"), Err(UnitError::Syntax { .. })));
        assert!(matches!(parse_unit("/ms"), Err(UnitError::Syntax { .. })));
        assert!(matches!(
            parse_unit("ms % 2"),
            Err(UnitError::Syntax { .. })
        ));
        assert!(matches!(
            parse_unit("ms**0.5"),
            Err(UnitError::BadExponent { .. })
        ));
        assert!(matches!(parse_unit("ms**x"), Err(UnitError::Syntax { .. })));
        assert!(matches!(
            parse_unit("s**100 * s**100"),
            Err(UnitError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_unit("s**1000"),
            Err(UnitError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_unit("0 s"),
            Err(UnitError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_unit("1e300 * 1e300 * s"),
            Err(UnitError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_unit("kdimensionless"),
            Err(UnitError::UnknownName { .. })
        ));
        assert!(matches!(
            parse_unit("mm2"),
            Err(UnitError::UnknownName { .. })
        ));
        let deep = format!("{}s{}", "(".repeat(100), ")".repeat(100));
        assert_eq!(parse_unit(&deep), Err(UnitError::TooDeep));
    }

    #[test]
    fn display() {
        assert_eq!(VOLTAGE.to_string(), "V");
        assert_eq!(TIME.to_string(), "s");
        assert_eq!(FREQUENCY.to_string(), "Hz");
        assert_eq!(FREQUENCY_PER_VOLTAGE.to_string(), "Hz/V");
        assert_eq!(INVERSE_LENGTH.to_string(), "1/m");
        assert_eq!(CAPACITANCE.to_string(), "F");
        assert_eq!(CURRENT.to_string(), "A");
        assert_eq!(DIMENSIONLESS.to_string(), "dimensionless");
        assert_eq!(Dimension::new(-2, 2, 1, -1).to_string(), "kg m^2 s^-2 A^-1");
        assert_eq!(TIME.describe(), "a time (s)");
        assert_eq!(VOLTAGE.describe(), "a voltage (V)");
        assert_eq!(DIMENSIONLESS.describe(), "a dimensionless number");
        assert_eq!(
            Dimension::new(-2, 2, 1, -1).describe(),
            "a quantity of dimension kg m^2 s^-2 A^-1"
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "**",
            "^",
            "()",
            "(((",
            ")))",
            "1/",
            "1//s",
            "s**",
            "s**-",
            "s**(2",
            "s^^2",
            "..",
            "1e",
            "1e+",
            "e5",
            ".",
            "-s",
            "+s",
            "s-1",
            "µ",
            "ΩΩ",
            "\u{0}",
            "ms\u{301}",
            "1.2.3",
            "99999999999999999999999999",
            "s**99999999999",
            "s**-128",
            "s**-129",
        ] {
            let _ = parse_unit(s);
        }
    }
}
