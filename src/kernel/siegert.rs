//! The Siegert formula: the stationary rate of a LIF neuron driven by white noise, and its
//! first and second derivatives with respect to μ and σ, on SI `f64` values.
//!
//! References: Siegert (1951); Amit & Brunel (1997), Eq. A7; Schuecker, Diesmann & Helias
//! (2014), arXiv:1410.8799, App. B (derivatives); numerics after Layer et al. (2022),
//! App. A.1.
//!
//! # Tiny σ
//! y = (V − μ)/σ is finite but huge for tiny σ (|y| up to ~1e308). Two limits are taken
//! where the formula's pieces leave the f64 range, both exact in double precision:
//! - y_th ≥ [`Y_SILENT`] (far below threshold): ν, its derivatives and σ times its second
//!   derivatives are all below e^{−3600}·(y/σ)² and round to 0;
//! - y_th ≤ −[`Y_NOISE_FREE`] (far above threshold): the rate is the noise-free rate up to a
//!   relative O(1/y_th²) ≤ 1e-16 correction; dν/dσ = τ_m ν² σ/2 [(μ − V_th)⁻² − (μ − V_0)⁻²]
//!   is the leading term of its expansion in σ (from erfcx(s) ~ (1 − 1/(2s²))/(√π s),
//!   DLMF 7.12.1), which the difference of the two boundary terms only gives with
//!   catastrophic cancellation there.

use std::f64::consts::PI;

use super::neuron::NeuronSi;
use super::rate::RateEval;
use crate::numerics::{
    dawson, erfcx, erfcx_antiderivative, erfcx_integral, exp_diff_sq, exp_neg_sq, gauss_legendre,
};

/// Below-threshold bound on y_th = (V_th − μ)/σ beyond which the rate and everything derived
/// from it is 0 in double precision: e^{−60²} ≈ 1e-1563, and the largest factor the
/// derivatives add, (y/σ)² with σ ≥ 5e-324 V, is below 1e652.
pub(crate) const Y_SILENT: f64 = 60.0;

/// Above-threshold bound on −y_th = (μ − V_th)/σ beyond which the noise-free rate is the
/// Siegert rate to double precision (relative correction ≤ 1/(4 y_th²) ≤ 2.5e-17 per
/// unit of τ_m ν, which the difference (μ−V_th)⁻² − (μ−V_0)⁻² keeps ≤ 1e-16).
pub(crate) const Y_NOISE_FREE: f64 = 1e8;

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
/// dν/dμ = √π τ_m ν²/σ [f(y_th) − f(y_r)], dν/dσ = √π τ_m ν²/σ [y_th f(y_th) − y_r f(y_r)],
/// the latter as √π τ_m ν²/σ [f'(y_th) − f'(y_r)]/2 with f'(y) = 2y f(y) + 2/√π formed
/// without cancellation (see [`h`]).
///
/// σ = 0 is the noise-free limit ν = 1/(τ_r + τ_m ln((μ − V_0)/(μ − V_th))) for μ > V_th,
/// else 0; tiny σ > 0 is handled as the module docs say.
pub(crate) fn siegert(mu: f64, sigma: f64, n: &NeuronSi) -> RateEval {
    siegert_parts(mu, sigma, n).first()
}

/// The pieces of the Siegert formula from which the rate and its first and second
/// derivatives follow without overflow.
#[derive(Clone, Copy, Debug)]
pub(crate) enum SiegertParts {
    /// σ > 0, −[`Y_NOISE_FREE`] < y_th < [`Y_SILENT`].
    Diffusive(Diffusive),
    /// σ = 0, or y beyond the bounds of the module docs (or of the f64 range): the limit.
    Limit(Limit),
}

/// The σ → 0 limit of the rate: values of the noise-free rate (0 below threshold), with the
/// leading term of dν/dσ.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limit {
    /// ν, ∂ν/∂μ, ∂ν/∂σ
    pub rate: RateEval,
    /// σ ∂²ν/∂μ², Hz/V
    pub sigma_d_mumu: f64,
}

