//! The transfer function H(ω) of LIF populations with exponential synapses (shift and
//! Taylor method) on SI `f64` values; the equations are in the documentation of
//! `lif::transfer`.
//!
//! Everything that does not depend on ω (boundaries, rates, dν/dμ) is computed once per
//! population in [`PopConsts::new`]; [`PopConsts::eval`] is then allocation-free (it only
//! allocates to describe an error). [`evaluate`] runs over all (ω, population) pairs,
//! frequencies in parallel (rayon). At each boundary, Ψ and the ratios of U it needs come from
//! shared integrations of the Weber equation (`pcfu_scaled_ratios`).
//!
//! Below |ωτ_m| = 0.005 the differences of Ψ come from Taylor series in s = iωτ_m computed
//! once per population (no cancellation); a population whose |H| is bounded far below the
//! smallest double (x_t > 50) gets H = 0 without evaluating U.

use std::f64::consts::SQRT_2;

use num_complex::Complex64;

use rayon::prelude::*;

use super::colored::{ALPHA, Method, colored_rate};
use super::input::check_input;
use super::neuron::NeuronSi;
use super::siegert::siegert_parts;
use crate::error::{Error, Result};
use crate::numerics::pcfu::{
    IM_A_MAX, PcfuError, X_MAX, pcfu_gauss_scaled_large_x, pcfu_ratio, pcfu_ratio_large_x,
    pcfu_scaled, pcfu_scaled_ratios,
};

/// Ψ(a, x) = e^{x²/4} U(a, −x) as `mant · e^{ls + gauss}`: `gauss` = x²/4 where U comes
/// from the Weber-equation solver (|x| ≤ 50), 0 where it comes from the large-x expansion
/// (DLMF 12.9.1, −x > 50: the mean input far above the boundary), which gives e^{x²/4} U
/// without forming e^{±x²/4}.
#[derive(Clone, Copy, Debug)]
struct Psi {
    mant: Complex64,
    ls: f64,
    gauss: f64,
    /// from the Weber-equation solver (`gauss` = x²/4)
    solver: bool,
}

impl Psi {
    fn new(a: Complex64, x: f64) -> std::result::Result<Self, PcfuError> {
        if -x > X_MAX {
            let u = pcfu_gauss_scaled_large_x(a, -x)?;
            Ok(Self {
                mant: u.mant,
                ls: u.log_scale,
                gauss: 0.0,
                solver: false,
            })
        } else {
            let u = pcfu_scaled(a, -x)?;
            Ok(Self {
                mant: u.mant,
                ls: u.log_scale,
                gauss: x * x / 4.0,
                solver: true,
            })
        }
    }

    /// ln of the scale, ls + gauss.
    fn log_scale(self) -> f64 {
        self.ls + self.gauss
    }
}

/// U(a+1, y)/U(a, y): the Weber-equation solver for |y| ≤ 50, the large-y expansion
/// (DLMF 12.9.1) beyond.
fn u_ratio(a: Complex64, y: f64) -> std::result::Result<Complex64, PcfuError> {
    if y > X_MAX {
        pcfu_ratio_large_x(a, y)
    } else {
        pcfu_ratio(a, y)
    }
}

/// Ψ(a, x) with R(a) = U(a+1, −x)/U(a, −x) and, if `second`, R(a+1): for |x| ≤ 50 from one
/// integration of the Weber equation ([`pcfu_scaled_ratios`]) instead of one per function;
/// beyond, from the large-x expansion as in [`Psi::new`] and [`u_ratio`].
fn psi_ratios(
    a: Complex64,
    x: f64,
    second: bool,
) -> std::result::Result<(Psi, Complex64, Option<Complex64>), PcfuError> {
    let y = -x;
    if y.abs() <= X_MAX {
        let (u, r0, r1) = pcfu_scaled_ratios(a, y, second)?;
        let psi = Psi {
            mant: u.mant,
            ls: u.log_scale,
            gauss: x * x / 4.0,
            solver: true,
        };
        return Ok((psi, r0, r1));
    }
    let psi = Psi::new(a, x)?;
    let r0 = u_ratio(a, y)?;
    let r1 = if second {
        Some(u_ratio(a + 1.0, y)?)
    } else {
        None
    };
    Ok((psi, r0, r1))
}

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

