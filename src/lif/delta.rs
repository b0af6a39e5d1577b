//! LIF neurons with delta synapses: the Siegert rate, its derivatives, and the working point.
//!
//! NNMT counterpart: `nnmt.lif.delta`.

use crate::error::{Error, Result};
use crate::kernel::NetworkSi;
use crate::kernel::input::check_input;
use crate::kernel::neuron::NeuronSi;
use crate::kernel::rate::{RateEval, Siegert};
use crate::kernel::siegert::siegert;
use crate::lif::input::SingleSi;
use crate::lif::{FixpointOptions, WorkingPoint, input_si, single_si, solve_working_point};
use crate::network::{LifNeuron, Network};
use crate::pop::PopVec;
use crate::units::{ElectricPotential, Frequency, FrequencyPerVoltage, SiValue};

/// `value` if finite, else [`Error::NonFinite`] saying why: with τ_r = 0 the rate grows
/// without bound as σ/(V_th − V_0) grows (the only way the Siegert rate itself leaves the
/// f64 range); otherwise the value (a derivative) exceeds the f64 range at this μ, σ.
fn finite(
    value: f64,
    quantity: &'static str,
    population: Option<usize>,
    (mu, sigma): (f64, f64),
    n: &NeuronSi,
) -> Result<f64> {
    if value.is_finite() {
        return Ok(value);
    }
    let detail = if quantity == RATE && n.tau_r == 0.0 && value == f64::INFINITY {
        format!(
            "with tau_r = 0 the rate grows without bound as σ/(V_th − V_0) grows, and at \
             σ = {sigma:e} V, V_th − V_0 = {:e} V it exceeds the largest f64",
            n.v_th - n.v_0
        )
    } else {
        format!("got {value} at mu = {mu:e} V, sigma = {sigma:e} V: beyond the f64 range")
    };
    Err(Error::NonFinite {
        quantity,
        population,
        detail,
    })
}

/// The name of the rate in messages.
const RATE: &str = "firing rate";

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
/// NNMT raises, and every σ > 0 down to 1e-300 V gives a rate continuous with it: exactly 0
/// once (V_th − μ)/σ ≥ 40, the noise-free rate to ~1e-16 once (μ − V_th)/σ ≥ 1e8, and the
/// mpmath value to ≤ 1e-12 in between (tested on a sweep of σ from 1e-300 V to 1 V). Rates
/// below the smallest positive `f64` (~1e-308 Hz) are returned as 0.
///
/// # Errors
/// - [`Error::InvalidParameter`] if `mu` is not finite, `sigma` is negative or not finite,
///   or the neuron parameters are invalid (τ_m ≤ 0, τ_r < 0, V_th ≤ V_0, non-finite);
/// - [`Error::NonFinite`] if the rate exceeds the `f64` range, which happens only with
///   τ_r = 0 and σ so large that (V_th − V_0)/σ is ~1e-306 or less (the message says so).
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
    let (r, x) = single(neuron, mu, sigma)?;
    Ok(Frequency::from_si(finite(
        r.nu,
        RATE,
        None,
        (x.mu, x.sigma),
        &x.neuron,
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
/// rescaling, which stays finite and accurate (≤ 1e-12 relative against mpmath, tested).
/// σ = 0 gives the derivative of the noise-free rate.
///
/// # Errors
/// As [`firing_rate`]; also [`Error::NonFinite`] where the derivative itself exceeds the
/// `f64` range (it grows like ν/σ at μ = V_th as σ → 0: beyond 1e308 Hz/V only for
/// σ ≲ 1e-306 V).
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
/// assert!(slope.get::<hertz_per_millivolt>() > 0.0);
/// # Ok(()) }
/// ```
pub fn derivative_of_firing_rate_wrt_mean_input(
    neuron: &LifNeuron,
    mu: ElectricPotential,
    sigma: ElectricPotential,
) -> Result<FrequencyPerVoltage> {
    let (r, x) = single(neuron, mu, sigma)?;
    Ok(FrequencyPerVoltage::from_si(finite(
        r.dnu_dmu,
        "dν/dμ",
        None,
        (x.mu, x.sigma),
        &x.neuron,
    )?))
}

/// The Siegert rate and derivatives of one neuron at typed μ and σ, inputs checked, with
/// the SI inputs.
fn single(
    neuron: &LifNeuron,
    mu: ElectricPotential,
    sigma: ElectricPotential,
) -> Result<(RateEval, SingleSi)> {
    let x = single_si(neuron, mu, sigma, None)?;
    Ok((siegert(x.mu, x.sigma, &x.neuron), x))
}

/// Applies `f` to every population of `net` at the given inputs, checking shapes.
fn per_population<S, Q: SiValue>(
    net: &Network<S>,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
    quantity: &'static str,
    f: impl Fn(RateEval) -> f64,
) -> Result<PopVec<Q>> {
    let net = NetworkSi::from(net);
    let (mu, sigma) = input_si(net.len(), mu, sigma)?;
    let out: Result<Vec<f64>> = (0..net.len())
        .map(|i| {
            let (m, s) = (mu[i], sigma[i]);
            check_input(m, s, Some(i))?;
            let n = net.neuron(i);
            finite(f(siegert(m, s, &n)), quantity, Some(i), (m, s), &n)
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
    per_population(net, mu, sigma, RATE, |r| r.nu)
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
/// assert!(d.get(0).unwrap().get::<hertz_per_volt>() > 0.0);
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
/// - [`Error::InputOverflow`] naming the population and the largest term if μ or σ² is too
///   large for a double (e.g. K_ext J_ext ν_ext beyond 1.8e308 V/s);
/// - [`Error::NonFinite`] naming the population if Φ is not finite at ν₀;
/// - [`Error::NotConverged`] with the iteration count and residual if the solver does not
///   reach its tolerance within `max_iterations`.
///
/// The rates returned are ≥ 0, each converged on its own scale (see [`FixpointOptions`]):
/// a rate of 1e-300 Hz has the relative precision of one of 10 Hz.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif::{delta, FixpointOptions}, network::Network, units::*};
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
    solve_working_point(&NetworkSi::from(net), Siegert, options)
}
