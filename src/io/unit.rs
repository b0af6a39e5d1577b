//! Parsing the pint unit strings of NNMT parameter files, and checking them against uom
//! quantity types.
//!
//! NNMT stores quantities in YAML as `{val: ..., unit: <pint expression>}`. This module
//! parses the subset of pint's expression language that NNMT's files use (and a generous
//! superset of it) into a [`Unit`]: a conversion factor to SI base units and the
//! [`BaseExponents`] of the unit (the powers of m, kg, s, A, K, mol, cd it is made of).
//!
//! The expected dimension of a value is never written down here: it is the dimension of
//! the uom type a caller asks for. [`FileQuantity`] reads it from the type
//! (`<Q as uom::si::Dimension>::L`, `M`, `T`, ... as typenum integers), so that
//! [`ParamMap::get::<Time>`](crate::io::ParamMap::get) checks the file's unit against
//! `Time` and nothing else states that `tau_m` is a time.
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
//!
//! # Examples
//! ```
//! # fn main() -> Result<(), nnmt::io::unit::UnitError> {
//! use nnmt::io::unit::{FileQuantity, parse_unit};
//! use nnmt::units::*;
//! let u = parse_unit("hertz / millivolt")?;
//! assert_eq!(u.factor, 1e3); // 1 Hz/mV = 1000 Hz/V
//! assert_eq!(u.exponents, FrequencyPerVoltage::EXPONENTS);
//! assert_ne!(parse_unit("ms")?.exponents, ElectricPotential::EXPONENTS);
//! # Ok(()) }
//! ```

use std::fmt;

use uom::si::{ISQ, Quantity, SI};
use uom::typenum::Integer;

pub use crate::units::BaseExponents;
use crate::units::SiValue;

/// A type whose values a parameter file can hand out: every uom SI quantity with `f64`
/// storage (`Time`, `ElectricPotential`, `FrequencyPerVoltage`, ...) and `f64` for pure
/// numbers (in-degrees `K`, the inhibition ratio `g`).
///
/// [`EXPONENTS`](Self::EXPONENTS) is read from the type itself (uom's dimension type
/// parameters, as typenum integers), so the dimension a value must have is stated once: by
/// the type the caller asks for. Only quantities of uom's plain kind qualify: an
/// `AngularVelocity` (rad/s) has the exponents of a frequency but is a different kind, and
/// no file unit is an angle, so it cannot be read from a file (ask for a `Frequency`).
///
/// # Examples
/// ```
/// use nnmt::io::unit::{BaseExponents, FileQuantity};
/// use nnmt::units::*;
/// assert_eq!(Time::EXPONENTS, BaseExponents([0, 0, 1, 0, 0, 0, 0]));
/// assert_eq!(<f64 as FileQuantity>::EXPONENTS, BaseExponents::NONE);
/// ```
pub trait FileQuantity: SiValue + PartialEq {
    /// Exponents of the SI base units of the type.
    const EXPONENTS: BaseExponents;
}

/// The exponent of a typenum integer as an `i8` (uom's dimensions stay far inside).
const fn exponent<E: Integer>() -> i8 {
    E::I8
}

impl<L, M, T, I, Th, N, J> FileQuantity for Quantity<ISQ<L, M, T, I, Th, N, J>, SI<f64>, f64>
where
    L: Integer,
    M: Integer,
    T: Integer,
    I: Integer,
    Th: Integer,
    N: Integer,
    J: Integer,
{
    const EXPONENTS: BaseExponents = BaseExponents([
        exponent::<L>(),
        exponent::<M>(),
        exponent::<T>(),
        exponent::<I>(),
        exponent::<Th>(),
        exponent::<N>(),
        exponent::<J>(),
    ]);
}

impl FileQuantity for f64 {
    const EXPONENTS: BaseExponents = BaseExponents::NONE;
}

/// A parsed unit: `value_in_SI = value * factor`, with base-unit exponents `exponents`.
///
/// # Examples
/// ```
/// # fn main() -> Result<(), nnmt::io::unit::UnitError> {
/// use nnmt::io::unit::parse_unit;
/// assert_eq!(parse_unit("1/mm")?.factor, 1e3);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    /// Multiply a value in this unit by `factor` to obtain it in SI base units.
    pub factor: f64,
    /// Exponents of the SI base units the unit is made of.
    pub exponents: BaseExponents,
}

impl Unit {
    /// The unit of pure numbers (factor 1, no base units).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> Result<(), nnmt::io::unit::UnitError> {
    /// use nnmt::io::unit::{Unit, parse_unit};
    /// assert_eq!(parse_unit("ms / s * 1000")?.exponents, Unit::ONE.exponents);
    /// # Ok(()) }
    /// ```
    pub const ONE: Unit = Unit {
        factor: 1.0,
        exponents: BaseExponents::NONE,
    };
}

