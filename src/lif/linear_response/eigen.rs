//! [`eigenmodes`]: eigenvalues and left/right eigenvectors of the effective connectivity
//! W(ω) at every frequency, linked across frequencies into trajectories (Bos et al. 2016,
//! PLoS Comput. Biol. 12, e1005132, Fig. 4), by NNMT's algorithm or by this crate's tracker
//! ([`Tracker`]).

use nalgebra::{DMatrix, DVector};
use num_complex::Complex64;
use rayon::prelude::*;

use super::EffectiveConnectivity;
use crate::error::{Error, Result};
use crate::kernel::eigen as kernel;

/// How the eigenvalues of W(ω) are linked across frequencies into trajectories.
///
/// An eigensolver returns the eigenvalues at each frequency in an order of its own, which
/// jumps from one frequency to the next; a tracker decides which eigenvalue at ω_{f+1}
/// continues which trajectory at ω_f.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
#[non_exhaustive]
pub enum Tracker {
    /// NNMT 1.3's `_match_eigenvalues_across_frequencies(eigenvalues, margin)`, step by
    /// step (see [`match_eigenvalues_across_frequencies`]): it compares eigenvalues *in the
    /// eigensolver's order* between neighbouring frequencies, and re-sorts only where two
    /// or more of them move by more than `margin` (dimensionless; NNMT's default
    /// [`Tracker::NNMT_DEFAULT_MARGIN`]). Its result depends on that order and on its own
    /// history: a single eigenvalue that jumps is left in place, a re-sorting holds until
    /// the next one, and after the last re-sorting the solver's order is kept. Applied to
    /// this crate's eigensolver (`faer`), whose order differs from LAPACK's, it does not in
    /// general give NNMT's trajectories; it is here to reproduce NNMT's masks on LAPACK's
    /// eigenvalues and for comparison. Ambiguous re-sortings (one eigenvalue assigned to
    /// two trajectories) are reported as [`TrackingWarning::AmbiguousResorting`].
    Nnmt {
        /// Largest |λ_k(ω_f) − λ_k(ω_{f+1})| that counts as "the same eigenvalue",
        /// dimensionless, finite and ≥ 0.
        margin: f64,
    },
    /// This crate's tracker (the default): at each step an optimal assignment (Hungarian
    /// method) on the cost |p_k − μ_b|/ρ + (1 − |⟨u_k, v_b⟩|), where p_k is trajectory k's
    /// eigenvalue extrapolated linearly in ω from the two previous frequencies, μ_b and v_b
    /// the new eigenvalues and unit right eigenvectors, u_k trajectory k's unit right
    /// eigenvector at the previous frequency, and ρ the largest eigenvalue modulus at the
    /// two frequencies. On smooth trajectories the extrapolation error is O(Δω²) and the
    /// overlap 1 − O(Δω²), so trajectories separated by more than a few grid steps are
    /// followed exactly; where two trajectories come closer than one grid step moves them,
    /// the result holds a [`TrackingWarning::CloseApproach`] (where exchanging two
    /// trajectories' continuations would cost less than twice the chosen ones). Trajectories
    /// are numbered by decreasing |λ| at the first frequency.
    #[default]
    Overlap,
}

impl Tracker {
    /// NNMT's default margin of `_match_eigenvalues_across_frequencies`, 1e-5.
    pub const NNMT_DEFAULT_MARGIN: f64 = 1e-5;

    /// [`Tracker::Nnmt`] with NNMT's default margin 1e-5.
    ///
    /// # Examples
    /// ```
    /// use nnmt::lif::linear_response::Tracker;
    /// assert_eq!(Tracker::nnmt(), Tracker::Nnmt { margin: 1e-5 });
    /// ```
    pub fn nnmt() -> Self {
        Self::Nnmt {
            margin: Self::NNMT_DEFAULT_MARGIN,
        }
    }
}

