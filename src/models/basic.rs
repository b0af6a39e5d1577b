//! NNMT's `Basic` model: PSC amplitudes and absolute potentials.

use super::params::{external, per_pop, population_names, square, uniform};
use super::{AnyNetwork, NetworkSi};
use crate::error::Result;
use crate::io::ParamMap;
use crate::io::unit::{CAPACITANCE, CURRENT, DIMENSIONLESS, TIME, VOLTAGE};
use crate::pop::PopMatrix;

const UNIFORM_WHY: &str = "NNMT's tau_s / C * W multiplies the COLUMNS (source populations) \
    of W by a per-population tau_s / C, while tau_s and C belong to the target neuron; give a \
    single value, or use the Plain model with J computed explicitly";

/// Builds the network of a `Basic` parameter file (NNMT `nnmt.models.Basic`):
///
/// - `J = tau_s / C · W` and `J_ext = tau_s / C · W_ext` (PSC → PSP amplitude);
/// - `V_th_rel = V_th_abs − V_0_abs`, `V_0_rel = 0` (potentials relative to the reset,
///   NNMT's convention; `E_L` is not read);
/// - `K`, `K_ext`, `nu_ext`, `tau_m`, `tau_r`, `I_ext` as in [`plain`](super::plain),
///   with `W_ext` in the role of `J_ext`; the network has exponential synapses `tau_s`.
///
/// Required keys: `populations` (n names), `C`, `tau_s` (single values, see Errors),
/// `W` (n × n, current), `W_ext` (current), `K`, `K_ext`, `nu_ext`, `tau_m`, `tau_r`,
/// `V_th_abs`, `V_0_abs`.
///
/// # Errors
/// [`crate::Error::Io`] naming the file and key for a missing key, a wrong unit or shape,
/// per-population `tau_s` or `C` that differ (NNMT applies them to the columns of `W`, a
/// convention this crate does not copy), or the ambiguous external input described at
/// [`plain`](super::plain); the errors of
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
    let names = population_names(p)?.ok_or_else(|| crate::io::IoError::MissingKey {
        source_name: p.source_name().to_string(),
        key: "populations".into(),
    })?;
    let n = names.len();
    let c = uniform(p, "C", CAPACITANCE, UNIFORM_WHY)?;
    let tau_s = uniform(p, "tau_s", TIME, UNIFORM_WHY)?;
    let factor = tau_s / c; // V/A
    let w = square(p, "W", CURRENT, n)?;
    let j: Vec<Vec<f64>> = w
        .iter()
        .map(|r| r.iter().map(|&x| factor * x).collect())
        .collect();
    let k = square(p, "K", DIMENSIONLESS, n)?;
    let tau_m = per_pop(p, "tau_m", TIME, n)?;
    let tau_r = per_pop(p, "tau_r", TIME, n)?;
    let v_th_abs = per_pop(p, "V_th_abs", VOLTAGE, n)?;
    let v_0_abs = per_pop(p, "V_0_abs", VOLTAGE, n)?;
    let v_th = v_th_abs.iter().zip(&v_0_abs).map(|(t, r)| t - r).collect();
    let j_ext = p.quantity("W_ext", CURRENT)?.map(|x| factor * x);
    let external = external(p, n, &j_ext, "W_ext")?;
    let dc = if p.contains_key("I_ext") {
        Some((per_pop(p, "I_ext", CURRENT, n)?, vec![c; n]))
    } else {
        None
    };
    NetworkSi {
        names: Some(names),
        k: PopMatrix::try_from_rows("K", &k)?,
        j,
        tau_m,
        tau_r,
        v_th,
        v_0: vec![0.0; n],
        external,
        tau_s: Some(vec![tau_s; n]),
        dc,
    }
    .build()
}
