//! LIF neurons with delta synapses: the Siegert rate, its derivatives, and the working point.
//!
//! NNMT counterpart: `nnmt.lif.delta`.

use std::f64::consts::PI;

use crate::error::{Error, Result};
use crate::lif::WorkingPoint;
use crate::network::{LifNeuron, Network, NeuronSi};
use crate::numerics::{dawson, erfc, erfcx, erfcx_integral, exp_neg_sq, gauss_legendre};
use crate::pop::PopVec;
use crate::solve::{self, FixpointOptions, RateEval, RateModel};
use crate::units::{ElectricPotential, Frequency, FrequencyPerVoltage, SiValue};

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
    pub y_th: f64,
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

fn noise_free(mu: f64, n: &NeuronSi) -> RateEval {
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

/// The delta-synapse rate model Φ(μ, σ) of a network (the Siegert formula per population).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Siegert;

impl RateModel for Siegert {
    fn eval(&self, _population: usize, mu: f64, sigma: f64, neuron: &NeuronSi) -> RateEval {
        siegert(mu, sigma, neuron)
    }
}

/// μ finite, σ finite and ≥ 0.
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

fn finite(value: f64, quantity: &'static str, population: Option<usize>) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::NonFinite {
            quantity,
            population,
            detail: format!(
                "got {value}; with tau_r = 0 the rate diverges when σ is so large that \
                 (V_th − V_0)/σ rounds to 0"
            ),
        })
    }
}

/// Stationary firing rate of one population of LIF neurons with delta synapses for a given
/// mean input `mu` and noise `sigma` (the Siegert formula; NNMT
/// `delta._firing_rates_for_given_input`).
///
/// # Equation
/// 1/ν = τ_r + τ_m √π ∫_{y_r}^{y_th} e^{u²}(1 + erf u) du,  y_th = (V_th − μ)/σ,
/// y_r = (V_0 − μ)/σ.
///
/// # References
/// Siegert (1951); Amit & Brunel (1997), Eq. A7; numerics after Layer et al. (2022),
/// App. A.1, with an erfcx integral that is accurate on any range.
///
/// # Accuracy and differences from NNMT
/// Relative error ≤ 1e-12 against mpmath for rates from 1e-200 Hz to 1/τ_r and σ from 1 µV
/// to 1 V (tested). NNMT chooses one Gauss–Legendre order for all populations and raises a
/// `RuntimeError` when |y| spans a wide range (e.g. σ = 1 µV) or when μ lies exactly
/// half-way between reset and threshold; this function has no such failures. σ = 0 gives the
/// noise-free limit ν = 1/(τ_r + τ_m ln((μ − V_0)/(μ − V_th))) (0 for μ ≤ V_th), where
/// NNMT raises. Rates below the smallest positive `f64` (~1e-308 Hz) are returned as 0.
///
/// # Errors
/// - [`Error::InvalidParameter`] if `mu` is not finite, `sigma` is negative or not finite,
///   or the neuron parameters are invalid (τ_m ≤ 0, τ_r < 0, V_th ≤ V_0, non-finite);
/// - [`Error::NonFinite`] if the rate diverges (τ_r = 0 and σ so large that the integral
///   rounds to 0).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::delta;
/// use nnmt::network::LifNeuron;
/// use nnmt::units::*;
/// let neuron = LifNeuron {
///     tau_m: Time::new::<millisecond>(10.0),
///     tau_r: Time::new::<millisecond>(2.0),
///     v_th: ElectricPotential::new::<millivolt>(15.0),
///     v_0: ElectricPotential::new::<millivolt>(0.0),
/// };
/// let nu = delta::firing_rate(
///     &neuron,
///     ElectricPotential::new::<millivolt>(10.0),
///     ElectricPotential::new::<millivolt>(5.0),
/// )?;
/// assert!(nu.get::<hertz>() > 1.0 && nu.get::<hertz>() < 100.0);
/// # Ok(()) }
/// ```
pub fn firing_rate(
    neuron: &LifNeuron,
    mu: ElectricPotential,
    sigma: ElectricPotential,
) -> Result<Frequency> {
    let n = neuron.validated_si(None)?;
    let (mu, sigma) = (mu.to_si(), sigma.to_si());
    check_input(mu, sigma, None)?;
    Ok(Frequency::from_si(finite(
        siegert(mu, sigma, &n).nu,
        "firing rate",
        None,
    )?))
}

/// Derivative dν/dμ of the Siegert rate with respect to the mean input (NNMT
/// `delta._derivative_of_firing_rates_wrt_mean_input`).
///
/// # Equation
/// dν/dμ = √π τ_m ν² / σ · [e^{y_th²}(1 + erf y_th) − e^{y_r²}(1 + erf y_r)]
///
/// # References
/// Schuecker, Diesmann & Helias (2014), arXiv:1410.8799, App. B.
///
/// # Differences from NNMT
/// NNMT evaluates e^{y²}(1 + erf y) naively, which gives 0 or NaN for strongly
/// mean-driven populations (y ≲ −6) and NaN for strongly inhibited ones (its issue #12).
/// Here the product is formed as ν·(ν e^{y²}(1 + erf y)) with erfcx and the e^{−y_th²}
/// rescaling, which stays finite and accurate (≤ 1e-10 relative against mpmath, tested).
/// σ = 0 gives the derivative of the noise-free rate.
///
/// # Errors
/// As [`firing_rate`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::delta;
/// use nnmt::network::LifNeuron;
/// use nnmt::units::*;
/// let neuron = LifNeuron {
///     tau_m: Time::new::<millisecond>(10.0),
///     tau_r: Time::new::<millisecond>(2.0),
///     v_th: ElectricPotential::new::<millivolt>(15.0),
///     v_0: ElectricPotential::new::<millivolt>(0.0),
/// };
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let slope = delta::derivative_of_firing_rate_wrt_mean_input(&neuron, mv(10.0), mv(5.0))?;
/// assert!(slope.value > 0.0); // Hz/V, in SI
/// # Ok(()) }
/// ```
pub fn derivative_of_firing_rate_wrt_mean_input(
    neuron: &LifNeuron,
    mu: ElectricPotential,
    sigma: ElectricPotential,
) -> Result<FrequencyPerVoltage> {
    let n = neuron.validated_si(None)?;
    let (mu, sigma) = (mu.to_si(), sigma.to_si());
    check_input(mu, sigma, None)?;
    let d = siegert(mu, sigma, &n).dnu_dmu;
    Ok(FrequencyPerVoltage::from_si(finite(d, "dν/dμ", None)?))
}