/// Where a [`Tracker`] could not link eigenvalues unambiguously. A warning is a value in the
/// result ([`Eigenmodes::warnings`]), not a message printed.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum TrackingWarning {
    /// [`Tracker::Nnmt`]: at this frequency index one eigenvalue was assigned to two or more
    /// trajectories (NNMT's warning "Ambiguous eigenvalue resorting detected at frequency
    /// index …"); the trajectories then share an eigenvalue and another eigenvalue is in
    /// none of them.
    AmbiguousResorting {
        /// The frequency index NNMT names.
        frequency_index: usize,
    },
    /// [`Tracker::Overlap`]: in the step from `frequency_index − 1` to `frequency_index`,
    /// exchanging the continuations of two trajectories would have cost less than twice the
    /// chosen ones (`exchanged_cost < 2 cost`, costs as in [`Tracker::Overlap`]): the grid
    /// does not resolve which is which — typically the two come within about one grid step
    /// of each other (`separation` against `step`) — and they may be swapped from here on.
    /// On a resolved pair of smooth trajectories the chosen cost is O(Δω²) and the
    /// exchanged one of the order of their separation.
    CloseApproach {
        /// Index of the later frequency of the step.
        frequency_index: usize,
        /// The two trajectories (a < b).
        modes: (usize, usize),
        /// min(|λ_a − λ_b| at the two frequencies), dimensionless.
        separation: f64,
        /// max(|Δλ_a|, |Δλ_b|) over the step, dimensionless.
        step: f64,
        /// The cost of the chosen continuations of a and b, dimensionless.
        cost: f64,
        /// The cost with the two continuations exchanged, dimensionless.
        exchanged_cost: f64,
    },
}

impl TrackingWarning {
    /// The frequency index the warning refers to.
    ///
    /// # Examples
    /// ```
    /// use nnmt::lif::linear_response::TrackingWarning;
    /// let w = TrackingWarning::AmbiguousResorting { frequency_index: 3 };
    /// assert_eq!(w.frequency_index(), 3);
    /// ```
    pub fn frequency_index(&self) -> usize {
        match self {
            Self::AmbiguousResorting { frequency_index }
            | Self::CloseApproach {
                frequency_index, ..
            } => *frequency_index,
        }
    }
}

impl std::fmt::Display for TrackingWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AmbiguousResorting { frequency_index } => write!(
                f,
                "ambiguous eigenvalue resorting at frequency index {frequency_index}"
            ),
            Self::CloseApproach {
                frequency_index,
                modes: (a, b),
                separation,
                step,
                ..
            } => write!(
                f,
                "eigenvalue trajectories {a} and {b} are ambiguous at frequency index \
                 {frequency_index}: {separation:e} apart, step {step:e}"
            ),
        }
    }
}

/// The eigenmodes of W(ω) at every frequency, ordered as trajectories: mode k at every
/// frequency belongs to trajectory k.
///
/// For each frequency index f and trajectory k: the eigenvalue λ_k(ω_f) (dimensionless,
/// complex), the right eigenvector u_r (W u_r = λ u_r) and the left eigenvector u_l as
/// LAPACK returns it (u_lᴴ W = λ u_lᴴ; the row vector conj(u_l) is the left eigenvector of
/// Bos et al. 2016, Eq. 7), both of unit Euclidean norm with their largest component real
/// and positive (LAPACK `zgeev`'s normalisation), and the index of the mode in the
/// eigensolver's output ([`mask`](Self::mask), NNMT's `resorted_eigenvalues_mask`).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nalgebra::DMatrix;
/// use nnmt::lif::linear_response::{EffectiveConnectivity, Tracker, eigenmodes};
/// use nnmt::units::*;
/// use num_complex::Complex64;
/// // W(ω) = diag(0.5, −0.2) e^{−iωd}: two trajectories on circles
/// let omegas: Vec<f64> = (0..50).map(|f| 10.0 * f as f64).collect();
/// let w: Vec<_> = omegas.iter().map(|&om| {
///     let d = Complex64::from_polar(1.0, -om * 1e-3);
///     DMatrix::from_diagonal(&nalgebra::dvector![d * 0.5, d * -0.2])
/// }).collect();
/// let om: Vec<_> = omegas.iter().map(|&x| AngularVelocity::new::<radian_per_second>(x)).collect();
/// let modes = eigenmodes(&EffectiveConnectivity::new(w, &om)?, Tracker::Overlap)?;
/// // trajectory 0 is the larger one at the first frequency
/// for f in 0..50 {
///     assert!((modes.eigenvalue(f, 0).unwrap().norm() - 0.5).abs() < 1e-14);
/// }
/// assert!(modes.warnings().is_empty());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Eigenmodes {
    /// [f][k]
    eigenvalues: Vec<Vec<Complex64>>,
    /// [f]: column k = left eigenvector of trajectory k
    left: Vec<DMatrix<Complex64>>,
    /// [f]: column k = right eigenvector of trajectory k
    right: Vec<DMatrix<Complex64>>,
    /// [f][k]: index in the eigensolver's output
    mask: Vec<Vec<usize>>,
    warnings: Vec<TrackingWarning>,
    /// rad/s
    omegas: Vec<f64>,
    tracker: Tracker,
}

