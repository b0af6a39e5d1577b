//! The transfer function H(ω) of LIF populations with exponential synapses (shift and
//! Taylor method) on SI `f64` values; the equations are in the documentation of
//! `lif::transfer`.
//!
//! Everything that does not depend on ω (boundaries, rates, dν/dμ) is computed once per
//! population in [`PopConsts::new`]; [`PopConsts::eval`] is then allocation-free (it only
//! allocates to describe an error). [`evaluate`] runs over all (ω, population) pairs,
//! frequencies in parallel (rayon).

use std::f64::consts::SQRT_2;

use num_complex::Complex64;

use rayon::prelude::*;

use super::colored::{ALPHA, Method, colored_rate};
use super::input::check_input;
use super::neuron::NeuronSi;
use super::siegert::siegert_parts;
use crate::error::{Error, Result};
use crate::numerics::pcfu::{IM_A_MAX, PcfuError, Scaled, X_MAX, pcfu_ratio, pcfu_scaled};

/// Whether the transfer function includes the synaptic low-pass 1/(1 + iωτ_s) (NNMT's
/// `synaptic_filter` argument, default `True`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SynapticFilter {
    /// Multiply by 1/(1 + iωτ_s): the response of the rate to a modulation of the
    /// presynaptic input (NNMT's default).
    #[default]
    On,
    /// The response to a modulation of the synaptic current itself.
    Off,
}

/// |ω| below this (rad/s) is treated as ω = 0, where NNMT returns the stationary dν/dμ
/// (NNMT's shift test is `|ω| < 1e-15`; its taylor test `ω < 1e-15` is not copied for
/// negative ω, see `lif::transfer`).
pub(crate) const ZERO_OMEGA: f64 = 1e-15;

/// The ω-independent ingredients of one population's transfer function (SI units).
#[derive(Clone, Copy, Debug)]
pub(crate) struct PopConsts {
    /// population index (for error messages)
    pop: usize,
    /// membrane time constant, s
    tau_m: f64,
    /// synaptic time constant, s (0: white noise)
    tau_s: f64,
    /// √2/σ, 1/V
    sqrt2_over_sigma: f64,
    /// x_t = √2 (V_th − μ)/σ (shifted V_th for the shift method)
    x_t: f64,
    /// x_r = √2 (V_0 − μ)/σ (shifted V_0 for the shift method)
    x_r: f64,
    /// rate in the prefactor, Hz: shifted Siegert rate (shift) or Taylor rate ν_e (taylor)
    nu: f64,
    /// A/τ_m = α ν_d k/√2, Hz (taylor only; `None` for shift)
    a_over_tau_m: Option<f64>,
    /// dν/dμ, Hz/V: the value at ω = 0
    dc: f64,
}

impl PopConsts {
    /// Checks the inputs of population `pop` and computes its constants: neuron `n`, input
    /// `mu`, `sigma` (V; μ finite, σ finite and > 0), synaptic time constant `tau_s` (s,
    /// finite and ≥ 0; 0 is white noise).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming `mu`, `sigma` or `tau_s` and the population.
    pub(crate) fn checked(
        pop: usize,
        method: Method,
        mu: f64,
        sigma: f64,
        n: &NeuronSi,
        tau_s: f64,
    ) -> Result<Self> {
        check_input(mu, sigma, Some(pop))?;
        if sigma <= 0.0 {
            return Err(Error::invalid(
                "sigma",
                Some(pop),
                format!("the transfer function needs a finite σ > 0 V, got {sigma} V"),
            ));
        }
        if !(tau_s.is_finite() && tau_s >= 0.0) {
            return Err(Error::invalid(
                "tau_s",
                Some(pop),
                format!("must be finite and ≥ 0 s, got {tau_s} s"),
            ));
        }
        Ok(Self::new(pop, method, mu, sigma, n, tau_s))
    }

