//! Network models that derive the [`Network`] parameters from an NNMT parameter file or from
//! physiological parameters, as NNMT's `nnmt.models` do.
//!
//! | NNMT model | here | derives |
//! |---|---|---|
//! | `Plain` | [`ModelKind::Plain`], [`plain`] | nothing: `K`, `J`, `tau_m`, `tau_r`, `V_th_rel`, `V_0_rel`, `K_ext`, `J_ext`, `nu_ext` (+ optional `tau_s`, `I_ext`/`C`) as given |
//! | `Basic` | [`ModelKind::Basic`], [`basic`] | `J = tau_s/C · W`, `J_ext = tau_s/C · W_ext`, `V_th_rel = V_th_abs − V_0_abs`, `V_0_rel = 0` |
//! | `Microcircuit` | [`ModelKind::Microcircuit`], [`Microcircuit`] | `J` from `w` and `g` (Potjans & Diesmann 2014), as [`Microcircuit::network`] says |
//!
//! A file is read with [`load_network`] (or [`crate::io::load_param_file`] and then
//! [`ModelKind::network`]); which model applies is chosen by the caller or detected from
//! the keys by [`ModelKind::detect`]. The analysis frequencies of an analysis-parameter file
//! come from [`analysis::omegas`].
//!
//! Keys a model does not read (`N`, `label`, `nu_e_ext`, `tau_m_ext`, `mu_set`, ...) are
//! ignored, as NNMT carries them along unused. Where NNMT's numpy broadcasting gives a
//! convention that is ambiguous or physically doubtful, the file is rejected with
//! [`IoError::Unsupported`] naming the key and saying what to write instead (see
//! [`plain`] for the external-input rules).

pub mod analysis;
mod basic;
mod microcircuit;
pub(crate) mod params;
mod plain;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

pub use basic::basic;
pub use microcircuit::{DelayDistribution, Microcircuit};
pub use plain::plain;

use crate::error::Result;
use crate::io::{IoError, ParamMap, load_param_file};
use crate::network::{DeltaSynapses, ExpSynapses, Network};
use crate::pop::PopMatrix;
use crate::units::{Capacitance, ElectricCurrent, ElectricPotential, Frequency, SiValue, Time};

/// Which NNMT model turns a parameter file into a network.
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
    /// [`crate::Error::Io`] naming the file and key for a missing key, a wrong unit or shape,
    /// or an unsupported convention; the errors of
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

impl FromStr for ModelKind {
    type Err = String;
    /// Parses `plain`, `basic` or `microcircuit` (any letter case).
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "plain" => Ok(Self::Plain),
            "basic" => Ok(Self::Basic),
            "microcircuit" => Ok(Self::Microcircuit),
            _ => Err(format!(
                "unknown model '{s}': expected plain, basic or microcircuit"
            )),
        }
    }
}

/// A network read from a file: with delta synapses, or with exponential synapses when the
/// file gives `tau_s` (always so for Basic and Microcircuit).
#[derive(Clone, Debug, PartialEq)]
pub enum AnyNetwork {
    /// No synaptic time constant in the file.
    Delta(Network<DeltaSynapses>),
    /// Exponentially decaying synaptic currents with the file's `tau_s`.
    Exp(Network<ExpSynapses>),
}

impl AnyNetwork {
    /// Number of populations.
    pub fn len(&self) -> usize {
        match self {
            Self::Delta(n) => n.len(),
            Self::Exp(n) => n.len(),
        }
    }

    /// Always `false`: a network has at least one population.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Population names, if the file gave them.
    pub fn population_names(&self) -> Option<&[String]> {
        match self {
            Self::Delta(n) => n.population_names(),
            Self::Exp(n) => n.population_names(),
        }
    }

    /// The network with exponential synapses, if it has them.
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
/// [`crate::Error::Io`]: [`IoError::NotANetwork`] if `model` is `None` and no model
/// matches the keys; any error of [`load_param_file`] and [`ModelKind::network`].
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
    let params = load_param_file(path)?;
    let model = match model.or_else(|| ModelKind::detect(&params)) {
        Some(m) => m,
        None => {
            return Err(IoError::NotANetwork {
                source_name: params.source_name().to_string(),
                reason: "none of the key sets of the models is present (Microcircuit: \
                         V_th_abs, w, g; Basic: V_th_abs, W; Plain: J, V_th_rel); choose \
                         the model explicitly to see which keys are missing"
                    .into(),
            }
            .into());
        }
    };
    Ok((model, model.network(&params)?))
}

/// A network's parameters in SI units, as read from a file, before validation.
pub(crate) struct NetworkSi {
    pub names: Option<Vec<String>>,
    pub k: PopMatrix<f64>,
    /// V, n × n
    pub j: Vec<Vec<f64>>,
    /// s
    pub tau_m: Vec<f64>,
    /// s
    pub tau_r: Vec<f64>,
    /// V
    pub v_th: Vec<f64>,
    /// V
    pub v_0: Vec<f64>,
    pub external: params::ExternalSi,
    /// s, per population
    pub tau_s: Option<Vec<f64>>,
    /// (A, F) per population
    pub dc: Option<(Vec<f64>, Vec<f64>)>,
}

fn si_vec<Q: SiValue>(v: &[f64]) -> Vec<Q> {
    v.iter().map(|&x| Q::from_si(x)).collect()
}

fn si_matrix<Q: SiValue>(parameter: &'static str, rows: &[Vec<f64>]) -> Result<PopMatrix<Q>> {
    let rows: Vec<Vec<Q>> = rows.iter().map(|r| si_vec(r)).collect();
    PopMatrix::try_from_rows(parameter, &rows)
}

impl NetworkSi {
    pub(crate) fn build(self) -> Result<AnyNetwork> {
        let ext = self.external;
        let b = Network::builder()
            .k(self.k)
            .j(si_matrix::<ElectricPotential>("J", &self.j)?)
            .tau_m(si_vec::<Time>(&self.tau_m))
            .tau_r(si_vec::<Time>(&self.tau_r))
            .v_th(si_vec::<ElectricPotential>(&self.v_th))
            .v_0(si_vec::<ElectricPotential>(&self.v_0))
            .external(
                ext.k_ext,
                si_matrix::<ElectricPotential>("J_ext", &ext.j_ext)?,
                si_vec::<Frequency>(&ext.nu_ext),
            )
            .maybe_dc_input(
                self.dc
                    .as_ref()
                    .map(|(i_ext, c)| (si_vec::<ElectricCurrent>(i_ext), si_vec::<Capacitance>(c))),
            )
            .maybe_populations(self.names);
        Ok(match self.tau_s {
            Some(t) => AnyNetwork::Exp(b.tau_s(si_vec::<Time>(&t)).build()?),
            None => AnyNetwork::Delta(b.build()?),
        })
    }
}
