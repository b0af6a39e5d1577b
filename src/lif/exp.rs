//! LIF neurons with exponentially decaying synaptic currents (colored noise): rates by the
//! boundary shift and the Taylor expansion, their working points and derivatives.
//!
//! NNMT counterpart: `nnmt.lif.exp` (rates, working point, `_derivative_of_firing_rates_*`).
//! Every function here takes a [`Network<ExpSynapses>`] or an explicit `tau_s`, so it cannot
//! be called on a network built without a synaptic time constant.
//!
//! # Regime of validity
//! Both methods are first-order results in k = √(τ_s/τ_m) (Fourcaud & Brunel 2002) and are
//! accurate for k ≪ 1. NNMT warns when k > √0.1; here
//! [`synaptic_time_constant_ratio`] gives k per population and
//! [`is_fast_synapse_regime`] the same test, to be checked by the caller.

use crate::error::{Error, Result};
use crate::kernel::colored::{colored_rate, shift_rate_derivative_wrt_input_rate};
use crate::kernel::input::check_input;
use crate::kernel::rate::{Colored, RateEval};
use crate::lif::{FixpointOptions, WorkingPoint, input_si, single_si, solve_working_point};
use crate::network::{ExpSynapses, LifNeuron, Network};
use crate::pop::PopVec;
use crate::units::{
    ElectricPotential, Frequency, FrequencyPerVoltage, SiValue, Time, hertz, ratio, volt,
};

pub use crate::kernel::colored::{ALPHA, Method};

/// NNMT's bound of the fast-synapse regime: k = √(τ_s/τ_m) ≤ √0.1.
pub const FAST_SYNAPSE_LIMIT: f64 = 0.316_227_766_016_837_94;

fn check(mu: f64, sigma: f64, tau_s: f64, population: Option<usize>) -> Result<()> {
    check_input(mu, sigma, population)?;
    if !(tau_s.is_finite() && tau_s > 0.0) {
        return Err(Error::invalid(
            "tau_s",
            population,
            format!("must be finite and > 0 s, got {tau_s} s"),
        ));
    }
    Ok(())
}

fn checked_value(
    value: f64,
    quantity: &'static str,
    method: Method,
    population: usize,
    is_rate: bool,
) -> Result<f64> {
    if !value.is_finite() {
        return Err(Error::NonFinite {
            quantity,
            population: Some(population),
            detail: format!("got {value}"),
        });
    }
    if is_rate && method == Method::Taylor && value < 0.0 {
        return Err(Error::NegativeRate {
            population,
            rate: value,
        });
    }
    Ok(value)
}

/// Stationary rate of one population of LIF neurons with exponential synapses of time
/// constant `tau_s` for a given mean input `mu` and noise `sigma` (NNMT
/// `exp._firing_rates_for_given_input`).
///
/// # Equation
/// *Shift*: ν = Siegert(μ, σ; V_th + σ α/2 k, V_0 + σ α/2 k), k = √(τ_s/τ_m),
/// α = √2 |ζ(1/2)|.
/// *Taylor*: ν = ν₀ − √(τ_s τ_m / 2) α ν₀² (Φ(x_th) − Φ(x_r)), Φ(x) = √(π/2) e^{x²/2}(1 +
/// erf(x/√2)), x = √2 (V − μ)/σ, which equals ν₀ − σ α/2 k ∂ν₀/∂μ and is evaluated in that
/// overflow-free form (ν₀: unshifted Siegert rate).
///
/// # References
/// Fourcaud & Brunel (2002), Neural Comput. 14, Eq. 4.33 and the text after it.
///
/// # Errors
/// - [`Error::InvalidParameter`] for invalid neuron parameters, non-finite μ, σ < 0,
///   τ_s ≤ 0;
/// - [`Error::NegativeRate`] if the Taylor rate is negative (the value is in the error).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::exp::{self, Method};
/// use nnmt::network::LifNeuron;
/// use nnmt::units::*;
/// let neuron = LifNeuron {
///     tau_m: Time::new::<millisecond>(10.0),
///     tau_r: Time::new::<millisecond>(2.0),
///     v_th: ElectricPotential::new::<millivolt>(15.0),
///     v_0: ElectricPotential::new::<millivolt>(0.0),
/// };
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let tau_s = Time::new::<millisecond>(0.5);
/// let shift = exp::firing_rate(&neuron, tau_s, mv(10.0), mv(5.0), Method::Shift)?;
/// let taylor = exp::firing_rate(&neuron, tau_s, mv(10.0), mv(5.0), Method::Taylor)?;
/// assert!((shift.get::<hertz>() / taylor.get::<hertz>() - 1.0).abs() < 0.05);
/// # Ok(()) }
/// ```
pub fn firing_rate(
    neuron: &LifNeuron,
    tau_s: Time,
    mu: ElectricPotential,
    sigma: ElectricPotential,
    method: Method,
) -> Result<Frequency> {
    let r = single(neuron, tau_s, mu, sigma, method)?;
    checked_value(r.nu, "firing rate", method, 0, true).map(Frequency::from_si)
}

