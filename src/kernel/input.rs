//! The mean μ(ν) and standard deviation σ(ν) of the input (Fourcaud & Brunel 2002, Eq. 3.4)
//! and the checks of given inputs.

use nalgebra::{DMatrix, DVector};

use super::network::NetworkSi;
use crate::error::{Error, Result};

/// The affine maps ν ↦ μ(ν) and ν ↦ σ²(ν) of a network, precomputed in SI units.
///
/// μ_i = τ_m,i (Σ_j K_ij J_ij ν_j + Σ_k K_ext,ik J_ext,ik ν_ext,k + I_ext,i/C_i),
/// σ_i² = τ_m,i (Σ_j K_ij J_ij² ν_j + Σ_k K_ext,ik J_ext,ik² ν_ext,k).
///
/// Where at most a quarter of the couplings are nonzero (the multi-area model of Schmidt et
/// al. 2018: 13 %), the nonzero ones are also kept column by column ([`SparseCouplings`]):
/// the maps and the Jacobian of the rate equations then read a fraction of the memory.
#[derive(Clone, Debug)]
pub(crate) struct InputMap {
    /// τ_m,i K_ij J_ij, V·s
    pub mean_coupling: DMatrix<f64>,
    /// τ_m,i K_ij J_ij², V²·s
    pub var_coupling: DMatrix<f64>,
    /// external and DC part of μ, V
    pub mean_offset: DVector<f64>,
    /// external part of σ², V²
    pub var_offset: DVector<f64>,
    /// the nonzero couplings, if few
    sparse: Option<SparseCouplings>,
}

/// Largest fraction of nonzero couplings for which [`SparseCouplings`] are kept.
const SPARSE_MAX_DENSITY: f64 = 0.25;

/// The nonzero couplings (compressed sparse columns; both maps share the pattern, as both
/// vanish exactly where K J = 0).
#[derive(Clone, Debug)]
struct SparseCouplings {
    /// column j's entries are `starts[j]..starts[j + 1]`
    starts: Vec<usize>,
    /// row of each entry
    rows: Vec<usize>,
    /// τ_m K J of each entry, V·s
    mean: Vec<f64>,
    /// τ_m K J² of each entry, V²·s
    var: Vec<f64>,
}

impl SparseCouplings {
    /// The nonzero entries of `mean` and `var` (n × n), if at most [`SPARSE_MAX_DENSITY`] of
    /// them are nonzero.
    fn new(mean: &DMatrix<f64>, var: &DMatrix<f64>) -> Option<Self> {
        let n = mean.nrows();
        let nonzero = (mean.as_slice().iter().zip(var.as_slice()))
            .filter(|(m, v)| **m != 0.0 || **v != 0.0)
            .count();
        if n == 0 || nonzero as f64 > SPARSE_MAX_DENSITY * (n * n) as f64 {
            return None;
        }
        let mut sparse = Self {
            starts: Vec::with_capacity(n + 1),
            rows: Vec::with_capacity(nonzero),
            mean: Vec::with_capacity(nonzero),
            var: Vec::with_capacity(nonzero),
        };
        sparse.starts.push(0);
        let columns = mean.as_slice().chunks_exact(n);
        for (m, v) in columns.zip(var.as_slice().chunks_exact(n)) {
            for (i, (&m, &v)) in m.iter().zip(v).enumerate() {
                if m != 0.0 || v != 0.0 {
                    sparse.rows.push(i);
                    sparse.mean.push(m);
                    sparse.var.push(v);
                }
            }
            sparse.starts.push(sparse.rows.len());
        }
        Some(sparse)
    }

    /// The entries (row i, τ_m K J, τ_m K J²) of column j.
    fn column(&self, j: usize) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
        let range = self.starts[j]..self.starts[j + 1];
        (self.rows[range.clone()].iter())
            .zip(&self.mean[range.clone()])
            .zip(&self.var[range])
            .map(|((&i, &m), &v)| (i, m, v))
    }

    /// (M x + b_M, V x + b_V) for the mean and variance couplings M and V, in one pass.
    fn affine(
        &self,
        x: &DVector<f64>,
        b_mean: &DVector<f64>,
        b_var: &DVector<f64>,
    ) -> (DVector<f64>, DVector<f64>) {
        let (mut mean, mut var) = (b_mean.clone(), b_var.clone());
        for (j, &xj) in x.iter().enumerate() {
            for (i, m, v) in self.column(j) {
                mean[i] += m * xj;
                var[i] += v * xj;
            }
        }
        (mean, var)
    }
}