/// ν and ν·f(y), ν·f'(y) at both boundaries, f(y) = e^{y²}(1 + erf y) = erfcx(−y), for
/// σ > 0.
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
    /// ν f'(y_th) = ν (2 y_th f(y_th) + 2/√π), Hz
    pub nfp_th: f64,
    /// ν f'(y_r), Hz
    pub nfp_r: f64,
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

    /// ν, ∂ν/∂μ = c ν (νf_th − νf_r), ∂ν/∂σ = c ν (νf'_th − νf'_r)/2.
    fn first(&self) -> RateEval {
        let c = self.c() * self.nu;
        RateEval {
            nu: self.nu,
            dnu_dmu: c * (self.nf_th - self.nf_r),
            dnu_dsigma: c * (0.5 * (self.nfp_th - self.nfp_r)),
        }
    }

    /// (σ ∂²ν/∂μ², σ ∂²ν/∂μ∂σ), from f'(y) = 2y f(y) + 2/√π (DLMF 7.10): with A = ∂ν/∂μ,
    /// B = ∂ν/∂σ, c = √π τ_m/σ,
    /// σ ∂A/∂μ = 2A σ(A/ν) − c ν (νf'_th − νf'_r),
    /// σ ∂A/∂σ = −A + 2A σ(B/ν) − c ν (y_th νf'_th − y_r νf'_r),
    /// where σ A/ν = √π τ_m (νf_th − νf_r) and σ B/ν = √π τ_m (νf'_th − νf'_r)/2. Scaled by
    /// σ so that nothing overflows for tiny σ (the Taylor rate needs them times σ).
    fn second_scaled(&self) -> (f64, f64) {
        let Self {
            nu,
            y_th,
            y_r,
            nf_th,
            nf_r,
            nfp_th,
            nfp_r,
            tau_m,
            ..
        } = *self;
        let cnu = self.c() * nu;
        let s = PI.sqrt() * tau_m;
        let a = cnu * (nf_th - nf_r);
        let sigma_a_over_nu = s * (nf_th - nf_r);
        let sigma_b_over_nu = s * 0.5 * (nfp_th - nfp_r);
        let d_mumu = 2.0 * a * sigma_a_over_nu - cnu * (nfp_th - nfp_r);
        let d_musigma = -a + 2.0 * a * sigma_b_over_nu - cnu * (y_th * nfp_th - y_r * nfp_r);
        (d_mumu, d_musigma)
    }
}

impl SiegertParts {
    /// ν, ∂ν/∂μ, ∂ν/∂σ.
    pub(crate) fn first(&self) -> RateEval {
        match self {
            Self::Limit(l) => l.rate,
            Self::Diffusive(d) => d.first(),
        }
    }

    /// (σ ∂²ν/∂μ², σ ∂²ν/∂μ∂σ). In the limit σ ∂²ν/∂μ∂σ = O(σ²) is dropped (relative
    /// 1/y² ≤ 1e-16 of the terms it is added to).
    pub(crate) fn second_scaled(&self) -> (f64, f64) {
        match self {
            Self::Limit(l) => (l.sigma_d_mumu, 0.0),
            Self::Diffusive(d) => d.second_scaled(),
        }
    }
}

/// Siegert rate and derivatives as [`SiegertParts`].
pub(crate) fn siegert_parts(mu: f64, sigma: f64, n: &NeuronSi) -> SiegertParts {
    siegert_parts_shifted(mu, sigma, n, 0.0)
}

/// As [`siegert_parts`] with threshold and reset both moved up by σ·`shift` (the colored
/// noise boundary shift). The shift is added to y = (V − μ)/σ, not to V, so that it is not
/// lost to rounding where σ·shift is below the resolution of V (tiny σ near threshold).
pub(crate) fn siegert_parts_shifted(mu: f64, sigma: f64, n: &NeuronSi, shift: f64) -> SiegertParts {
    if sigma > 0.0 {
        let y_th = (n.v_th - mu) / sigma + shift;
        let y_r = (n.v_0 - mu) / sigma + shift;
        if y_th >= Y_SILENT {
            // also y_th = +∞
            return SiegertParts::Limit(Limit {
                rate: ZERO_RATE,
                sigma_d_mumu: 0.0,
            });
        }
        if y_th.is_finite() && y_r.is_finite() && y_th > -Y_NOISE_FREE {
            let (nu, nf_th, nf_r, nfp_th, nfp_r) = siegert_y(y_th, y_r, n);
            return SiegertParts::Diffusive(Diffusive {
                nu,
                y_th,
                y_r,
                nf_th,
                nf_r,
                nfp_th,
                nfp_r,
                sigma,
                tau_m: n.tau_m,
            });
        }
    }
    // here |y_th| ≥ 1e8: σ·shift moves the boundaries by a relative ≤ shift·1e-8 of μ − V
    SiegertParts::Limit(limit(
        mu,
        sigma.max(0.0),
        &n.shifted(sigma.max(0.0) * shift),
    ))
}

