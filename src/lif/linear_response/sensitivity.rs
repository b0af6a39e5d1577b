//! The sensitivity measure (Bos et al. 2016, PLoS Comput. Biol. 12, e1005132, Eq. 7): which
//! connections shape an eigenmode of the effective connectivity, and so a peak of the power
//! spectra — [`sensitivity_measure`] at one frequency, [`sensitivity_measure_all_eigenmodes`]
//! for every eigenvalue trajectory at its critical frequency.

use nalgebra::{DMatrix, DVector};
use num_complex::Complex64;

use super::{EffectiveConnectivity, Eigenmodes, Tracker, eigenmodes};
use crate::error::{Error, Result};
use crate::kernel::eigen as kernel;
use crate::units::{Frequency, SiValue};

/// Which eigenmode [`sensitivity_measure`] analyses.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Mode<'a> {
    /// The eigenvalue closest to 1 at the frequency (NNMT's default, `eigenvalue_index =
    /// 'None'`): the mode nearest to instability, which dominates the spectra there.
    ClosestToOne,
    /// Trajectory `index` of `eigenmodes` (NNMT's `resorted_eigenvalues_mask` with an
    /// `eigenvalue_index`): its eigenvalue and eigenvectors at the frequency are taken from
    /// `eigenmodes`, which must have been computed from the same effective connectivity.
    Trajectory {
        /// The eigenmodes of the same effective connectivity, from
        /// [`eigenmodes`](super::eigenmodes).
        eigenmodes: &'a Eigenmodes,
        /// The trajectory, `0..n`.
        index: usize,
    },
}

/// The sensitivity measure of one eigenmode λ of W(ω) at one frequency and its projections,
/// with every quantity of NNMT 1.3's `sensitivity_measure` dictionary (all dimensionless
/// except the frequencies).
///
/// # Equations (Bos et al. 2016, Eq. 7)
/// T_ij = ũ_l,i u_r,j W_ij / (ũ_l · u_r), with u_r the right eigenvector (W u_r = λ u_r) and
/// ũ_l = conj(u_l) the row left eigenvector (ũ_l W = λ ũ_l): to first order, scaling the
/// connection W_ij by (1 + ε) moves λ by ε T_ij (and Σ_ij T_ij = λ). The spectra peak where
/// λ comes close to 1, so T is projected onto k = (1 − λ)/|1 − λ| (as a 2-vector: the
/// direction from λ towards 1; `sensitivity_amp`, the change of the peak's height) and onto
/// k_⊥ = i k (`sensitivity_freq`, the shift of the peak's frequency).
///
/// T does not depend on the eigenvectors' normalisation or phase (it is invariant under
/// u_l → a u_l, u_r → b u_r); the eigenvectors here are normalised like LAPACK's (unit norm,
/// largest component real and positive), so they agree with NNMT's up to round-off where
/// LAPACK's largest component is the same.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nalgebra::DMatrix;
/// use nnmt::lif::linear_response::{EffectiveConnectivity, Mode, sensitivity_measure};
/// use nnmt::units::*;
/// use num_complex::Complex64;
/// let c = Complex64::new;
/// // two populations; W at 10 Hz and 20 Hz
/// let w1 = DMatrix::from_row_slice(2, 2, &[c(0.5, -0.2), c(-0.8, 0.1), c(0.6, -0.1), c(-0.9, 0.3)]);
/// let w2 = w1.map(|z| z * c(0.8, -0.3));
/// let om = [20.0, 40.0].map(|f| AngularVelocity::new::<radian_per_second>(f * std::f64::consts::PI));
/// let eff = EffectiveConnectivity::new(vec![w1, w2], &om)?;
/// let s = sensitivity_measure(&eff, Frequency::new::<hertz>(12.0), Mode::ClosestToOne)?;
/// assert_eq!(s.critical_frequency_index(), 0); // 10 Hz is the nearest grid frequency
/// let sum: Complex64 = s.sensitivity().iter().sum();
/// assert!((sum - s.critical_eigenvalue()).norm() < 1e-12); // Σ T_ij = λ
/// // outside the analysis frequencies: an error naming the parameter
/// assert!(sensitivity_measure(&eff, Frequency::new::<hertz>(30.0), Mode::ClosestToOne).is_err());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityMeasure {
    eigenvalue_index: usize,
    /// Hz, as asked
    critical_frequency: f64,
    critical_frequency_index: usize,
    /// Hz, of the grid
    grid_frequency: f64,
    critical_eigenvalue: Complex64,
    left_eigenvector: DVector<Complex64>,
    right_eigenvector: DVector<Complex64>,
    k: [f64; 2],
    k_per: [f64; 2],
    sensitivity: DMatrix<Complex64>,
    sensitivity_amp: DMatrix<f64>,
    sensitivity_freq: DMatrix<f64>,
}