/// What overflows in [`Error::InputOverflow`]: the mean input and its equation.
pub(crate) const MEAN_INPUT: &str =
    "mean input μ = τ_m (Σ_j K J ν_j + Σ_k K_ext J_ext ν_ext,k + I_ext / C)";
/// What overflows in [`Error::InputOverflow`]: the input variance and its equation.
pub(crate) const INPUT_VARIANCE: &str =
    "input variance σ² = τ_m (Σ_j K J² ν_j + Σ_k K_ext J_ext² ν_ext,k)";

/// One term of μ or σ² for the message of an overflow: ln of its magnitude (to compare terms
/// that overflow) and its description.
struct Term {
    log_size: f64,
    text: String,
}

/// `x` in decimal notation between 1e-4 and 1e6, in scientific notation outside (so that
/// 1e308 is not printed with 309 digits).
fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || (1e-4..1e6).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// ln |x| (−∞ for 0).
fn ln_abs(x: f64) -> f64 {
    x.abs().ln()
}

/// The overflow error of population `population`, naming the largest of `terms`.
fn overflow(population: usize, quantity: &'static str, value: f64, terms: Vec<Term>) -> Error {
    let largest = terms
        .into_iter()
        .filter(|t| !t.log_size.is_nan())
        .max_by(|a, b| a.log_size.total_cmp(&b.log_size));
    let detail = match largest {
        Some(t) => format!(
            "it comes out as {value} V{}; largest term: {} (≈ 10^{:.0} in SI units)",
            if quantity == INPUT_VARIANCE { "²" } else { "" },
            t.text,
            t.log_size / std::f64::consts::LN_10
        ),
        None => format!("it comes out as {value}"),
    };
    Error::InputOverflow {
        population,
        quantity,
        detail,
    }
}

