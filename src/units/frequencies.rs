//! Lists of frequencies, ordinary (Hz) or angular (rad/s): what every frequency-resolved
//! computation (transfer functions, delay matrices, linear response) is evaluated at.

use std::f64::consts::PI;

use super::{AngularVelocity, Frequency, SiValue};

/// Frequencies at which to evaluate a frequency-resolved quantity, either ordinary frequencies f (Hz)
/// or angular frequencies ω = 2π f (rad/s).
///
/// Both are typed: a [`Frequency`] cannot be passed as an [`AngularVelocity`], so the factor
/// 2π that NNMT's docstrings confuse (they call its `omegas` "Hz") cannot be lost. Built by
/// `From` from slices, arrays and `Vec`s of either quantity, so the transfer-function
/// functions accept `&[Frequency]`, `&Vec<AngularVelocity>`, `&[f; N]`, ... directly.
///
/// # Examples
/// ```
/// use nnmt::units::Frequencies;
/// use nnmt::units::*;
/// let hz = [Frequency::new::<hertz>(1.0)];
/// let f: Frequencies = (&hz).into();
/// let w = f.omegas()[0].get::<radian_per_second>();
/// assert!((w - 2.0 * std::f64::consts::PI).abs() < 1e-15);
/// let w = vec![AngularVelocity::new::<radian_per_second>(1.0)];
/// let f: Frequencies = (&w).into();
/// assert_eq!(f.omegas(), w);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Frequencies<'a> {
    /// Ordinary frequencies f in Hz (NNMT's `freqs`); ω = 2π f (as NNMT, `f·2·π`).
    Ordinary(&'a [Frequency]),
    /// Angular frequencies ω in rad/s (NNMT's `omegas`).
    Angular(&'a [AngularVelocity]),
}

impl Frequencies<'_> {
    /// Number of frequencies.
    pub fn len(&self) -> usize {
        match self {
            Self::Ordinary(f) => f.len(),
            Self::Angular(w) => w.len(),
        }
    }

    /// `true` if there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The angular frequencies ω (ω = f·2·π for ordinary frequencies, rounded as NNMT's
    /// `freqs*2*np.pi`).
    pub fn omegas(&self) -> Vec<AngularVelocity> {
        self.omegas_si()
            .into_iter()
            .map(AngularVelocity::from_si)
            .collect()
    }

    /// The angular frequencies ω in rad/s, as [`omegas`](Self::omegas).
    pub(crate) fn omegas_si(&self) -> Vec<f64> {
        match self {
            Self::Ordinary(f) => f.iter().map(|f| f.to_si() * 2.0 * PI).collect(),
            Self::Angular(w) => w.iter().map(|w| w.to_si()).collect(),
        }
    }
}

macro_rules! from_impls {
    ($q:ty, $variant:ident) => {
        impl<'a> From<&'a [$q]> for Frequencies<'a> {
            fn from(v: &'a [$q]) -> Self {
                Self::$variant(v)
            }
        }
        impl<'a> From<&'a Vec<$q>> for Frequencies<'a> {
            fn from(v: &'a Vec<$q>) -> Self {
                Self::$variant(v.as_slice())
            }
        }
        impl<'a, const N: usize> From<&'a [$q; N]> for Frequencies<'a> {
            fn from(v: &'a [$q; N]) -> Self {
                Self::$variant(v.as_slice())
            }
        }
    };
}
from_impls!(Frequency, Ordinary);
from_impls!(AngularVelocity, Angular);

/// The frequency accessors of a frequency-resolved result whose angular frequencies (rad/s)
/// are the field `omegas: Vec<f64>`: `n_frequencies`, `angular_frequency`, `frequency`,
/// `angular_frequencies`, `frequencies` (one definition for every such result type).
macro_rules! frequency_accessors {
    () => {
        /// Number of frequencies.
        pub fn n_frequencies(&self) -> usize {
            self.omegas.len()
        }

        /// Angular frequency ω (rad/s) of frequency index `f`.
        pub fn angular_frequency(&self, f: usize) -> Option<$crate::units::AngularVelocity> {
            use $crate::units::SiValue;
            self.omegas
                .get(f)
                .map(|&w| $crate::units::AngularVelocity::from_si(w))
        }

        /// Ordinary frequency ω/2π (Hz) of frequency index `f`.
        pub fn frequency(&self, f: usize) -> Option<$crate::units::Frequency> {
            use $crate::units::SiValue;
            self.omegas
                .get(f)
                .map(|&w| $crate::units::Frequency::from_si(w / (2.0 * std::f64::consts::PI)))
        }

        /// All angular frequencies ω (rad/s), in index order.
        pub fn angular_frequencies(&self) -> Vec<$crate::units::AngularVelocity> {
            (0..self.n_frequencies())
                .filter_map(|f| self.angular_frequency(f))
                .collect()
        }

        /// All ordinary frequencies ω/2π (Hz), in index order.
        pub fn frequencies(&self) -> Vec<$crate::units::Frequency> {
            (0..self.n_frequencies())
                .filter_map(|f| self.frequency(f))
                .collect()
        }
    };
}
pub(crate) use frequency_accessors;
