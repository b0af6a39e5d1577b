//! Network models that derive the [`Network`] parameters from an NNMT parameter file or from
//! physiological parameters, as NNMT's `nnmt.models` do.
//!
//! | NNMT model | here | derives |
//! |---|---|---|
//! | `Plain` | [`ModelKind::Plain`], [`plain`] | nothing: `K`, `J`, `tau_m`, `tau_r`, `V_th_rel`, `V_0_rel`, `K_ext`, `J_ext`, `nu_ext` (+ optional `tau_s`, `I_ext`/`C`, `Delay`/`Delay_sd`/`delay_dist`, `N`) as given |
//! | `Basic` | [`ModelKind::Basic`], [`basic`] | `J = tau_s/C · W`, `J_ext = tau_s/C · W_ext`, `V_th_rel = V_th_abs − V_0_abs`, `V_0_rel = 0` (delays and `N` as given, as in Plain) |
//! | `Microcircuit` | [`ModelKind::Microcircuit`], [`Microcircuit`] | `J` from `w` and `g` (Potjans & Diesmann 2014), the delays `Delay`, `Delay_sd` from `d_e`, `d_i`, `d_e_sd`, `d_i_sd`, as [`Microcircuit::network`] says |
//!
//! A file is read with [`load_network`] (or [`crate::io::load_param_file`] and then
//! [`ModelKind::network`]); which model applies is chosen by the caller or detected from
//! the keys by [`ModelKind::detect`]. The analysis frequencies of an analysis-parameter file
//! come from [`analysis::omegas`].
//!
//! Keys a model does not read (`label`, `nu_e_ext`, `tau_m_ext`, `mu_set`, ...) are
//! ignored, as NNMT carries them along unused. Where NNMT's numpy broadcasting gives a
//! convention that is ambiguous or physically doubtful, the file is rejected with
//! [`Error::Unsupported`] naming the file, the key and its line
//! and saying what to write instead (see [`plain`] for the external-input rules).
//!
//! Every value is read as a quantity of the type the model needs
//! ([`ParamMap::get`](crate::io::ParamMap::get)), which checks its unit, and goes into the
//! [`Network`] builder as it is.

pub mod analysis;
mod basic;
mod microcircuit;
pub(crate) mod params;
mod plain;

use std::fmt;
use std::path::Path;

pub use crate::network::DelayDistribution;
pub use basic::basic;
pub use microcircuit::Microcircuit;
pub use plain::plain;

use crate::error::{Error, Result};
use crate::io::{ParamMap, load_param_file};
use crate::network::{Delays, DeltaSynapses, ExpSynapses, Network};
use crate::pop::{PopMatrix, PopVec};
use crate::units::{Capacitance, ElectricCurrent, ElectricPotential, Time};

/// Which NNMT model turns a parameter file into a network.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::models::{ModelKind, load_network};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let file = format!("{dir}/tests/data/plain_brunel_a.yaml");
/// let (model, net) = load_network(&file, Some(ModelKind::Plain))?;
/// assert_eq!((model, net.len()), (ModelKind::Plain, 2));
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelKind {
    /// NNMT `Plain`: the network parameters are given as they are used.
    Plain,
    /// NNMT `Basic`: PSC amplitudes `W`, `W_ext` and absolute potentials.
    Basic,
    /// NNMT `Microcircuit`: the Potjans–Diesmann construction from `w` and `g`.
    Microcircuit,
}

impl ModelKind {
    /// Guesses the model from the keys of a parameter file:
    ///
    /// 1. `V_th_abs`, `w` and `g` → [`Microcircuit`](Self::Microcircuit) (its inputs);
    /// 2. `V_th_abs` and `W` → [`Basic`](Self::Basic);
    /// 3. `J` and `V_th_rel` → [`Plain`](Self::Plain);
    /// 4. otherwise `None`: not a network file of these models (single-population inputs
    ///    such as `mu`/`sigma` grids, analysis parameters, binary networks, networks given
    ///    by connection probabilities `p`, ...).
    ///
    /// A detected model may still fail to build, with a message naming the key (a Plain
    /// file without `K`, say).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::parse_param_str;
    /// use nnmt::models::ModelKind;
    /// let p = parse_param_str("V_th_abs: {val: -50, unit: mV}\nw: {val: 87.8, unit: pA}\ng: 4\n", "x.yaml")?;
    /// assert_eq!(ModelKind::detect(&p), Some(ModelKind::Microcircuit));
    /// let p = parse_param_str("f_min: {val: 0.1, unit: Hz}\n", "x.yaml")?;
    /// assert_eq!(ModelKind::detect(&p), None);
    /// # Ok(()) }
    /// ```
    pub fn detect(params: &ParamMap) -> Option<Self> {
        let has = |k: &str| params.contains_key(k);
        if has("V_th_abs") && has("w") && has("g") {
            Some(Self::Microcircuit)
        } else if has("V_th_abs") && has("W") {
            Some(Self::Basic)
        } else if has("J") && has("V_th_rel") {
            Some(Self::Plain)
        } else {
            None
        }
    }