    /// The constants of population `pop` with neuron `n` at input `mu`, `sigma` (V, σ > 0)
    /// and synaptic time constant `tau_s` (s, ≥ 0).
    fn new(pop: usize, method: Method, mu: f64, sigma: f64, n: &NeuronSi, tau_s: f64) -> Self {
        let k = (tau_s / n.tau_m).sqrt();
        let rate = colored_rate(method, mu, sigma, n, tau_s);
        let (v_th, v_0, a_over_tau_m) = match method {
            Method::Shift => {
                let shift = sigma * ALPHA / 2.0 * k;
                (n.v_th + shift, n.v_0 + shift, None)
            }
            Method::Taylor => {
                let nu_d = siegert_parts(mu, sigma, n).first().nu;
                (n.v_th, n.v_0, Some(ALPHA * nu_d * k / SQRT_2))
            }
        };
        Self {
            pop,
            tau_m: n.tau_m,
            tau_s,
            sqrt2_over_sigma: SQRT_2 / sigma,
            x_t: SQRT_2 * (v_th - mu) / sigma,
            x_r: SQRT_2 * (v_0 - mu) / sigma,
            nu: rate.nu,
            a_over_tau_m,
            dc: rate.dnu_dmu,
        }
    }

    /// H(ω) in Hz/V (see `lif::transfer` for the equations).
    ///
    /// Ψ(z, x) = e^{x²/4} U(z, −x) is never formed: with weights w_b ∝ Ψ(z, x_b) scaled so
    /// that the larger is of order 1, and R_b(a) = U(a+1, −x_b)/U(a, −x_b),
    /// (dΨ_t − dΨ_r)/(Ψ_t − Ψ_r) = (½+z)(w_t R_t(z) − w_r R_r(z))/(w_t − w_r) and
    /// (d²Ψ_t − d²Ψ_r)/(Ψ_t − Ψ_r) = (½+z)(3/2+z)(w_t R_t(z)R_t(z+1) − w_r R_r(z)R_r(z+1))/(w_t − w_r).
    pub(crate) fn eval(&self, omega: f64, filter: SynapticFilter) -> Result<Complex64> {
        if !omega.is_finite() {
            return Err(Error::invalid(
                "omegas",
                None,
                format!("{omega} rad/s is not finite"),
            ));
        }
        if omega.abs() < ZERO_OMEGA {
            return self.finite(Complex64::new(self.dc, 0.0), omega);
        }
        self.check_domain(omega)?;
        let wt = omega * self.tau_m;
        let z = Complex64::new(-0.5, wt);
        let u_t = pcfu_scaled(z, -self.x_t).map_err(|e| self.pcfu_error(e, omega))?;
        let u_r = pcfu_scaled(z, -self.x_r).map_err(|e| self.pcfu_error(e, omega))?;
        let r_t = pcfu_ratio(z, -self.x_t).map_err(|e| self.pcfu_error(e, omega))?;
        let r_r = pcfu_ratio(z, -self.x_r).map_err(|e| self.pcfu_error(e, omega))?;
        let (w_t, w_r) = self.weights(u_t, u_r);
        let den = w_t - w_r;
        let half_z = Complex64::new(0.0, wt); // ½ + z
        let d1 = half_z * (w_t * r_t - w_r * r_r) / den;
        let one_iwt = Complex64::new(1.0, wt); // 1 + iωτ_m = 3/2 + z
        let h = match self.a_over_tau_m {
            None => self.sqrt2_over_sigma * self.nu * d1 / one_iwt,
            Some(a) => {
                let z1 = z + 1.0;
                let s_t = pcfu_ratio(z1, -self.x_t).map_err(|e| self.pcfu_error(e, omega))?;
                let s_r = pcfu_ratio(z1, -self.x_r).map_err(|e| self.pcfu_error(e, omega))?;
                let d2 = half_z * one_iwt * (w_t * r_t * s_t - w_r * r_r * s_r) / den;
                // ν_e (a1 + a3) with a3 = A/τ_m/ν_e (−a1² + d2), without dividing by ν_e.
                self.sqrt2_over_sigma * (self.nu * d1 + a * (d2 - d1 * d1)) / one_iwt
            }
        };
        let h = match filter {
            SynapticFilter::On => h / Complex64::new(1.0, omega * self.tau_s),
            SynapticFilter::Off => h,
        };
        self.finite(h, omega)
    }

    /// Checks that U(a, x) can be evaluated at `omega` (rad/s, ≠ 0) for this population:
    /// |ω τ_m| ≤ 400 and |x_t|, |x_r| ≤ 50.
    pub(crate) fn check_domain(&self, omega: f64) -> Result<()> {
        let ok = (omega * self.tau_m).abs() <= IM_A_MAX
            && self.x_t.abs() <= X_MAX
            && self.x_r.abs() <= X_MAX;
        if ok {
            Ok(())
        } else {
            Err(self.domain_error(omega))
        }
    }

