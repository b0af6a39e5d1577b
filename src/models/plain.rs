//! NNMT's `Plain` model: the network parameters as they are used.

use super::params::{external, per_pop, population_names, shape_error, square};
use super::{AnyNetwork, NetworkSi};
use crate::error::Result;
use crate::io::ParamMap;
use crate::io::unit::{CAPACITANCE, CURRENT, DIMENSIONLESS, TIME, VOLTAGE};
use crate::io::yaml::Array;
use crate::pop::PopMatrix;

/// Builds the network of a `Plain` parameter file (NNMT `nnmt.models.Plain`): nothing is
/// derived, every parameter is read as it is used.
///
/// | key | unit | shape |
/// |---|---|---|
/// | `K` | – | n × n in-degrees (row = target) |
/// | `J` | voltage | n × n PSP amplitudes; a list of n is one value per *source* column, a single value is used for all (numpy's broadcasting in NNMT) |
/// | `tau_m`, `tau_r` | time | one value or n |
/// | `V_th_rel`, `V_0_rel` | voltage | one value or n (relative to the resting potential) |
/// | `K_ext`, `J_ext`, `nu_ext` | –, voltage, frequency | external input, see below |
/// | `tau_s` (optional) | time | one value or n: exponential synapses |
/// | `I_ext` and `C` (optional) | current, capacitance | one value or n: DC input τ_m I_ext / C |
/// | `populations` (optional) | – | n names |
///
/// n is the number of `populations` if given, else the number of rows of `K`.
///
/// # External input (NNMT quirk Q13)
/// NNMT computes `np.dot(K_ext * J_ext, nu_ext)`, whose meaning depends on the shapes. Here:
/// - `K_ext` an n × n_ext matrix: n_ext external populations; `J_ext` a single value, a list
///   of n_ext (one per external population) or an n × n_ext matrix; `nu_ext` n_ext rates
///   (one rate if n_ext = 1);
/// - `K_ext` a list of n (or a single number): ONE external population with per-target
///   in-degrees; `J_ext` a single value or a list of n (per target); `nu_ext` one rate.
///   A list of several rates is rejected ([`IoError::Unsupported`](crate::io::IoError)
///   naming `nu_ext`): NNMT would add the single inner product
///   `Σ_k K_ext[k] J_ext[k] nu_ext[k]` to every population, which is rarely what is meant.
///
/// # Errors
/// [`crate::Error::Io`] naming the file and key for a missing key, a wrong unit or shape or
/// the ambiguous external input above; the errors of
/// [`NetworkBuilder::build`](crate::network::NetworkBuilder::build) for invalid values
/// (negative in-degrees, `V_th_rel ≤ V_0_rel`, ...).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::models::{AnyNetwork, plain};
/// let file = "
/// K: [[1000, 250], [1000, 250]]
/// J: {val: [[0.1, -0.5], [0.1, -0.5]], unit: mV}
/// tau_m: {val: 20, unit: ms}
/// tau_r: {val: 2, unit: ms}
/// V_th_rel: {val: 20, unit: mV}
/// V_0_rel: {val: 10, unit: mV}
/// K_ext: [1000, 1000]
/// J_ext: {val: 0.1, unit: mV}
/// nu_ext: {val: 20, unit: Hz}
/// ";
/// let net = plain(&parse_param_str(file, "brunel.yaml")?)?;
/// assert!(matches!(net, AnyNetwork::Delta(_)));
/// assert_eq!(net.len(), 2);
/// # Ok(()) }
/// ```
pub fn plain(params: &ParamMap) -> Result<AnyNetwork> {
    let p = params;
    let names = population_names(p)?;
    let n = match &names {
        Some(v) => v.len(),
        None => {
            let k = p.matrix_si("K", DIMENSIONLESS)?;
            k.len()
        }
    };
    let k = square(p, "K", DIMENSIONLESS, n)?;
    let j = match p.quantity("J", VOLTAGE)? {
        Array::Scalar(x) => vec![vec![x; n]; n],
        Array::Vector(v) if v.len() == n => vec![v; n],
        Array::Matrix(_) => square(p, "J", VOLTAGE, n)?,
        other => {
            return Err(shape_error(
                p,
                "J",
                format!(
                    "a {n}x{n} matrix, a list of {n} (one per source population) or a single value"
                ),
                other.describe(),
            )
            .into());
        }
    };
    let tau_m = per_pop(p, "tau_m", TIME, n)?;
    let tau_r = per_pop(p, "tau_r", TIME, n)?;
    let v_th = per_pop(p, "V_th_rel", VOLTAGE, n)?;
    let v_0 = per_pop(p, "V_0_rel", VOLTAGE, n)?;
    let j_ext = p.quantity("J_ext", VOLTAGE)?;
    let external = external(p, n, &j_ext, "J_ext")?;
    let tau_s = if p.contains_key("tau_s") {
        Some(per_pop(p, "tau_s", TIME, n)?)
    } else {
        None
    };
    let dc = if p.contains_key("I_ext") {
        Some((
            per_pop(p, "I_ext", CURRENT, n)?,
            per_pop(p, "C", CAPACITANCE, n)?,
        ))
    } else {
        None
    };
    let k = PopMatrix::try_from_rows("K", &k)?;
    NetworkSi {
        names,
        k,
        j,
        tau_m,
        tau_r,
        v_th,
        v_0,
        external,
        tau_s,
        dc,
    }
    .build()
}
