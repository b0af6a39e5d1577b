//! Eigen-analysis of the effective connectivity W(ω) on plain `Complex64` (dimensionless):
//! the eigendecomposition at one frequency, two ways of linking eigenvalues across
//! frequencies into trajectories, and the sensitivity measure of one eigenmode (Bos et al.
//! 2016, PLoS Comput. Biol. 12, e1005132, Eq. 7).
//!
//! - [`eigen`]: eigenvalues with left and right eigenvectors from `faer`'s dense complex
//!   eigensolver (Hessenberg reduction, multishift QR to the complex Schur form, triangular
//!   back-substitution) — not hand-written. `nalgebra` computes eigenvalues only.
//! - [`match_nnmt`]: NNMT 1.3's `_match_eigenvalues_across_frequencies`, reimplemented step
//!   by step from its description (it depends on the order in which the eigensolver returns
//!   the eigenvalues and on its own history, so only a literal reimplementation reproduces
//!   its masks).
//! - [`track_overlap`]: this crate's tracker: an optimal assignment between consecutive
//!   frequencies on a cost combining the distance to the linearly extrapolated eigenvalue
//!   and the overlap of right eigenvectors, with a record of where two trajectories could
//!   have been exchanged at almost the same cost.
//! - [`assignment`]: the optimal assignment (Hungarian method with potentials, O(n³)),
//!   hand-written (about 50 lines): no dependency of this crate solves a linear assignment
//!   problem, and `pathfinding::kuhn_munkres` would add a dependency and needs `Ord`
//!   weights (floats only behind an ordering wrapper).
//! - [`sensitivity`]: the sensitivity measure T = (ũ_l ⊗ u_r)/(ũ_l · u_r) ∘ W and its
//!   projections.
//!
//! # Conventions
//! Right eigenvectors u_r: W u_r = λ u_r. Left eigenvectors u_l as LAPACK (and so NNMT,
//! through `scipy.linalg.eig`) returns them: u_lᴴ W = λ u_lᴴ, i.e. the row vector
//! ũ_l = conj(u_l) satisfies ũ_l W = λ ũ_l. Both are normalised like LAPACK's `zgeev`: unit
//! Euclidean norm, and the component of largest modulus (the first, on ties) real and
//! positive. The sensitivity measure does not depend on this choice: T is invariant under
//! u_l → a u_l, u_r → b u_r for any non-zero complex a, b.

use nalgebra::{DMatrix, DVector};
use num_complex::Complex64;

use crate::error::{Error, Result};

/// Eigenvalues and left/right eigenvectors of one n × n matrix, in the order the eigensolver
/// returns them (see the module docs for the normalisation).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Eigen {
    /// The n eigenvalues.
    pub(crate) values: Vec<Complex64>,
    /// Column k: the left eigenvector of `values[k]` (u_lᴴ W = λ u_lᴴ).
    pub(crate) left: DMatrix<Complex64>,
    /// Column k: the right eigenvector of `values[k]` (W u_r = λ u_r).
    pub(crate) right: DMatrix<Complex64>,
}

fn finite(z: Complex64) -> bool {
    z.re.is_finite() && z.im.is_finite()
}