    /// Weights proportional to Ψ(z, x_t) and Ψ(z, x_r), the larger one of order 1:
    /// Ψ_b = e^{x_b²/4} mant_b e^{ls_b}, and ln(Ψ_t/Ψ_r) up to the mantissas is
    /// d = (x_t − x_r)(x_t + x_r)/4 + ls_t − ls_r.
    fn weights(&self, u_t: Scaled, u_r: Scaled) -> (Complex64, Complex64) {
        let d =
            (self.x_t - self.x_r) * (self.x_t + self.x_r) / 4.0 + (u_t.log_scale - u_r.log_scale);
        if d >= 0.0 {
            (u_t.mant, u_r.mant * (-d).exp())
        } else {
            (u_t.mant * d.exp(), u_r.mant)
        }
    }

    fn finite(&self, h: Complex64, omega: f64) -> Result<Complex64> {
        if h.re.is_finite() && h.im.is_finite() {
            Ok(h)
        } else {
            Err(Error::NonFinite {
                quantity: "transfer function",
                population: Some(self.pop),
                detail: format!(
                    "got {h} Hz/V at ω = {omega} rad/s (x_t = {}, x_r = {}, rate {} Hz)",
                    self.x_t, self.x_r, self.nu
                ),
            })
        }
    }

    fn domain_error(&self, omega: f64) -> Error {
        Error::OutOfDomain {
            quantity: "U(a, x) in the transfer function",
            detail: format!(
                "population {}, ω = {omega} rad/s: needs |ω τ_m| ≤ {IM_A_MAX} (got {}) and \
                 |x| = √2 |V − μ|/σ ≤ {X_MAX} at threshold and reset (got x_t = {}, x_r = {})",
                self.pop,
                omega * self.tau_m,
                self.x_t,
                self.x_r
            ),
        }
    }

    fn pcfu_error(&self, e: PcfuError, omega: f64) -> Error {
        match e {
            PcfuError::OutOfDomain { a, x } => Error::OutOfDomain {
                quantity: "U(a, x) in the transfer function",
                detail: format!(
                    "population {}, ω = {omega} rad/s: U({a}, {x}) or a ratio of it is outside \
                     the supported domain or the f64 range",
                    self.pop
                ),
            },
            PcfuError::NotConverged { a, x } => Error::NonFinite {
                quantity: "U(a, x) in the transfer function",
                population: Some(self.pop),
                detail: format!(
                    "the evaluation of U({a}, {x}) did not converge at ω = {omega} rad/s"
                ),
            },
        }
    }
}

/// H of every population (`consts`) at every angular frequency `omegas` (rad/s), row-major
/// n_freq × n_pop, Hz/V; frequencies in parallel.
///
/// # Errors
/// [`Error::InvalidParameter`] for a non-finite ω; [`Error::OutOfDomain`] if U(a, x) cannot
/// be evaluated at the largest |ω| (checked before the parallel loop, so that the error
/// reported does not depend on the order in which the loop meets it); [`Error::NonFinite`]
/// for a value that cannot be represented.
pub(crate) fn evaluate(
    consts: &[PopConsts],
    omegas: &[f64],
    filter: SynapticFilter,
) -> Result<Vec<Complex64>> {
    if let Some(w) = omegas.iter().find(|w| !w.is_finite()) {
        return Err(Error::invalid(
            "omegas",
            None,
            format!("{w} rad/s is not finite"),
        ));
    }
    if let Some(w_max) = omegas
        .iter()
        .map(|w| w.abs())
        .filter(|w| *w >= ZERO_OMEGA)
        .reduce(f64::max)
    {
        for c in consts {
            c.check_domain(w_max)?;
        }
    }
    let n = consts.len();
    let mut values = vec![Complex64::new(0.0, 0.0); omegas.len() * n];
    if n > 0 {
        values
            .par_chunks_mut(n)
            .zip(omegas.par_iter())
            .try_for_each(|(row, &w)| {
                for (h, c) in row.iter_mut().zip(consts) {
                    *h = c.eval(w, filter)?;
                }
                Ok::<(), Error>(())
            })?;
    }
    Ok(values)
}
