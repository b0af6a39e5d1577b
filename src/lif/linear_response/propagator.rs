//! [`Propagator`]: P(ω) = (1 − W)⁻¹ W and Q(ω) = (1 − W)⁻¹ (Bos et al. 2016, Eq. 16).

use nalgebra::DMatrix;
use num_complex::Complex64;

use super::EffectiveConnectivity;
use crate::error::Result;
use crate::kernel::linear_response as kernel;

/// The propagators of a network at n_ω frequencies (dimensionless, complex): Q(ω) =
/// (1 − W(ω))⁻¹, the response of the rates to an external modulation, and P(ω) = Q(ω) W(ω)
/// = Q(ω) − 1 (NNMT's `propagator`), its recurrent part.
///
/// Indices are `(frequency index, post i, pre j)` like NNMT's `(n_freq, n, n)` arrays.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nalgebra::DMatrix;
/// use nnmt::lif::linear_response::{propagator, EffectiveConnectivity};
/// use nnmt::units::*;
/// use num_complex::Complex64;
/// let w = DMatrix::from_element(1, 1, Complex64::new(0.5, 0.0));
/// let eff = EffectiveConnectivity::new(vec![w], &[AngularVelocity::new::<radian_per_second>(1.0)])?;
/// let prop = propagator(&eff)?;
/// // one population: Q = 1/(1 − w) = 2, P = w Q = 1
/// assert!((prop.q(0, 0, 0).unwrap().re - 2.0).abs() < 1e-15);
/// assert!((prop.p(0, 0, 0).unwrap().re - 1.0).abs() < 1e-15);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Propagator {
    /// (P, Q) per frequency
    values: Vec<(DMatrix<Complex64>, DMatrix<Complex64>)>,
    /// rad/s
    omegas: Vec<f64>,
}

impl Propagator {
    crate::units::frequency_accessors!();

    /// Number of populations n.
    pub fn n_populations(&self) -> usize {
        self.values.first().map_or(0, |(p, _)| p.nrows())
    }

    /// P_ij = [(1 − W)⁻¹ W]_ij at frequency index `f`, or `None` if out of range.
    pub fn p(&self, f: usize, i: usize, j: usize) -> Option<Complex64> {
        self.values.get(f).and_then(|(p, _)| p.get((i, j)).copied())
    }

    /// Q_ij = [(1 − W)⁻¹]_ij at frequency index `f`, or `None` if out of range.
    pub fn q(&self, f: usize, i: usize, j: usize) -> Option<Complex64> {
        self.values.get(f).and_then(|(_, q)| q.get((i, j)).copied())
    }

    /// The n × n matrix P at frequency index `f` (NNMT's `propagator`).
    pub fn p_matrix(&self, f: usize) -> Option<&DMatrix<Complex64>> {
        self.values.get(f).map(|(p, _)| p)
    }

    /// The n × n matrix Q at frequency index `f`.
    pub fn q_matrix(&self, f: usize) -> Option<&DMatrix<Complex64>> {
        self.values.get(f).map(|(_, q)| q)
    }
}

/// The propagators P(ω) = (1 − W(ω))⁻¹ W(ω) and Q(ω) = (1 − W(ω))⁻¹ of an effective
/// connectivity (NNMT `lif.exp.propagator`, which returns P; Bos et al. 2016, Eq. 16).
///
/// # Equation
/// Q(ω) = (1 − W(ω))⁻¹ by LU decomposition with partial pivoting at each frequency;
/// P(ω) = Q(ω) W(ω).
///
/// # References
/// Bos, Diesmann & Helias (2016), PLoS Comput. Biol. 12, e1005132, Eq. 16.
///
/// # Errors
/// [`Error::NonFinite`](crate::Error::NonFinite) naming the frequency (index, ω and f) where
/// 1 − W is singular (an eigenvalue of W is exactly 1: the linear response diverges).
///
/// # Examples
/// See [`Propagator`].
pub fn propagator(w: &EffectiveConnectivity) -> Result<Propagator> {
    let (values, omegas) = w.si();
    Ok(Propagator {
        values: kernel::propagator(values, omegas)?,
        omegas: omegas.to_vec(),
    })
}