/// Applies `f` to every population of `net` at the given inputs, checking shapes.
fn per_population<S, Q: SiValue>(
    net: &Network<S>,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
    quantity: &'static str,
    f: impl Fn(RateEval) -> f64,
) -> Result<PopVec<Q>> {
    crate::lif::check_input_shapes(net.len(), mu, sigma)?;
    let out: Result<Vec<f64>> = (0..net.len())
        .map(|i| {
            let (m, s) = (mu.si()[i], sigma.si()[i]);
            check_input(m, s, Some(i))?;
            finite(f(siegert(m, s, &net.neuron_si(i))), quantity, Some(i))
        })
        .collect();
    Ok(PopVec::from_si(out?.into()))
}

/// Siegert rate of every population of `net` for given μ and σ (NNMT
/// `delta._firing_rates_for_given_input` with the network's neuron parameters).
///
/// # Equation
/// See [`firing_rate`].
///
/// # Errors
/// [`Error::ShapeMismatch`] if `mu` or `sigma` does not have one entry per population;
/// otherwise as [`firing_rate`], naming the population.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif::delta, network::Network, pop::PopVec, units::*};
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net = Network::builder()
///     .k([[100.0]]).j([[mv(0.2)]])
///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(15.0)).v_0(mv(0.0))
///     .external([[0.0]], [[mv(0.0)]], [Frequency::new::<hertz>(0.0)])
///     .build()?;
/// let nu = delta::firing_rates(&net, &PopVec::from([mv(10.0)]), &PopVec::from([mv(5.0)]))?;
/// assert_eq!(nu.len(), 1);
/// # Ok(()) }
/// ```
pub fn firing_rates<S>(
    net: &Network<S>,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
) -> Result<PopVec<Frequency>> {
    per_population(net, mu, sigma, "firing rate", |r| r.nu)
}

/// dν/dμ of every population of `net` for given μ and σ (see
/// [`derivative_of_firing_rate_wrt_mean_input`]).
///
/// # Errors
/// As [`firing_rates`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif::delta, network::Network, pop::PopVec, units::*};
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net = Network::builder()
///     .k([[100.0]]).j([[mv(0.2)]])
///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(15.0)).v_0(mv(0.0))
///     .external([[0.0]], [[mv(0.0)]], [Frequency::new::<hertz>(0.0)])
///     .build()?;
/// let d = delta::derivative_of_firing_rates_wrt_mean_input(
///     &net, &PopVec::from([mv(10.0)]), &PopVec::from([mv(5.0)]))?;
/// assert!(d.get(0).unwrap().value > 0.0);
/// # Ok(()) }
/// ```
pub fn derivative_of_firing_rates_wrt_mean_input<S>(
    net: &Network<S>,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
) -> Result<PopVec<FrequencyPerVoltage>> {
    per_population(net, mu, sigma, "dν/dμ", |r| r.dnu_dmu)
}

/// Self-consistent stationary working point of a network with delta synapses (NNMT
/// `lif.delta.working_point` / `firing_rates`): rates ν with ν = Φ(μ(ν), σ(ν)), Φ the
/// Siegert formula, and the μ and σ at those rates.
///
/// Any network can be passed; a synaptic time constant, if the network has one, is ignored
/// (as NNMT's delta module does).
///
/// # Equation
/// ν_i = Φ_i(μ_i(ν), σ_i(ν)), see [`firing_rate`] and [`crate::lif::mean_input`].
///
/// # Errors
/// - [`Error::InvalidParameter`] / [`Error::ShapeMismatch`] for invalid options (see
///   [`FixpointOptions`]);
/// - [`Error::NotConverged`] with the iteration count and residual if the solver does not
///   reach its tolerance within `max_iterations`.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif::delta, network::Network, solve::FixpointOptions, units::*};
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// // Brunel (2000) model A, g = 5, ν_ext = 2 ν_thr.
/// let net = Network::builder()
///     .k([[1000.0, 250.0], [1000.0, 250.0]])
///     .j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]])
///     .tau_m(Time::new::<millisecond>(20.0))
///     .tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(20.0))
///     .v_0(mv(10.0))
///     .external([[1000.0], [1000.0]], [[mv(0.1)], [mv(0.1)]], [Frequency::new::<hertz>(20.0)])
///     .build()?;
/// let wp = delta::working_point(&net, &FixpointOptions::default())?;
/// let nu = wp.firing_rates().get(0).unwrap().get::<hertz>();
/// assert!((nu - 37.95).abs() < 0.01, "{nu}"); // NNMT: 37.9497 Hz
/// # Ok(()) }
/// ```
pub fn working_point<S>(net: &Network<S>, options: &FixpointOptions) -> Result<WorkingPoint> {
    solve::solve_working_point(net, Siegert, options)
}