/// Eigenvalues and left and right eigenvectors of the square complex matrix `w`.
///
/// # Errors
/// - [`Error::ShapeMismatch`] if `w` is not square;
/// - [`Error::NonFinite`] if an entry of `w` is not finite, or (not expected from a
///   finite matrix) a computed eigenvalue or eigenvector is not;
/// - [`Error::Solver`] if the QR iteration does not converge.
pub(crate) fn eigen(w: &DMatrix<Complex64>) -> Result<Eigen> {
    use faer::diag::Diag;
    use faer::dyn_stack::{MemBuffer, MemStack};
    use faer::linalg::evd::{ComputeEigenvectors, evd_cplx, evd_scratch};
    use faer::{Mat, Par};

    let n = w.nrows();
    if w.ncols() != n {
        return Err(Error::ShapeMismatch {
            parameter: "effective connectivity",
            expected: "a square matrix".into(),
            found: format!("{}x{}", n, w.ncols()),
        });
    }
    if let Some(z) = w.iter().find(|z| !finite(**z)) {
        return Err(Error::NonFinite {
            quantity: "effective connectivity",
            population: None,
            detail: format!("entry {z}"),
        });
    }
    let a = Mat::<Complex64>::from_fn(n, n, |i, j| w[(i, j)]);
    let mut s = Diag::<Complex64>::zeros(n);
    let mut ul = Mat::<Complex64>::zeros(n, n);
    let mut ur = Mat::<Complex64>::zeros(n, n);
    let par = Par::Seq;
    let mut buf = MemBuffer::new(evd_scratch::<Complex64>(
        n,
        ComputeEigenvectors::Yes,
        ComputeEigenvectors::Yes,
        par,
        Default::default(),
    ));
    evd_cplx(
        a.as_ref(),
        s.as_mut(),
        Some(ul.as_mut()),
        Some(ur.as_mut()),
        par,
        MemStack::new(&mut buf),
        Default::default(),
    )
    .map_err(|e| Error::Solver {
        solver: "complex eigendecomposition (faer)",
        detail: format!("{e:?}"),
    })?;
    let values: Vec<Complex64> = (0..n).map(|k| s[k]).collect();
    let mut left = DMatrix::from_fn(n, n, |i, j| ul[(i, j)]);
    let mut right = DMatrix::from_fn(n, n, |i, j| ur[(i, j)]);
    for k in 0..n {
        normalize_lapack(&mut left, k)?;
        normalize_lapack(&mut right, k)?;
    }
    if values.iter().any(|z| !finite(*z)) {
        return Err(Error::NonFinite {
            quantity: "eigenvalue of the effective connectivity",
            population: None,
            detail: format!("eigenvalues {values:?}"),
        });
    }
    check_accuracy(w, &values, &right)?;
    Ok(Eigen {
        values,
        left,
        right,
    })
}

/// Largest relative residual |W U c − U Λ c| / (|W|_F √n) of a decomposition (see
/// [`check_accuracy`]); a backward-stable eigensolver leaves about n ε.
pub(crate) const EIGEN_RESIDUAL_TOLERANCE: f64 = 1e-8;

/// Checks all right eigenpairs at once in O(n²): r = W (U c) − U (Λ c) for a fixed vector c
/// of unit-modulus entries with golden-angle phases, in units of the largest entry of W
/// (so that nothing overflows). A wrong pair shows in r unless the phases cancel it
/// exactly.
///
/// # Errors
/// [`Error::Solver`] if |r| > [`EIGEN_RESIDUAL_TOLERANCE`] |W|_F √n.
fn check_accuracy(
    w: &DMatrix<Complex64>,
    values: &[Complex64],
    right: &DMatrix<Complex64>,
) -> Result<()> {
    let n = w.nrows();
    let scale = w.iter().fold(0.0_f64, |m, z| m.max(z.norm()));
    if n == 0 || scale == 0.0 {
        return Ok(());
    }
    let c = DVector::from_fn(n, |k, _| {
        Complex64::from_polar(1.0, 2.399_963_229_728_653 * k as f64)
    });
    let ws = w.map(|z| z / scale);
    let lc = DVector::from_fn(n, |k, _| values[k] / scale * c[k]);
    let r = &ws * (right * &c) - right * lc;
    let bound = EIGEN_RESIDUAL_TOLERANCE * ws.norm() * (n as f64).sqrt();
    if r.norm() <= bound {
        Ok(())
    } else {
        Err(Error::Solver {
            solver: "complex eigendecomposition (faer)",
            detail: format!(
                "inaccurate eigenpairs: |W U c − U Λ c| = {:e} |W|_max, above {bound:e} \
                 (a matrix with entries spanning {:.0} orders of magnitude)",
                r.norm(),
                (scale
                    / w.iter()
                        .filter(|z| z.norm() > 0.0)
                        .fold(f64::INFINITY, |m, z| m.min(z.norm())))
                .log10()
            ),
        })
    }
}

/// Scales column `k` of `m` like LAPACK's `zgeev`: unit Euclidean norm, then the component
/// of largest modulus (the first on ties) made real and positive.
fn normalize_lapack(m: &mut DMatrix<Complex64>, k: usize) -> Result<()> {
    let mut col = m.column_mut(k);
    // the norm with scaling (faer's back-substitution keeps entries in range, but a
    // sum of squares could still overflow for entries near 1e154)
    let scale = col
        .iter()
        .fold(0.0_f64, |s, z| s.max(z.re.abs()).max(z.im.abs()));
    let norm = if scale > 0.0 && scale.is_finite() {
        scale
            * col
                .iter()
                .map(|z| (z / scale).norm_sqr())
                .sum::<f64>()
                .sqrt()
    } else {
        scale
    };
    if !(norm > 0.0 && norm.is_finite()) {
        return Err(Error::NonFinite {
            quantity: "eigenvector of the effective connectivity",
            population: None,
            detail: format!("eigenvector {k} has norm {norm}"),
        });
    }
    for z in col.iter_mut() {
        *z /= norm;
    }
    let mut imax = 0;
    let mut amax = -1.0;
    for (i, z) in col.iter().enumerate() {
        let a = z.norm_sqr();
        if a > amax {
            amax = a;
            imax = i;
        }
    }
    let phase = col[imax].conj() / col[imax].norm();
    for z in col.iter_mut() {
        *z *= phase;
    }
    col[imax].im = 0.0;
    Ok(())
}

