//! Dense LU factorisation with partial pivoting, by [`faer`] (blocked and vectorised: at
//! n = 254 about 2× faster than nalgebra's unblocked LU), in a workspace that a solver keeps
//! for the whole run, so that no n × n matrix is allocated per iteration.
//!
//! A matrix that only has to be approximately inverted (the iteration matrix of a W-method,
//! whose order does not depend on it) can be factored in single precision
//! ([`Lu::factor_approximate`]): at n = 254 that takes 0.24 ms instead of 0.36 ms.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, solve};
use faer::perm::PermRef;
use faer::traits::ComplexField;
use faer::{Conj, MatMut, MatRef, Par};
use nalgebra::{DMatrix, DVector};

/// An LU factorisation P A = L U of an n × n matrix and the memory it lives in.
pub(crate) struct Lu {
    /// the matrix, then L (strictly below the diagonal, unit diagonal implied) and U packed,
    /// column-major
    factors: DMatrix<f64>,
    /// the same in single precision, for [`Lu::factor_approximate`]
    factors_single: Vec<f32>,
    perm: Vec<usize>,
    perm_inv: Vec<usize>,
    scratch: MemBuffer,
    /// which of the two holds a factorisation
    factored: Factored,
}

/// The factorisation a workspace holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Factored {
    None,
    Double,
    Single,
}

/// Largest entry factored in single precision: far enough below f32::MAX (3.4e38) that
/// the elimination's growth cannot overflow in any realistic case (a non-finite solution
/// is reported as `None` all the same).
const SINGLE_MAX: f64 = 1e30;
/// Entries below this size are factored as 0 in single precision (above f32's smallest
/// normal number, 1.2e-38, so that no subnormal number enters the factorisation).
const SINGLE_TINY: f64 = 1e-37;

impl std::fmt::Debug for Lu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lu")
            .field("n", &self.perm.len())
            .field("factored", &self.factored)
            .finish_non_exhaustive()
    }
}

impl Lu {
    /// A workspace for n × n matrices.
    pub(crate) fn new(n: usize) -> Self {
        let scratch = factor::lu_in_place_scratch::<usize, f64>(n, n, Par::Seq, Default::default())
            .or(solve::solve_in_place_scratch::<usize, f64>(n, 1, Par::Seq))
            .or(factor::lu_in_place_scratch::<usize, f32>(
                n,
                n,
                Par::Seq,
                Default::default(),
            ))
            .or(solve::solve_in_place_scratch::<usize, f32>(n, 1, Par::Seq));
        Self {
            factors: DMatrix::zeros(n, n),
            factors_single: Vec::new(),
            perm: vec![0; n],
            perm_inv: vec![0; n],
            scratch: MemBuffer::new(scratch),
            factored: Factored::None,
        }
    }

    /// Factors the matrix whose columns `fill` writes: `fill(j, column)` sets column j
    /// (column-major, so that filling is a sequential pass over memory).
    pub(crate) fn factor(&mut self, fill: impl FnMut(usize, &mut [f64])) {
        self.fill(fill);
        self.factor_double();
    }

    /// As [`Lu::factor`], in single precision if every entry is finite and at most 1e30 in
    /// size and some entry at least 1e-30 (else in double precision), entries below 1e-37
    /// taken as 0: for a matrix that only has to be approximately inverted. Solutions then
    /// have relative errors of order κ·6e-8 (κ the condition number).
    pub(crate) fn factor_approximate(&mut self, mut fill: impl FnMut(usize, &mut [f64])) {
        let n = self.perm.len();
        // column by column through a double-precision column (one pass over memory)
        self.factors_single.resize(n * n, 0.0);
        let mut column = vec![0.0; n];
        let (mut in_range, mut reaches) = (true, false);
        for (j, single) in self.factors_single.chunks_exact_mut(n.max(1)).enumerate() {
            fill(j, &mut column);
            for (s, &v) in single.iter_mut().zip(&column) {
                // (NaN is out of range)
                in_range &= v.abs() <= SINGLE_MAX;
                reaches |= v.abs() >= 1.0 / SINGLE_MAX;
                // entries below single precision's normal range would be subnormal, which
                // slows every operation on them 10–100×: they are dropped (relative to the
                // largest entry ≥ 1e-30, a change below 1e-8)
                *s = if v.abs() < SINGLE_TINY { 0.0 } else { v as f32 };
            }
        }
        if !(in_range && reaches) {
            // (a matrix with a NaN entry goes to double precision, whose `solve` reports it
            // as `None`)
            self.factor(fill);
            return;
        }
        let a = MatMut::from_column_major_slice_mut(&mut self.factors_single, n, n);
        lu_in_place(a, &mut self.perm, &mut self.perm_inv, &mut self.scratch);
        self.factored = Factored::Single;
    }

