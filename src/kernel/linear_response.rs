//! Linear response of a network on SI `f64` (Bos, Diesmann & Helias 2016, PLoS Comput. Biol.
//! 12, e1005132, Eqs. 12–18): the effective connectivity W(ω), the propagator
//! Q(ω) = (1 − W)⁻¹ and P(ω) = Q W, and the power spectra diag(Q A Qᴴ).
//!
//! Dense blocked LU with partial pivoting (faer; nalgebra's LU is unblocked and about ten
//! times slower at n = 254) per frequency, sequential inside; frequencies in parallel
//! (rayon), each result at its own index, so the output does not depend on the scheduling.

use nalgebra::{DMatrix, DVector};
use num_complex::Complex64;
use rayon::prelude::*;

use crate::error::{Error, Result};

/// W_ij(ω) = τ_m,i J_ij K_ij H_i(ω) D_ij(ω) at every frequency: `tau_m` (n, s) and `h`
/// (n_ω × n, Hz/V) of the POSTSYNAPTIC population i, `j` (n × n, V), `k` (n × n), `d`
/// (one n × n matrix per frequency, dimensionless).
pub(crate) fn effective_connectivity(
    tau_m: &DVector<f64>,
    j: &DMatrix<f64>,
    k: &DMatrix<f64>,
    h: &DMatrix<Complex64>,
    d: &[DMatrix<Complex64>],
) -> Vec<DMatrix<Complex64>> {
    let n = tau_m.len();
    // the static part τ_m,i J_ij K_ij (V·s)
    let static_part = DMatrix::from_fn(n, n, |i, c| tau_m[i] * j[(i, c)] * k[(i, c)]);
    d.par_iter()
        .enumerate()
        .map(|(f, df)| {
            DMatrix::from_fn(n, n, |i, c| df[(i, c)] * (h[(f, i)] * static_part[(i, c)]))
        })
        .collect()
}

/// Q = (1 − W)⁻¹ at one frequency.
///
/// # Errors
/// [`Error::NonFinite`] naming the frequency if 1 − W is singular (a zero pivot, or an
/// inverse that is not finite).
fn inverse_of_one_minus(
    w: &DMatrix<Complex64>,
    omega: f64,
    f: usize,
) -> Result<DMatrix<Complex64>> {
    let n = w.nrows();
    let a = DMatrix::<Complex64>::identity(n, n) - w;
    let singular = || Error::NonFinite {
        quantity: "propagator (1 − W)⁻¹",
        population: None,
        detail: format!(
            "1 − W(ω) is singular at ω = {omega} rad/s (f = {} Hz, frequency index {f}): the \
             network's linear response diverges there",
            omega / (2.0 * std::f64::consts::PI)
        ),
    };
    let q = lu_inverse(&a).ok_or_else(singular)?;
    if q.iter().all(|z| z.re.is_finite() && z.im.is_finite()) {
        Ok(q)
    } else {
        Err(singular())
    }
}

/// The inverse of `a` by faer's LU with partial pivoting (sequential: the caller runs
/// frequencies in parallel); `None` if a pivot is exactly zero.
fn lu_inverse(a: &DMatrix<Complex64>) -> Option<DMatrix<Complex64>> {
    use faer::dyn_stack::{MemBuffer, MemStack};
    use faer::linalg::lu::partial_pivoting::{factor, inverse};
    use faer::{Mat, MatRef, Par};
    let n = a.nrows();
    let mut lu = Mat::<Complex64>::zeros(n, n);
    lu.copy_from(MatRef::from_column_major_slice(a.as_slice(), n, n));
    let mut fwd = vec![0usize; n];
    let mut bwd = vec![0usize; n];
    let scratch =
        factor::lu_in_place_scratch::<usize, Complex64>(n, n, Par::Seq, Default::default())
            .or(inverse::inverse_scratch::<usize, Complex64>(n, Par::Seq));
    let mut buf = MemBuffer::new(scratch);
    let (_, perm) = factor::lu_in_place(
        lu.as_mut(),
        &mut fwd,
        &mut bwd,
        Par::Seq,
        MemStack::new(&mut buf),
        Default::default(),
    );
    if (0..n).any(|i| lu[(i, i)] == Complex64::new(0.0, 0.0)) {
        return None;
    }
    let mut out = DMatrix::<Complex64>::zeros(n, n);
    inverse::inverse(
        faer::MatMut::from_column_major_slice_mut(out.as_mut_slice(), n, n),
        lu.as_ref(),
        lu.as_ref(),
        perm,
        Par::Seq,
        MemStack::new(&mut buf),
    );
    Some(out)
}

/// (P, Q) per frequency: Q(ω) = (1 − W(ω))⁻¹ and P(ω) = Q(ω) W(ω) (Bos et al. 2016, Eq. 16).
///
/// # Errors
/// [`Error::NonFinite`] naming the first frequency where 1 − W is singular.
pub(crate) fn propagator(
    w: &[DMatrix<Complex64>],
    omegas: &[f64],
) -> Result<Vec<(DMatrix<Complex64>, DMatrix<Complex64>)>> {
    w.par_iter()
        .zip(omegas.par_iter())
        .enumerate()
        .map(|(f, (wf, &omega))| {
            let q = inverse_of_one_minus(wf, omega, f)?;
            let p = &q * wf;
            Ok((p, q))
        })
        .collect()
}

/// Power spectra C_ii(ω) = [Q A Qᴴ]_ii = Σ_k |Q_ik(ω)|² A_k with A = diag(ν/N) (Bos et al.
/// 2016, Eq. 18): `a` = ν/N (n, Hz). Row-major n_ω × n, Hz; real and ≥ 0 by construction.
///
/// # Errors
/// [`Error::NonFinite`] naming the first frequency where 1 − W is singular.
pub(crate) fn power_spectra(
    w: &[DMatrix<Complex64>],
    omegas: &[f64],
    a: &DVector<f64>,
) -> Result<Vec<f64>> {
    let rows: Vec<Vec<f64>> = w
        .par_iter()
        .zip(omegas.par_iter())
        .enumerate()
        .map(|(f, (wf, &omega))| {
            let q = inverse_of_one_minus(wf, omega, f)?;
            Ok((0..q.nrows())
                .map(|i| (0..q.ncols()).map(|k| q[(i, k)].norm_sqr() * a[k]).sum())
                .collect())
        })
        .collect::<Result<_>>()?;
    Ok(rows.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_is_an_error_naming_the_frequency() {
        let w = vec![DMatrix::from_element(1, 1, Complex64::new(1.0, 0.0))];
        let err = propagator(&w, &[2.0 * std::f64::consts::PI]).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("singular") && msg.contains("f = 1 Hz"),
            "{msg}"
        );
    }

    #[test]
    fn one_population_closed_form() {
        // Q = 1/(1 − w), P = w/(1 − w), C = a/|1 − w|²
        let w0 = Complex64::new(0.3, -0.4);
        let w = vec![DMatrix::from_element(1, 1, w0)];
        let pq = propagator(&w, &[1.0]).unwrap();
        let q = 1.0 / (1.0 - w0);
        assert!((pq[0].1[(0, 0)] - q).norm() < 1e-15);
        assert!((pq[0].0[(0, 0)] - w0 * q).norm() < 1e-15);
        let c = power_spectra(&w, &[1.0], &DVector::from_element(1, 2.0)).unwrap();
        assert!((c[0] - 2.0 * q.norm_sqr()).abs() < 1e-15);
    }
}