impl InputMap {
    /// The maps of `net`.
    ///
    /// # Errors
    /// [`Error::InputOverflow`] naming the population, the equation and the largest term if
    /// a coefficient τ_m K J or τ_m K J², or the external and DC part of μ or σ², is not a
    /// finite double.
    pub(crate) fn new(net: &NetworkSi) -> Result<Self> {
        let (tau_m, k, j) = (&net.tau_m, &net.k, &net.j);
        let n = net.len();
        // (τ_m K) ∘ J and ((τ_m K) ∘ J) ∘ J in one pass, column by column (vectorised)
        let mut mean = vec![0.0; n * n];
        let mut var = vec![0.0; n * n];
        let width = n.max(1);
        for (((m_col, v_col), k_col), j_col) in (mean.chunks_exact_mut(width))
            .zip(var.chunks_exact_mut(width))
            .zip(k.as_slice().chunks_exact(width))
            .zip(j.as_slice().chunks_exact(width))
        {
            for ((((m, v), &kk), &jj), &tau) in (m_col.iter_mut().zip(v_col.iter_mut()))
                .zip(k_col)
                .zip(j_col)
                .zip(tau_m.as_slice())
            {
                *m = tau * kk * jj;
                *v = *m * jj;
            }
        }
        let mean_coupling = DMatrix::from_vec(n, n, mean);
        let var_coupling = DMatrix::from_vec(n, n, var);
        // the first non-finite coupling in storage order (column-major), if any
        let bad = (mean_coupling.as_slice().iter())
            .zip(var_coupling.as_slice())
            .position(|(m, v)| !(m.is_finite() && v.is_finite()));
        if let Some(index) = bad {
            let (a, b) = (index % n, index / n);
            let (kk, jj) = (k[(a, b)], j[(a, b)]);
            let coupling = |square: bool| Term {
                log_size: ln_abs(tau_m[a])
                    + ln_abs(kk)
                    + ln_abs(jj) * if square { 2.0 } else { 1.0 },
                text: format!(
                    "the coupling τ_m K{} from population {b} (tau_m = {} s, K = {}, J = {} V), \
                     which multiplies a rate",
                    if square { " J²" } else { " J" },
                    num(tau_m[a]),
                    num(kk),
                    num(jj)
                ),
            };
            return Err(if !mean_coupling[(a, b)].is_finite() {
                overflow(a, MEAN_INPUT, mean_coupling[(a, b)], vec![coupling(false)])
            } else {
                overflow(
                    a,
                    INPUT_VARIANCE,
                    var_coupling[(a, b)],
                    vec![coupling(true)],
                )
            });
        }
        let (ke, je, nue) = (&net.k_ext, &net.j_ext, &net.nu_ext);
        let mut mean_offset = DVector::zeros(n);
        let mut var_offset = DVector::zeros(n);
        for a in 0..n {
            let (mut m, mut v) = (0.0, 0.0);
            for e in 0..nue.len() {
                let kj = ke[(a, e)] * je[(a, e)];
                m += kj * nue[e];
                v += kj * je[(a, e)] * nue[e];
            }
            if let Some((i_ext, c)) = &net.dc {
                m += i_ext[a] / c[a];
            }
            mean_offset[a] = tau_m[a] * m;
            var_offset[a] = tau_m[a] * v;
            for (quantity, value) in [
                (MEAN_INPUT, mean_offset[a]),
                (INPUT_VARIANCE, var_offset[a]),
            ] {
                if value.is_finite() {
                    continue;
                }
                let square = quantity == INPUT_VARIANCE;
                let mut terms: Vec<Term> = (0..nue.len())
                    .map(|e| {
                        let (kk, jj, nu) = (ke[(a, e)], je[(a, e)], nue[e]);
                        Term {
                            log_size: ln_abs(tau_m[a])
                                + ln_abs(kk)
                                + ln_abs(jj) * if square { 2.0 } else { 1.0 }
                                + ln_abs(nu),
                            text: format!(
                                "τ_m K_ext J_ext{} ν_ext from external population {e} (tau_m = {} s, \
                                 K_ext = {}, J_ext = {} V, nu_ext = {} Hz)",
                                if square { "²" } else { "" },
                                num(tau_m[a]),
                                num(kk),
                                num(jj),
                                num(nu)
                            ),
                        }
                    })
                    .collect();
                if let (Some((i_ext, c)), false) = (&net.dc, square) {
                    terms.push(Term {
                        log_size: ln_abs(tau_m[a]) + ln_abs(i_ext[a]) - ln_abs(c[a]),
                        text: format!(
                            "τ_m I_ext / C (tau_m = {} s, I_ext = {} A, C = {} F)",
                            num(tau_m[a]),
                            num(i_ext[a]),
                            num(c[a])
                        ),
                    });
                }
                return Err(overflow(a, quantity, value, terms));
            }
        }
        Ok(Self {
            sparse: SparseCouplings::new(&mean_coupling, &var_coupling),
            mean_coupling,
            var_coupling,
            mean_offset,
            var_offset,
        })
    }

    /// μ(ν) and σ(ν) in V, for rates ν in Hz (σ² clamped at 0 against rounding).
    pub(crate) fn mean_and_std(&self, nu: &DVector<f64>) -> (DVector<f64>, DVector<f64>) {
        let (mean, var) = match &self.sparse {
            Some(sparse) => sparse.affine(nu, &self.mean_offset, &self.var_offset),
            None => (
                affine(&self.mean_coupling, nu, &self.mean_offset),
                affine(&self.var_coupling, nu, &self.var_offset),
            ),
        };
        (mean, var.map(|v| v.max(0.0).sqrt()))
    }

    /// The matrix a_i ∂μ_i/∂ν_j + b_i ∂σ_i²/∂ν_j − δ_ij (for the rate equations' Jacobian,
    /// a = ∂Φ/∂μ and b = ∂Φ/∂σ²), with the columns j where `active(j)` is false zero apart
    /// from −δ_ij.
    pub(crate) fn jacobian(
        &self,
        a: &[f64],
        b: &[f64],
        active: impl Fn(usize) -> bool,
    ) -> DMatrix<f64> {
        let n = self.mean_offset.len();
        let mut data = match &self.sparse {
            Some(sparse) => {
                let mut data = vec![0.0; n * n];
                for j in (0..n).filter(|&j| active(j)) {
                    let column = &mut data[j * n..(j + 1) * n];
                    for (i, m, v) in sparse.column(j) {
                        column[i] = a[i] * m + b[i] * v;
                    }
                }
                data
            }
            None => {
                // column by column (nalgebra's storage order), without zero-filling first
                let mut data = Vec::with_capacity(n * n);
                for j in 0..n {
                    if active(j) {
                        let m = self.mean_coupling.column(j);
                        let v = self.var_coupling.column(j);
                        data.extend(
                            (a.iter().zip(m.as_slice()))
                                .zip(b.iter().zip(v.as_slice()))
                                .map(|((a, m), (b, v))| a * m + b * v),
                        );
                    } else {
                        data.extend(std::iter::repeat_n(0.0, n));
                    }
                }
                data
            }
        };
        for j in 0..n {
            data[j * n + j] -= 1.0;
        }
        DMatrix::from_vec(n, n, data)
    }