    /// Writes the matrix column by column.
    fn fill(&mut self, mut fill: impl FnMut(usize, &mut [f64])) {
        let n = self.perm.len();
        for (j, column) in self
            .factors
            .as_mut_slice()
            .chunks_exact_mut(n.max(1))
            .enumerate()
        {
            fill(j, column);
        }
    }

    /// Factors the filled matrix in double precision.
    fn factor_double(&mut self) {
        let n = self.perm.len();
        let a = MatMut::from_column_major_slice_mut(self.factors.as_mut_slice(), n, n);
        lu_in_place(a, &mut self.perm, &mut self.perm_inv, &mut self.scratch);
        self.factored = Factored::Double;
    }

    /// The size n of the matrices this workspace factors.
    pub(crate) fn dim(&self) -> usize {
        self.perm.len()
    }

    /// Factors `a` (n × n).
    #[cfg(test)]
    pub(crate) fn factor_matrix(&mut self, a: &DMatrix<f64>) {
        let n = self.perm.len();
        debug_assert_eq!(a.shape(), (n, n));
        self.factor(|j, column| column.copy_from_slice(a.column(j).as_slice()));
    }

    /// x = A⁻¹ b with the last factorisation; `None` if A is singular to working precision
    /// (a non-finite x) or nothing has been factored.
    pub(crate) fn solve(&mut self, b: &DVector<f64>) -> Option<DVector<f64>> {
        let n = self.perm.len();
        if b.len() != n {
            return None;
        }
        let (perm, perm_inv) = (self.perm.as_slice(), self.perm_inv.as_slice());
        let x = match self.factored {
            Factored::None => return None,
            Factored::Double => {
                let mut x = b.clone();
                let lu = self.factors.as_slice();
                solve_in_place(lu, perm, perm_inv, x.as_mut_slice(), &mut self.scratch);
                x
            }
            Factored::Single => {
                // b scaled by a power of two to at most 1 in size (exact), so that it
                // neither overflows nor underflows as a whole in single precision
                let largest = b.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                if !largest.is_finite() {
                    return None;
                }
                let scale = if largest > 0.0 {
                    2.0_f64.powi((largest.log2().ceil() as i32).clamp(-1022, 1023))
                } else {
                    1.0
                };
                let mut x: Vec<f32> = b.iter().map(|&v| (v / scale) as f32).collect();
                let lu = self.factors_single.as_slice();
                solve_in_place(lu, perm, perm_inv, &mut x, &mut self.scratch);
                DVector::from_iterator(n, x.into_iter().map(|v| f64::from(v) * scale))
            }
        };
        x.iter().all(|v| v.is_finite()).then_some(x)
    }
}

/// Factors `a` in place (P A = L U, partial pivoting, one thread), writing the permutation.
fn lu_in_place<T: ComplexField>(
    a: MatMut<'_, T>,
    perm: &mut [usize],
    perm_inv: &mut [usize],
    scratch: &mut MemBuffer,
) {
    let _ = factor::lu_in_place(
        a,
        perm,
        perm_inv,
        Par::Seq,
        MemStack::new(scratch),
        Default::default(),
    );
}