    /// Builds the network of this model from a parameter file's contents.
    ///
    /// # Errors
    /// [`crate::Error::Io`] naming the file, key and line for a missing key or a wrong unit
    /// or shape; [`crate::Error::Unsupported`] for an unsupported convention; the errors of
    /// [`NetworkBuilder::build`](crate::network::NetworkBuilder::build) for invalid values.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::ModelKind;
    /// let dir = env!("CARGO_MANIFEST_DIR");
    /// let p = nnmt::io::load_param_file(format!(
    ///     "{dir}/tests/data/nnmt-params/examples/minimal_usage_example/network_params.yaml"
    /// ))?;
    /// let net = ModelKind::Basic.network(&p)?;
    /// assert_eq!(net.len(), 8);
    /// # Ok(()) }
    /// ```
    pub fn network(self, params: &ParamMap) -> Result<AnyNetwork> {
        match self {
            Self::Plain => plain(params),
            Self::Basic => basic(params),
            Self::Microcircuit => Ok(AnyNetwork::Exp(
                Microcircuit::from_params(params)?.network()?,
            )),
        }
    }

    /// The name as NNMT spells the model class in lower case (`plain`, `basic`,
    /// `microcircuit`).
    ///
    /// # Examples
    /// ```
    /// use nnmt::models::ModelKind;
    /// assert_eq!(ModelKind::Microcircuit.name(), "microcircuit");
    /// assert_eq!(ModelKind::Basic.to_string(), "basic");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::Basic => "basic",
            Self::Microcircuit => "microcircuit",
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A network read from a file: with delta synapses, or with exponential synapses when the
/// file gives `tau_s` (always so for Basic and Microcircuit).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::models::{AnyNetwork, load_network};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let (_, net) = load_network(format!("{dir}/tests/data/plain_brunel_a.yaml"), None)?;
/// assert!(matches!(net, AnyNetwork::Delta(_)));
/// assert!(net.as_exp().is_none());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum AnyNetwork {
    /// No synaptic time constant in the file.
    Delta(Network<DeltaSynapses>),
    /// Exponentially decaying synaptic currents with the file's `tau_s`.
    Exp(Network<ExpSynapses>),
}

impl AnyNetwork {
    /// Number of populations.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::{AnyNetwork, Microcircuit};
    /// let net = AnyNetwork::Exp(Microcircuit::bos2016().network()?);
    /// assert_eq!(net.len(), 8);
    /// # Ok(()) }
    /// ```
    pub fn len(&self) -> usize {
        match self {
            Self::Delta(n) => n.len(),
            Self::Exp(n) => n.len(),
        }
    }

    /// Always `false`: a network has at least one population.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::{AnyNetwork, Microcircuit};
    /// assert!(!AnyNetwork::Exp(Microcircuit::bos2016().network()?).is_empty());
    /// # Ok(()) }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Population names, if the file gave them.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::{AnyNetwork, Microcircuit};
    /// let net = AnyNetwork::Exp(Microcircuit::bos2016().network()?);
    /// assert_eq!(net.population_names().unwrap()[7], "6I");
    /// # Ok(()) }
    /// ```
    pub fn population_names(&self) -> Option<&[String]> {
        match self {
            Self::Delta(n) => n.population_names(),
            Self::Exp(n) => n.population_names(),
        }
    }

    /// The network with exponential synapses, if it has them.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::{AnyNetwork, Microcircuit};
    /// let net = AnyNetwork::Exp(Microcircuit::bos2016().network()?);
    /// assert_eq!(net.as_exp().map(|n| n.len()), Some(8));
    /// # Ok(()) }
    /// ```
    pub fn as_exp(&self) -> Option<&Network<ExpSynapses>> {
        match self {
            Self::Exp(n) => Some(n),
            Self::Delta(_) => None,
        }
    }
}

