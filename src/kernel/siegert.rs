//! The Siegert formula: the stationary rate of a LIF neuron driven by white noise, and its
//! first and second derivatives with respect to μ and σ, on SI `f64` values.
//!
//! References: Siegert (1951); Amit & Brunel (1997), Eq. A7; Schuecker, Diesmann & Helias
//! (2014), arXiv:1410.8799, App. B (derivatives); numerics after Layer et al. (2022),
//! App. A.1.

use std::f64::consts::PI;

use super::neuron::NeuronSi;
use super::rate::RateEval;
use crate::numerics::{dawson, erfc, erfcx, erfcx_integral, exp_neg_sq, gauss_legendre};

/// Siegert rate and its first derivatives at mean input `mu` and noise `sigma` (V).
///
/// # Formula
/// 1/ν = τ_r + τ_m √π ∫_{y_r}^{y_th} e^{u²}(1 + erf u) du, y = (V − μ)/σ, evaluated with
/// e^{u²}(1 + erf u) = erfcx(−u):
/// - y_th ≤ 0: ∫ = ∫_{|y_th|}^{|y_r|} erfcx(s) ds (bounded integrand);
/// - y_th > 0: everything is rescaled by e^{−y_th²} so that nothing overflows and rates far
///   below 1e-300 Hz underflow gracefully to 0 (Layer et al. 2022, App. A.1):
///   ν = e^{−y_th²} / (e^{−y_th²} τ_r + τ_m √π S), S = ∫ e^{u² − y_th²}(1 + erf u) du.
///
/// The derivatives (Schuecker et al. 2014, App. B) use ν² f(y) = ν · (ν f(y)) with the
/// rescaled ν f(y) bounded:
/// dν/dμ = √π τ_m ν²/σ [f(y_th) − f(y_r)], dν/dσ = √π τ_m ν²/σ [y_th f(y_th) − y_r f(y_r)].
///
/// σ = 0 (or y beyond the f64 range) is the noise-free limit:
/// ν = 1/(τ_r + τ_m ln((μ − V_0)/(μ − V_th))) for μ > V_th, else 0.
pub(crate) fn siegert(mu: f64, sigma: f64, n: &NeuronSi) -> RateEval {
    siegert_parts(mu, sigma, n).first()
}

/// The pieces of the Siegert formula from which the rate and its first and second
/// derivatives follow without overflow.
#[derive(Clone, Copy, Debug)]
pub(crate) enum SiegertParts {
    /// σ > 0.
    Diffusive(Diffusive),
    /// σ = 0 (or |y| beyond the f64 range): the noise-free rate and its μ-derivative.
    NoiseFree(RateEval),
}

/// ν and ν·f(y) at both boundaries, f(y) = e^{y²}(1 + erf y) = erfcx(−y), for σ > 0.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Diffusive {
    /// rate, Hz
    pub nu: f64,
    /// y_th = (V_th − μ)/σ
    pub y_th: f64,
    /// y_r = (V_0 − μ)/σ
    pub y_r: f64,
    /// ν f(y_th), Hz
    pub nf_th: f64,
    /// ν f(y_r), Hz
    pub nf_r: f64,
    /// V
    pub sigma: f64,
    /// s
    pub tau_m: f64,
}

impl Diffusive {
    /// c = √π τ_m/σ, the factor of both first derivatives.
    fn c(&self) -> f64 {
        PI.sqrt() * self.tau_m / self.sigma
    }

    /// ν, ∂ν/∂μ = c ν (νf_th − νf_r), ∂ν/∂σ = c ν (y_th νf_th − y_r νf_r).
    fn first(&self) -> RateEval {
        let c = self.c() * self.nu;
        RateEval {
            nu: self.nu,
            dnu_dmu: c * (self.nf_th - self.nf_r),
            dnu_dsigma: c * (self.y_th * self.nf_th - self.y_r * self.nf_r),
        }
    }

    /// (∂²ν/∂μ², ∂²ν/∂μ∂σ), from f'(y) = 2y f(y) + 2/√π (DLMF 7.10):
    /// with A = ∂ν/∂μ, B = ∂ν/∂σ,
    /// ∂A/∂μ = 2A (A/ν) − (c/σ) ν (νf'_th − νf'_r),
    /// ∂A/∂σ = −A/σ + 2A (B/ν) − (c/σ) ν (y_th νf'_th − y_r νf'_r).
    fn second(&self) -> (f64, f64) {
        let Self {
            nu,
            y_th,
            y_r,
            nf_th,
            nf_r,
            sigma,
            ..
        } = *self;
        let c = self.c();
        let a_over_nu = c * (nf_th - nf_r);
        let b_over_nu = c * (y_th * nf_th - y_r * nf_r);
        let a = a_over_nu * nu;
        let two_over_sqrt_pi = 2.0 / PI.sqrt();
        let nfp_th = 2.0 * y_th * nf_th + two_over_sqrt_pi * nu;
        let nfp_r = 2.0 * y_r * nf_r + two_over_sqrt_pi * nu;
        let d_mumu = 2.0 * a * a_over_nu - c / sigma * nu * (nfp_th - nfp_r);
        let d_musigma =
            -a / sigma + 2.0 * a * b_over_nu - c / sigma * nu * (y_th * nfp_th - y_r * nfp_r);
        (d_mumu, d_musigma)
    }
}