/// The eigenmodes of the effective connectivity at every frequency, linked into
/// trajectories by `tracker` (Bos et al. 2016, PLoS Comput. Biol. 12, e1005132, Fig. 4; NNMT 1.3:
/// `np.linalg.eig` at every frequency, then `_match_eigenvalues_across_frequencies`).
///
/// The eigendecomposition at each frequency is `faer`'s dense complex eigensolver (Schur
/// form by multishift QR, then triangular back-substitution), frequencies in parallel.
///
/// # Errors
/// - [`Error::InvalidParameter`] (`margin`) if a [`Tracker::Nnmt`] margin is negative or
///   not finite;
/// - [`Error::Solver`] if the eigensolver's QR iteration does not converge at a frequency;
/// - [`Error::NonFinite`] if an eigenvector cannot be normalised (not expected for a
///   finite matrix).
///
/// # Examples
/// See [`Eigenmodes`].
pub fn eigenmodes(w: &EffectiveConnectivity, tracker: Tracker) -> Result<Eigenmodes> {
    if let Tracker::Nnmt { margin } = tracker {
        check_margin(margin)?;
    }
    let (matrices, omegas) = w.si();
    let decompositions: Vec<kernel::Eigen> = matrices
        .par_iter()
        .enumerate()
        .map(|(f, m)| {
            kernel::eigen(m).map_err(|e| match e {
                Error::Solver { solver, detail } => Error::Solver {
                    solver,
                    detail: format!("{detail} at frequency index {f}"),
                },
                other => other,
            })
        })
        .collect::<Result<_>>()?;
    let (mask, warnings) = match tracker {
        Tracker::Nnmt { margin } => {
            let raw: Vec<Vec<Complex64>> =
                decompositions.iter().map(|d| d.values.clone()).collect();
            let m = kernel::match_nnmt(&raw, margin);
            let warnings = m
                .ambiguous_at
                .iter()
                .map(|&frequency_index| TrackingWarning::AmbiguousResorting { frequency_index })
                .collect();
            (m.mask, warnings)
        }
        Tracker::Overlap => {
            let t = kernel::track_overlap(&decompositions, omegas);
            let warnings = t
                .close
                .into_iter()
                .map(|c| TrackingWarning::CloseApproach {
                    frequency_index: c.frequency_index,
                    modes: c.modes,
                    separation: c.separation,
                    step: c.step,
                    cost: c.cost,
                    exchanged_cost: c.exchanged_cost,
                })
                .collect();
            (t.mask, warnings)
        }
    };
    let mut eigenvalues = Vec::with_capacity(decompositions.len());
    let mut left = Vec::with_capacity(decompositions.len());
    let mut right = Vec::with_capacity(decompositions.len());
    // each decomposition is dropped once its columns are in trajectory order (peak memory: one
    // set of eigenvectors, not two)
    for (d, row) in decompositions.into_iter().zip(&mask) {
        eigenvalues.push(row.iter().map(|&m| d.values[m]).collect());
        left.push(d.left.select_columns(row.iter()));
        right.push(d.right.select_columns(row.iter()));
    }
    Ok(Eigenmodes {
        eigenvalues,
        left,
        right,
        mask,
        warnings,
        omegas: omegas.to_vec(),
        tracker,
    })
}

fn check_margin(margin: f64) -> Result<()> {
    if margin.is_finite() && margin >= 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            "margin",
            None,
            format!("must be finite and >= 0, got {margin}"),
        ))
    }
}

impl Eigenmodes {
    crate::units::frequency_accessors!();

    /// Number of trajectories (= number of populations n).
    pub fn n_modes(&self) -> usize {
        self.eigenvalues.first().map_or(0, Vec::len)
    }

    /// The tracker that linked the eigenvalues.
    pub fn tracker(&self) -> Tracker {
        self.tracker
    }

