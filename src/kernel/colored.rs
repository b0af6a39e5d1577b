//! Colored-noise rates of a LIF neuron with exponential synapses: the Siegert formula with
//! shifted boundaries and its first-order Taylor expansion in k = √(τ_s/τ_m), on SI `f64`
//! values (Fourcaud & Brunel 2002, Neural Comput. 14, Eq. 4.33 and the text after it).

use super::neuron::NeuronSi;
use super::rate::RateEval;
use super::siegert::{siegert_parts, siegert_parts_shifted};

/// α = √2 |ζ(1/2)|, the coefficient of the effective threshold shift (Fourcaud & Brunel
/// 2002, Eq. 4.33 ff.); ζ(1/2) = −1.4603545088095868 (DLMF 25.6).
pub const ALPHA: f64 = std::f64::consts::SQRT_2 * 1.460_354_508_809_586_8;

/// How the colored-noise rate is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Method {
    /// Siegert formula with threshold and reset shifted by σ α/2 √(τ_s/τ_m) (Fourcaud &
    /// Brunel 2002, after Eq. 4.33). Always positive. NNMT's default.
    #[default]
    Shift,
    /// First-order Taylor expansion in √(τ_s/τ_m) (Fourcaud & Brunel 2002, Eq. 4.33):
    /// ν = ν₀ − σ α/2 √(τ_s/τ_m) ∂ν₀/∂μ. Can turn negative outside its range of validity,
    /// which is reported as [`Error::NegativeRate`](crate::Error::NegativeRate).
    Taylor,
}

/// The relative boundary shift α/2 · √(τ_s/τ_m): threshold and reset move by σ times it.
pub(crate) fn relative_shift(tau_s: f64, tau_m: f64) -> f64 {
    0.5 * ALPHA * (tau_s / tau_m).sqrt()
}

/// Colored-noise rate of one population and its derivatives at mean input `mu` and noise
/// `sigma` (V), neuron `n`, synaptic time constant `tau_s` (s).
pub(crate) fn colored_rate(
    method: Method,
    mu: f64,
    sigma: f64,
    n: &NeuronSi,
    tau_s: f64,
) -> RateEval {
    let shift = relative_shift(tau_s, n.tau_m); // boundaries move by σ·shift
    match method {
        Method::Shift => {
            let r = siegert_parts_shifted(mu, sigma, n, shift).first();
            // ∂/∂σ also moves both boundaries: ∂ν/∂V_th + ∂ν/∂V_0 = −∂ν/∂μ.
            RateEval {
                dnu_dsigma: r.dnu_dsigma - shift * r.dnu_dmu,
                ..r
            }
        }
        Method::Taylor => {
            let parts = siegert_parts(mu, sigma, n);
            let r = parts.first();
            // σ times the second derivatives, so that tiny σ does not overflow them
            let (s_mumu, s_musigma) = parts.second_scaled();
            let delta = sigma * shift;
            RateEval {
                nu: r.nu - delta * r.dnu_dmu,
                dnu_dmu: r.dnu_dmu - shift * s_mumu,
                dnu_dsigma: r.dnu_dsigma - shift * r.dnu_dmu - shift * s_musigma,
            }
        }
    }
}

/// ∂ν/∂ν_in of the shift rate with respect to the rate of one input of PSP amplitude `j`
/// (V), dimensionless (Helias et al. 2013, New J. Phys. 15, 023002, Eq. A.3, as NNMT's
/// `exp._derivative_of_firing_rates_wrt_input_rate`):
///
/// ∂ν/∂ν_in = √π (τ_m ν)² j/σ [f(ỹ_th) − f(ỹ_r)] + √π (τ_m ν)² j/σ · j/(2σ)
/// [f(ỹ_th) y_th − f(ỹ_r) y_r], f(y) = e^{y²}(1 + erf y), ỹ the shifted and y the unshifted
/// boundaries. With ∂ν/∂μ and the total ∂ν/∂σ of the shift rate (whose σ-derivative moves
/// the boundaries, ∂ν/∂σ = √π τ_m ν²/σ [ỹ_th f(ỹ_th) − ỹ_r f(ỹ_r)] − (ỹ − y) ∂ν/∂μ) this is
/// the chain rule τ_m j (∂ν/∂μ + j/(2σ) ∂ν/∂σ), which is how it is computed: from the
/// overflow-free derivatives, also where σ is so small that the rate is its noise-free
/// limit. At σ = 0 the second term (∂σ/∂ν_in = τ_m j²/(2σ) diverges) is left out.
pub(crate) fn shift_rate_derivative_wrt_input_rate(
    mu: f64,
    sigma: f64,
    n: &NeuronSi,
    tau_s: f64,
    j: f64,
) -> f64 {
    let r = colored_rate(Method::Shift, mu, sigma, n, tau_s);
    let sigma_term = if sigma > 0.0 && r.dnu_dsigma != 0.0 {
        j / (2.0 * sigma) * r.dnu_dsigma
    } else {
        0.0
    };
    n.tau_m * j * (r.dnu_dmu + sigma_term)
}
