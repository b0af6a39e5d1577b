//! The mean μ(ν) and standard deviation σ(ν) of the input (Fourcaud & Brunel 2002, Eq. 3.4)
//! and the checks of given inputs.

use nalgebra::{DMatrix, DVector};

use super::network::NetworkSi;
use crate::error::{Error, Result};

/// The affine maps ν ↦ μ(ν) and ν ↦ σ²(ν) of a network, precomputed in SI units.
///
/// μ_i = τ_m,i (Σ_j K_ij J_ij ν_j + Σ_k K_ext,ik J_ext,ik ν_ext,k + I_ext,i/C_i),
/// σ_i² = τ_m,i (Σ_j K_ij J_ij² ν_j + Σ_k K_ext,ik J_ext,ik² ν_ext,k).
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
}

impl InputMap {
    /// The maps of `net`.
    pub(crate) fn new(net: &NetworkSi) -> Self {
        let (tau_m, k, j) = (&net.tau_m, &net.k, &net.j);
        let n = net.len();
        let mean_coupling = DMatrix::from_fn(n, n, |a, b| tau_m[a] * k[(a, b)] * j[(a, b)]);
        let var_coupling =
            DMatrix::from_fn(n, n, |a, b| tau_m[a] * k[(a, b)] * j[(a, b)] * j[(a, b)]);
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
        }
        Self {
            mean_coupling,
            var_coupling,
            mean_offset,
            var_offset,
        }
    }

    /// μ(ν) in V, for rates ν in Hz.
    pub(crate) fn mean(&self, nu: &DVector<f64>) -> DVector<f64> {
        &self.mean_coupling * nu + &self.mean_offset
    }

    /// σ(ν) in V, for rates ν in Hz (σ² clamped at 0 against rounding).
    pub(crate) fn std(&self, nu: &DVector<f64>) -> DVector<f64> {
        (&self.var_coupling * nu + &self.var_offset).map(|v| v.max(0.0).sqrt())
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