/// x ← A⁻¹ x with the factors `lu` (n × n, column-major) and permutation of
/// [`lu_in_place`].
fn solve_in_place<T: ComplexField>(
    lu: &[T],
    perm: &[usize],
    perm_inv: &[usize],
    x: &mut [T],
    scratch: &mut MemBuffer,
) {
    let n = perm.len();
    let lu = MatRef::from_column_major_slice(lu, n, n);
    // the permutation was produced by `lu_in_place` on these arrays
    let perm = PermRef::new_checked(perm, perm_inv, n);
    solve::solve_in_place_with_conj(
        lu,
        lu,
        perm,
        Conj::No,
        MatMut::from_column_major_slice_mut(x, n, 1),
        Par::Seq,
        MemStack::new(scratch),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Solves a pivoting-requiring system exactly and reports a singular one as `None`.
    #[test]
    fn solves_and_detects_singular() {
        let a = DMatrix::from_row_slice(3, 3, &[0.0, 2.0, 1.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0]);
        let x = DVector::from_vec(vec![1.0, -2.0, 0.5]);
        let b = &a * &x;
        let mut lu = Lu::new(3);
        lu.factor_matrix(&a);
        let got = lu.solve(&b).unwrap();
        assert!((got - x).amax() < 1e-15);
        let singular = DMatrix::from_row_slice(2, 2, &[1.0, 2.0, 2.0, 4.0]);
        let mut lu = Lu::new(2);
        assert!(lu.solve(&DVector::zeros(2)).is_none());
        lu.factor_matrix(&singular);
        assert!(lu.solve(&DVector::from_vec(vec![1.0, 1.0])).is_none());
    }

    /// Agrees with nalgebra's LU on a random-ish 60 × 60 system to round-off.
    #[test]
    fn agrees_with_nalgebra() {
        let n = 60;
        let a = DMatrix::from_fn(n, n, |i, j| {
            if i == j {
                5.0
            } else {
                (((i * 31 + j * 17) % 23) as f64 - 11.0) / 23.0
            }
        });
        let b = DVector::from_fn(n, |i, _| (i as f64).sin());
        let mut lu = Lu::new(n);
        lu.factor_matrix(&a);
        let ours = lu.solve(&b).unwrap();
        let theirs = a.lu().solve(&b).unwrap();
        assert!((ours - theirs).amax() < 1e-13);
    }

    /// Single precision where it is safe: the solution of a well-conditioned system to
    /// single precision (relative 1e-5: κ·6e-8 with κ < 100), right-hand sides of any size
    /// (scaled by a power of two), and double precision for entries beyond 1e30.
    #[test]
    fn approximate_factorisation() {
        const SINGLE_RTOL: f64 = 1e-5;
        let n = 60;
        let a = DMatrix::from_fn(n, n, |i, j| {
            if i == j {
                5.0
            } else {
                (((i * 31 + j * 17) % 23) as f64 - 11.0) / 23.0
            }
        });
        let x = DVector::from_fn(n, |i, _| 1.0 + (i as f64).sin());
        let mut lu = Lu::new(n);
        lu.factor_approximate(|j, column| column.copy_from_slice(a.column(j).as_slice()));
        assert_eq!(lu.factored, Factored::Single);
        for scale in [1.0, 1e300, 1e-300] {
            let b = &a * &x * scale;
            let got = lu.solve(&b).unwrap() / scale;
            let err = (&got - &x).amax() / x.amax();
            assert!(err < SINGLE_RTOL, "scale {scale}: {err:e}");
            assert!(err > 1e-12, "single precision was used: {err:e}");
        }
        // an entry beyond 1e30: factored in double precision, exact to round-off
        let big = &a * 1e200;
        lu.factor_approximate(|j, column| column.copy_from_slice(big.column(j).as_slice()));
        assert_eq!(lu.factored, Factored::Double);
        let got = lu.solve(&(&big * &x)).unwrap();
        assert!((got - &x).amax() < 1e-13);
    }
}
