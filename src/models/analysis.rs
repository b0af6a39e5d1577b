//! Analysis parameters derived from an analysis-parameter file (NNMT's
//! `_calculate_dependent_analysis_parameters`, shared by `Basic` and `Microcircuit`).
//!
//! # Difference from NNMT
//! NNMT computes `omegas = np.arange(2π f_min, 2π f_max, 2π df)` from the *magnitudes* in
//! the file's units, so a file in kHz gives a grid 1000 times too coarse. Here `f_min`,
//! `f_max` and `df` are converted to Hz first; for files in Hz (all of NNMT's own) the grid
//! is NNMT's, bit for bit.

use crate::error::Result;
use crate::io::ParamMap;
use crate::models::params::unsupported;
use crate::units::{AngularVelocity, Frequency, hertz, radian_per_second};

/// Largest number of frequencies a grid may have (a guard against files that would
/// allocate gigabytes, such as `df: 1e-12 Hz`).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::models::analysis::{MAX_FREQUENCIES, omegas};
/// let p = parse_param_str(
///     "f_min: {val: 0, unit: Hz}\nf_max: {val: 1, unit: Hz}\ndf: {val: 1e-12, unit: Hz}\n",
///     "analysis.yaml",
/// )?;
/// assert!(omegas(&p).is_err()); // 10^12 frequencies > MAX_FREQUENCIES
/// assert_eq!(MAX_FREQUENCIES, 10_000_000);
/// # Ok(()) }
/// ```
pub const MAX_FREQUENCIES: usize = 10_000_000;

/// The analysis angular frequencies ω from `f_min`, `f_max` and `df` (frequencies), as
/// NNMT's `np.arange(2π f_min, 2π f_max, 2π df)` builds them: ω_i = ω_0 + i·Δ for
/// i = 0, 1, ... < ⌈(ω_max − ω_0)/(2π df)⌉, with ω_0 = 2π f_min and Δ = (ω_0 + 2π df) − ω_0
/// (numpy's `arange` fill). The end point 2π f_max is excluded.
///
/// Unlike NNMT, the values are converted to Hz before the grid is made (see the module
/// docs), so a file in kHz gives the right grid.
///
/// # Errors
/// [`crate::Error::Io`] naming the file, key and line if a key is missing or not a single
/// frequency; [`crate::Error::Unsupported`], also naming them, if `df ≤ 0`, `f_max < f_min`,
/// or the grid would have more than [`MAX_FREQUENCIES`] entries.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::models::analysis::omegas;
/// use nnmt::units::*;
/// let p = parse_param_str(
///     "f_min: {val: 0.1, unit: Hz}\nf_max: {val: 300, unit: Hz}\ndf: {val: 30, unit: Hz}\n",
///     "analysis.yaml",
/// )?;
/// let w = omegas(&p)?;
/// assert_eq!(w.len(), 10);
/// assert!((w[1].get::<radian_per_second>() - 2.0 * std::f64::consts::PI * 30.1).abs() < 1e-9);
/// // the same grid in kHz:
/// let p = parse_param_str(
///     "f_min: {val: 0.0001, unit: kHz}\nf_max: {val: 0.3, unit: kHz}\ndf: {val: 0.03, unit: kHz}\n",
///     "analysis_khz.yaml",
/// )?;
/// assert_eq!(omegas(&p)?.len(), 10);
/// # Ok(()) }
/// ```
pub fn omegas(params: &ParamMap) -> Result<Vec<AngularVelocity>> {
    let p = params;
    let f_min = p.get::<Frequency>("f_min")?.get::<hertz>();
    let f_max = p.get::<Frequency>("f_max")?.get::<hertz>();
    let df = p.get::<Frequency>("df")?.get::<hertz>();
    if df <= 0.0 {
        return Err(unsupported(
            p,
            "df",
            format!("the step must be > 0 Hz, got {df} Hz"),
        ));
    }
    // numpy's arange(f_min, f_max, df) is empty for f_max = f_min: an error here
    if f_max <= f_min {
        return Err(unsupported(
            p,
            "f_max",
            format!(
                "f_max = {f_max} Hz must be above f_min = {f_min} Hz (the grid runs from \
                 f_min up to, not including, f_max; f_max = f_min would give no frequency)"
            ),
        ));
    }
    let two_pi = 2.0 * std::f64::consts::PI;
    let (start, stop, step) = (two_pi * f_min, two_pi * f_max, two_pi * df);
    let len = ((stop - start) / step).ceil();
    if !(len.is_finite() && len <= MAX_FREQUENCIES as f64) {
        return Err(unsupported(
            p,
            "df",
            format!(
                "the grid from f_min = {f_min} Hz to f_max = {f_max} Hz in steps of {df} Hz \
                 would have more than {MAX_FREQUENCIES} frequencies"
            ),
        ));
    }
    let len = len.max(0.0) as usize;
    let delta = (start + step) - start;
    Ok((0..len)
        .map(|i| {
            let w = if i == 0 {
                start
            } else if i == 1 {
                start + step
            } else {
                start + i as f64 * delta
            };
            AngularVelocity::new::<radian_per_second>(w)
        })
        .collect())
}