/// dν/dμ of the colored-noise rate of one population (NNMT
/// `exp._derivative_of_firing_rates_wrt_mean_input` for *taylor*; the shifted Siegert
/// derivative for *shift*).
///
/// # Equation
/// *Taylor*: dν/dμ = ∂ν₀/∂μ − σ α/2 k ∂²ν₀/∂μ² (Schuecker et al. 2014, App. B: the
/// zero-frequency limit of the Taylor transfer function), with
/// ∂²ν₀/∂μ² = 2(∂ν₀/∂μ)²/ν₀ − √π τ_m ν₀²/σ² [f'(y_th) − f'(y_r)], f(y) = e^{y²}(1+erf y),
/// formed from ν f(y) so that nothing overflows.
/// *Shift*: dν/dμ of the Siegert formula at the shifted boundaries.
///
/// # Differences from NNMT
/// NNMT's Taylor derivative raises `ZeroDivisionError` or `OverflowError` for low-rate or
/// strongly driven populations (its issue #12); this one is finite wherever the rate is.
///
/// # Errors
/// As [`firing_rate`] (a negative Taylor rate is not an error here).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::exp::{self, Method};
/// use nnmt::network::LifNeuron;
/// use nnmt::units::*;
/// let neuron = LifNeuron {
///     tau_m: Time::new::<millisecond>(10.0),
///     tau_r: Time::new::<millisecond>(2.0),
///     v_th: ElectricPotential::new::<millivolt>(15.0),
///     v_0: ElectricPotential::new::<millivolt>(0.0),
/// };
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let d = exp::derivative_of_firing_rate_wrt_mean_input(
///     &neuron, Time::new::<millisecond>(0.5), mv(10.0), mv(5.0), Method::Taylor)?;
/// assert!(d.get::<hertz_per_volt>() > 0.0);
/// # Ok(()) }
/// ```
pub fn derivative_of_firing_rate_wrt_mean_input(
    neuron: &LifNeuron,
    tau_s: Time,
    mu: ElectricPotential,
    sigma: ElectricPotential,
    method: Method,
) -> Result<FrequencyPerVoltage> {
    let r = single(neuron, tau_s, mu, sigma, method)?;
    checked_value(r.dnu_dmu, "dν/dμ", method, 0, false).map(FrequencyPerVoltage::from_si)
}

/// Derivative of the (shift) rate of one population with respect to the rate of one input
/// whose PSP amplitude is `j` (NNMT `exp._derivative_of_firing_rates_wrt_input_rate`).
///
/// # Equation
/// ∂ν/∂ν_in = √π (τ_m ν)² j/σ [f(ỹ_th) − f(ỹ_r)] + √π (τ_m ν)² j/σ · j/(2σ)
/// [f(ỹ_th) y_th − f(ỹ_r) y_r], with ν the shift rate, f(y) = e^{y²}(1 + erf y), ỹ the
/// shifted and y the unshifted boundaries (as in NNMT).
///
/// # References
/// Helias et al. (2013), New J. Phys. 15, 023002, Eq. A.3.
///
/// # Differences from NNMT
/// Computed as (τ_m ν)·τ_m·(ν f(ỹ)), finite where NNMT's e^{y²}(1 + erf y) overflows or
/// cancels to NaN.
///
/// # Errors
/// As [`firing_rate`]; [`Error::InvalidParameter`] if `j` is not finite.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::exp;
/// use nnmt::network::LifNeuron;
/// use nnmt::units::*;
/// let neuron = LifNeuron {
///     tau_m: Time::new::<millisecond>(10.0),
///     tau_r: Time::new::<millisecond>(2.0),
///     v_th: ElectricPotential::new::<millivolt>(15.0),
///     v_0: ElectricPotential::new::<millivolt>(0.0),
/// };
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let d = exp::derivative_of_firing_rate_wrt_input_rate(
///     &neuron, Time::new::<millisecond>(0.5), mv(10.0), mv(5.0), mv(0.1756))?;
/// assert!(d > 0.0); // dimensionless
/// # Ok(()) }
/// ```
pub fn derivative_of_firing_rate_wrt_input_rate(
    neuron: &LifNeuron,
    tau_s: Time,
    mu: ElectricPotential,
    sigma: ElectricPotential,
    j: ElectricPotential,
) -> Result<f64> {
    let x = single_si(neuron, mu, sigma, Some(tau_s))?;
    let j = j.get::<volt>();
    if !j.is_finite() {
        return Err(Error::invalid("j", None, format!("{j} V is not finite")));
    }
    let value = shift_rate_derivative_wrt_input_rate(x.mu, x.sigma, &x.neuron, x.tau_s, j);
    checked_value(value, "dν/dν_in", Method::Shift, 0, false)
}

/// Colored-noise rates of every population for given μ and σ (see [`firing_rate`]).
///
/// # Errors
/// [`Error::ShapeMismatch`] if `mu` or `sigma` does not have one entry per population;
/// otherwise as [`firing_rate`], naming the population.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::exp::{self, Method};
/// use nnmt::models::Microcircuit;
/// use nnmt::pop::PopVec;
/// use nnmt::units::*;
/// let net = Microcircuit::bos2016().network()?;
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let mu = PopVec::uniform(8, mv(10.0));
/// let sigma = PopVec::uniform(8, mv(5.0));
/// let nu = exp::firing_rates(&net, &mu, &sigma, Method::Shift)?;
/// assert_eq!(nu.len(), 8);
/// # Ok(()) }
/// ```
pub fn firing_rates(
    net: &Network<ExpSynapses>,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
    method: Method,
) -> Result<PopVec<Frequency>> {
    per_population(net, mu, sigma, method, |r| r.nu, true)
}

/// dν/dμ of every population for given μ and σ (see
/// [`derivative_of_firing_rate_wrt_mean_input`]).
///
/// # Errors
/// As [`firing_rates`] (a negative Taylor rate is not an error here).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::exp::{self, Method};
/// use nnmt::models::Microcircuit;
/// use nnmt::pop::PopVec;
/// use nnmt::units::*;
/// let net = Microcircuit::bos2016().network()?;
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let d = exp::derivative_of_firing_rates_wrt_mean_input(
///     &net, &PopVec::uniform(8, mv(10.0)), &PopVec::uniform(8, mv(5.0)), Method::Taylor)?;
/// assert_eq!(d.len(), 8);
/// # Ok(()) }
/// ```
pub fn derivative_of_firing_rates_wrt_mean_input(
    net: &Network<ExpSynapses>,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
    method: Method,
) -> Result<PopVec<FrequencyPerVoltage>> {
    per_population(net, mu, sigma, method, |r| r.dnu_dmu, false)
}

/// The colored-noise rate and derivatives of one neuron at typed inputs, inputs checked.
fn single(
    neuron: &LifNeuron,
    tau_s: Time,
    mu: ElectricPotential,
    sigma: ElectricPotential,
    method: Method,
) -> Result<RateEval> {
    let x = single_si(neuron, mu, sigma, Some(tau_s))?;
    Ok(colored_rate(method, x.mu, x.sigma, &x.neuron, x.tau_s))
}

fn per_population<Q: SiValue>(
    net: &Network<ExpSynapses>,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
    method: Method,
    pick: impl Fn(RateEval) -> f64,
    is_rate: bool,
) -> Result<PopVec<Q>> {
    let net = net.si_with_tau_s();
    let (mu, sigma) = input_si(net.len(), mu, sigma)?;
    let tau_s = net.tau_s()?;
    let out: Result<Vec<f64>> = (0..net.len())
        .map(|i| {
            let (m, s) = (mu[i], sigma[i]);
            check(m, s, tau_s[i], Some(i))?;
            let r = colored_rate(method, m, s, &net.neuron(i), tau_s[i]);
            checked_value(pick(r), "rate", method, i, is_rate)
        })
        .collect();
    Ok(PopVec::from_si(out?.into()))
}

/// Self-consistent working point of a network with exponential synapses (NNMT
/// `lif.exp.working_point(network, method)`): ν = Φ(μ(ν), σ(ν)) with Φ the shift or
/// Taylor rate.
///
/// # Errors
/// - as [`crate::lif::delta::working_point`] (invalid options, [`Error::InputOverflow`],
///   [`Error::NonFinite`], [`Error::NotConverged`]);
/// - [`Error::NegativeRate`] if a Taylor fixed point has a negative rate (NNMT returns it
///   with a warning).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::exp::{self, Method};
/// use nnmt::models::Microcircuit;
/// use nnmt::lif::FixpointOptions;
/// use nnmt::units::*;
/// let net = Microcircuit::bos2016().network()?;
/// let wp = exp::working_point(&net, Method::Shift, &FixpointOptions::default())?;
/// let nu = wp.firing_rates().get(0).unwrap().get::<hertz>();
/// assert!(nu > 0.5 && nu < 1.5, "{nu}");
/// # Ok(()) }
/// ```
pub fn working_point(
    net: &Network<ExpSynapses>,
    method: Method,
    options: &FixpointOptions,
) -> Result<WorkingPoint> {
    let net = net.si_with_tau_s();
    let model = Colored {
        method,
        tau_s: net.tau_s()?.clone(),
    };
    let wp = solve_working_point(&net, model, options)?;
    if method == Method::Taylor {
        for (i, nu) in wp.firing_rates().iter().enumerate() {
            checked_value(nu.get::<hertz>(), "firing rate", method, i, true)?;
        }
    }
    Ok(wp)
}

/// k = √(τ_s/τ_m) for every population: the expansion parameter of both colored-noise
/// methods (valid for k ≪ 1).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// let net = nnmt::models::Microcircuit::bos2016().network()?;
/// let k = nnmt::lif::exp::synaptic_time_constant_ratio(&net);
/// assert!((k[0] - 0.05f64.sqrt()).abs() < 1e-12); // 0.5 ms / 10 ms
/// # Ok(()) }
/// ```
pub fn synaptic_time_constant_ratio(net: &Network<ExpSynapses>) -> Vec<f64> {
    net.synapses()
        .tau_s()
        .iter()
        .zip(net.tau_m().iter())
        .map(|(tau_s, tau_m)| (tau_s / tau_m).get::<ratio>().sqrt())
        .collect()
}

/// `true` if √(τ_s/τ_m) ≤ √0.1 for every population (NNMT's fast-synapse check, which
/// NNMT reports by a warning).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// let net = nnmt::models::Microcircuit::bos2016().network()?;
/// assert!(nnmt::lif::exp::is_fast_synapse_regime(&net));
/// # Ok(()) }
/// ```
pub fn is_fast_synapse_regime(net: &Network<ExpSynapses>) -> bool {
    synaptic_time_constant_ratio(net)
        .iter()
        .all(|&k| k <= FAST_SYNAPSE_LIMIT)
}