/// Below |ω τ_m| = `SMALL_OMEGA_TAU` the denominator Ψ_t − Ψ_r (which vanishes like ω) is
/// taken from its Taylor series in s = iωτ_m instead of the difference of two values of
/// order 1, which cancels (relative error ≈ 1e-16/|ωτ_m| and a wrong sign of Im H below
/// ≈ 1e-7 Hz).
const SMALL_OMEGA_TAU: f64 = 0.005;
/// Radius in s = ½ + a of the circle on which F(s) = (Ψ_t − Ψ_r)/s is sampled for its
/// Taylor coefficients (Re a ∈ [−¾, −¼], inside the domain of U).
const SERIES_RADIUS: f64 = 0.25;
/// Number of samples (and Taylor coefficients). The aliasing error of the coefficients is
/// ≈ Σ_j c_{k+jN} ρ^{jN}: Ψ(s − ½, x) grows like |x|^{±s}, whose coefficients are
/// (ln|x|)^k/k!, so at |x| = 424 it is ≈ (ρ ln|x|)^N/N! ≈ 2e-30 with N = 32 (3e-11 with
/// N = 16); the truncation at |s| ≤ [`SMALL_OMEGA_TAU`] is ≈ (0.005/0.25)^32.
const SERIES_N: usize = 32;
/// ln of the smallest positive (subnormal) double, 2^−1074.
const LN_MIN_DOUBLE: f64 = -744.440_071_921_381_3;
/// Margin (in ln) by which the bound on ln |H| of a silent population must stay below
/// [`LN_MIN_DOUBLE`] before H is returned as exactly 0.
const SILENT_MARGIN: f64 = 50.0;

/// Real Taylor coefficients c_k of an entire function of s = ½ + z that is real on the real
/// axis, in units of e^{log_scale}: F(s) = (Ψ(z, x_t) − Ψ(z, x_r))/s, or
/// G_m(s) = Ψ(z+m, x_t) − Ψ(z+m, x_r) for m = 1, 2.
#[derive(Clone, Copy, Debug)]
struct Series {
    coef: [f64; SERIES_N],
    log_scale: f64,
}

impl Series {
    /// The value at `s`, in units of e^{log_scale}.
    fn at(&self, s: Complex64) -> Complex64 {
        self.coef
            .iter()
            .rev()
            .fold(Complex64::new(0.0, 0.0), |acc, &c| acc * s + c)
    }
}

/// The series used below |ω τ_m| = [`SMALL_OMEGA_TAU`]: F, G₁ and (taylor only) G₂.
#[derive(Clone, Copy, Debug)]
struct SmallOmega {
    f: Series,
    g1: Series,
    g2: Option<Series>,
}

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
    /// Taylor series in s = iωτ_m for small |ω τ_m|, attached by [`Self::prepared`] when the
    /// frequency grid needs them (otherwise computed at each such ω)
    series: Option<SmallOmega>,
    /// |H| is below the smallest double at every ω with |ω τ_m| ≤ 400: H = 0 there.
    silent: bool,
}

