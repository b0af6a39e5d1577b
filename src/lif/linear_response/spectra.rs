//! [`PowerSpectra`]: the power spectra of the population activities (Bos et al. 2016,
//! Eq. 18).

use nalgebra::DVector;

use super::EffectiveConnectivity;
use crate::error::{Error, Result};
use crate::kernel::linear_response as kernel;
use crate::pop::PopVec;
use crate::units::{Frequency, SiValue};

/// The power spectra C_ii(ω) of the activities of n populations at n_ω frequencies, in Hz
/// (the unit of ν/N; see [`power_spectra`]).
///
/// Indices are `(frequency index, population)` like NNMT's `(n_freq, n)` array.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nalgebra::DMatrix;
/// use nnmt::lif::linear_response::{power_spectra, EffectiveConnectivity};
/// use nnmt::pop::PopVec;
/// use nnmt::units::*;
/// use num_complex::Complex64;
/// // no recurrence: the spectrum is the shot noise ν/N
/// let w = DMatrix::from_element(1, 1, Complex64::new(0.0, 0.0));
/// let eff = EffectiveConnectivity::new(vec![w], &[AngularVelocity::new::<radian_per_second>(1.0)])?;
/// let rates = PopVec::from([Frequency::new::<hertz>(5.0)]);
/// let c = power_spectra(&eff, &rates, &PopVec::from([1000.0]))?;
/// assert!((c.get(0, 0).unwrap().get::<hertz>() - 5e-3).abs() < 1e-18);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PowerSpectra {
    /// row-major n_ω × n, Hz
    values: Vec<f64>,
    /// rad/s
    omegas: Vec<f64>,
    n_pop: usize,
}

impl PowerSpectra {
    crate::units::frequency_accessors!();

    /// Number of populations n.
    pub fn n_populations(&self) -> usize {
        self.n_pop
    }

    /// C_ii of population `i` at frequency index `f` (Hz), or `None` if out of range.
    pub fn get(&self, f: usize, i: usize) -> Option<Frequency> {
        if i >= self.n_pop {
            return None;
        }
        self.values
            .get(f * self.n_pop + i)
            .map(|&v| Frequency::from_si(v))
    }

    /// The spectrum of population `i` at every frequency.
    pub fn population(&self, i: usize) -> Option<Vec<Frequency>> {
        (i < self.n_pop).then(|| {
            (0..self.n_frequencies())
                .filter_map(|f| self.get(f, i))
                .collect()
        })
    }
}

/// The power spectra of the population activities (NNMT `lif.exp.power_spectra`; Bos et
/// al. 2016, Eq. 18) from the effective connectivity `w`, the stationary rates `rates` (Hz,
/// e.g. [`WorkingPoint::firing_rates`](crate::lif::WorkingPoint::firing_rates)) and the
/// population sizes `sizes` (numbers of neurons N, e.g.
/// [`Network::population_sizes`](crate::network::Network::population_sizes)).
///
/// # Equation
/// C(ω) = diag(Q(ω) A Q(ω)ᴴ) with Q(ω) = (1 − W(ω))⁻¹ and A = diag(ν/N), i.e.
/// C_ii(ω) = Σ_k |Q_ik(ω)|² ν_k/N_k: real and ≥ 0 by construction. Without recurrence
/// (W = 0) it is the shot noise ν_i/N_i of N_i independent Poisson neurons.
///
/// # Unit
/// Q is dimensionless and ν/N a rate, so C is in **Hz**: the power spectral density of the
/// population-averaged rate, (1/s)² per Hz. NNMT labels its result `hertz**2`, which the
/// formula does not give; the values are the same.
///
/// # References
/// Bos, Diesmann & Helias (2016), PLoS Comput. Biol. 12, e1005132, Eq. 18.
///
/// # Errors
/// - [`Error::ShapeMismatch`] (`nu`, `N`) if `rates` or `sizes` does not have one entry per
///   population of `w`;
/// - [`Error::InvalidParameter`] naming `nu` or `N` and the population if a rate is not
///   finite and ≥ 0 or a size not finite and > 0;
/// - [`Error::NonFinite`] naming the frequency where 1 − W is singular.
///
/// # Examples
/// See [`PowerSpectra`].
pub fn power_spectra(
    w: &EffectiveConnectivity,
    rates: &PopVec<Frequency>,
    sizes: &PopVec<f64>,
) -> Result<PowerSpectra> {
    let (values, omegas) = w.si();
    let n = w.n_populations();
    for (parameter, len) in [("nu", rates.len()), ("N", sizes.len())] {
        if len != n && !omegas.is_empty() {
            return Err(Error::ShapeMismatch {
                parameter,
                expected: format!("{n} (one per population)"),
                found: len.to_string(),
            });
        }
    }
    for (i, (nu, size)) in rates.si().iter().zip(sizes.si().iter()).enumerate() {
        if !(nu.is_finite() && *nu >= 0.0) {
            return Err(Error::invalid(
                "nu",
                Some(i),
                format!("the rate must be finite and ≥ 0 Hz, got {nu} Hz"),
            ));
        }
        if !(size.is_finite() && *size > 0.0) {
            return Err(Error::invalid(
                "N",
                Some(i),
                format!("the population size must be finite and > 0, got {size}"),
            ));
        }
    }
    let a = DVector::from_fn(rates.len(), |i, _| rates.si()[i] / sizes.si()[i]);
    let spectra = kernel::power_spectra(values, omegas, &a)?;
    Ok(PowerSpectra {
        values: spectra,
        omegas: omegas.to_vec(),
        n_pop: n,
    })
}
