//! Reading model parameters from a [`ParamMap`]: shapes checked against the number of
//! populations, errors naming the file, the key and its line.

use crate::error::{Error, Result};
use crate::io::unit::FileQuantity;
use crate::io::{IoError, ParamMap, Shaped};
use crate::network::{DelayDistribution, Delays, PerPopulation};
use crate::pop::{PopMatrix, PopVec};
use crate::units::{Capacitance, ElectricPotential, Frequency, SiValue, Time, picofarad};

/// [`Error::Unsupported`] about `key`, naming the file and the line of the key.
pub(crate) fn unsupported(p: &ParamMap, key: &str, reason: String) -> Error {
    Error::Unsupported {
        source_name: p.source_name().to_string(),
        key: p.full_key(key),
        line: p.line(key),
        reason,
    }
}

/// A value that models use as one number for all populations: a single value, or a list
/// whose entries are all equal.
pub(crate) fn uniform<Q: FileQuantity>(p: &ParamMap, key: &str, why: &str) -> Result<Q> {
    match p.get::<PerPopulation<Q>>(key)? {
        PerPopulation::All(q) => Ok(q),
        PerPopulation::Each(v) => match v.get(0) {
            Some(first) if v.iter().all(|q| q == first) => Ok(first),
            _ => Err(unsupported(
                p,
                key,
                format!("per-population values that differ are not supported here: {why}"),
            )),
        },
    }
}

/// An `n × n` matrix of quantity `Q`.
pub(crate) fn square<Q: FileQuantity>(
    p: &ParamMap,
    key: &str,
    n: usize,
) -> std::result::Result<PopMatrix<Q>, IoError> {
    let m = p.get::<PopMatrix<Q>>(key)?;
    if m.nrows() != n || m.ncols() != n {
        return Err(p.wrong_shape(
            key,
            &format!("a {n}x{n} matrix (one row and column per population)"),
            format!("a {}x{} matrix", m.nrows(), m.ncols()),
        ));
    }
    Ok(m)
}

/// The population names (`populations`), if given.
pub(crate) fn population_names(p: &ParamMap) -> std::result::Result<Option<Vec<String>>, IoError> {
    if p.contains_key("populations") {
        let names = p.strings("populations")?;
        if names.is_empty() {
            return Err(p.wrong_shape(
                "populations",
                "at least one population name",
                "an empty list".into(),
            ));
        }
        unique_names(p, names)?;
        Ok(Some(names.to_vec()))
    } else {
        Ok(None)
    }
}

/// A population name given twice is an error naming it.
pub(crate) fn unique_names(p: &ParamMap, names: &[String]) -> std::result::Result<(), IoError> {
    let mut seen = std::collections::HashMap::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        if let Some(first) = seen.insert(name.as_str(), i) {
            return Err(p.wrong_shape(
                "populations",
                "distinct population names",
                format!("'{name}' twice (at positions {first} and {i})"),
            ));
        }
    }
    Ok(())
}

/// A capacitance that models divide by (J = τ_s w / C) must be > 0.
pub(crate) fn positive_capacitance(p: &ParamMap, c: Capacitance) -> Result<Capacitance> {
    if c.get::<picofarad>() > 0.0 {
        Ok(c)
    } else {
        Err(unsupported(
            p,
            "C",
            format!(
                "the membrane capacitance must be > 0 (J = tau_s w / C divides by it), got {} pF",
                c.get::<picofarad>()
            ),
        ))
    }
}

/// `m` with `f` applied to every element.
pub(crate) fn map_matrix<Q: SiValue, R: SiValue>(
    parameter: &'static str,
    m: &PopMatrix<Q>,
    f: impl Fn(Q) -> R,
) -> Result<PopMatrix<R>> {
    let rows: Vec<Vec<R>> = (0..m.nrows())
        .filter_map(|i| m.row(i))
        .map(|row| row.iter().map(&f).collect())
        .collect();
    PopMatrix::try_from_rows(parameter, &rows)
}