impl SensitivityMeasure {
    /// The eigenmode's index: for [`Mode::Trajectory`] the trajectory; for
    /// [`Mode::ClosestToOne`] its position among the eigenvalues in the eigensolver's output
    /// order at that frequency (NNMT: LAPACK's order; here `faer`'s — not comparable across
    /// solvers).
    pub fn eigenvalue_index(&self) -> usize {
        self.eigenvalue_index
    }

    /// The frequency the measure was asked for (NNMT's `critical_frequency`, which echoes
    /// its argument); the measure is computed at the nearest analysis frequency,
    /// [`grid_frequency`](Self::grid_frequency).
    pub fn critical_frequency(&self) -> Frequency {
        Frequency::from_si(self.critical_frequency)
    }

    /// Index of the analysis frequency nearest to the one asked for (NNMT's
    /// `critical_frequency_index`).
    pub fn critical_frequency_index(&self) -> usize {
        self.critical_frequency_index
    }

    /// The analysis frequency ω/2π at [`critical_frequency_index`](Self::critical_frequency_index).
    pub fn grid_frequency(&self) -> Frequency {
        Frequency::from_si(self.grid_frequency)
    }

    /// The eigenvalue λ (NNMT's `critical_eigenvalue`).
    pub fn critical_eigenvalue(&self) -> Complex64 {
        self.critical_eigenvalue
    }

    /// Left eigenvector u_l as LAPACK defines it (u_lᴴ W = λ u_lᴴ), unit norm.
    pub fn left_eigenvector(&self) -> &DVector<Complex64> {
        &self.left_eigenvector
    }

    /// Right eigenvector u_r (W u_r = λ u_r), unit norm.
    pub fn right_eigenvector(&self) -> &DVector<Complex64> {
        &self.right_eigenvector
    }

    /// k = (1 − Re λ, −Im λ)/|1 − λ|, the unit vector from λ towards 1.
    pub fn k(&self) -> [f64; 2] {
        self.k
    }

    /// k_⊥ = (−k₁, k₀), k turned by +90°.
    pub fn k_per(&self) -> [f64; 2] {
        self.k_per
    }

    /// The sensitivity measure T (n × n, post i, pre j), Eq. 7.
    pub fn sensitivity(&self) -> &DMatrix<Complex64> {
        &self.sensitivity
    }

    /// Re T k₀ + Im T k₁: the component of T along k (towards 1: the peak's amplitude).
    pub fn sensitivity_amp(&self) -> &DMatrix<f64> {
        &self.sensitivity_amp
    }

    /// Re T k_⊥₀ + Im T k_⊥₁: the component of T along k_⊥ (the peak's frequency).
    pub fn sensitivity_freq(&self) -> &DMatrix<f64> {
        &self.sensitivity_freq
    }
}

/// Relative tolerance on the ends of the analysis frequencies: a frequency asked for at
/// the grid's first or last value must not fail by the round-off of ω/2π.
const RANGE_TOLERANCE: f64 = 1e-9;

/// The index of the analysis frequency ω_f/2π nearest to `frequency` (Hz), the first on
/// ties (NNMT: `np.argmin(abs(omegas/2π − frequency))`).
fn frequency_index(omegas: &[f64], frequency: f64) -> Result<usize> {
    let freqs: Vec<f64> = omegas
        .iter()
        .map(|w| w / (2.0 * std::f64::consts::PI))
        .collect();
    let (lo, hi) = freqs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &f| {
            (lo.min(f), hi.max(f))
        });
    if freqs.is_empty() {
        return Err(Error::invalid(
            "frequency",
            None,
            "the effective connectivity has no frequencies",
        ));
    }
    let tol = RANGE_TOLERANCE * lo.abs().max(hi.abs());
    if !(frequency.is_finite() && frequency >= lo - tol && frequency <= hi + tol) {
        return Err(Error::invalid(
            "frequency",
            None,
            format!(
                "{frequency} Hz is outside the analysis frequencies of the effective \
                 connectivity, [{lo}, {hi}] Hz"
            ),
        ));
    }
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (f, &x) in freqs.iter().enumerate() {
        let d = (x - frequency).abs();
        if d < best_d {
            best_d = d;
            best = f;
        }
    }
    Ok(best)
}

