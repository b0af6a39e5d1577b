//! Complex values of a physical quantity (uom's own complex storage is unusable here).

use std::fmt;
use std::marker::PhantomData;

use num_complex::Complex64;

use super::{DerivedQuantity, DerivedUnit, SiValue};

/// A complex value of quantity `Q` (for example a transfer function in Hz/V), stored as a
/// [`Complex64`] in the SI base unit of `Q`.
///
/// Real part, imaginary part and modulus are quantities of type `Q`; the phase is a plain
/// angle in radians.
///
/// # Examples
/// ```
/// use nnmt::units::*;
/// let h = ComplexFrequencyPerVoltage::from_si(num_complex::Complex64::new(3.0, -4.0));
/// assert_eq!(h.norm().get::<hertz_per_volt>(), 5.0);
/// assert_eq!(h.im().get::<hertz_per_millivolt>(), -4e-3);
/// assert!((h.arg() + 0.927_295_218_001_612_2).abs() < 1e-15); // radians
/// ```
pub struct ComplexQuantity<Q> {
    si: Complex64,
    _q: PhantomData<fn() -> Q>,
}

/// A complex frequency per voltage (Hz/V), the value type of transfer functions.
pub type ComplexFrequencyPerVoltage = ComplexQuantity<super::FrequencyPerVoltage>;

impl<Q> Clone for ComplexQuantity<Q> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Q> Copy for ComplexQuantity<Q> {}
impl<Q> PartialEq for ComplexQuantity<Q> {
    fn eq(&self, other: &Self) -> bool {
        self.si == other.si
    }
}
impl<Q> fmt::Debug for ComplexQuantity<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (SI)", self.si)
    }
}

impl<Q> ComplexQuantity<Q> {
    /// Wraps a complex number given in the SI base unit of `Q` (Hz/V for a transfer
    /// function).
    pub fn from_si(si: Complex64) -> Self {
        Self {
            si,
            _q: PhantomData,
        }
    }
    /// The complex number in the SI base unit of `Q`.
    pub fn to_si(self) -> Complex64 {
        self.si
    }
    /// Phase (argument) in radians, in (−π, π].
    pub fn arg(self) -> f64 {
        self.si.arg()
    }
    /// The complex conjugate.
    pub fn conj(self) -> Self {
        Self::from_si(self.si.conj())
    }
}

impl<Q: DerivedQuantity> ComplexQuantity<Q> {
    /// The complex value `value` × one `N` (e.g. [`hertz_per_millivolt`](super::hertz_per_millivolt)).
    ///
    /// ```
    /// use nnmt::units::*;
    /// use num_complex::Complex64;
    /// let h = ComplexFrequencyPerVoltage::new_in::<hertz_per_millivolt>(Complex64::new(3.0, -4.0));
    /// assert_eq!(h.get::<hertz_per_volt>(), Complex64::new(3000.0, -4000.0));
    /// ```
    pub fn new_in<N: DerivedUnit<Q>>(value: Complex64) -> Self {
        Self::from_si(value * N::SI_FACTOR)
    }
    /// The complex value in unit `N`.
    pub fn get<N: DerivedUnit<Q>>(self) -> Complex64 {
        self.si / N::SI_FACTOR
    }
}

impl<Q: SiValue> ComplexQuantity<Q> {
    /// Builds the value from its real and imaginary parts.
    pub fn new(re: Q, im: Q) -> Self {
        Self::from_si(Complex64::new(re.to_si(), im.to_si()))
    }
    /// Real part.
    pub fn re(self) -> Q {
        Q::from_si(self.si.re)
    }
    /// Imaginary part.
    pub fn im(self) -> Q {
        Q::from_si(self.si.im)
    }
    /// Modulus |·|.
    pub fn norm(self) -> Q {
        Q::from_si(self.si.norm())
    }
}