/// `s` with `f` applied to every element, keeping the shape.
pub(crate) fn map_shaped<Q: SiValue, R: SiValue>(
    parameter: &'static str,
    s: Shaped<Q>,
    f: impl Fn(Q) -> R,
) -> Result<Shaped<R>> {
    Ok(match s {
        Shaped::Scalar(q) => Shaped::Scalar(f(q)),
        Shaped::List(v) => Shaped::List(v.into_iter().map(f).collect()),
        Shaped::Matrix(m) => Shaped::Matrix(map_matrix(parameter, &m, f)?),
        Shaped::Array3(t) => Shaped::Array3(
            t.iter()
                .map(|m| map_matrix(parameter, m, &f))
                .collect::<Result<_>>()?,
        ),
    })
}

/// The external drive in the explicit form the [`Network`](crate::network::Network) takes:
/// `K_ext` and `J_ext` as n × n_ext matrices, `nu_ext` with n_ext entries.
pub(crate) struct External {
    pub k_ext: PopMatrix<f64>,
    pub j_ext: PopMatrix<ElectricPotential>,
    pub nu_ext: PopVec<Frequency>,
}

/// Resolves NNMT's external-input conventions (`_mean_input`: `np.dot(K_ext * J_ext,
/// nu_ext)`) into explicit matrices.
///
/// - `K_ext` an n × n_ext matrix: n_ext external populations. `J_ext` is a single value, a
///   list of n_ext (one per external population, numpy's broadcasting onto columns) or an
///   n × n_ext matrix; `nu_ext` a list of n_ext rates (a single rate if n_ext = 1).
/// - `K_ext` a single number or a list of n: ONE external population with per-target
///   in-degrees. `J_ext` a single value, a list of n (per target) or an n × 1 matrix;
///   `nu_ext` a single rate. A list of several rates here is NNMT's `np.dot` quirk (it
///   makes them one scalar sum added to every population) and is rejected.
///
/// `j_ext` is `J_ext` as read (or derived from `W_ext`); `j_key` names it in messages.
pub(crate) fn external(
    p: &ParamMap,
    n: usize,
    j_ext: Shaped<ElectricPotential>,
    j_key: &str,
) -> Result<External> {
    let k_col = |v: &[f64]| -> Result<PopMatrix<f64>> {
        let rows: Vec<Vec<f64>> = v.iter().map(|&x| vec![x]).collect();
        PopMatrix::try_from_rows("K_ext", &rows)
    };
    let (k_ext, n_ext) = match p.get::<Shaped<f64>>("K_ext")? {
        Shaped::Scalar(x) => (PopMatrix::uniform(n, 1, x), 1),
        Shaped::List(v) if v.len() == n => (k_col(&v)?, 1),
        Shaped::Matrix(m) if m.nrows() == n && m.nrows() > 0 && m.ncols() > 0 => {
            let c = m.ncols();
            (m, c)
        }
        other => {
            return Err(p
                .wrong_shape(
                    "K_ext",
                    &format!(
                        "a list of {n} in-degrees (one external population) or an {n}xn_ext matrix"
                    ),
                    other.describe(),
                )
                .into());
        }
    };
    let rates = |what: String| {
        p.wrong_shape(
            "nu_ext",
            &format!("a list of {n_ext} rates (one per column of K_ext)"),
            what,
        )
    };
    let nu_ext: PopVec<Frequency> = match (p.get::<PerPopulation<Frequency>>("nu_ext")?, n_ext) {
        (PerPopulation::All(x), 1) => PopVec::uniform(1, x),
        (PerPopulation::Each(v), _) if v.len() == n_ext => v,
        (PerPopulation::Each(v), 1) => return Err(ambiguous_external_rates(p, v.len(), n)),
        (PerPopulation::All(_), _) => return Err(rates("a single rate".into()).into()),
        (PerPopulation::Each(v), _) => {
            return Err(rates(format!("a list of {} rates", v.len())).into());
        }
    };
    let found = j_ext.describe();
    let j_bad = |expected: String| p.wrong_shape(j_key, &expected, found.clone());
    let j: PopMatrix<ElectricPotential> = match j_ext {
        Shaped::Scalar(x) => PopMatrix::uniform(n, n_ext, x),
        Shaped::List(v) if n_ext == 1 && v.len() == n => {
            let rows: Vec<Vec<ElectricPotential>> = v.iter().map(|&x| vec![x]).collect();
            PopMatrix::try_from_rows("J_ext", &rows)?
        }
        Shaped::List(v) if v.len() == n_ext => PopMatrix::try_from_rows("J_ext", &vec![v; n])?,
        Shaped::Matrix(m) if m.nrows() == n && m.ncols() == n_ext => m,
        _ if n_ext == 1 => {
            return Err(j_bad(format!(
                "a single value or a list of {n} (one per target population)"
            ))
            .into());
        }
        _ => {
            return Err(j_bad(format!(
                "a single value, a list of {n_ext} (one per external population) or a \
                 {n}x{n_ext} matrix"
            ))
            .into());
        }
    };
    Ok(External {
        k_ext,
        j_ext: j,
        nu_ext,
    })
}