/// The sensitivity measure of one eigenmode of W at the analysis frequency nearest to
/// `frequency` (Bos et al. 2016, PLoS Comput. Biol. 12, e1005132, Eq. 7; NNMT 1.3:
/// `nnmt.lif.exp.sensitivity_measure`). See [`SensitivityMeasure`] for the equations.
///
/// `frequency` is an ordinary frequency (Hz), like NNMT's; the analysis frequency used is
/// the nearest ω_f/2π (the first on ties, as NNMT's `argmin`). `mode` picks the eigenmode:
/// the eigenvalue closest to 1 there, or a trajectory of [`Eigenmodes`].
///
/// # Errors
/// - [`Error::InvalidParameter`] (`frequency`) if `frequency` is not finite or lies outside
///   the range of `w`'s analysis frequencies (beyond a relative 1e-9 at the ends);
/// - [`Error::InvalidParameter`] (`eigenvalue_index`) if the trajectory index is not below
///   the number of populations, or (`effective connectivity`) if `w` has no populations;
/// - [`Error::ShapeMismatch`] (`eigenmodes`) if the [`Eigenmodes`] have other frequencies or
///   another size than `w`, and [`Error::InvalidParameter`] (`eigenmodes`) if their
///   eigenvector is not one of `w` at that frequency (relative residual |W u − λ u| / |W|
///   above 1e-8: computed from another effective connectivity);
/// - [`Error::NonFinite`] if the eigenvalue is numerically defective (|ũ_l · u_r| below √ε
///   for unit eigenvectors: Eq. 7 divides by it), exactly 1 (k undefined), or a result
///   overflows;
/// - the errors of the eigendecomposition ([`Error::Solver`]).
///
/// # Examples
/// See [`SensitivityMeasure`].
pub fn sensitivity_measure(
    w: &EffectiveConnectivity,
    frequency: Frequency,
    mode: Mode<'_>,
) -> Result<SensitivityMeasure> {
    let (matrices, omegas) = w.si();
    let requested = frequency.to_si();
    let f = frequency_index(omegas, requested)?;
    let m = &matrices[f];
    let n = m.nrows();
    if n == 0 {
        return Err(Error::invalid(
            "effective connectivity",
            None,
            "has no populations, so no eigenmodes",
        ));
    }
    let (index, lambda, ul, ur) = match mode {
        Mode::ClosestToOne => {
            let e = kernel::eigen(m)?;
            let mut best = 0;
            let mut best_d = f64::INFINITY;
            for (k, z) in e.values.iter().enumerate() {
                let d = (z - 1.0).norm();
                if d < best_d {
                    best_d = d;
                    best = k;
                }
            }
            let ul = e.left.column(best).iter().copied().collect();
            let ur = e.right.column(best).iter().copied().collect();
            (best, e.values[best], ul, ur)
        }
        Mode::Trajectory { eigenmodes, index } => {
            if eigenmodes.omegas_si() != omegas || eigenmodes.n_modes() != n {
                return Err(Error::ShapeMismatch {
                    parameter: "eigenmodes",
                    expected: format!(
                        "the {} frequencies and {n} populations of the effective connectivity",
                        omegas.len()
                    ),
                    found: format!(
                        "{} frequencies and {} modes (or other frequencies)",
                        eigenmodes.n_frequencies(),
                        eigenmodes.n_modes()
                    ),
                });
            }
            let Some((lambda, ul, ur)) = eigenmodes.mode_si(f, index) else {
                return Err(Error::invalid(
                    "eigenvalue_index",
                    None,
                    format!("trajectory {index} does not exist: there are {n}"),
                ));
            };
            check_eigenpair(m, lambda, &ur, f)?;
            (index, lambda, ul, ur)
        }
    };
    let s = kernel::sensitivity(m, lambda, &ul, &ur).map_err(|e| match e {
        Error::NonFinite {
            quantity,
            population,
            detail,
        } => Error::NonFinite {
            quantity,
            population,
            detail: format!("{detail} (frequency index {f})"),
        },
        other => other,
    })?;
    Ok(SensitivityMeasure {
        eigenvalue_index: index,
        critical_frequency: requested,
        critical_frequency_index: f,
        grid_frequency: omegas[f] / (2.0 * std::f64::consts::PI),
        critical_eigenvalue: lambda,
        left_eigenvector: DVector::from_vec(ul),
        right_eigenvector: DVector::from_vec(ur),
        k: s.k,
        k_per: s.k_per,
        sensitivity: s.t,
        sensitivity_amp: s.amp,
        sensitivity_freq: s.freq,
    })
}