/// The result of [`match_nnmt`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NnmtMatch {
    /// `resorted[f][k]`: eigenvalue of trajectory k at frequency index f
    /// (= `eigenvalues[f][mask[f][k]]`).
    pub(crate) resorted: Vec<Vec<Complex64>>,
    /// `mask[f][k]`: the index, in the input order at frequency index f, of trajectory k's
    /// eigenvalue. A row may repeat an index (NNMT's "ambiguous resorting").
    pub(crate) mask: Vec<Vec<usize>>,
    /// Frequency indices at which NNMT warns "Ambiguous eigenvalue resorting" (a mask row
    /// with a repeated index), in the order NNMT warns.
    pub(crate) ambiguous_at: Vec<usize>,
}

/// NNMT 1.3's `_match_eigenvalues_across_frequencies(eigenvalues, margin)`, step by step.
///
/// `eigenvalues[f]` holds the n eigenvalues at frequency index f in the eigensolver's order
/// (all rows of one length, checked by the caller). The algorithm:
/// 1. for each f ≥ 1, the indices k with |λ_k(f−1) − λ_k(f)| > `margin` (input order); where
///    there are two or more, f − 1 becomes a key with those indices (a single index is
///    ignored);
/// 2. for consecutive keys (i, j), on a copy `o` of the partly resorted eigenvalues: for each
///    index k of key i, m = the index among key i's whose `o[i+1][m]` is nearest to
///    `o[i][k]` (the first on ties); rows i+1 ..= j of trajectory k take the input values of
///    index m, and their mask entries become m; a repeated index in mask row i+1 is
///    recorded as ambiguous;
/// 3. the last key i resorts row i+1 only, by the same rule (rows after it keep the input
///    order).
pub(crate) fn match_nnmt(eigenvalues: &[Vec<Complex64>], margin: f64) -> NnmtMatch {
    let nf = eigenvalues.len();
    let n = eigenvalues.first().map_or(0, Vec::len);
    let mut eig = eigenvalues.to_vec();
    let mut mask: Vec<Vec<usize>> = vec![(0..n).collect(); nf];
    let mut ambiguous_at = Vec::new();

    let mut multi_swaps: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 1..nf {
        let indices: Vec<usize> = (0..n)
            .filter(|&k| (eigenvalues[i - 1][k] - eigenvalues[i][k]).norm() > margin)
            .collect();
        if indices.len() >= 2 {
            multi_swaps.push((i - 1, indices));
        }
    }

    // one resorting step: key `i` with `indices`, applied to rows i+1 ..= last
    let resort = |eig: &mut Vec<Vec<Complex64>>,
                  mask: &mut Vec<Vec<usize>>,
                  i: usize,
                  indices: &[usize],
                  last: usize| {
        let original = eig.clone();
        for &k in indices {
            let mut best = 0;
            let mut best_d = f64::INFINITY;
            for (pos, &m) in indices.iter().enumerate() {
                let d = (original[i + 1][m] - original[i][k]).norm();
                // strict `<`: the first minimum, like numpy's argmin
                if d < best_d {
                    best_d = d;
                    best = pos;
                }
            }
            let m = indices[best];
            for r in i + 1..=last {
                eig[r][k] = original[r][m];
                mask[r][k] = m;
            }
        }
    };
    let has_repeats = |row: &[usize]| {
        let mut seen = vec![false; n];
        row.iter().any(|&m| std::mem::replace(&mut seen[m], true))
    };

    for w in multi_swaps.windows(2) {
        let (i, ref indices) = w[0];
        let j = w[1].0;
        resort(&mut eig, &mut mask, i, indices, j);
        if has_repeats(&mask[i + 1]) {
            ambiguous_at.push(i + 1);
        }
    }
    if let Some((i, indices)) = multi_swaps.last() {
        resort(&mut eig, &mut mask, *i, indices, *i + 1);
        if has_repeats(&mask[*i + 1]) {
            ambiguous_at.push(*i + 1);
        }
    }
    NnmtMatch {
        resorted: eig,
        mask,
        ambiguous_at,
    }
}