    /// Eigenvalue of trajectory `k` at frequency index `f` (dimensionless).
    pub fn eigenvalue(&self, f: usize, k: usize) -> Option<Complex64> {
        self.eigenvalues.get(f).and_then(|r| r.get(k)).copied()
    }

    /// All eigenvalues, `[f][k]`: frequency index f, trajectory k (NNMT's
    /// `resorted_eigenvalues`, shape (n_freq, n)).
    pub fn eigenvalues(&self) -> &[Vec<Complex64>] {
        &self.eigenvalues
    }

    /// The eigenvalues at frequency index `f`, in trajectory order (NNMT's
    /// `resorted_eigenvalues[f]`).
    pub fn eigenvalues_at(&self, f: usize) -> Option<&[Complex64]> {
        self.eigenvalues.get(f).map(Vec::as_slice)
    }

    /// Trajectory `k`: its eigenvalue at every frequency, in frequency order (NNMT's
    /// `resorted_eigenvalues[:, k]`).
    pub fn trajectory(&self, k: usize) -> Option<Vec<Complex64>> {
        (k < self.n_modes()).then(|| self.eigenvalues.iter().map(|r| r[k]).collect())
    }

    /// Right eigenvector (W u_r = λ u_r, unit norm) of trajectory `k` at frequency index `f`.
    pub fn right_eigenvector(&self, f: usize, k: usize) -> Option<DVector<Complex64>> {
        let m = self.right.get(f)?;
        (k < m.ncols()).then(|| m.column(k).into_owned())
    }

    /// Left eigenvector as LAPACK defines it (u_lᴴ W = λ u_lᴴ, unit norm) of trajectory `k`
    /// at frequency index `f`; conj(u_l) is the row left eigenvector of Bos et al. 2016.
    pub fn left_eigenvector(&self, f: usize, k: usize) -> Option<DVector<Complex64>> {
        let m = self.left.get(f)?;
        (k < m.ncols()).then(|| m.column(k).into_owned())
    }

    /// For frequency index `f`: `mask[k]` is the index, in the eigensolver's output at that
    /// frequency, of trajectory k's eigenmode (NNMT's `resorted_eigenvalues_mask[f]`). A
    /// permutation for [`Tracker::Overlap`]; for [`Tracker::Nnmt`] an index may repeat
    /// where a [`TrackingWarning::AmbiguousResorting`] says so.
    pub fn mask(&self, f: usize) -> Option<&[usize]> {
        self.mask.get(f).map(Vec::as_slice)
    }

    /// Where the tracker could not link eigenvalues unambiguously, in frequency order.
    pub fn warnings(&self) -> &[TrackingWarning] {
        &self.warnings
    }

    /// The frequency index at which trajectory `k` comes closest to 1, argmin_f |λ_k(ω_f) − 1|
    /// (the first on ties, like NNMT's `np.argmin`): the critical frequency of the mode, near
    /// which it shapes the power spectra (Bos et al. 2016, Fig. 4).
    pub fn critical_frequency_index(&self, k: usize) -> Option<usize> {
        if k >= self.n_modes() {
            return None;
        }
        let mut best = None;
        let mut best_d = f64::INFINITY;
        for (f, row) in self.eigenvalues.iter().enumerate() {
            let d = (row[k] - 1.0).norm();
            if d < best_d {
                best_d = d;
                best = Some(f);
            }
        }
        best
    }

    /// The angular frequencies, rad/s.
    pub(crate) fn omegas_si(&self) -> &[f64] {
        &self.omegas
    }

    /// Eigenvalue, left and right eigenvector of trajectory `k` at frequency index `f`.
    pub(crate) fn mode_si(
        &self,
        f: usize,
        k: usize,
    ) -> Option<(Complex64, Vec<Complex64>, Vec<Complex64>)> {
        let lam = self.eigenvalue(f, k)?;
        let ul = self.left.get(f)?.column(k).iter().copied().collect();
        let ur = self.right.get(f)?.column(k).iter().copied().collect();
        Some((lam, ul, ur))
    }
}

/// The result of [`match_eigenvalues_across_frequencies`]: NNMT's resorted eigenvalues, its
/// mask and its ambiguity warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct EigenvalueMatching {
    resorted: Vec<Vec<Complex64>>,
    mask: Vec<Vec<usize>>,
    warnings: Vec<TrackingWarning>,
}