/// Relative residual |W u − λ u| / |W|_F above which an [`Eigenmodes`]' mode is not taken
/// as one of `W`: far above what [`eigenmodes`] guarantees for its own modes (1e-8 √n, or
/// an error), far below what the modes of another W give.
const EIGENPAIR_TOLERANCE: f64 = 1e-6;

fn check_eigenpair(
    w: &DMatrix<Complex64>,
    lambda: Complex64,
    ur: &[Complex64],
    f: usize,
) -> Result<()> {
    let u = DVector::from_column_slice(ur);
    let residual = (w * &u - &u * lambda).norm();
    let scale = w.norm() * u.norm();
    if residual <= EIGENPAIR_TOLERANCE * scale {
        Ok(())
    } else {
        Err(Error::invalid(
            "eigenmodes",
            None,
            format!(
                "not the eigenmodes of this effective connectivity: |W u - λ u| = {residual:e} \
                 at frequency index {f} (|W| |u| = {scale:e})"
            ),
        ))
    }
}

/// The sensitivity measure of every eigenvalue trajectory at its critical frequency, the
/// analysis frequency where the trajectory comes closest to 1 (Bos et al. 2016, Eq. 7 and
/// Fig. 4; NNMT 1.3: `nnmt.lif.exp.sensitivity_measure_all_eigenmodes`, which links the
/// eigenvalues with its own algorithm, [`Tracker::Nnmt`]).
///
/// Element k of the result belongs to trajectory k of [`eigenmodes`]`(w, tracker)`; its
/// [`critical_frequency`](SensitivityMeasure::critical_frequency) is the grid frequency
/// argmin_f |λ_k(ω_f) − 1| (the first on ties).
///
/// # Errors
/// - the errors of [`eigenmodes`] and of [`sensitivity_measure`] (a defective eigenvalue at
///   a critical frequency);
/// - [`Error::InvalidParameter`] (`frequency`) if `w` has no frequencies.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nalgebra::DMatrix;
/// use nnmt::lif::linear_response::{EffectiveConnectivity, Tracker, sensitivity_measure_all_eigenmodes};
/// use nnmt::units::*;
/// use num_complex::Complex64;
/// // one population whose eigenvalue passes nearest to 1 at the third frequency
/// let lam = [0.2, 0.5, 0.9, 0.6];
/// let w: Vec<_> = lam.iter().map(|&l| DMatrix::from_element(1, 1, Complex64::new(l, 0.1))).collect();
/// let om: Vec<_> = (1..=4).map(|f| AngularVelocity::new::<radian_per_second>(f as f64)).collect();
/// let all = sensitivity_measure_all_eigenmodes(&EffectiveConnectivity::new(w, &om)?, Tracker::Overlap)?;
/// assert_eq!(all.len(), 1);
/// assert_eq!(all[0].critical_frequency_index(), 2);
/// assert!((all[0].sensitivity()[(0, 0)] - Complex64::new(0.9, 0.1)).norm() < 1e-15);
/// # Ok(()) }
/// ```
pub fn sensitivity_measure_all_eigenmodes(
    w: &EffectiveConnectivity,
    tracker: Tracker,
) -> Result<Vec<SensitivityMeasure>> {
    if w.n_frequencies() == 0 {
        return Err(Error::invalid(
            "frequency",
            None,
            "the effective connectivity has no frequencies",
        ));
    }
    let modes = eigenmodes(w, tracker)?;
    (0..modes.n_modes())
        .map(|k| {
            // n_modes > 0 and n_frequencies > 0, so the index exists
            let f = modes.critical_frequency_index(k).unwrap_or(0);
            let frequency = modes
                .frequency(f)
                .unwrap_or_else(|| Frequency::from_si(0.0));
            sensitivity_measure(
                w,
                frequency,
                Mode::Trajectory {
                    eigenmodes: &modes,
                    index: k,
                },
            )
        })
        .collect()
}