/// The analysis frequencies f = ω / 2π of [`omegas`].
///
/// # Errors
/// As [`omegas`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::units::*;
/// let p = parse_param_str(
///     "f_min: {val: 1, unit: Hz}\nf_max: {val: 3, unit: Hz}\ndf: {val: 1, unit: Hz}\n",
///     "analysis.yaml",
/// )?;
/// let f = nnmt::models::analysis::frequencies(&p)?;
/// assert_eq!(f.len(), 2);
/// assert!((f[1].get::<hertz>() - 2.0).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn frequencies(params: &ParamMap) -> Result<Vec<Frequency>> {
    let two_pi = 2.0 * std::f64::consts::PI;
    Ok(omegas(params)?
        .into_iter()
        .map(|w| Frequency::new::<hertz>(w.get::<radian_per_second>() / two_pi))
        .collect())
}

/// The analysis angular frequencies of an analysis-parameter file, from whichever way the
/// file gives them:
/// - `frequencies`: an explicit list (or a single value) of ordinary frequencies f in any
///   frequency unit (`Hz`, `kHz`, ...), e.g. a logarithmic grid; ω = 2π f;
/// - `omegas`: an explicit list of *angular* frequencies, as NNMT stores them in the
///   analysis dictionary it saves (its `Plain` files write the unit as `hertz`, i.e. 1/s,
///   and mean rad/s): ω is the value in 1/s;
/// - otherwise `f_min`, `f_max`, `df`: the grid of [`omegas`].
///
/// An explicit list takes precedence over `f_min`, `f_max`, `df` in the same file (NNMT's
/// saved analysis files hold both, the list being the grid derived from them).
///
/// # Errors
/// - [`crate::Error::Unsupported`] naming both keys if the file gives both `frequencies` and
///   `omegas`; naming the key if the list is empty, longer than [`MAX_FREQUENCIES`], or has
///   a value that is not finite and ≥ 0;
/// - [`crate::Error::Io`] naming the file, key and line if the value is not a frequency
///   (or a list of them);
/// - the errors of [`omegas`] when neither list is given.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::models::analysis::analysis_omegas;
/// use nnmt::units::*;
/// let p = parse_param_str("frequencies: {val: [1, 10, 100], unit: Hz}\n", "log.yaml")?;
/// let w = analysis_omegas(&p)?;
/// assert!((w[1].get::<radian_per_second>() - 20.0 * std::f64::consts::PI).abs() < 1e-12);
/// // NNMT's angular omegas, stored with the unit hertz:
/// let p = parse_param_str("omegas: {val: [0.5, 1.5], unit: hertz}\n", "plain.yaml")?;
/// assert_eq!(analysis_omegas(&p)?[1].get::<radian_per_second>(), 1.5);
/// // a negative frequency names the key
/// let p = parse_param_str("frequencies: {val: [-1, 2], unit: Hz}\n", "bad.yaml")?;
/// assert!(analysis_omegas(&p).unwrap_err().to_string().contains("'frequencies'"));
/// # Ok(()) }
/// ```
pub fn analysis_omegas(params: &ParamMap) -> Result<Vec<AngularVelocity>> {
    use crate::network::PerPopulation;
    let p = params;
    let has_f = p.contains_key("frequencies");
    let has_w = p.contains_key("omegas");
    let (key, scale) = match (has_f, has_w) {
        (true, true) => {
            return Err(unsupported(
                p,
                "omegas",
                "the file gives both 'frequencies' and 'omegas': give one of them".into(),
            ));
        }
        (true, false) => ("frequencies", 2.0 * std::f64::consts::PI),
        (false, true) => ("omegas", 1.0),
        (false, false) => return omegas(p),
    };
    let values: Vec<f64> = match p.get::<PerPopulation<Frequency>>(key)? {
        PerPopulation::All(q) => vec![q.get::<hertz>()],
        PerPopulation::Each(v) => v.iter().map(|q| q.get::<hertz>()).collect(),
    };
    if values.is_empty() {
        return Err(unsupported(
            p,
            key,
            "the list of frequencies is empty".into(),
        ));
    }
    if values.len() > MAX_FREQUENCIES {
        return Err(unsupported(
            p,
            key,
            format!("more than {MAX_FREQUENCIES} frequencies"),
        ));
    }
    if let Some((i, v)) = values
        .iter()
        .enumerate()
        .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
    {
        return Err(unsupported(
            p,
            key,
            format!("every frequency must be finite and ≥ 0, got {v} (entry {i}, in 1/s)"),
        ));
    }
    Ok(values
        .into_iter()
        .map(|v| AngularVelocity::new::<radian_per_second>(scale * v))
        .collect())
}