impl EigenvalueMatching {
    /// `resorted()[f][k]`: the eigenvalue of trajectory k at frequency index f (NNMT's first
    /// return value); equal to `eigenvalues[f][mask()[f][k]]`.
    pub fn resorted(&self) -> &[Vec<Complex64>] {
        &self.resorted
    }

    /// `mask()[f][k]`: the input index of trajectory k's eigenvalue at frequency index f
    /// (NNMT's `resorted_eigenvalues_mask`).
    pub fn mask(&self) -> &[Vec<usize>] {
        &self.mask
    }

    /// NNMT's "Ambiguous eigenvalue resorting" warnings, in the order NNMT issues them.
    pub fn warnings(&self) -> &[TrackingWarning] {
        &self.warnings
    }
}

/// NNMT 1.3's `_match_eigenvalues_across_frequencies(eigenvalues, margin)` on eigenvalues
/// given in an eigensolver's order: `eigenvalues[f]` holds the n eigenvalues at frequency
/// index f (dimensionless; for NNMT's own result, in LAPACK's order as `np.linalg.eigvals`
/// returns them).
///
/// The algorithm, reimplemented step by step (its output depends on the input order and on
/// its history, so nothing less reproduces its masks):
/// 1. for each f ≥ 1, the indices k with |λ_k(f−1) − λ_k(f)| > `margin` in the input order;
///    where there are two or more, f − 1 becomes a re-sorting point with those indices (a
///    single such index is left alone);
/// 2. for consecutive re-sorting points i < j: for each of point i's indices k, the index m
///    among point i's whose eigenvalue at f = i + 1 is nearest to trajectory k's (already
///    re-sorted) eigenvalue at f = i, the first on ties; trajectory k takes index m's input
///    eigenvalues at f = i + 1 ..= j; a repeated index at f = i + 1 gives a
///    [`TrackingWarning::AmbiguousResorting`];
/// 3. the last re-sorting point i re-sorts f = i + 1 only, by the same rule; later
///    frequencies keep the input order.
///
/// # Errors
/// - [`Error::InvalidParameter`] (`margin`) if `margin` is negative or not finite;
/// - [`Error::ShapeMismatch`] (`eigenvalues`) if the rows differ in length;
/// - [`Error::NonFinite`] if an eigenvalue is not finite.
///
/// # Examples
/// NNMT's own example (its test file `minimal_ambiguous_eigenvalues.yaml`), which warns:
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::linear_response::{TrackingWarning, match_eigenvalues_across_frequencies};
/// use num_complex::Complex64;
/// let r = |x: f64| Complex64::new(x, 0.0);
/// let ev = vec![vec![r(-0.0023), r(-3.80)], vec![r(-0.0141), r(-15.2)], vec![r(-0.0500), r(-60.8)]];
/// let m = match_eigenvalues_across_frequencies(&ev, 1e-5)?;
/// assert_eq!(m.mask()[2], [0, 0]);
/// assert_eq!(m.warnings()[0], TrackingWarning::AmbiguousResorting { frequency_index: 1 });
/// # Ok(()) }
/// ```
pub fn match_eigenvalues_across_frequencies(
    eigenvalues: &[Vec<Complex64>],
    margin: f64,
) -> Result<EigenvalueMatching> {
    check_margin(margin)?;
    let n = eigenvalues.first().map_or(0, Vec::len);
    for (f, row) in eigenvalues.iter().enumerate() {
        if row.len() != n {
            return Err(Error::ShapeMismatch {
                parameter: "eigenvalues",
                expected: format!("{n} eigenvalues at every frequency"),
                found: format!("{} at frequency index {f}", row.len()),
            });
        }
        if let Some(z) = row.iter().find(|z| !(z.re.is_finite() && z.im.is_finite())) {
            return Err(Error::NonFinite {
                quantity: "eigenvalue",
                population: None,
                detail: format!("{z} at frequency index {f}"),
            });
        }
    }
    let m = kernel::match_nnmt(eigenvalues, margin);
    Ok(EigenvalueMatching {
        resorted: m.resorted,
        mask: m.mask,
        warnings: m
            .ambiguous_at
            .into_iter()
            .map(|frequency_index| TrackingWarning::AmbiguousResorting { frequency_index })
            .collect(),
    })
}
