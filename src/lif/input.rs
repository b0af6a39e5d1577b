//! Mean and standard deviation of the input (Fourcaud & Brunel 2002, Eq. 3.4).

use nalgebra::DVector;

use crate::error::{Error, Result};
use crate::kernel::input::{InputMap, check_input, check_input_shapes, check_rates};
use crate::kernel::{NetworkSi, NeuronSi};
use crate::network::{LifNeuron, Network};
use crate::pop::PopVec;
use crate::units::{ElectricPotential, Frequency, SiValue, Time};

/// The SI values of typed μ and σ, checked to have one entry per population (`n`).
///
/// # Errors
/// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) naming `mu` or `sigma`.
pub(crate) fn input_si<'a>(
    n: usize,
    mu: &'a PopVec<ElectricPotential>,
    sigma: &'a PopVec<ElectricPotential>,
) -> Result<(&'a DVector<f64>, &'a DVector<f64>)> {
    check_input_shapes(n, mu.si(), sigma.si())?;
    Ok((mu.si(), sigma.si()))
}

/// The validated SI view of a single neuron.
///
/// # Errors
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for τ_m ≤ 0, τ_r < 0,
/// V_th ≤ V_0 or a non-finite value.
pub(crate) fn neuron_si(neuron: &LifNeuron) -> Result<NeuronSi> {
    let n = NeuronSi::from(neuron);
    n.validate(None)?;
    Ok(n)
}

/// A single neuron and its input in SI units, checked.
pub(crate) struct SingleSi {
    /// the neuron (validated)
    pub neuron: NeuronSi,
    /// mean input μ, V (finite)
    pub mu: f64,
    /// input noise σ, V (finite, ≥ 0)
    pub sigma: f64,
    /// synaptic time constant τ_s, s (finite, > 0; 0 for delta synapses)
    pub tau_s: f64,
}

/// The SI form of the arguments of a single-neuron function: `neuron`, `mu`, `sigma` and,
/// for exponential synapses, `tau_s`.
///
/// # Errors
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for invalid neuron
/// parameters, a non-finite μ, σ < 0 or not finite, τ_s ≤ 0 or not finite (in that order).
pub(crate) fn single_si(
    neuron: &LifNeuron,
    mu: ElectricPotential,
    sigma: ElectricPotential,
    tau_s: Option<Time>,
) -> Result<SingleSi> {
    let neuron = neuron_si(neuron)?;
    let (mu, sigma) = (mu.to_si(), sigma.to_si());
    check_input(mu, sigma, None)?;
    let tau_s = match tau_s.map(Time::to_si) {
        None => 0.0,
        Some(t) if t.is_finite() && t > 0.0 => t,
        Some(t) => {
            return Err(Error::invalid(
                "tau_s",
                None,
                format!("must be finite and > 0 s, got {t} s"),
            ));
        }
    };
    Ok(SingleSi {
        neuron,
        mu,
        sigma,
        tau_s,
    })
}

/// The input maps of `net` and the SI rates, checked (one finite rate ≥ 0 per population).
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::InvalidParameter`] (`nu`) for invalid rates;
/// [`Error::InputOverflow`] if a coefficient of the maps is not a finite double.
fn maps(net: &NetworkSi, rates: &PopVec<Frequency>) -> Result<InputMap> {
    check_rates("nu", net.len(), rates.si())?;
    InputMap::new(net)
}

/// μ and σ (V) at `rates`, checked to be finite.
///
/// # Errors
/// As [`maps`], and [`Error::InputOverflow`] if μ or σ overflows at `rates`.
fn input_at(net: &NetworkSi, rates: &PopVec<Frequency>) -> Result<(DVector<f64>, DVector<f64>)> {
    let map = maps(net, rates)?;
    let (mu, sigma) = map.mean_and_std(rates.si());
    map.check(rates.si(), &mu, &sigma)?;
    Ok((mu, sigma))
}

/// Mean input μ of each population for given firing rates (NNMT `_mean_input`).
///
/// # Equation
/// μ_i = τ_m,i (Σ_j K_ij J_ij ν_j + Σ_k K_ext,ik J_ext,ik ν_ext,k + I_ext,i / C_i)
///
/// # References
/// Fourcaud & Brunel (2002), Neural Comput. 14, Eq. 3.4.
///
/// # Errors
/// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if `rates` does not have one entry per population;
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) (`nu`) if a rate is negative or not finite;
/// [`Error::InputOverflow`](crate::Error::InputOverflow) naming the population and the largest term if μ
/// is too large for a double (the same check for σ², which both functions make).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif, network::Network, pop::PopVec, units::*};
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net = Network::builder()
///     .k([[100.0]]).j([[mv(0.2)]])
///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(20.0)).v_0(mv(10.0))
///     .external([[0.0]], [[mv(0.0)]], [Frequency::new::<hertz>(0.0)])
///     .build()?;
/// let mu = lif::mean_input(&net, &PopVec::from([Frequency::new::<hertz>(5.0)]))?;
/// // 10 ms · 100 · 0.2 mV · 5 Hz = 1 mV
/// assert!((mu.get(0).unwrap().get::<millivolt>() - 1.0).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn mean_input<S>(
    net: &Network<S>,
    rates: &PopVec<Frequency>,
) -> Result<PopVec<ElectricPotential>> {
    let (mu, _) = input_at(&NetworkSi::from(net), rates)?;
    Ok(PopVec::from_si(mu))
}

/// Standard deviation σ of the input of each population for given firing rates (NNMT
/// `_std_input`; no factor ½: σ² = τ_m Σ K J² ν, the convention of Brunel 2000).
///
/// # Equation
/// σ_i² = τ_m,i (Σ_j K_ij J_ij² ν_j + Σ_k K_ext,ik J_ext,ik² ν_ext,k)
///
/// # References
/// Fourcaud & Brunel (2002), Neural Comput. 14, Eq. 3.4.
///
/// # Errors
/// As [`mean_input`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif, network::Network, pop::PopVec, units::*};
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net = Network::builder()
///     .k([[100.0]]).j([[mv(0.2)]])
///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(20.0)).v_0(mv(10.0))
///     .external([[0.0]], [[mv(0.0)]], [Frequency::new::<hertz>(0.0)])
///     .build()?;
/// let sigma = lif::std_input(&net, &PopVec::from([Frequency::new::<hertz>(5.0)]))?;
/// // sqrt(10 ms · 100 · (0.2 mV)² · 5 Hz) = sqrt(0.2) mV
/// assert!((sigma.get(0).unwrap().get::<millivolt>() - 0.2f64.sqrt()).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn std_input<S>(
    net: &Network<S>,
    rates: &PopVec<Frequency>,
) -> Result<PopVec<ElectricPotential>> {
    let (_, sigma) = input_at(&NetworkSi::from(net), rates)?;
    Ok(PopVec::from_si(sigma))
}
