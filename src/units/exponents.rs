//! [`BaseExponents`]: the SI base-unit exponents of a unit, as plain numbers (the
//! dimension of a unit read from a file, compared with uom's type-level dimensions).

use std::fmt;

/// Exponents of the SI base units of a unit, in uom's order: length (m), mass (kg), time
/// (s), electric current (A), thermodynamic temperature (K), amount of substance (mol),
/// luminous intensity (cd).
///
/// A volt (kg m² s⁻³ A⁻¹) is `BaseExponents([2, 1, -3, -1, 0, 0, 0])`. Comparing the
/// exponents of a parsed unit with those of a uom type ([`FileQuantity::EXPONENTS`](crate::io::unit::FileQuantity::EXPONENTS)) is how
/// a file's unit is checked.
///
/// # Examples
/// ```
/// # fn main() -> Result<(), nnmt::io::unit::UnitError> {
/// use nnmt::io::unit::parse_unit;
/// use nnmt::units::BaseExponents;
/// let volt = parse_unit("mV")?.exponents;
/// assert_eq!(volt, BaseExponents([2, 1, -3, -1, 0, 0, 0]));
/// assert_eq!(volt.to_string(), "kg m^2 s^-3 A^-1");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct BaseExponents(pub [i8; 7]);

/// Base-unit symbols in the order of [`BaseExponents`].
const BASE_SYMBOLS: [&str; 7] = ["m", "kg", "s", "A", "K", "mol", "cd"];

impl BaseExponents {
    /// The exponents of a pure number (all zero).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> Result<(), nnmt::io::unit::UnitError> {
    /// use nnmt::io::unit::parse_unit;
    /// use nnmt::units::BaseExponents;
    /// assert_eq!(parse_unit("dimensionless")?.exponents, BaseExponents::NONE);
    /// # Ok(()) }
    /// ```
    pub const NONE: BaseExponents = BaseExponents([0; 7]);

    /// `true` if all exponents are zero (a pure number).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> Result<(), nnmt::io::unit::UnitError> {
    /// use nnmt::io::unit::parse_unit;
    /// assert!(parse_unit("ms / s")?.exponents.is_dimensionless());
    /// # Ok(()) }
    /// ```
    pub const fn is_dimensionless(&self) -> bool {
        let mut i = 0;
        while i < 7 {
            if self.0[i] != 0 {
                return false;
            }
            i += 1;
        }
        true
    }

    fn zip(self, other: BaseExponents, f: impl Fn(i8, i8) -> Option<i8>) -> Option<Self> {
        let mut out = [0i8; 7];
        for (o, (a, b)) in out.iter_mut().zip(self.0.into_iter().zip(other.0)) {
            *o = f(a, b)?;
        }
        Some(BaseExponents(out))
    }

    /// Exponents of a product; `None` if an exponent leaves the `i8` range.
    pub(crate) fn checked_mul(self, other: BaseExponents) -> Option<Self> {
        self.zip(other, i8::checked_add)
    }

    /// Exponents of a quotient; `None` on `i8` overflow.
    pub(crate) fn checked_div(self, other: BaseExponents) -> Option<Self> {
        self.zip(other, i8::checked_sub)
    }

    /// Exponents of an integer power; `None` on `i8` overflow.
    pub(crate) fn checked_pow(self, n: i32) -> Option<Self> {
        self.zip(BaseExponents::NONE, |e, _| {
            i8::try_from(i32::from(e).checked_mul(n)?).ok()
        })
    }

    /// Words for error messages: `"a voltage (V)"`, `"a time (s)"`, or `"a quantity of
    /// dimension kg m^2 s^-2 A^-1"` for combinations without a common name.
    pub(crate) fn describe(&self) -> String {
        match self.name() {
            Some((_, noun)) if self.is_dimensionless() => noun.to_string(),
            Some((sym, noun)) => format!("{noun} ({sym})"),
            None => format!("a quantity of dimension {self}"),
        }
    }

    /// The SI symbol of the unit for messages: `V`, `s`, `Hz/V`, or the base-unit form.
    pub(crate) fn symbol(&self) -> String {
        self.name()
            .map_or_else(|| self.to_string(), |(sym, _)| sym.to_string())
    }

    /// Symbol and noun of common combinations, for messages only.
    pub(crate) fn name(&self) -> Option<(&'static str, &'static str)> {
        const NAMES: [([i8; 4], &str, &str); 14] = [
            ([0, 0, 0, 0], "dimensionless", "a dimensionless number"),
            ([0, 0, 1, 0], "s", "a time"),
            ([0, 0, -1, 0], "Hz", "a frequency"),
            ([1, 0, 0, 0], "m", "a length"),
            ([-1, 0, 0, 0], "1/m", "an inverse length"),
            ([0, 1, 0, 0], "kg", "a mass"),
            ([0, 0, 0, 1], "A", "a current"),
            ([0, 0, 1, 1], "C", "a charge"),
            ([2, 1, -3, -1], "V", "a voltage"),
            ([4, 2, -6, -2], "V^2", "a squared voltage"),
            ([-2, -1, 4, 2], "F", "a capacitance"),
            ([2, 1, -3, -2], "Ω", "a resistance"),
            ([-2, -1, 3, 2], "S", "a conductance"),
            ([-2, -1, 2, 1], "Hz/V", "a frequency per voltage"),
        ];
        let [l, m, t, i, th, n, j] = self.0;
        if (th, n, j) != (0, 0, 0) {
            return None;
        }
        NAMES
            .iter()
            .find(|(e, _, _)| *e == [l, m, t, i])
            .map(|&(_, s, n)| (s, n))
    }
}

impl fmt::Display for BaseExponents {
    /// The base-unit form, e.g. `kg m^2 s^-3 A^-1` for a voltage, `1` for a pure number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // mass first, as in `kg m^2 s^-3 A^-1`
        let [l, m, t, i, th, n, j] = self.0;
        let [sl, sm, st, si, sth, sn, sj] = BASE_SYMBOLS;
        let parts: Vec<String> = [
            (sm, m),
            (sl, l),
            (st, t),
            (si, i),
            (sth, th),
            (sn, n),
            (sj, j),
        ]
        .into_iter()
        .filter(|&(_, e)| e != 0)
        .map(|(sym, e)| match e {
            1 => (*sym).to_string(),
            _ => format!("{sym}^{e}"),
        })
        .collect();
        if parts.is_empty() {
            f.write_str("1")
        } else {
            f.write_str(&parts.join(" "))
        }
    }
}