/// Optimal assignment: the permutation p minimising Σ_r cost[(r, p[r])] for a square matrix
/// of finite costs (Hungarian method with row and column potentials, O(n³); Kuhn 1955,
/// Munkres 1957, in the shortest-augmenting-path form of Jonker & Volgenant 1987).
/// Returns `p[r]` = the column assigned to row r.
pub(crate) fn assignment(cost: &DMatrix<f64>) -> Vec<usize> {
    let n = cost.nrows();
    debug_assert_eq!(cost.ncols(), n);
    debug_assert!(cost.iter().all(|c| c.is_finite()));
    // 1-based potentials and matching, index 0 = the virtual start column
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut p = vec![0usize; n + 1]; // p[col] = row matched to col
    let mut way = vec![0usize; n + 1];
    for row in 1..=n {
        p[0] = row;
        let mut j0 = 0;
        let mut minv = vec![f64::INFINITY; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost[(i0 - 1, j - 1)] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            if j1 == 0 {
                // only with non-finite costs, which the callers exclude: keep the order
                return (0..n).collect();
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut result = vec![0; n];
    for j in 1..=n {
        result[p[j] - 1] = j - 1;
    }
    result
}

/// Where [`track_overlap`] could not tell two trajectories apart: exchanging their
/// continuations would cost less than [`AMBIGUITY_RATIO`] times the chosen assignment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CloseApproachSi {
    /// The frequency index f + 1 of the step f → f + 1.
    pub(crate) frequency_index: usize,
    /// The two trajectories, a < b.
    pub(crate) modes: (usize, usize),
    /// min(|λ_a(f) − λ_b(f)|, |λ_a(f+1) − λ_b(f+1)|).
    pub(crate) separation: f64,
    /// max(|λ_a(f+1) − λ_a(f)|, |λ_b(f+1) − λ_b(f)|).
    pub(crate) step: f64,
    /// c_aσ(a) + c_bσ(b): the cost of the chosen continuations.
    pub(crate) cost: f64,
    /// c_aσ(b) + c_bσ(a): the cost with the two continuations exchanged.
    pub(crate) exchanged_cost: f64,
}

/// A pair of trajectories is ambiguous at a step when exchanging their continuations costs
/// less than this factor times the chosen ones. On a resolved smooth pair the chosen cost is
/// O(Δω²) and the exchanged one of the order of their separation, so the ratio is large;
/// where two modes come within about one grid step of each other it falls towards 1.
pub(crate) const AMBIGUITY_RATIO: f64 = 2.0;

/// The result of [`track_overlap`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tracking {
    /// `mask[f][k]`: the index, in `decompositions[f]`'s order, of trajectory k's eigenmode
    /// (a permutation at every f).
    pub(crate) mask: Vec<Vec<usize>>,
    /// Steps and pairs where the assignment was ambiguous.
    pub(crate) close: Vec<CloseApproachSi>,
}

/// Links the eigenmodes of consecutive frequencies into trajectories.
///
/// Trajectories are numbered at the first frequency by decreasing |λ| (ties: decreasing
/// Re λ, then Im λ), so the numbering does not depend on the eigensolver's order. From
/// frequency f to f + 1, trajectory k's eigenvalue is predicted by linear extrapolation in ω,
/// p_k = λ_k(f) + (λ_k(f) − λ_k(f−1)) (ω_{f+1} − ω_f)/(ω_f − ω_{f−1}) (p_k = λ_k(f) at the first
/// step), and the new eigenmodes b are assigned to the trajectories by the optimal
/// [`assignment`] on the cost
///
/// c_kb = |p_k − μ_b| / ρ + (1 − |⟨u_k(f), v_b⟩|),
///
/// with μ_b, v_b the new eigenvalues and unit right eigenvectors, u_k(f) trajectory k's unit
/// right eigenvector at f, and ρ the largest eigenvalue modulus at f and f + 1 (so that the
/// cost does not change when W is scaled). On a smooth trajectory the extrapolation error is
/// O(Δω²) and the overlap 1 − O(Δω²), so the assignment is the true continuation wherever
/// the trajectories are separated by more than a few steps. Where exchanging the
/// continuations of two trajectories a, b would cost less than [`AMBIGUITY_RATIO`] times the
/// chosen ones (typically where they come within about one grid step of each other) the grid
/// does not resolve which is which: every such pair and step is recorded
/// ([`CloseApproachSi`]).
///
/// `decompositions` and `omegas` have one entry per frequency, all of the same size n.
pub(crate) fn track_overlap(decompositions: &[Eigen], omegas: &[f64]) -> Tracking {
    let nf = decompositions.len();
    let Some(first) = decompositions.first() else {
        return Tracking {
            mask: Vec::new(),
            close: Vec::new(),
        };
    };
    let n = first.values.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (first.values[a], first.values[b]);
        y.norm()
            .total_cmp(&x.norm())
            .then(y.re.total_cmp(&x.re))
            .then(y.im.total_cmp(&x.im))
    });
    // |⟨u_a(f), v_b(f+1)⟩| in the eigensolver's order, for every step at once: one matrix
    // product per step (faer's gemm), steps in parallel (each at its own index); the
    // sequential assignment below only permutes its rows.
    let overlaps: Vec<DMatrix<f64>> = {
        use rayon::prelude::*;
        (0..nf.saturating_sub(1))
            .into_par_iter()
            .map(|f| overlap_moduli(&decompositions[f].right, &decompositions[f + 1].right))
            .collect()
    };
    let mut mask = Vec::with_capacity(nf);
    mask.push(order);
    let mut close = Vec::new();
    for f in 0..nf.saturating_sub(1) {
        let cur = &decompositions[f];
        let next = &decompositions[f + 1];
        let prev_mask = &mask[f];
        let lam: Vec<Complex64> = prev_mask.iter().map(|&m| cur.values[m]).collect();
        let pred: Vec<Complex64> = if f == 0 {
            lam.clone()
        } else {
            let dw = omegas[f] - omegas[f - 1];
            let ratio = if dw != 0.0 {
                (omegas[f + 1] - omegas[f]) / dw
            } else {
                0.0
            };
            let before = &mask[f - 1];
            (0..n)
                .map(|k| {
                    let l0 = decompositions[f - 1].values[before[k]];
                    let p = lam[k] + (lam[k] - l0) * ratio;
                    if finite(p) { p } else { lam[k] }
                })
                .collect()
        };
        let rho = lam
            .iter()
            .chain(next.values.iter())
            .fold(0.0_f64, |r, z| r.max(z.norm()));
        let rho = if rho > 0.0 && rho.is_finite() {
            rho
        } else {
            1.0
        };
        let moduli = &overlaps[f];
        let cost = DMatrix::from_fn(n, n, |k, b| {
            let overlap = moduli[(prev_mask[k], b)];
            let c = (pred[k] - next.values[b]).norm() / rho + (1.0 - overlap);
            if c.is_finite() { c } else { f64::MAX }
        });
        let assigned = assignment(&cost);
        let new_lam: Vec<Complex64> = assigned.iter().map(|&b| next.values[b]).collect();
        for a in 0..n {
            for b in a + 1..n {
                let cost_ab = cost[(a, assigned[a])] + cost[(b, assigned[b])];
                let exchanged = cost[(a, assigned[b])] + cost[(b, assigned[a])];
                if exchanged < AMBIGUITY_RATIO * cost_ab {
                    let separation = (lam[a] - lam[b])
                        .norm()
                        .min((new_lam[a] - new_lam[b]).norm());
                    let step = (new_lam[a] - lam[a])
                        .norm()
                        .max((new_lam[b] - lam[b]).norm());
                    close.push(CloseApproachSi {
                        frequency_index: f + 1,
                        modes: (a, b),
                        separation,
                        step,
                        cost: cost_ab,
                        exchanged_cost: exchanged,
                    });
                }
            }
        }
        mask.push(assigned);
    }
    Tracking { mask, close }
}