/// Why a unit string could not be parsed.
///
/// # Examples
/// ```
/// use nnmt::io::unit::{UnitError, parse_unit};
/// let err = parse_unit("mv").unwrap_err();
/// assert!(matches!(err, UnitError::UnknownName { ref suggestion, .. } if suggestion.as_deref() == Some("mV")));
/// assert_eq!(err.to_string(), "'mv' is not a known unit (did you mean 'mV'?)");
/// ```
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

/// Base units: (names, factor to SI, exponents of m, kg, s, A). The first name is the symbol.
const UNITS: &[(&[&str], f64, [i8; 4])] = &[
    (&["s", "sec", "second", "seconds"], 1.0, [0, 0, 1, 0]),
    (
        &["m", "meter", "meters", "metre", "metres"],
        1.0,
        [1, 0, 0, 0],
    ),
    (&["V", "volt", "volts"], 1.0, [2, 1, -3, -1]),
    (
        &["A", "amp", "amps", "ampere", "amperes"],
        1.0,
        [0, 0, 0, 1],
    ),
    (&["F", "farad", "farads"], 1.0, [-2, -1, 4, 2]),
    (&["Hz", "hertz"], 1.0, [0, 0, -1, 0]),
    (&["Ω", "\u{2126}", "ohm", "ohms"], 1.0, [2, 1, -3, -2]),
    (&["S", "siemens"], 1.0, [-2, -1, 3, 2]),
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
        .map(|&(_, factor, [l, m, t, i])| Unit {
            factor,
            exponents: BaseExponents([l, m, t, i, 0, 0, 0]),
        })
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
                    exponents: u.exponents,
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
    /// `**` or `^`, as written
    Pow(&'static str),
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
        Tok::Pow(s) => format!("'{s}'"),
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
                Tok::Pow("**")
            }
            '*' | '·' => {
                i += 1;
                Tok::Star
            }
            '^' => {
                i += 1;
                Tok::Pow("^")
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
                    exponents: acc
                        .exponents
                        .checked_div(rhs.exponents)
                        .ok_or_else(dim_overflow)?,
                }
            } else {
                Unit {
                    factor: acc.factor * rhs.factor,
                    exponents: acc
                        .exponents
                        .checked_mul(rhs.exponents)
                        .ok_or_else(dim_overflow)?,
                }
            };
        }
    }

    fn power(&mut self, depth: usize) -> Result<Unit, UnitError> {
        let base = self.primary(depth)?;
        if !matches!(self.peek(), Some(Tok::Pow(_))) {
            return Ok(base);
        }
        self.pos += 1;
        let n = self.exponent()?;
        Ok(Unit {
            factor: base.factor.powi(n),
            exponents: base.exponents.checked_pow(n).ok_or_else(dim_overflow)?,
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
                    exponents: BaseExponents::NONE,
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
/// or `mV**2` into a conversion factor to SI base units and the exponents of the base
/// units.
///
/// # Errors
/// A [`UnitError`] (never a panic): empty string, unknown names, malformed syntax,
/// non-integer exponents, out-of-range exponents, and a conversion factor that is not
/// finite and positive.
///
/// # Examples
/// ```
/// # fn main() -> Result<(), nnmt::io::unit::UnitError> {
/// use nnmt::io::unit::{FileQuantity, parse_unit};
/// use nnmt::units::*;
/// let ms = parse_unit("ms")?;
/// assert_eq!((ms.factor, ms.exponents), (1e-3, Time::EXPONENTS));
/// let per_mm = parse_unit("1 / mm")?;
/// assert_eq!(per_mm.factor, 1e3);
/// assert!(parse_unit("furlong").is_err());
/// # Ok(()) }
/// ```
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
    use crate::units::{
        Capacitance, ElectricCurrent, ElectricPotential, Frequency, FrequencyPerVoltage, Time,
    };
    use uom::typenum::{N1, N2, N6, P1, P2, Z0};

    /// m⁻¹ (uom's `LinearNumberDensity` is a quantity of another kind).
    type InverseLength = Quantity<ISQ<N1, Z0, Z0, Z0, Z0, Z0, Z0>, SI<f64>, f64>;

    // Exponents of the quantities the tests name, read from the uom types.
    const DIMENSIONLESS: BaseExponents = <f64 as FileQuantity>::EXPONENTS;
    const TIME: BaseExponents = Time::EXPONENTS;
    const FREQUENCY: BaseExponents = Frequency::EXPONENTS;
    const LENGTH: BaseExponents = uom::si::f64::Length::EXPONENTS;
    const INVERSE_LENGTH: BaseExponents = InverseLength::EXPONENTS;
    const CURRENT: BaseExponents = ElectricCurrent::EXPONENTS;
    const CHARGE: BaseExponents = uom::si::f64::ElectricCharge::EXPONENTS;
    const VOLTAGE: BaseExponents = ElectricPotential::EXPONENTS;
    /// V² (the unit of NNMT's input variance), spelled out: no quantity of the crate has it.
    type VoltageSquared = Quantity<ISQ<uom::typenum::P4, P2, N6, N2, Z0, Z0, Z0>, SI<f64>, f64>;
    const VOLTAGE_SQUARED: BaseExponents = VoltageSquared::EXPONENTS;
    const CAPACITANCE: BaseExponents = Capacitance::EXPONENTS;
    const RESISTANCE: BaseExponents = uom::si::f64::ElectricalResistance::EXPONENTS;
    const CONDUCTANCE: BaseExponents = uom::si::f64::ElectricalConductance::EXPONENTS;
    const FREQUENCY_PER_VOLTAGE: BaseExponents = FrequencyPerVoltage::EXPONENTS;

    /// Exponents in the old argument order (time, length, mass, current).
    const fn dim(time: i8, length: i8, mass: i8, current: i8) -> BaseExponents {
        BaseExponents([length, mass, time, current, 0, 0, 0])
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
    }

    #[track_caller]
    fn check(s: &str, factor: f64, dim: BaseExponents) {
        let u = parse_unit(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(
            close(u.factor, factor),
            "{s}: factor {} != {factor}",
            u.factor
        );
        assert_eq!(u.exponents, dim, "{s}: dimension {} != {dim}", u.exponents);
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
        check("1 / (mV * ms)", 1e6, dim(2, -2, -1, 1));
        check("pA / pF", 1.0, dim(-4, 2, 1, -1));
        check("pA * ms / pF", 1e-3, VOLTAGE);
        check("ms mV", 1e-6, dim(-2, 2, 1, -1));
        check("V / A", 1.0, RESISTANCE);
        check("A / V", 1.0, CONDUCTANCE);
        check("A s", 1.0, CHARGE);
        check("1e3 / s", 1e3, FREQUENCY);
        check("0.001 * s", 1e-3, TIME);
        check("10**3 Hz", 1e3, FREQUENCY);
        check("  ms  ", 1e-3, TIME);
        // pint precedence: `/` and juxtaposition group from the left
        check("m / s s", 1.0, LENGTH);
        check("m / (s s)", 1.0, dim(-2, 1, 0, 0));
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
        assert_eq!(VOLTAGE.symbol(), "V");
        assert_eq!(TIME.symbol(), "s");
        assert_eq!(FREQUENCY.symbol(), "Hz");
        assert_eq!(FREQUENCY_PER_VOLTAGE.symbol(), "Hz/V");
        assert_eq!(INVERSE_LENGTH.symbol(), "1/m");
        assert_eq!(CAPACITANCE.symbol(), "F");
        assert_eq!(CURRENT.symbol(), "A");
        assert_eq!(DIMENSIONLESS.symbol(), "dimensionless");
        assert_eq!(dim(-2, 2, 1, -1).symbol(), "kg m^2 s^-2 A^-1");
        assert_eq!(dim(-2, 2, 1, -1).to_string(), "kg m^2 s^-2 A^-1");
        assert_eq!(VOLTAGE.to_string(), "kg m^2 s^-3 A^-1");
        assert_eq!(DIMENSIONLESS.to_string(), "1");
        assert_eq!(TIME.describe(), "a time (s)");
        assert_eq!(VOLTAGE.describe(), "a voltage (V)");
        assert_eq!(DIMENSIONLESS.describe(), "a dimensionless number");
        assert_eq!(
            dim(-2, 2, 1, -1).describe(),
            "a quantity of dimension kg m^2 s^-2 A^-1"
        );
    }

    #[test]
    fn exponents_come_from_the_uom_types() {
        assert_eq!(TIME, dim(1, 0, 0, 0));
        assert_eq!(VOLTAGE, dim(-3, 2, 1, -1));
        assert_eq!(CAPACITANCE, dim(4, -2, -1, 2));
        assert_eq!(FREQUENCY_PER_VOLTAGE, dim(2, -2, -1, 1));
        type Kelvin = Quantity<ISQ<Z0, Z0, Z0, Z0, P1, Z0, Z0>, SI<f64>, f64>;
        assert_eq!(Kelvin::EXPONENTS, BaseExponents([0, 0, 0, 0, 1, 0, 0]));
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
