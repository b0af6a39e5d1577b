//! NNMT's `Basic` model: PSC amplitudes and absolute potentials.

use super::params::{
    delays, external, map_matrix, map_shaped, population_names, population_sizes,
    positive_capacitance, square, uniform,
};
use super::{AnyNetwork, NetworkParts};
use crate::error::Result;
use crate::io::{ParamMap, Shaped};
use crate::pop::PopVec;
use crate::units::{Capacitance, ElectricCurrent, ElectricPotential, Time, volt};

const UNIFORM_WHY: &str = "NNMT's tau_s / C * W multiplies the COLUMNS (source populations) \
    of W by a per-population tau_s / C, while tau_s and C belong to the target neuron; give a \
    single value, or use the Plain model with J computed explicitly";

/// Builds the network of a `Basic` parameter file (NNMT `nnmt.models.Basic`):
///
/// - `J = tau_s / C · W` and `J_ext = tau_s / C · W_ext` (PSC → PSP amplitude);
/// - `V_th_rel = V_th_abs − V_0_abs`, `V_0_rel = 0` (potentials relative to the reset,
///   NNMT's convention; `E_L` is not read);
/// - `K`, `K_ext`, `nu_ext`, `tau_m`, `tau_r`, `I_ext` as in [`plain`](super::plain),
///   with `W_ext` in the role of `J_ext`; the network has exponential synapses `tau_s`;
/// - the optional delays `Delay`, `Delay_sd`, `delay_dist` and population sizes `N` as in
///   [`plain`](super::plain) (NNMT's Basic derives no delays either).
///
/// Required keys: `populations` (n names), `C`, `tau_s` (single values, see Errors),
/// `W` (n × n, current), `W_ext` (current), `K`, `K_ext`, `nu_ext`, `tau_m`, `tau_r`,
/// `V_th_abs`, `V_0_abs`.
///
/// # Errors
/// [`crate::Error::Io`] naming the file, key and line for a missing key or a wrong unit or
/// shape; [`crate::Error::Unsupported`] for per-population `tau_s` or `C` that differ (NNMT
/// applies them to the columns of `W`, a convention this crate does not copy) or the
/// ambiguous external input described at [`plain`](super::plain); the errors of
/// [`NetworkBuilder::build`](crate::network::NetworkBuilder::build) for invalid values.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::models::{basic, AnyNetwork};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let p = nnmt::io::load_param_file(format!(
///     "{dir}/tests/data/nnmt-params/examples/minimal_usage_example/network_params.yaml"
/// ))?;
/// let AnyNetwork::Exp(net) = basic(&p)? else { unreachable!() };
/// assert_eq!(net.population_names().unwrap()[0], "23E");
/// # Ok(()) }
/// ```
pub fn basic(params: &ParamMap) -> Result<AnyNetwork> {
    let p = params;
    let names = population_names(p)?.ok_or_else(|| p.missing("populations"))?;
    let n = names.len();
    let c = positive_capacitance(p, uniform::<Capacitance>(p, "C", UNIFORM_WHY)?)?;
    let tau_s = uniform::<Time>(p, "tau_s", UNIFORM_WHY)?;
    // PSC → PSP amplitude, V/A
    let factor = tau_s / c;
    let psp = |w: ElectricCurrent| -> ElectricPotential { factor * w };
    let j = map_matrix("J", &square::<ElectricCurrent>(p, "W", n)?, psp)?;
    let k = square::<f64>(p, "K", n)?;
    let tau_m = p.per_population::<Time>("tau_m", n)?;
    let tau_r = p.per_population::<Time>("tau_r", n)?;
    let v_th_abs = p.per_population::<ElectricPotential>("V_th_abs", n)?;
    let v_0_abs = p.per_population::<ElectricPotential>("V_0_abs", n)?;
    let v_th = v_th_abs
        .iter()
        .zip(v_0_abs.iter())
        .map(|(t, r)| t - r)
        .collect();
    let j_ext = map_shaped("J_ext", p.get::<Shaped<ElectricCurrent>>("W_ext")?, psp)?;
    let external = external(p, n, j_ext, "W_ext")?;
    let dc = if p.contains_key("I_ext") {
        Some((
            p.per_population::<ElectricCurrent>("I_ext", n)?,
            PopVec::uniform(n, c),
        ))
    } else {
        None
    };
    NetworkParts {
        names: Some(names),
        k,
        j,
        tau_m,
        tau_r,
        v_th,
        v_0: PopVec::uniform(n, ElectricPotential::new::<volt>(0.0)),
        external,
        tau_s: Some(PopVec::uniform(n, tau_s)),
        dc,
        delays: delays(p, n)?,
        sizes: population_sizes(p, n)?,
    }
    .build()
}