/// min(1, |⟨u_a, v_b⟩|) for all columns a of `u` and b of `v` (both n × n): the moduli of
/// Uᴴ V, by faer's matrix product.
fn overlap_moduli(u: &DMatrix<Complex64>, v: &DMatrix<Complex64>) -> DMatrix<f64> {
    let n = u.nrows();
    let m = u.ncols();
    let k = v.ncols();
    let mut g = DMatrix::<Complex64>::zeros(m, k);
    if n > 0 && m > 0 && k > 0 {
        faer::linalg::matmul::matmul(
            faer::MatMut::from_column_major_slice_mut(g.as_mut_slice(), m, k),
            faer::Accum::Replace,
            faer::MatRef::from_column_major_slice(u.as_slice(), n, m).adjoint(),
            faer::MatRef::from_column_major_slice(v.as_slice(), n, k),
            Complex64::new(1.0, 0.0),
            faer::Par::Seq,
        );
    }
    g.map(|z| z.norm().min(1.0))
}

/// The sensitivity measure of one eigenmode and its projections (Bos et al. 2016, Eq. 7), all
/// dimensionless.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SensitivitySi {
    /// T_ij = ũ_l,i u_r,j / (ũ_l · u_r) · W_ij with ũ_l = conj(u_l).
    pub(crate) t: DMatrix<Complex64>,
    /// k = (1 − Re λ, −Im λ)/|1 − λ|: the unit vector from λ towards 1.
    pub(crate) k: [f64; 2],
    /// k_⊥ = (−k₁, k₀): k turned by +90°.
    pub(crate) k_per: [f64; 2],
    /// Re T k₀ + Im T k₁: the component of T along k (changes the peak amplitude).
    pub(crate) amp: DMatrix<f64>,
    /// Re T k_⊥₀ + Im T k_⊥₁: the component of T along k_⊥ (shifts the peak frequency).
    pub(crate) freq: DMatrix<f64>,
}

