//! Physical quantities used at the public API.
//!
//! Every value that crosses the public API carries its unit in its type. The quantities are
//! [`uom`]'s SI quantities with `f64` storage; this module re-exports the ones this crate
//! uses, their unit modules, and names the derived quantities uom has no name for:
//! [`FrequencyPerVoltage`] (Hz/V, the unit of dν/dμ and transfer functions), built and read in
//! [`hertz_per_volt`] or [`hertz_per_millivolt`] through [`DerivedQuantity`].
//!
//! ```
//! use nnmt::units::*;
//! let tau_m = Time::new::<millisecond>(10.0);
//! let v_th = ElectricPotential::new::<millivolt>(15.0);
//! assert!((v_th.get::<volt>() - 0.015).abs() < 1e-18);
//! # let _ = tau_m;
//! ```
//!
//! Adding volts to seconds does not compile:
//!
//! ```compile_fail
//! use nnmt::units::*;
//! let _ = Time::new::<millisecond>(10.0) + ElectricPotential::new::<millivolt>(15.0);
//! ```

pub use uom::si::angular_velocity::radian_per_second;
pub use uom::si::capacitance::{farad, picofarad};
pub use uom::si::electric_current::{ampere, picoampere};
pub use uom::si::electric_potential::{millivolt, volt};
pub use uom::si::f64::{
    AngularVelocity, Capacitance, ElectricCurrent, ElectricPotential, Frequency, Ratio, Time,
};
pub use uom::si::frequency::hertz;
pub use uom::si::ratio::ratio;
pub use uom::si::time::{millisecond, second};

mod complex;
pub use complex::{ComplexFrequencyPerVoltage, ComplexQuantity};

mod derived;
mod exponents;
mod frequencies;
pub use derived::{DerivedQuantity, DerivedUnit, hertz_per_millivolt, hertz_per_volt};
pub use exponents::BaseExponents;
pub use frequencies::Frequencies;
pub(crate) use frequencies::frequency_accessors;

use uom::si::{ISQ, Quantity, SI};
use uom::typenum::{N1, N2, P1, P2, Z0};

/// Frequency per electric potential (Hz/V), the unit of dν/dμ and of transfer functions.
///
/// A uom quantity of dimension L⁻²M⁻¹T²I (uom has no named quantity for it). Build and read
/// it in the unit you think in with [`DerivedQuantity`] (in scope with `nnmt::units::*`):
///
/// ```
/// use nnmt::units::*;
/// let slope = FrequencyPerVoltage::new::<hertz_per_millivolt>(3.0);
/// assert_eq!(slope.get::<hertz_per_volt>(), 3000.0);
/// // dν/dμ has the dimension of a frequency over a voltage:
/// let f = Frequency::new::<hertz>(6.0);
/// let v = ElectricPotential::new::<millivolt>(2.0);
/// assert!((f / v - slope).get::<hertz_per_millivolt>().abs() < 1e-12);
/// ```
///
/// Mixing it up with a frequency does not compile:
///
/// ```compile_fail
/// use nnmt::units::*;
/// let _ = FrequencyPerVoltage::new::<hertz_per_volt>(1.0) + Frequency::new::<hertz>(1.0);
/// ```
pub type FrequencyPerVoltage = Quantity<ISQ<N2, N1, P2, P1, Z0, Z0, Z0>, SI<f64>, f64>;

// Compile-time check that the alias agrees with uom's own arithmetic: this function only
// type-checks if Hz/V is the dimension uom derives for a frequency over a voltage.
#[allow(dead_code)]
fn _frequency_per_voltage_is_hz_over_v(f: Frequency, v: ElectricPotential) -> FrequencyPerVoltage {
    f / v
}

/// A value with a fixed SI unit that can be stored as a plain `f64` in SI base units.
///
/// Implemented for every uom SI quantity with `f64` storage and for `f64` itself
/// (dimensionless counts such as in-degrees). This is the single place where units are
/// stripped and restored: [`to_si`](SiValue::to_si) and [`from_si`](SiValue::from_si).
pub trait SiValue: Copy {
    /// The value in SI base units (V, s, Hz, A, F, ...).
    fn to_si(self) -> f64;
    /// The quantity whose value in SI base units is `si`.
    fn from_si(si: f64) -> Self;
}

impl<D> SiValue for Quantity<D, SI<f64>, f64>
where
    D: uom::si::Dimension + ?Sized,
{
    #[inline]
    fn to_si(self) -> f64 {
        self.value
    }
    #[inline]
    fn from_si(si: f64) -> Self {
        Quantity {
            dimension: std::marker::PhantomData,
            units: std::marker::PhantomData,
            value: si,
        }
    }
}

impl SiValue for f64 {
    #[inline]
    fn to_si(self) -> f64 {
        self
    }
    #[inline]
    fn from_si(si: f64) -> Self {
        si
    }
}
