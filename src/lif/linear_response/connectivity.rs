//! [`EffectiveConnectivity`]: W(ω), the result type shared by the propagator, the power
//! spectra and the eigen-analysis.

use nalgebra::DMatrix;
use num_complex::Complex64;

use crate::error::{Error, Result};
use crate::units::{AngularVelocity, Frequency, SiValue};

/// The effective connectivity W_ij(ω) of an n-population network at n_ω frequencies
/// (dimensionless, complex): the linear response of population i's rate to a modulation
/// of population j's rate (Bos et al. 2016, Eq. 12 ff.).
///
/// Indices are `(frequency index, post i, pre j)` like NNMT's `(n_freq, n, n)` arrays.
// TODO(issue 11): constructor `effective_connectivity`, docs with an example.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveConnectivity {
    /// one n × n matrix per frequency
    values: Vec<DMatrix<Complex64>>,
    /// rad/s
    omegas: Vec<f64>,
}

impl EffectiveConnectivity {
    /// The result from SI values: one n × n matrix per angular frequency (rad/s).
    #[allow(dead_code)]
    pub(crate) fn from_si(values: Vec<DMatrix<Complex64>>, omegas: Vec<f64>) -> Self {
        debug_assert_eq!(values.len(), omegas.len());
        Self { values, omegas }
    }

    /// The effective connectivity given as matrices: one n × n matrix W(ω) per angular
    /// frequency (for a W computed elsewhere, e.g. to analyse its eigenmodes).
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] if the numbers of matrices and frequencies differ or a
    ///   matrix is not square and of the size of the first;
    /// - [`Error::NonFinite`] if an entry or a frequency is not finite.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nalgebra::DMatrix;
    /// use nnmt::lif::linear_response::EffectiveConnectivity;
    /// use nnmt::units::*;
    /// use num_complex::Complex64;
    /// let w = DMatrix::from_element(2, 2, Complex64::new(0.1, -0.2));
    /// let omegas = [AngularVelocity::new::<radian_per_second>(10.0)];
    /// let eff = EffectiveConnectivity::new(vec![w], &omegas)?;
    /// assert_eq!((eff.n_frequencies(), eff.n_populations()), (1, 2));
    /// assert!(EffectiveConnectivity::new(vec![], &omegas).is_err());
    /// # Ok(()) }
    /// ```
    pub fn new(values: Vec<DMatrix<Complex64>>, omegas: &[AngularVelocity]) -> Result<Self> {
        if values.len() != omegas.len() {
            return Err(Error::ShapeMismatch {
                parameter: "effective connectivity",
                expected: format!("one matrix per frequency ({})", omegas.len()),
                found: format!("{} matrices", values.len()),
            });
        }
        let n = values.first().map_or(0, |m| m.nrows());
        for (f, m) in values.iter().enumerate() {
            if m.shape() != (n, n) {
                return Err(Error::ShapeMismatch {
                    parameter: "effective connectivity",
                    expected: format!("{n}x{n} matrices"),
                    found: format!(
                        "a {}x{} matrix at frequency index {f}",
                        m.nrows(),
                        m.ncols()
                    ),
                });
            }
            if let Some(z) = m.iter().find(|z| !(z.re.is_finite() && z.im.is_finite())) {
                return Err(Error::NonFinite {
                    quantity: "effective connectivity",
                    population: None,
                    detail: format!("entry {z} at frequency index {f}"),
                });
            }
        }
        let omegas: Vec<f64> = omegas.iter().map(|w| w.to_si()).collect();
        if let Some(w) = omegas.iter().find(|w| !w.is_finite()) {
            return Err(Error::NonFinite {
                quantity: "angular frequency",
                population: None,
                detail: format!("{w} rad/s"),
            });
        }
        Ok(Self { values, omegas })
    }

    /// The matrices W(ω), one per frequency, and the angular frequencies (rad/s).
    #[allow(dead_code)]
    pub(crate) fn si(&self) -> (&[DMatrix<Complex64>], &[f64]) {
        (&self.values, &self.omegas)
    }

    /// Number of frequencies.
    pub fn n_frequencies(&self) -> usize {
        self.omegas.len()
    }

    /// Number of populations n.
    pub fn n_populations(&self) -> usize {
        self.values.first().map_or(0, |m| m.nrows())
    }

    /// Angular frequency ω (rad/s) of frequency index `f`.
    pub fn angular_frequency(&self, f: usize) -> Option<AngularVelocity> {
        self.omegas.get(f).map(|&w| AngularVelocity::from_si(w))
    }

    /// Ordinary frequency ω/2π (Hz) of frequency index `f`.
    pub fn frequency(&self, f: usize) -> Option<Frequency> {
        self.omegas
            .get(f)
            .map(|&w| Frequency::from_si(w / (2.0 * std::f64::consts::PI)))
    }

    /// All ordinary frequencies ω/2π (Hz), in index order.
    pub fn frequencies(&self) -> Vec<Frequency> {
        (0..self.n_frequencies())
            .filter_map(|f| self.frequency(f))
            .collect()
    }

    /// W_ij at frequency index `f` (post `i`, pre `j`), or `None` if out of range.
    pub fn get(&self, f: usize, i: usize, j: usize) -> Option<Complex64> {
        self.values.get(f).and_then(|m| m.get((i, j)).copied())
    }

    /// The n × n matrix W at frequency index `f`.
    pub fn matrix(&self, f: usize) -> Option<&DMatrix<Complex64>> {
        self.values.get(f)
    }
}