    /// Checks μ (V) and σ (V), computed by [`InputMap::mean`] and [`InputMap::std`] at rates
    /// ν ≥ 0 (Hz), for values that are not finite.
    ///
    /// # Errors
    /// [`Error::InputOverflow`] naming the first population whose μ or σ is not finite and
    /// the largest term at ν: a rate times its coupling, or the external and DC part.
    pub(crate) fn check(
        &self,
        nu: &DVector<f64>,
        mu: &DVector<f64>,
        sigma: &DVector<f64>,
    ) -> Result<()> {
        for a in 0..mu.len() {
            for (quantity, value, coupling, offset) in [
                (MEAN_INPUT, mu[a], &self.mean_coupling, self.mean_offset[a]),
                (
                    INPUT_VARIANCE,
                    sigma[a] * sigma[a],
                    &self.var_coupling,
                    self.var_offset[a],
                ),
            ] {
                if value.is_finite() {
                    continue;
                }
                let mut terms: Vec<Term> = (0..nu.len())
                    .map(|b| Term {
                        log_size: ln_abs(coupling[(a, b)]) + ln_abs(nu[b]),
                        text: format!(
                            "the rate of population {b} ({} Hz) times its coupling τ_m K J{} = {} \
                             V{}·s",
                            num(nu[b]),
                            if quantity == INPUT_VARIANCE { "²" } else { "" },
                            num(coupling[(a, b)]),
                            if quantity == INPUT_VARIANCE { "²" } else { "" },
                        ),
                    })
                    .collect();
                terms.push(Term {
                    log_size: ln_abs(offset),
                    text: format!(
                        "the external and DC part, {} V{}",
                        num(offset),
                        if quantity == INPUT_VARIANCE { "²" } else { "" }
                    ),
                });
                return Err(overflow(a, quantity, value, terms));
            }
        }
        Ok(())
    }
}

/// Checks rates ν (Hz) for a network of `n` populations: n entries, each finite and ≥ 0.
///
/// # Errors
/// [`Error::ShapeMismatch`] or [`Error::InvalidParameter`], naming the parameter
/// `parameter` (e.g. `nu`, `nu_0`).
pub(crate) fn check_rates(parameter: &'static str, n: usize, nu: &DVector<f64>) -> Result<()> {
    if nu.len() != n {
        return Err(Error::ShapeMismatch {
            parameter,
            expected: n.to_string(),
            found: nu.len().to_string(),
        });
    }
    for (i, v) in nu.iter().enumerate() {
        if !(v.is_finite() && *v >= 0.0) {
            return Err(Error::invalid(
                parameter,
                Some(i),
                format!("rate must be finite and ≥ 0 Hz, got {v} Hz"),
            ));
        }
    }
    Ok(())
}

/// Checks that μ and σ (V) have one entry per population (`n`).
///
/// # Errors
/// [`Error::ShapeMismatch`] naming `mu` or `sigma`.
pub(crate) fn check_input_shapes(n: usize, mu: &DVector<f64>, sigma: &DVector<f64>) -> Result<()> {
    for (parameter, v) in [("mu", mu), ("sigma", sigma)] {
        if v.len() != n {
            return Err(Error::ShapeMismatch {
                parameter,
                expected: n.to_string(),
                found: v.len().to_string(),
            });
        }
    }
    Ok(())
}

/// Checks one population's input: μ finite, σ finite and ≥ 0 (V).
///
/// # Errors
/// [`Error::InvalidParameter`] naming `mu` or `sigma` and `population`.
pub(crate) fn check_input(mu: f64, sigma: f64, population: Option<usize>) -> Result<()> {
    if !mu.is_finite() {
        return Err(Error::invalid(
            "mu",
            population,
            format!("{mu} V is not finite"),
        ));
    }
    if !(sigma.is_finite() && sigma >= 0.0) {
        return Err(Error::invalid(
            "sigma",
            population,
            format!("must be finite and ≥ 0 V, got {sigma} V"),
        ));
    }
    Ok(())
}