const ZERO_RATE: RateEval = RateEval {
    nu: 0.0,
    dnu_dmu: 0.0,
    dnu_dsigma: 0.0,
};

/// h(a) = 1/√π − a erfcx(a) for a ≥ 0 (given `erfcx_a` = erfcx(a)), so that
/// y f(y) = h(−y) − 1/√π and f'(y) = 2 h(−y) for y ≤ 0, without the cancellation of the
/// difference for large a: for a ≥ 20 from the asymptotic series
/// a erfcx(a) ~ (1/√π) Σ (−1)ᵐ (2m−1)!!/(2a²)ᵐ (DLMF 7.12.1),
/// h = (1/√π) Σ_{m≥1} (−1)^{m+1} (2m−1)!!/(2a²)ᵐ, summed until the next term is below 1e-17
/// of the sum (≤ 10 terms at a = 20); below, directly (h ≥ 7e-4 there, so the difference
/// loses at most ~3 digits of erfcx's ~1e-16).
fn h(a: f64, erfcx_a: f64) -> f64 {
    let inv_sqrt_pi = 1.0 / PI.sqrt();
    if a < 20.0 {
        return inv_sqrt_pi - a * erfcx_a;
    }
    let x = 0.5 / (a * a); // 1/(2a²); 0 for a beyond ~1e154, where h underflows to 0 too
    let mut term = x;
    let mut sum = 0.0;
    for m in 1..40 {
        sum += term;
        let next = -term * f64::from(2 * m + 1) * x;
        if next.abs() <= 1e-17 * sum.abs() {
            break;
        }
        term = next;
    }
    inv_sqrt_pi * sum
}

/// ν f'(y) for y ≤ 0 from h (no cancellation; `erfcx_minus_y` = erfcx(−y)), and as
/// 2y νf + 2ν/√π (a sum of positive terms) for y > 0.
fn nf_prime(y: f64, nu: f64, nf: f64, erfcx_minus_y: f64) -> f64 {
    if y <= 0.0 {
        2.0 * nu * h(-y, erfcx_minus_y)
    } else {
        2.0 * y * nf + 2.0 * nu / PI.sqrt()
    }
}

/// (ν, ν f(y_th), ν f(y_r), ν f'(y_th), ν f'(y_r)) for σ > 0, y_th < [`Y_SILENT`].
///
/// Each special function is evaluated once: erfcx(−y) for y ≤ 0 serves both f(y) and f'(y);
/// for y > 0, f(y) = e^{y²}(2 − erfc(y)) is formed rescaled by e^{−q²} (q = y_th) as
/// 2e^{y² − q²} − e^{−q²} erfcx(y), whose two terms differ by at least a factor 2
/// (erfcx(y) ≤ 1 ≤ e^{y²}), with e^{y_r² − q²} shared with [`positive_part`].
fn siegert_y(y_th: f64, y_r: f64, n: &NeuronSi) -> (f64, f64, f64, f64, f64) {
    let sqrt_pi = PI.sqrt();
    if y_th <= 0.0 {
        // Mean-driven: both boundaries below μ.
        let integral = erfcx_integral(-y_th, -y_r);
        let nu = 1.0 / (n.tau_r + n.tau_m * sqrt_pi * integral);
        let (fx_th, fx_r) = (erfcx(-y_th), erfcx(-y_r));
        let (nf_th, nf_r) = (nu * fx_th, nu * fx_r);
        return (
            nu,
            nf_th,
            nf_r,
            nf_prime(y_th, nu, nf_th, fx_th),
            nf_prime(y_r, nu, nf_r, fx_r),
        );
    }
    // 0 < q < Y_SILENT: e^{−q²} ≥ 1e-1563 is evaluated, not underflowing to NaN.
    let q = y_th;
    let e = exp_neg_sq(q);
    let p = y_r.max(0.0);
    // e^{p² − q²}
    let e_pq = exp_diff_sq(p, q);
    let mut s = positive_part(p, q, e, e_pq);
    let mut fx_r = 0.0; // erfcx(−y_r), needed for y_r ≤ 0 only
    if y_r < 0.0 {
        s += e * erfcx_antiderivative(-y_r);
    }
    let nu_resc = 1.0 / (e * n.tau_r + n.tau_m * sqrt_pi * s);
    let nf_r = if y_r > 0.0 {
        // e^{−q²} f(y_r) = 2e^{y_r² − q²} − e^{−q²} erfcx(y_r)
        nu_resc * (2.0 * e_pq - e * erfcx(y_r))
    } else {
        fx_r = erfcx(-y_r);
        nu_resc * e * fx_r
    };
    // e^{−q²} f(q) = 2 − e^{−q²} erfcx(q)
    let nf_th = nu_resc * (2.0 - e * erfcx(q));
    let nu = e * nu_resc;
    (
        nu,
        nf_th,
        nf_r,
        nf_prime(y_th, nu, nf_th, 0.0),
        nf_prime(y_r, nu, nf_r, fx_r),
    )
}