impl PopConsts {
    /// Checks the inputs of population `pop` and computes its constants: neuron `n`, input
    /// `mu`, `sigma` (V; μ finite, σ finite and ≥ 0, with σ = 0 only below threshold),
    /// synaptic time constant `tau_s` (s, finite and ≥ 0; 0 is white noise).
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
        if !(tau_s.is_finite() && tau_s >= 0.0) {
            return Err(Error::invalid(
                "tau_s",
                Some(pop),
                format!("must be finite and ≥ 0 s, got {tau_s} s"),
            ));
        }
        if sigma <= 0.0 {
            // Without noise a population below threshold does not fire, and an infinitesimal
            // modulation of its input does not make it fire: H = 0 at every ω (and dν/dμ = 0).
            // At or above threshold it fires regularly, which the diffusion approximation
            // behind these formulas does not describe.
            if mu < n.v_th {
                return Ok(Self::silent_without_noise(pop, n, tau_s));
            }
            return Err(Error::invalid(
                "sigma",
                Some(pop),
                format!(
                    "σ = 0 with the mean input at or above threshold (μ = {mu} V ≥ V_th = {} V): \
                     a noise-free LIF neuron fires regularly there and has no transfer \
                     function in the diffusion approximation; it needs σ > 0",
                    n.v_th
                ),
            ));
        }
        let mut c = Self::new(pop, method, mu, sigma, n, tau_s);
        c.silent = c.x_t > X_MAX && c.ln_bound() < LN_MIN_DOUBLE - SILENT_MARGIN;
        Ok(c)
    }

    /// The Taylor series of F, G₁ (and G₂ for taylor) for 0 < |ωτ_m| < [`SMALL_OMEGA_TAU`]
    /// (3 × 32 × 2 evaluations of U, ≈ 0.3 ms).
    fn small_omega(&self) -> Result<SmallOmega> {
        Ok(SmallOmega {
            f: self.series_of(0.0, true)?,
            g1: self.series_of(1.0, false)?,
            g2: match self.a_over_tau_m {
                Some(_) => Some(self.series_of(2.0, false)?),
                None => None,
            },
        })
    }

    /// These constants with the small-ω series attached if some of `omegas` (rad/s) needs
    /// them (computed once here rather than at every such ω).
    fn prepared(&self, omegas: &[f64]) -> Result<Self> {
        let needed = !self.silent
            && self.series.is_none()
            && omegas.iter().any(|w| {
                let wt = (w * self.tau_m).abs();
                w.abs() >= ZERO_OMEGA && wt < SMALL_OMEGA_TAU
            });
        let mut c = *self;
        if needed {
            c.series = Some(self.small_omega()?);
        }
        Ok(c)
    }

    /// An upper bound on ln |H(ω)| for |ω τ_m| ≤ 400 when the threshold is far above the mean
    /// (x_t > 50, y = x/√2): ν ≤ 1/(τ_m I) with I = √π ∫_{y_r}^{y_t} erfcx(−y) dy ≥
    /// √π e^{y_t²}(1 − e^{−2y_t(y_t − c)})/(2y_t), c = max(y_r, 0) (erfcx(−y) ≥ e^{y²} for
    /// y ≥ 0 and y² ≥ y_t² − 2y_t(y_t − y)); the Taylor rate and A add at most the factor
    /// 1 + α k (2y_t/(1 − q) + 1) (from |∂ν/∂μ| ≤ 4ν y_t/((1 − q)σ)); the ratios a₁ and
    /// d₂ − a₁² of parabolic cylinder functions are algebraic in x and ω (DLMF 12.9, 12.10),
    /// bounded here generously by P² with P = 10 (x_t + 21), and a further factor e^{50}
    /// ([`SILENT_MARGIN`]) is required by the caller.
    fn ln_bound(&self) -> f64 {
        let y_t = self.x_t / SQRT_2;
        let c = (self.x_r / SQRT_2).max(0.0);
        if y_t <= c {
            return f64::INFINITY;
        }
        let q = (-2.0 * y_t * (y_t - c)).exp();
        let ln_i = 0.5 * std::f64::consts::PI.ln() + y_t * y_t - (2.0 * y_t).ln() + (-q).ln_1p();
        let ln_nu = -self.tau_m.ln() - ln_i;
        let k = (self.tau_s / self.tau_m).sqrt();
        let rate_factor = 1.0 + ALPHA * k * (2.0 * y_t / (1.0 - q) + 1.0);
        let p = 10.0 * (self.x_t + 21.0);
        ln_nu + self.sqrt2_over_sigma.ln() + rate_factor.ln() + 2.0 * p.ln()
    }

    /// Samples Ψ(s − ½ + m, x_t) − Ψ(s − ½ + m, x_r) (divided by s if `divide`, for m = 0)
    /// on the circle |s| = [`SERIES_RADIUS`] (at the midpoints s_j = ρ e^{iπ(2j+1)/N}, so
    /// that a = s − ½ + m is never real) and returns its Taylor coefficients
    /// c_k = (1/N) Σ_j f(s_j) s_j^{−k} (the trapezoidal rule for Cauchy's integral), which
    /// are real because f(s̄) is the conjugate of f(s); only their real parts are kept, so
    /// that Im f(iε) = ε c₁ − ε³ c₃ + … is exact to the coefficients' relative accuracy even
    /// where it is 1e-16 of Re f. Ψ_b = e^{x_b²/4} U(a, −x_b) is held relative to the
    /// largest e^{log_scale} of the samples.
    fn series_of(&self, m: f64, divide: bool) -> Result<Series> {
        let zero = Complex64::new(0.0, 0.0);
        let mut samples = [(zero, [(zero, 0.0); 2]); SERIES_N];
        let mut log_scale = f64::NEG_INFINITY;
        for (j, sample) in samples.iter_mut().enumerate() {
            let theta = std::f64::consts::PI * (2 * j + 1) as f64 / SERIES_N as f64;
            let s = Complex64::from_polar(SERIES_RADIUS, theta);
            let a = s - 0.5 + m;
            let mut parts = [(zero, 0.0); 2];
            for (part, x) in parts.iter_mut().zip([self.x_t, self.x_r]) {
                let u = Psi::new(a, x).map_err(|e| self.pcfu_error(e, 0.0))?;
                let l = u.log_scale();
                log_scale = log_scale.max(l);
                *part = (u.mant, l);
            }
            *sample = (s, parts);
        }
        let mut coef = [zero; SERIES_N];
        for (s, [(m_t, l_t), (m_r, l_r)]) in samples {
            let mut f = m_t * (l_t - log_scale).exp() - m_r * (l_r - log_scale).exp();
            if divide {
                f /= s;
            }
            let inv = 1.0 / s;
            let mut p = f / SERIES_N as f64;
            for c in coef.iter_mut() {
                *c += p;
                p *= inv;
            }
        }
        Ok(Series {
            coef: coef.map(|c| c.re),
            log_scale,
        })
    }

    /// A population without input noise (σ = 0) below threshold: rate 0, H = 0 at every ω.
    fn silent_without_noise(pop: usize, n: &NeuronSi, tau_s: f64) -> Self {
        Self {
            pop,
            tau_m: n.tau_m,
            tau_s,
            sqrt2_over_sigma: 0.0,
            x_t: f64::INFINITY,
            x_r: f64::INFINITY,
            nu: 0.0,
            a_over_tau_m: None,
            dc: 0.0,
            series: None,
            silent: true,
        }
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
            series: None,
            silent: false,
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
        if self.silent {
            return Ok(Complex64::new(0.0, 0.0));
        }
        let wt = omega * self.tau_m;
        if wt.abs() < SMALL_OMEGA_TAU {
            let series = match self.series {
                Some(series) => series,
                None => self.small_omega()?,
            };
            return self.eval_small(&series, omega, filter);
        }
        let z = Complex64::new(-0.5, wt);
        // Ψ and the ratios at each boundary share one integration of the Weber equation
        let second = self.a_over_tau_m.is_some();
        let (u_t, r_t, s_t) =
            psi_ratios(z, self.x_t, second).map_err(|e| self.pcfu_error(e, omega))?;
        let (u_r, r_r, s_r) =
            psi_ratios(z, self.x_r, second).map_err(|e| self.pcfu_error(e, omega))?;
        let (w_t, w_r) = self.weights(u_t, u_r);
        let den = w_t - w_r;
        let half_z = Complex64::new(0.0, wt); // ½ + z
        let d1 = half_z * (w_t * r_t - w_r * r_r) / den;
        let one_iwt = Complex64::new(1.0, wt); // 1 + iωτ_m = 3/2 + z
        let h = match (self.a_over_tau_m, s_t, s_r) {
            // R(z+1) is computed (`second`) exactly when A/τ_m is present (taylor)
            (Some(a), Some(s_t), Some(s_r)) => {
                let d2 = half_z * one_iwt * (w_t * r_t * s_t - w_r * r_r * s_r) / den;
                // ν_e (a1 + a3) with a3 = A/τ_m/ν_e (−a1² + d2), without dividing by ν_e.
                self.sqrt2_over_sigma * (self.nu * d1 + a * (d2 - d1 * d1)) / one_iwt
            }
            _ => self.sqrt2_over_sigma * self.nu * d1 / one_iwt,
        };
        self.filtered(h, omega, filter)
    }

    fn filtered(&self, h: Complex64, omega: f64, filter: SynapticFilter) -> Result<Complex64> {
        let h = match filter {
            SynapticFilter::On => h / Complex64::new(1.0, omega * self.tau_s),
            SynapticFilter::Off => h,
        };
        self.finite(h, omega)
    }

    /// H(ω) for 0 < |ω τ_m| < [`SMALL_OMEGA_TAU`], free of the cancellation in Ψ_t − Ψ_r:
    /// with s = iωτ_m, dΨ = s Ψ(z+1, ·), d²Ψ = s(1+s) Ψ(z+2, ·) and Ψ_t − Ψ_r = s F(s),
    /// a₁ = G₁(s)/F(s) and d₂ = (1+s) G₂(s)/F(s) with G_m(s) = Ψ(z+m, x_t) − Ψ(z+m, x_r), all
    /// three from their Taylor series in s ([`Self::series_of`]).
    fn eval_small(
        &self,
        series: &SmallOmega,
        omega: f64,
        filter: SynapticFilter,
    ) -> Result<Complex64> {
        let wt = omega * self.tau_m;
        let s = Complex64::new(0.0, wt);
        let f = series.f.at(s);
        let ratio = |g: &Series| g.at(s) * (g.log_scale - series.f.log_scale).exp() / f;
        let d1 = ratio(&series.g1);
        let one_s = Complex64::new(1.0, wt);
        let h = match (self.a_over_tau_m, &series.g2) {
            (Some(a), Some(g2)) => {
                let d2 = one_s * ratio(g2);
                self.sqrt2_over_sigma * (self.nu * d1 + a * (d2 - d1 * d1)) / one_s
            }
            _ => self.sqrt2_over_sigma * self.nu * d1 / one_s,
        };
        self.filtered(h, omega, filter)
    }

    /// Checks that U(a, x) can be evaluated at `omega` (rad/s, ≠ 0) for this population:
    /// |ω τ_m| ≤ 400 and |x_t|, |x_r| ≤ 50.
    pub(crate) fn check_domain(&self, omega: f64) -> Result<()> {
        if (omega * self.tau_m).abs() > IM_A_MAX {
            return Err(Error::OutOfDomain {
                quantity: "U(a, x) in the transfer function",
                detail: format!(
                    "population {}: the frequency ω = {omega} rad/s is too high, U(a, x) needs \
                     |Im a| = |ω τ_m| ≤ {IM_A_MAX} (got {})",
                    self.pop,
                    omega * self.tau_m
                ),
            });
        }
        if self.silent {
            return Ok(());
        }
        // x < −50 (μ far above the boundary) is handled by the large-x expansion of U; x_t >
        // 50 of a population that is not silent (only for an absurdly small σ) is not
        if self.x_t > X_MAX {
            return Err(self.domain_error("x_t", "threshold V_th", self.x_t));
        }
        Ok(())
    }

    /// Weights proportional to Ψ(z, x_t) and Ψ(z, x_r), the larger one of order 1:
    /// Ψ_b = e^{x_b²/4} mant_b e^{ls_b}, and ln(Ψ_t/Ψ_r) up to the mantissas is
    /// d = (x_t − x_r)(x_t + x_r)/4 + ls_t − ls_r (without rounding x²/4 where both come
    /// from the solver; the difference of the full scales where one is from the large-x
    /// expansion).
    fn weights(&self, u_t: Psi, u_r: Psi) -> (Complex64, Complex64) {
        let d = if u_t.solver && u_r.solver {
            (self.x_t - self.x_r) * (self.x_t + self.x_r) / 4.0 + (u_t.ls - u_r.ls)
        } else {
            u_t.log_scale() - u_r.log_scale()
        };
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

    fn domain_error(&self, name: &str, boundary: &str, x: f64) -> Error {
        Error::OutOfDomain {
            quantity: "U(a, x) in the transfer function",
            detail: format!(
                "population {}: {name} = √2 (V − μ)/σ at the {boundary} is {x}, U(a, x) \
                 needs |x| ≤ {X_MAX} (the mean input μ is {} noise widths σ/√2 away from \
                 it, and |H| of this population could not be shown to be below the smallest \
                 double)",
                self.pop,
                x.abs()
            ),
        }
    }

    fn pcfu_error(&self, e: PcfuError, omega: f64) -> Error {
        match e {
            PcfuError::OutOfDomain { a, x } => Error::OutOfDomain {
                quantity: "U(a, x) in the transfer function",
                detail: if x.abs() > X_MAX {
                    format!(
                        "population {}: a boundary is |x| = {} noise widths σ/√2 from the mean \
                         input, beyond |x| ≤ {X_MAX}, and the large-x expansion of U({a}, {x}) \
                         does not converge at ω = {omega} rad/s (it needs |ω τ_m| ≲ |x|)",
                        self.pop,
                        x.abs()
                    )
                } else {
                    format!(
                        "population {}, ω = {omega} rad/s: U({a}, {x}) or a ratio of it is \
                         outside the supported domain or the f64 range",
                        self.pop
                    )
                },
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
    let consts = consts
        .iter()
        .map(|c| c.prepared(omegas))
        .collect::<Result<Vec<_>>>()?;
    let consts = consts.as_slice();
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
