//! LIF networks: the validated [`Network`] and its type-state [`NetworkBuilder`].
//!
//! A network of `n` populations of leaky integrate-and-fire neurons, in NNMT's conventions:
//! connectivity matrices have the postsynaptic population as row and the presynaptic one as
//! column; potentials are relative to the reset/resting potential (`V_0_rel`, `V_th_rel`);
//! inhibitory connections have negative PSP amplitudes `J`.
//!
//! Presence of every required parameter is checked at compile time by the builder (its
//! states are named in [`builder`]); validity (shapes, signs, finiteness) at run time by
//! [`NetworkBuilder::build`]. The SI view of a network that the kernels use is built in
//! `network/si.rs` (`From<&Network<S>>`), the one place where a network's units are stripped.

pub mod builder;
mod delay;
mod param;
mod si;

pub use builder::{
    HasExternalInput, HasInDegrees, HasRefractoryTime, HasResetPotential, HasThreshold,
    HasTimeConstant, HasWeights, NetworkBuilder, Unset,
};
pub use delay::{DelayDistribution, DelayMatrix, Delays, delay_matrix};
pub use param::PerPopulation;

use crate::kernel::NeuronSi;
use crate::pop::{PopMatrix, PopVec};
use crate::units::{Capacitance, ElectricCurrent, ElectricPotential, Frequency, Time};

/// Marker: the network's synapses are delta pulses (no synaptic time constant).
///
/// Functions for exponential synapses take a [`Network<ExpSynapses>`] and so cannot be
/// called on a network built without `tau_s`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DeltaSynapses;

/// The network's synapses are exponentially decaying currents with time constant `tau_s`
/// (per postsynaptic population).
#[derive(Clone, Debug, PartialEq)]
pub struct ExpSynapses {
    pub(crate) tau_s: PopVec<Time>,
}

impl ExpSynapses {
    /// The synaptic time constant τ_s of each population.
    pub fn tau_s(&self) -> &PopVec<Time> {
        &self.tau_s
    }
}

/// The parameters of one population's LIF neurons (single-population functions take this).
///
/// Potentials are relative to the reset potential, as in NNMT (`V_0_rel`, `V_th_rel`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LifNeuron {
    /// Membrane time constant τ_m (> 0).
    pub tau_m: Time,
    /// Refractory time τ_r (≥ 0).
    pub tau_r: Time,
    /// Spike threshold V_th, relative to the resting potential.
    pub v_th: ElectricPotential,
    /// Reset potential V_0, relative to the resting potential (< V_th).
    pub v_0: ElectricPotential,
}

/// A validated LIF network of `n` populations driven by `n_ext` external populations.
///
/// Built with [`Network::builder`]; immutable afterwards. `S` is [`DeltaSynapses`] or
/// [`ExpSynapses`] (the latter when the builder was given `tau_s`).
///
/// # Examples
/// A two-population E–I network (Brunel 2000, model A):
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::network::Network;
/// use nnmt::units::*;
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net = Network::builder()
///     .k([[1000.0, 250.0], [1000.0, 250.0]])
///     .j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]])
///     .tau_m(Time::new::<millisecond>(20.0))
///     .tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(20.0))
///     .v_0(mv(10.0))
///     .external([[1000.0], [1000.0]], [[mv(0.1)], [mv(0.1)]], [Frequency::new::<hertz>(20.0)])
///     .build()?;
/// assert_eq!(net.len(), 2);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Network<S = DeltaSynapses> {
    pub(crate) k: PopMatrix<f64>,
    pub(crate) j: PopMatrix<ElectricPotential>,
    pub(crate) tau_m: PopVec<Time>,
    pub(crate) tau_r: PopVec<Time>,
    pub(crate) v_th: PopVec<ElectricPotential>,
    pub(crate) v_0: PopVec<ElectricPotential>,
    pub(crate) k_ext: PopMatrix<f64>,
    pub(crate) j_ext: PopMatrix<ElectricPotential>,
    pub(crate) nu_ext: PopVec<Frequency>,
    pub(crate) dc: Option<(PopVec<ElectricCurrent>, PopVec<Capacitance>)>,
    pub(crate) names: Option<Vec<String>>,
    pub(crate) delays: Option<Delays>,
    pub(crate) sizes: Option<PopVec<f64>>,
    pub(crate) synapses: S,
}

impl Network<DeltaSynapses> {
    /// Starts a builder with no parameter set.
    pub fn builder() -> NetworkBuilder {
        NetworkBuilder::new()
    }