/// q(q − p) up to which [`positive_part`] integrates directly: above it the difference of
/// Dawson and erfcx-integral terms is at most 3.1 times larger than S (measured on a grid
/// of q ∈ (0, 50]; 1.8 at q(q − p) = 1), so it loses at most ~2 bits.
const DIRECT_LIMIT: f64 = 0.5;

/// S(p, q) = ∫_p^q e^{u² − q²} (1 + erf u) du for 0 ≤ p ≤ q < [`Y_SILENT`], given
/// `e` = e^{−q²} and `e_pq` = e^{p² − q²}.
///
/// Where q (q − p) ≤ [`DIRECT_LIMIT`] (the integrand varies by less than e over [p, q]) it
/// is integrated directly, with e^{u² − q²}(1 + erf u) = 2e^{u² − q²} − e^{−q²} erfcx(u)
/// (u ≥ 0: the two terms differ by at least a factor 2) in v = u − q; otherwise through Dawson's function
/// F (DLMF 7.2.5) and G = ∫₀ erfcx ([`erfcx_antiderivative`]),
/// S = 2F(q) − 2e^{p² − q²} F(p) − e^{−q²} (G(q) − G(p)),
/// whose terms are at most 3.1 times S there (see [`DIRECT_LIMIT`]); G(q) − G(p) is
/// multiplied by e^{−q²} and is small against S, so its own cancellation does not matter.
fn positive_part(p: f64, q: f64, e: f64, e_pq: f64) -> f64 {
    if q * (q - p) <= DIRECT_LIMIT {
        // in v = u − q ∈ [p − q, 0] (p − q exact), so that u² − q² = v (v + 2q) keeps its
        // relative accuracy: with nodes u ≈ q, the rounding of u alone would put an error
        // of ~2q ulp(q) into the exponent (3e-13 at q = 50)
        gauss_legendre(p - q, 0.0, |v| {
            2.0 * (v * (v + 2.0 * q)).exp() - e * erfcx(q + v)
        })
    } else {
        2.0 * dawson(q)
            - 2.0 * e_pq * dawson(p)
            - e * (erfcx_antiderivative(q) - erfcx_antiderivative(p))
    }
}

