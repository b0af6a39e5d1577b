//! NNMT's `Plain` model: the network parameters as they are used.

use super::params::{delays, external, population_names, population_sizes, square};
use super::{AnyNetwork, NetworkParts};
use crate::error::Result;
use crate::io::{ParamMap, Shaped};
use crate::pop::PopMatrix;
use crate::units::{Capacitance, ElectricCurrent, ElectricPotential, Time};

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
/// | `Delay`, `Delay_sd` (optional) | time | n × n, a list of n (per source column) or one value: mean and spread of the delays |
/// | `delay_dist` (optional) | – | `none` (default), `gaussian`, `truncated_gaussian` or `lognormal` |
/// | `N` (optional) | – | one value or n: population sizes (for the power spectra) |
///
/// n is the number of `populations` if given, else the number of rows of `K`.
///
/// # External input (NNMT's `np.dot` quirk)
/// NNMT computes `np.dot(K_ext * J_ext, nu_ext)`, whose meaning depends on the shapes. Here:
/// - `K_ext` an n × n_ext matrix: n_ext external populations; `J_ext` a single value, a list
///   of n_ext (one per external population) or an n × n_ext matrix; `nu_ext` n_ext rates
///   (one rate if n_ext = 1);
/// - `K_ext` a list of n (or a single number): ONE external population with per-target
///   in-degrees; `J_ext` a single value or a list of n (per target); `nu_ext` one rate.
///   A list of several rates is rejected ([`Error::Unsupported`](crate::Error::Unsupported)
///   naming `nu_ext`): NNMT would add the single inner product
///   `Σ_k K_ext[k] J_ext[k] nu_ext[k]` to every population, which is rarely what is meant.
///
/// # Errors
/// [`crate::Error::Io`] naming the file, key and line for a missing key or a wrong unit or
/// shape; [`crate::Error::Unsupported`] for the ambiguous external input above or an unknown
/// `delay_dist` (naming the key and its line); [`crate::Error::InvalidParameter`] for
/// negative or non-finite delays (naming `Delay` or `Delay_sd`); the errors of
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
        None => p.get::<PopMatrix<f64>>("K")?.nrows(),
    };
    let k = square::<f64>(p, "K", n)?;
    let j = match p.get::<Shaped<ElectricPotential>>("J")? {
        Shaped::Scalar(x) => PopMatrix::uniform(n, n, x),
        Shaped::List(v) if v.len() == n => PopMatrix::try_from_rows("J", &vec![v; n])?,
        Shaped::Matrix(_) => square(p, "J", n)?,
        other => {
            return Err(p
                .wrong_shape(
                    "J",
                    &format!(
                        "a {n}x{n} matrix, a list of {n} (one per source population) or a \
                         single value"
                    ),
                    other.describe(),
                )
                .into());
        }
    };
    // read in this order so that the first problem of a file is the one reported
    let tau_m = p.per_population::<Time>("tau_m", n)?;
    let tau_r = p.per_population::<Time>("tau_r", n)?;
    let v_th = p.per_population::<ElectricPotential>("V_th_rel", n)?;
    let v_0 = p.per_population::<ElectricPotential>("V_0_rel", n)?;
    let j_ext = p.get::<Shaped<ElectricPotential>>("J_ext")?;
    let external = external(p, n, j_ext, "J_ext")?;
    let tau_s = if p.contains_key("tau_s") {
        Some(p.per_population::<Time>("tau_s", n)?)
    } else {
        None
    };
    let dc = if p.contains_key("I_ext") {
        Some((
            p.per_population::<ElectricCurrent>("I_ext", n)?,
            p.per_population::<Capacitance>("C", n)?,
        ))
    } else {
        None
    };
    NetworkParts {
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
        delays: delays(p, n)?,
        sizes: population_sizes(p, n)?,
    }
    .build()
}