    /// The same network with exponential synapses of time constant τ_s (> 0, seconds), one
    /// for all populations or one per population (anything that converts into a
    /// [`PerPopulation<Time>`], as for [`NetworkBuilder::tau_s`]).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if a per-population τ_s does not
    /// have one entry per population; [`Error::InvalidParameter`](crate::Error::InvalidParameter)
    /// if a τ_s is not finite and > 0.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::network::Network;
    /// use nnmt::units::*;
    /// let mv = |v| ElectricPotential::new::<millivolt>(v);
    /// let net = Network::builder()
    ///     .k([[100.0]]).j([[mv(0.2)]])
    ///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
    ///     .v_th(mv(15.0)).v_0(mv(0.0))
    ///     .external([[100.0]], [[mv(0.2)]], [Frequency::new::<hertz>(10.0)])
    ///     .build()?;
    /// let exp = net.with_tau_s(Time::new::<millisecond>(0.5))?;
    /// assert_eq!(exp.synapses().tau_s().len(), 1);
    /// # Ok(()) }
    /// ```
    pub fn with_tau_s(self, tau_s: impl builder::IntoTauS) -> crate::Result<Network<ExpSynapses>> {
        use builder::SynapseSlot;
        let synapses = builder::TauS::new(tau_s.into_value()).finish(self.len())?;
        Ok(Network {
            k: self.k,
            j: self.j,
            tau_m: self.tau_m,
            tau_r: self.tau_r,
            v_th: self.v_th,
            v_0: self.v_0,
            k_ext: self.k_ext,
            j_ext: self.j_ext,
            nu_ext: self.nu_ext,
            dc: self.dc,
            names: self.names,
            delays: self.delays,
            sizes: self.sizes,
            synapses,
        })
    }
}

impl<S> Network<S> {
    /// Number of populations `n`.
    pub fn len(&self) -> usize {
        self.k.nrows()
    }

    /// Always `false`: a network has at least one population.
    pub fn is_empty(&self) -> bool {
        self.k.nrows() == 0
    }

    /// Number of external populations `n_ext`.
    pub fn n_ext(&self) -> usize {
        self.k_ext.ncols()
    }

    /// In-degrees `K` (n×n, row = postsynaptic).
    pub fn k(&self) -> &PopMatrix<f64> {
        &self.k
    }
    /// PSP amplitudes `J` (n×n, row = postsynaptic; negative for inhibitory sources).
    pub fn j(&self) -> &PopMatrix<ElectricPotential> {
        &self.j
    }
    /// Membrane time constants τ_m.
    pub fn tau_m(&self) -> &PopVec<Time> {
        &self.tau_m
    }
    /// Refractory times τ_r.
    pub fn tau_r(&self) -> &PopVec<Time> {
        &self.tau_r
    }
    /// Thresholds V_th (relative to the resting potential).
    pub fn v_th(&self) -> &PopVec<ElectricPotential> {
        &self.v_th
    }
    /// Reset potentials V_0 (relative to the resting potential).
    pub fn v_0(&self) -> &PopVec<ElectricPotential> {
        &self.v_0
    }
    /// External in-degrees `K_ext` (n×n_ext).
    pub fn k_ext(&self) -> &PopMatrix<f64> {
        &self.k_ext
    }
    /// External PSP amplitudes `J_ext` (n×n_ext).
    pub fn j_ext(&self) -> &PopMatrix<ElectricPotential> {
        &self.j_ext
    }
    /// External rates `nu_ext` (n_ext).
    pub fn nu_ext(&self) -> &PopVec<Frequency> {
        &self.nu_ext
    }
    /// DC input current `I_ext` and membrane capacitance `C`, if given.
    pub fn dc_input(&self) -> Option<(&PopVec<ElectricCurrent>, &PopVec<Capacitance>)> {
        self.dc.as_ref().map(|(i, c)| (i, c))
    }
    /// Population names, if given.
    pub fn population_names(&self) -> Option<&[String]> {
        self.names.as_deref()
    }
    /// The synaptic delays (`Delay`, `Delay_sd`, `delay_dist`), if given.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::Microcircuit;
    /// use nnmt::network::DelayDistribution;
    /// let net = Microcircuit::bos2016().network()?;
    /// let delays = net.delays().unwrap();
    /// assert_eq!(delays.distribution(), DelayDistribution::TruncatedGaussian);
    /// # Ok(()) }
    /// ```
    pub fn delays(&self) -> Option<&Delays> {
        self.delays.as_ref()
    }
    /// The number of neurons N of each population (> 0), if given; the power spectra
    /// ([`crate::lif::linear_response::power_spectra`]) need them.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::Microcircuit;
    /// let net = Microcircuit::bos2016().network()?;
    /// assert_eq!(net.population_sizes().unwrap().get(0), Some(20683.0));
    /// # Ok(()) }
    /// ```
    pub fn population_sizes(&self) -> Option<&PopVec<f64>> {
        self.sizes.as_ref()
    }
    /// The synapse model (its parameters, for [`ExpSynapses`]).
    pub fn synapses(&self) -> &S {
        &self.synapses
    }

    /// The neuron parameters of population `i`, or `None` if out of range.
    pub fn neuron(&self, i: usize) -> Option<LifNeuron> {
        Some(LifNeuron {
            tau_m: self.tau_m.get(i)?,
            tau_r: self.tau_r.get(i)?,
            v_th: self.v_th.get(i)?,
            v_0: self.v_0.get(i)?,
        })
    }
}