/// √ε: the smallest |ũ_l · u_r| / (|u_l| |u_r|) = 1/κ(λ) for which [`sensitivity`] computes
/// Eq. 7.
pub(crate) const DEFECTIVE: f64 = 1.490_116_119_384_765_6e-8;

/// Sensitivity measure of the eigenmode (`lambda`, left eigenvector `ul`, right eigenvector
/// `ur`) of `w` (conventions in the module docs; any non-zero scaling of `ul` and `ur`
/// gives the same result).
///
/// # Errors
/// - [`Error::NonFinite`] if |ũ_l · u_r| < √ε |u_l| |u_r| with ε the machine epsilon: the
///   eigenvalue's condition number 1/|ũ_l · u_r| (for unit vectors) exceeds 1/√ε ≈ 7e7, so
///   λ itself carries an error above √ε |W| and the eigenvectors less than half their
///   digits: the eigenvalue is numerically defective and Eq. 7, which divides by
///   ũ_l · u_r, is not meaningful (NNMT returns whatever the division gives). Also if
///   λ = 1 exactly (k is undefined), or a result is not finite.
pub(crate) fn sensitivity(
    w: &DMatrix<Complex64>,
    lambda: Complex64,
    ul: &[Complex64],
    ur: &[Complex64],
) -> Result<SensitivitySi> {
    let n = w.nrows();
    let non_finite = |detail: String| Error::NonFinite {
        quantity: "sensitivity measure",
        population: None,
        detail,
    };
    let dot: Complex64 = ul.iter().zip(ur).map(|(l, r)| l.conj() * r).sum();
    let nl = ul.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
    let nr = ur.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
    if dot.norm().is_nan() || dot.norm() < DEFECTIVE * nl * nr {
        return Err(non_finite(format!(
            "the eigenvalue {lambda} is numerically defective: |conj(u_l) . u_r| = {:e} \
             < sqrt(eps) for unit eigenvectors (condition number above 7e7), and Eq. 7 \
             divides by it",
            dot.norm()
        )));
    }
    let t = DMatrix::from_fn(n, n, |i, j| ul[i].conj() * ur[j] / dot * w[(i, j)]);
    let k = [1.0 - lambda.re, 0.0 - lambda.im];
    let norm = (k[0] * k[0] + k[1] * k[1]).sqrt();
    if !(norm > 0.0 && norm.is_finite()) {
        return Err(non_finite(format!(
            "the eigenvalue is {lambda}: the direction k from λ to 1 is undefined"
        )));
    }
    let k = [k[0] / norm, k[1] / norm];
    let kp = [-k[1], k[0]];
    let norm_p = (kp[0] * kp[0] + kp[1] * kp[1]).sqrt();
    let k_per = [kp[0] / norm_p, kp[1] / norm_p];
    let amp = t.map(|z| z.re * k[0] + z.im * k[1]);
    let freq = t.map(|z| z.re * k_per[0] + z.im * k_per[1]);
    if t.iter().any(|z| !finite(*z)) || amp.iter().chain(freq.iter()).any(|x| !x.is_finite()) {
        return Err(non_finite(format!(
            "the sensitivity of the eigenvalue {lambda} overflows (|conj(u_l) . u_r| = {:e})",
            dot.norm()
        )));
    }
    Ok(SensitivitySi {
        t,
        k,
        k_per,
        amp,
        freq,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(re: f64, im: f64) -> Complex64 {
        Complex64::new(re, im)
    }

    /// A fixed, non-normal complex test matrix with distinct eigenvalues.
    fn matrix(n: usize, seed: u64) -> DMatrix<Complex64> {
        let mut s = seed;
        let mut next = move || {
            // xorshift64*, uniform in [-1, 1)
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        };
        DMatrix::from_fn(n, n, |_, _| c(next(), next()))
    }

    /// Eigen-equation residuals relative to |W|_F: backward-stable QR gives a few ε times
    /// n; 1e-13 leaves a margin of about 10 for n = 8.
    #[test]
    fn eigen_pairs_satisfy_the_eigen_equations_with_lapack_normalisation() {
        for seed in 1..6 {
            let w = matrix(8, seed);
            let e = eigen(&w).unwrap();
            let scale = w.norm();
            for k in 0..8 {
                let lam = e.values[k];
                let ur = e.right.column(k);
                let ul = e.left.column(k);
                let res_r = (&w * ur - ur * lam).norm() / scale;
                let res_l = (ul.adjoint() * &w - ul.adjoint() * lam).norm() / scale;
                assert!(res_r < 1e-13 && res_l < 1e-13, "{res_r:e} {res_l:e}");
                for v in [ur, ul] {
                    assert!((v.norm() - 1.0).abs() < 1e-14);
                    let imax = (0..8)
                        .max_by(|&a, &b| v[a].norm().total_cmp(&v[b].norm()))
                        .unwrap();
                    assert!(v[imax].im == 0.0 && v[imax].re > 0.0);
                }
            }
        }
    }

    #[test]
    fn eigen_of_empty_and_non_finite_matrices() {
        let e = eigen(&DMatrix::zeros(0, 0)).unwrap();
        assert!(e.values.is_empty());
        let mut w = matrix(3, 7);
        w[(1, 2)] = c(f64::NAN, 0.0);
        assert!(matches!(eigen(&w), Err(Error::NonFinite { .. })));
        assert!(matches!(
            eigen(&DMatrix::zeros(2, 3)),
            Err(Error::ShapeMismatch { .. })
        ));
    }

    /// A defective matrix (Jordan block): the solver still returns finite vectors, and the
    /// sensitivity measure refuses the eigenvalue instead of dividing by ≈ 0.
    #[test]
    fn jordan_block_is_finite_and_its_sensitivity_an_error() {
        let w =
            DMatrix::from_row_slice(2, 2, &[c(0.5, 0.0), c(1.0, 0.0), c(0.0, 0.0), c(0.5, 0.0)]);
        let e = eigen(&w).unwrap();
        assert!(e.right.iter().chain(e.left.iter()).all(|z| finite(*z)));
        let ul: Vec<_> = e.left.column(0).iter().copied().collect();
        let ur: Vec<_> = e.right.column(0).iter().copied().collect();
        let r = sensitivity(&w, e.values[0], &ul, &ur);
        assert!(matches!(r, Err(Error::NonFinite { .. })), "{r:?}");
    }

    /// T is invariant under u_l → a u_l, u_r → b u_r (a, b ≠ 0 complex): Eq. 7 divides by
    /// ũ_l · u_r. Tolerance: round-off of a few operations on entries of order |W|.
    #[test]
    fn sensitivity_is_invariant_under_rescaling_of_the_eigenvectors() {
        let w = matrix(6, 11);
        let e = eigen(&w).unwrap();
        for k in 0..6 {
            let ul: Vec<_> = e.left.column(k).iter().copied().collect();
            let ur: Vec<_> = e.right.column(k).iter().copied().collect();
            let s0 = sensitivity(&w, e.values[k], &ul, &ur).unwrap();
            let (a, b) = (c(-3.0, 0.25), c(1e-3, 2e3));
            let ul2: Vec<_> = ul.iter().map(|z| z * a).collect();
            let ur2: Vec<_> = ur.iter().map(|z| z * b).collect();
            let s1 = sensitivity(&w, e.values[k], &ul2, &ur2).unwrap();
            let d = (&s0.t - &s1.t).norm() / s0.t.norm();
            assert!(d < 1e-14, "{d:e}");
            assert!((s0.k[0] - s1.k[0]).abs() + (s0.k[1] - s1.k[1]).abs() == 0.0);
            // the sum of T over all entries is λ (Σ_ij ũ_i W_ij u_j / ũ·u = λ)
            let sum: Complex64 = s0.t.iter().sum();
            assert!(
                (sum - e.values[k]).norm() < 1e-13 * w.norm(),
                "{sum} {}",
                e.values[k]
            );
        }
    }

    #[test]
    fn defective_threshold_is_sqrt_epsilon() {
        assert_eq!(DEFECTIVE.to_bits(), f64::EPSILON.sqrt().to_bits());
    }

    #[test]
    fn sensitivity_at_lambda_one_is_an_error() {
        let w = DMatrix::from_element(1, 1, c(1.0, 0.0));
        let r = sensitivity(&w, c(1.0, 0.0), &[c(1.0, 0.0)], &[c(1.0, 0.0)]);
        assert!(matches!(r, Err(Error::NonFinite { .. })));
    }

    fn brute_force(cost: &DMatrix<f64>) -> f64 {
        fn rec(cost: &DMatrix<f64>, row: usize, used: &mut Vec<bool>) -> f64 {
            if row == cost.nrows() {
                return 0.0;
            }
            let mut best = f64::INFINITY;
            for j in 0..cost.ncols() {
                if !used[j] {
                    used[j] = true;
                    best = best.min(cost[(row, j)] + rec(cost, row + 1, used));
                    used[j] = false;
                }
            }
            best
        }
        rec(cost, 0, &mut vec![false; cost.ncols()])
    }

    /// The assignment is a permutation with the brute-force minimum (to round-off of a sum
    /// of n terms of order 1).
    #[test]
    fn assignment_is_optimal() {
        for seed in 1..40 {
            let n = 1 + (seed as usize % 6);
            let m = matrix(n, seed);
            let cost = m.map(|z| z.re.abs() * 10.0 + z.im);
            let p = assignment(&cost);
            let mut seen = p.clone();
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>());
            let total: f64 = (0..n).map(|r| cost[(r, p[r])]).sum();
            assert!((total - brute_force(&cost)).abs() < 1e-12, "seed {seed}");
        }
        assert!(assignment(&DMatrix::zeros(0, 0)).is_empty());
    }

    /// NNMT's minimal ambiguous example (NNMT's tests/fixtures/integration/config/
    /// minimal_ambiguous_eigenvalues.yaml): both eigenvalues move by more than the margin at
    /// both steps, and the nearest-neighbour rule maps both onto index 0 (worked out by
    /// hand: |−0.014 − (−3.80)| = 3.79 < |−15.17 − (−3.80)| = 11.4).
    #[test]
    fn nnmt_matching_of_the_minimal_ambiguous_case() {
        let ev = vec![
            vec![c(-0.0023356653441366504, 0.0), c(-3.8015343346558628, 0.0)],
            vec![c(-0.014050738467807022, 0.0), c(-15.16636926153219, 0.0)],
            vec![c(-0.04999890469559887, 0.0), c(-60.829451095304385, 0.0)],
        ];
        let m = match_nnmt(&ev, 1e-5);
        assert_eq!(m.mask, vec![vec![0, 1], vec![0, 0], vec![0, 0]]);
        assert_eq!(m.ambiguous_at, vec![1, 2]);
        assert_eq!(m.resorted[2], vec![ev[2][0], ev[2][0]]);
    }

    /// Two smooth trajectories whose raw order swaps at every other frequency: the overlap
    /// tracker undoes the swaps exactly, and there is no close approach.
    #[test]
    fn overlap_tracker_undoes_order_swaps() {
        let omegas: Vec<f64> = (0..20).map(|f| f as f64).collect();
        let decs: Vec<Eigen> = omegas
            .iter()
            .enumerate()
            .map(|(f, &w)| {
                let (a, b) = (c(1.0 - 0.01 * w, 0.02 * w), c(-0.5, -0.01 * w * w / 20.0));
                let mut e = eigen(&DMatrix::from_row_slice(
                    2,
                    2,
                    &[a, c(0.3, 0.0), c(0.0, 0.0), b],
                ))
                .unwrap();
                if f % 2 == 1 {
                    e.values.swap(0, 1);
                    e.left.swap_columns(0, 1);
                    e.right.swap_columns(0, 1);
                }
                e
            })
            .collect();
        let t = track_overlap(&decs, &omegas);
        assert!(t.close.is_empty());
        for f in 0..20 {
            let lam0 = decs[f].values[t.mask[f][0]];
            assert!((lam0 - c(1.0 - 0.01 * omegas[f], 0.02 * omegas[f])).norm() < 1e-14);
        }
    }
}