/// Reads a network parameter file with the given model, or the one
/// [`ModelKind::detect`] finds; returns the model used and the network.
///
/// # Errors
/// [`Error::NotANetwork`] if `model` is `None` and no model matches the keys; any error of
/// [`load_param_file`] and [`ModelKind::network`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::models::{ModelKind, load_network};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let file = format!("{dir}/tests/data/nnmt-params/fixtures/integration/config/Bos2016_network_params.yaml");
/// let (model, net) = load_network(&file, None)?;
/// assert_eq!(model, ModelKind::Microcircuit);
/// assert_eq!(net.population_names().unwrap()[2], "4E");
/// # Ok(()) }
/// ```
pub fn load_network(
    path: impl AsRef<Path>,
    model: Option<ModelKind>,
) -> Result<(ModelKind, AnyNetwork)> {
    network_from_params(&load_param_file(path)?, model)
}

/// The network of parameters already read (e.g. with
/// [`load_param_file_with`](crate::io::load_param_file_with)), with the given model or the one
/// [`ModelKind::detect`] finds; returns the model used and the network.
///
/// # Errors
/// [`Error::NotANetwork`] if `model` is `None` and no model matches the keys; any error of
/// [`ModelKind::network`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::load_param_file;
/// use nnmt::models::{ModelKind, network_from_params};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let file = format!("{dir}/tests/data/nnmt-params/fixtures/integration/config/Bos2016_network_params.yaml");
/// let params = load_param_file(&file)?;
/// assert!(params.duplicate_keys().is_empty());
/// let (model, net) = network_from_params(&params, None)?;
/// assert_eq!((model, net.len()), (ModelKind::Microcircuit, 8));
/// # Ok(()) }
/// ```
pub fn network_from_params(
    params: &ParamMap,
    model: Option<ModelKind>,
) -> Result<(ModelKind, AnyNetwork)> {
    let model = match model.or_else(|| ModelKind::detect(params)) {
        Some(m) => m,
        None => {
            return Err(Error::NotANetwork {
                source_name: params.source_name().to_string(),
                reason: "none of the key sets of the models is present (Microcircuit: \
                         V_th_abs, w, g; Basic: V_th_abs, W; Plain: J, V_th_rel); choose \
                         the model explicitly to see which keys are missing"
                    .into(),
            });
        }
    };
    Ok((model, model.network(params)?))
}

/// A network's parameters as read from a file, before validation: what the Plain and
/// Basic models hand to the [`Network`] builder.
pub(crate) struct NetworkParts {
    pub names: Option<Vec<String>>,
    pub k: PopMatrix<f64>,
    pub j: PopMatrix<ElectricPotential>,
    pub tau_m: PopVec<Time>,
    pub tau_r: PopVec<Time>,
    pub v_th: PopVec<ElectricPotential>,
    pub v_0: PopVec<ElectricPotential>,
    pub external: params::External,
    /// Exponential synapses, if given.
    pub tau_s: Option<PopVec<Time>>,
    /// DC input current and membrane capacitance, if given.
    pub dc: Option<(PopVec<ElectricCurrent>, PopVec<Capacitance>)>,
    /// Synaptic delays, if given (`Delay`, `Delay_sd`, `delay_dist`).
    pub delays: Option<Delays>,
    /// Population sizes `N`, if given.
    pub sizes: Option<PopVec<f64>>,
}

impl NetworkParts {
    /// Builds and validates the network (the one place the Plain and Basic models call
    /// the builder).
    pub(crate) fn build(self) -> Result<AnyNetwork> {
        let ext = self.external;
        let mut b = Network::builder()
            .k(self.k)
            .j(self.j)
            .tau_m(self.tau_m)
            .tau_r(self.tau_r)
            .v_th(self.v_th)
            .v_0(self.v_0)
            .external(ext.k_ext, ext.j_ext, ext.nu_ext)
            .maybe_dc_input(self.dc)
            .maybe_populations(self.names);
        if let Some(d) = self.delays {
            b = b.delays(d);
        }
        if let Some(sizes) = self.sizes {
            b = b.population_sizes(sizes);
        }
        Ok(match self.tau_s {
            Some(t) => AnyNetwork::Exp(b.tau_s(t).build()?),
            None => AnyNetwork::Delta(b.build()?),
        })
    }
}
