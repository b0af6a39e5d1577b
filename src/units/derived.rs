//! Units for the derived quantities that uom's SI system does not name.
//!
//! uom's `quantity!` macro cannot add a quantity to uom's own SI system from another crate
//! (it writes inherent `impl`s on uom's `Quantity`), so a derived quantity such as
//! [`FrequencyPerVoltage`](super::FrequencyPerVoltage) is a plain uom `Quantity` of the right
//! dimension without uom's per-quantity `new`/`get`. [`DerivedQuantity`] gives it the same
//! `new::<unit>(v)` / `get::<unit>()` calls, with the units below.

use super::{FrequencyPerVoltage, SiValue};

/// A unit of the derived quantity `Q`.
pub trait DerivedUnit<Q> {
    /// One of this unit in the SI base unit of `Q` (e.g. 1 Hz/mV = 10³ Hz/V).
    const SI_FACTOR: f64;
    /// Abbreviation, e.g. `"Hz/mV"`.
    const ABBREVIATION: &'static str;
}

/// Building and reading a derived quantity in a unit of choice, as uom's `new` and `get`.
///
/// In scope with `use nnmt::units::*`.
///
/// # Examples
/// ```
/// use nnmt::units::*;
/// let slope = FrequencyPerVoltage::new::<hertz_per_millivolt>(3.0);
/// assert_eq!(slope.get::<hertz_per_volt>(), 3000.0);
/// assert_eq!(slope.get::<hertz_per_millivolt>(), 3.0);
/// ```
pub trait DerivedQuantity: SiValue {
    /// The quantity `value` × one `N`.
    fn new<N: DerivedUnit<Self>>(value: f64) -> Self {
        Self::from_si(value * N::SI_FACTOR)
    }
    /// The value in unit `N`.
    fn get<N: DerivedUnit<Self>>(&self) -> f64 {
        self.to_si() / N::SI_FACTOR
    }
}

impl DerivedQuantity for FrequencyPerVoltage {}

macro_rules! derived_unit {
    ($(#[$doc:meta])* $unit:ident: $q:ty, $factor:expr, $abbr:expr) => {
        $(#[$doc])*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $unit;
        impl DerivedUnit<$q> for $unit {
            const SI_FACTOR: f64 = $factor;
            const ABBREVIATION: &'static str = $abbr;
        }
    };
}

derived_unit!(
    /// Hertz per volt (Hz/V), the SI unit of [`FrequencyPerVoltage`].
    hertz_per_volt: FrequencyPerVoltage, 1.0, "Hz/V"
);
derived_unit!(
    /// Hertz per millivolt (1 Hz/mV = 10³ Hz/V), the unit of dν/dμ and transfer functions in
    /// most papers.
    hertz_per_millivolt: FrequencyPerVoltage, 1e3, "Hz/mV"
);