impl SiegertParts {
    /// ν, ∂ν/∂μ, ∂ν/∂σ.
    pub(crate) fn first(&self) -> RateEval {
        match self {
            Self::NoiseFree(r) => *r,
            Self::Diffusive(d) => d.first(),
        }
    }

    /// (∂²ν/∂μ², ∂²ν/∂μ∂σ); zero in the noise-free limit.
    pub(crate) fn second(&self) -> (f64, f64) {
        match self {
            Self::NoiseFree(_) => (0.0, 0.0),
            Self::Diffusive(d) => d.second(),
        }
    }
}

/// Siegert rate and derivatives as [`SiegertParts`].
pub(crate) fn siegert_parts(mu: f64, sigma: f64, n: &NeuronSi) -> SiegertParts {
    if sigma > 0.0 {
        let y_th = (n.v_th - mu) / sigma;
        let y_r = (n.v_0 - mu) / sigma;
        if y_th.is_finite() && y_r.is_finite() {
            let (nu, nf_th, nf_r) = siegert_y(y_th, y_r, n);
            return SiegertParts::Diffusive(Diffusive {
                nu,
                y_th,
                y_r,
                nf_th,
                nf_r,
                sigma,
                tau_m: n.tau_m,
            });
        }
    }
    SiegertParts::NoiseFree(noise_free(mu, n))
}

/// (ν, ν f(y_th), ν f(y_r)) for σ > 0.
fn siegert_y(y_th: f64, y_r: f64, n: &NeuronSi) -> (f64, f64, f64) {
    let sqrt_pi = PI.sqrt();
    if y_th <= 0.0 {
        // Mean-driven: both boundaries below μ.
        let integral = erfcx_integral(-y_th, -y_r);
        let nu = 1.0 / (n.tau_r + n.tau_m * sqrt_pi * integral);
        (nu, nu * erfcx(-y_th), nu * erfcx(-y_r))
    } else {
        let q = y_th;
        let e = exp_neg_sq(q);
        let mut s = positive_part(y_r.max(0.0), q);
        if y_r < 0.0 {
            s += e * erfcx_integral(0.0, -y_r);
        }
        let nu_resc = 1.0 / (e * n.tau_r + n.tau_m * sqrt_pi * s);
        let nf_r = if y_r > 0.0 {
            nu_resc * ((y_r - q) * (y_r + q)).exp() * erfc(-y_r)
        } else {
            nu_resc * e * erfcx(-y_r)
        };
        (e * nu_resc, nu_resc * erfc(-q), nf_r)
    }
}

/// S(p, q) = ∫_p^q e^{u² − q²} (1 + erf u) du for 0 ≤ p ≤ q.
///
/// Where the integrand varies by less than e⁴ over [p, q] (q (q − p) ≤ 2) it is integrated
/// directly; otherwise through Dawson's function F (DLMF 7.2.5),
/// S = 2F(q) − 2e^{p² − q²} F(p) − e^{−q²} ∫_p^q erfcx(u) du,
/// which has no cancellation there.
fn positive_part(p: f64, q: f64) -> f64 {
    if q * (q - p) <= 2.0 {
        gauss_legendre(p, q, |u| ((u - q) * (u + q)).exp() * erfc(-u))
    } else {
        2.0 * dawson(q)
            - 2.0 * ((p - q) * (p + q)).exp() * dawson(p)
            - exp_neg_sq(q) * erfcx_integral(p, q)
    }
}

/// The noise-free (σ = 0) rate and its μ-derivative.
pub(crate) fn noise_free(mu: f64, n: &NeuronSi) -> RateEval {
    if mu > n.v_th {
        let log = ((n.v_th - n.v_0) / (mu - n.v_th)).ln_1p();
        let nu = 1.0 / (n.tau_r + n.tau_m * log);
        RateEval {
            nu,
            dnu_dmu: nu * nu * n.tau_m * (n.v_th - n.v_0) / ((mu - n.v_th) * (mu - n.v_0)),
            dnu_dsigma: 0.0,
        }
    } else {
        RateEval {
            nu: 0.0,
            dnu_dmu: 0.0,
            dnu_dsigma: 0.0,
        }
    }
}