/// NNMT's `np.dot` quirk: several external rates with a one-dimensional `K_ext`.
pub(crate) fn ambiguous_external_rates(p: &ParamMap, rates: usize, n: usize) -> Error {
    unsupported(
        p,
        "nu_ext",
        format!(
            "a list of {rates} rates with a one-dimensional K_ext is ambiguous: NNMT \
             (np.dot(K_ext * J_ext, nu_ext)) adds the single sum over all entries to every \
             population, which is rarely what is meant. Give one rate for one \
             external population with per-target in-degrees K_ext, or K_ext (and J_ext) as \
             {n}xn_ext matrices with one rate per external population (Plain or Basic model)"
        ),
    )
}

/// The delay distribution `delay_dist`; an unknown name is [`Error::Unsupported`] naming
/// the key and its line.
pub(crate) fn delay_distribution(p: &ParamMap) -> Result<DelayDistribution> {
    let name = p.string("delay_dist")?;
    name.parse().map_err(|_| {
        unsupported(
            p,
            "delay_dist",
            format!(
                "unknown delay distribution '{name}': expected none, gaussian, \
                 truncated_gaussian or lognormal"
            ),
        )
    })
}

/// An n × n matrix of times: a single value for all connections, a list of n (one per
/// source column, numpy's broadcasting in NNMT, as for `J`) or an n × n matrix.
fn time_matrix(p: &ParamMap, key: &str, n: usize) -> Result<PopMatrix<Time>> {
    Ok(match p.get::<Shaped<Time>>(key)? {
        Shaped::Scalar(x) => PopMatrix::uniform(n, n, x),
        Shaped::List(v) if v.len() == n => PopMatrix::try_from_rows("Delay", &vec![v; n])?,
        Shaped::Matrix(_) => square(p, key, n)?,
        other => {
            return Err(p
                .wrong_shape(
                    key,
                    &format!(
                        "a {n}x{n} matrix, a list of {n} (one per source population) or a \
                         single value"
                    ),
                    other.describe(),
                )
                .into());
        }
    })
}

/// The delays of a Plain or Basic file, as NNMT's `delay_dist_matrix` reads them: `Delay`
/// (time), `Delay_sd` (time; may be left out for `delay_dist: none`) and `delay_dist`
/// (default `none`). `None` if the file has no `Delay` (NNMT's example files give
/// `delay_dist` alone, or `d_e`, `d_i`, which only the Microcircuit model uses); a
/// `delay_dist` that is given is checked either way.
pub(crate) fn delays(p: &ParamMap, n: usize) -> Result<Option<Delays>> {
    let dist = if p.contains_key("delay_dist") {
        Some(delay_distribution(p)?)
    } else {
        None
    };
    if !p.contains_key("Delay") {
        return Ok(None);
    }
    let dist = dist.unwrap_or_default();
    let mean = time_matrix(p, "Delay", n)?;
    let sd = if p.contains_key("Delay_sd") {
        time_matrix(p, "Delay_sd", n)?
    } else if dist == DelayDistribution::None {
        PopMatrix::uniform(n, n, Time::from_si(0.0))
    } else {
        return Err(p.missing("Delay_sd").into());
    };
    Delays::new(mean, sd, dist).map(Some)
}

/// The population sizes `N` (one per population), if given.
pub(crate) fn population_sizes(p: &ParamMap, n: usize) -> Result<Option<PopVec<f64>>> {
    if p.contains_key("N") {
        Ok(Some(p.per_population::<f64>("N", n)?))
    } else {
        Ok(None)
    }
}