/// The σ → 0 limit at noise `sigma` ≥ 0 (module docs): the noise-free rate
/// ν = 1/(τ_r + τ_m L), L = ln((μ − V_0)/(μ − V_th)), for μ > V_th (else 0), its
/// μ-derivative ν' = τ_m ν² (V_th − V_0)/((μ − V_th)(μ − V_0)), σ ν'' with
/// ν'' = 2ν'²/ν − τ_m ν² [(μ − V_th)⁻² − (μ − V_0)⁻²], and the leading term
/// dν/dσ = τ_m ν² σ/2 [(μ − V_th)⁻² − (μ − V_0)⁻²].
fn limit(mu: f64, sigma: f64, n: &NeuronSi) -> Limit {
    if mu <= n.v_th {
        return Limit {
            rate: ZERO_RATE,
            sigma_d_mumu: 0.0,
        };
    }
    let (d_th, d_0) = (mu - n.v_th, mu - n.v_0);
    let log = ((n.v_th - n.v_0) / d_th).ln_1p();
    let nu = 1.0 / (n.tau_r + n.tau_m * log);
    let dnu_dmu = nu * nu * n.tau_m * (n.v_th - n.v_0) / (d_th * d_0);
    // (μ − V_th)⁻² − (μ − V_0)⁻² = (V_th − V_0)(2μ − V_th − V_0) / (d_th² d_0²), formed
    // without the cancellation of the difference
    let l2 = (n.v_th - n.v_0) / d_th * ((d_th + d_0) / d_th) / (d_0 * d_0);
    let nu2_tau = nu * nu * n.tau_m;
    let d2 = 2.0 * (dnu_dmu / nu) * dnu_dmu - nu2_tau * l2;
    Limit {
        rate: RateEval {
            nu,
            dnu_dmu,
            dnu_dsigma: 0.5 * nu2_tau * sigma * l2,
        },
        sigma_d_mumu: if sigma > 0.0 { sigma * d2 } else { 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// dν/dσ is not public; it enters the least-squares Jacobian and the colored-noise
    /// derivatives. Against mpmath (50 digits, `tests/data/mpmath/siegert_tiny_sigma.json`,
    /// σ from 1e-300 V to 1 V below, at and above threshold): ≤ 1e-11 relative where it is
    /// above 1e-290 (measured worst in the printout), ≥ 0 and below 1e-280 elsewhere. Above
    /// threshold it used to be the difference of two nearly equal boundary terms, which
    /// for σ ≲ 1e-9 V came out with the wrong sign or as ±1e285.
    #[test]
    fn dnu_dsigma_matches_mpmath_for_tiny_sigma() {
        const TOL: f64 = 1e-11;
        let table = crate::test_data("mpmath/siegert_tiny_sigma.json");
        let num = |v: &serde_json::Value| -> f64 {
            v.as_f64()
                .unwrap_or_else(|| v.as_str().unwrap().parse().unwrap())
        };
        let (mut worst, mut compared) = (0.0f64, 0);
        for p in table["points"].as_array().unwrap() {
            let n = NeuronSi {
                tau_m: num(&p["tau_m"]),
                tau_r: num(&p["tau_r"]),
                v_th: num(&p["V_th_rel"]),
                v_0: num(&p["V_0_rel"]),
            };
            let got = siegert(num(&p["mu"]), num(&p["sigma"]), &n).dnu_dsigma;
            let want = num(&p["dnu_dsigma"]);
            if want > 1e-290 {
                let e = ((got - want) / want).abs();
                worst = worst.max(e);
                assert!(e <= TOL, "dν/dσ at {p}: {got:e} vs {want:e} ({e:e})");
                compared += 1;
            } else {
                assert!((0.0..1e-280).contains(&got), "dν/dσ at {p}: {got:e}");
            }
        }
        println!("dν/dσ: {compared} compared, worst relative error {worst:e}");
        assert!(compared > 300, "{compared}");
    }

    /// ν, νf(y_th) and νf(y_r) at exact (y_th, y_r) against mpmath at 40 digits
    /// (`tests/data/mpmath/siegert_y.json`: y_th from −30 to 50, y_th − y_r from 1e-3 to 40,
    /// both branches of [`positive_part`]). Without the conditioning of y by μ and σ the
    /// kernel is accurate to ~1e-15 (measured worst: ν 5.9e-16, νf(y_th) 1.2e-15, νf(y_r)
    /// 1.3e-15; before the direct quadrature was done in v = u − q and e^{p² − q²} formed
    /// with an exact exponent, 2.7e-14, 3.6e-13 and 3.6e-13, at q = 15…50).
    #[test]
    fn siegert_y_matches_mpmath() {
        /// ν and νf are a few roundings of erfcx, Dawson and G (each ≤ 4e-16), with the
        /// difference form of S losing at most a factor 3.1 (see `DIRECT_LIMIT`); the
        /// measured worst is 1.3e-15.
        const TOL: f64 = 2e-15;
        let table = crate::test_data("mpmath/siegert_y.json");
        let n = NeuronSi {
            tau_m: table["tau_m"].as_f64().unwrap(),
            tau_r: table["tau_r"].as_f64().unwrap(),
            v_th: 0.02,
            v_0: 0.01,
        };
        let num = |v: &serde_json::Value| -> f64 { v.as_str().unwrap().parse().unwrap() };
        let mut worst = [0.0f64; 3];
        let points = table["points"].as_array().unwrap();
        for p in points {
            let (y_th, y_r) = (p["y_th"].as_f64().unwrap(), p["y_r"].as_f64().unwrap());
            let (nu, nf_th, nf_r, _, _) = siegert_y(y_th, y_r, &n);
            let want = [num(&p["nu"]), num(&p["nf_th"]), num(&p["nf_r"])];
            for (k, (got, want)) in [nu, nf_th, nf_r].into_iter().zip(want).enumerate() {
                if want < 1e-290 {
                    assert!((0.0..1e-280).contains(&got), "{k} at {p}: {got:e}");
                    continue;
                }
                let e = ((got - want) / want).abs();
                worst[k] = worst[k].max(e);
                assert!(e <= TOL, "{k} at {p}: {got:e} vs {want:e} ({e:e})");
            }
        }
        assert!(points.len() > 200);
        println!(
            "siegert_y: worst relative error ν, νf(y_th), νf(y_r): {:e} {:e} {:e}",
            worst[0], worst[1], worst[2]
        );
    }

    /// h(a) = 1/√π − a erfcx(a) is continuous across the switch to its asymptotic series at
    /// a = 20 (both sides agree to the direct form's ~1e-13 there).
    #[test]
    fn h_is_continuous_at_the_series_switch() {
        let a = 20.0f64.next_down();
        let below = h(a, erfcx(a));
        let above = h(20.0, erfcx(20.0));
        assert!(((below - above) / above).abs() < 1e-12, "{below} {above}");
        // and decreasing like 1/(2√π a²)
        let a = 1e6;
        assert!((h(a, erfcx(a)) * 2.0 * PI.sqrt() * a * a - 1.0).abs() < 1e-11);
    }

    /// The switch to the noise-free limit at y_th = −1e8 is continuous: on both sides ν,
    /// dν/dμ, dν/dσ and σ ∂²ν/∂μ² agree to 1e-12 relative (the neglected terms are
    /// O(1/y²) = 1e-16), for τ_r = 2 ms and 0, near (25 mV) and far (2 V) above threshold.
    #[test]
    fn noise_free_switch_is_continuous() {
        for tau_r in [0.002, 0.0] {
            let n = NeuronSi {
                tau_m: 0.02,
                tau_r,
                v_th: 0.02,
                v_0: 0.01,
            };
            for mu in [0.025, 2.0] {
                let s0 = (mu - n.v_th) / Y_NOISE_FREE;
                let (inside, outside) = (s0 * (1.0 + 1e-9), s0 * (1.0 - 1e-9));
                let (a, b) = (
                    siegert_parts(mu, inside, &n),
                    siegert_parts(mu, outside, &n),
                );
                assert!(matches!(a, SiegertParts::Diffusive(_)), "{a:?}");
                assert!(matches!(b, SiegertParts::Limit(_)), "{b:?}");
                let (ra, rb) = (a.first(), b.first());
                let close = |x: f64, y: f64, what: &str, tol: f64| {
                    assert!(
                        ((x - y) / y).abs() <= tol,
                        "{what} at μ = {mu}, τ_r = {tau_r}: {x:e} vs {y:e}"
                    );
                };
                close(ra.nu, rb.nu, "ν", 1e-12);
                close(ra.dnu_dmu, rb.dnu_dmu, "dν/dμ", 1e-12);
                // dν/dσ ∝ σ: the two sides differ by the 2e-9 step in σ itself
                close(ra.dnu_dsigma, rb.dnu_dsigma, "dν/dσ", 1e-8);
                close(a.second_scaled().0, b.second_scaled().0, "σ ∂²ν/∂μ²", 1e-8);
            }
        }
    }

    /// Far below threshold the rate, its derivatives and σ times its second derivatives are
    /// 0 on both sides of y_th = 60 (e^{−3600} underflows; Diffusive already gives 0 there).
    #[test]
    fn silent_switch_is_continuous() {
        let n = NeuronSi {
            tau_m: 0.02,
            tau_r: 0.002,
            v_th: 0.02,
            v_0: 0.01,
        };
        let mu = 0.0;
        let s0 = (n.v_th - mu) / Y_SILENT;
        for sigma in [s0 * (1.0 + 1e-9), s0 * (1.0 - 1e-9)] {
            let p = siegert_parts(mu, sigma, &n);
            let r = p.first();
            let (d2, dms) = p.second_scaled();
            assert!(
                [r.nu, r.dnu_dmu, r.dnu_dsigma, d2, dms]
                    .iter()
                    .all(|x| x.abs() < 1e-300),
                "{p:?}"
            );
        }
    }
}
