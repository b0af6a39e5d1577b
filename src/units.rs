//! Physical quantities used at the public API.
//!
//! Every value that crosses the public API carries its unit in its type. The quantities are
//! [`uom`]'s SI quantities with `f64` storage; this module re-exports the ones this crate
//! uses, their unit modules, and names the derived quantities uom has no name for.
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

use uom::si::{ISQ, Quantity, SI};
use uom::typenum::{N1, N2, N6, P2, P4, Z0};

/// Square of an electric potential (V²), the unit of the input variance σ².
pub type VoltageSquared = Quantity<ISQ<P4, P2, N6, N2, Z0, Z0, Z0>, SI<f64>, f64>;

/// Frequency per electric potential (Hz/V), the unit of dν/dμ and of transfer functions.
pub type FrequencyPerVoltage =
    Quantity<ISQ<N2, N1, uom::typenum::P2, uom::typenum::P1, Z0, Z0, Z0>, SI<f64>, f64>;

// Compile-time checks that the aliases agree with uom's own arithmetic: these functions only
// type-check if the named dimension is the one uom derives.
#[allow(dead_code)]
fn _voltage_squared_is_v_times_v(v: ElectricPotential) -> VoltageSquared {
    v * v
}
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