/// A x + b, with faer's vectorised matrix–vector product (nalgebra's is not vectorised for
/// dynamic sizes: 3–4× slower at n = 254).
fn affine(a: &DMatrix<f64>, x: &DVector<f64>, b: &DVector<f64>) -> DVector<f64> {
    let (rows, cols) = a.shape();
    let mut out = b.clone();
    if rows == 0 || cols == 0 {
        return out;
    }
    faer::linalg::matmul::matmul(
        faer::MatMut::from_column_major_slice_mut(out.as_mut_slice(), rows, 1),
        faer::Accum::Add,
        faer::MatRef::from_column_major_slice(a.as_slice(), rows, cols),
        faer::MatRef::from_column_major_slice(x.as_slice(), cols, 1),
        1.0,
        faer::Par::Seq,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 6-population network with 8 of 36 couplings nonzero (heterogeneous τ_m, J), so
    /// that the sparse couplings are kept.
    fn sparse_network() -> NetworkSi {
        let n = 6;
        let mut k = DMatrix::zeros(n, n);
        for (i, j, kk) in [
            (0, 0, 800.0),
            (1, 0, 600.0),
            (0, 1, 200.0),
            (2, 3, 150.0),
            (3, 3, 90.0),
            (4, 5, 300.0),
            (5, 2, 50.0),
            (5, 5, 120.0),
        ] {
            k[(i, j)] = kk;
        }
        let j = DMatrix::from_fn(n, n, |i, c| {
            let base = if c % 2 == 0 { 1e-4 } else { -4.5e-4 };
            base * (1.0 + 0.1 * i as f64)
        });
        NetworkSi {
            k,
            j,
            tau_m: DVector::from_fn(n, |i, _| 0.01 + 0.002 * i as f64),
            tau_r: DVector::from_element(n, 0.002),
            v_th: DVector::from_element(n, 0.02),
            v_0: DVector::from_element(n, 0.01),
            k_ext: DMatrix::from_element(n, 1, 1000.0),
            j_ext: DMatrix::from_element(n, 1, 1e-4),
            nu_ext: DVector::from_element(1, 8.0),
            dc: None,
            tau_s: None,
        }
    }

    /// The sparse couplings give μ, σ and the Jacobian matrix of the dense formulas: μ and
    /// σ to rounding (the sums run in another order: 1e-14 relative), the Jacobian entries
    /// exactly (each is the same product), inactive columns 0 apart from −δ_ij.
    #[test]
    #[allow(clippy::float_cmp)] // the Jacobian's entries are the same products
    fn sparse_couplings_agree_with_the_dense_formulas() {
        const ROUNDING: f64 = 1e-14;
        let net = sparse_network();
        let map = InputMap::new(&net).unwrap();
        assert!(map.sparse.is_some(), "8 of 36 couplings: sparse");
        let nu = DVector::from_fn(6, |i, _| 1.0 + 2.5 * i as f64);
        let (mu, sigma) = map.mean_and_std(&nu);
        let want_mu = &map.mean_coupling * &nu + &map.mean_offset;
        let want_var = &map.var_coupling * &nu + &map.var_offset;
        for i in 0..6 {
            assert!(
                (mu[i] - want_mu[i]).abs() <= ROUNDING * want_mu[i].abs(),
                "μ_{i}"
            );
            let var = sigma[i] * sigma[i];
            assert!(
                (var - want_var[i]).abs() <= ROUNDING * want_var[i],
                "σ²_{i}"
            );
        }
        let a: Vec<f64> = (0..6).map(|i| 1.0 + i as f64).collect();
        let b: Vec<f64> = (0..6).map(|i| 0.5 - 0.1 * i as f64).collect();
        let jac = map.jacobian(&a, &b, |j| j != 3);
        for i in 0..6 {
            for j in 0..6 {
                let delta = if i == j { 1.0 } else { 0.0 };
                let want = if j == 3 {
                    -delta
                } else {
                    a[i] * map.mean_coupling[(i, j)] + b[i] * map.var_coupling[(i, j)] - delta
                };
                assert_eq!(jac[(i, j)], want, "({i}, {j})");
            }
        }
    }
}
