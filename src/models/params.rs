//! Reading model parameters from a [`ParamMap`]: shapes checked against the number of
//! populations, errors naming the file and the key.

use crate::io::unit::{DIMENSIONLESS, Dimension, FREQUENCY};
use crate::io::yaml::{Array, ScalarOrVector};
use crate::io::{IoError, ParamMap};
use crate::pop::PopMatrix;

pub(crate) fn shape_error(p: &ParamMap, key: &str, expected: String, found: String) -> IoError {
    IoError::WrongShape {
        source_name: p.source_name().to_string(),
        key: key.to_string(),
        expected,
        found,
    }
}

pub(crate) fn unsupported(p: &ParamMap, key: &str, reason: String) -> IoError {
    IoError::Unsupported {
        source_name: p.source_name().to_string(),
        key: key.to_string(),
        reason,
    }
}

/// A per-population value (SI): a single number (broadcast) or a list of `n`.
pub(crate) fn per_pop(
    p: &ParamMap,
    key: &str,
    dim: Dimension,
    n: usize,
) -> Result<Vec<f64>, IoError> {
    let v = p.vector_or_scalar_si(key, dim)?;
    v.broadcast(n).ok_or_else(|| {
        let found = match &v {
            ScalarOrVector::Vector(x) => format!("a list of {} values", x.len()),
            ScalarOrVector::Scalar(_) => "a single value".into(),
        };
        shape_error(
            p,
            key,
            format!("a single value or a list of {n} (one per population)"),
            found,
        )
    })
}

/// A value that models use as one number for all populations (SI): a scalar, or a list
/// whose entries are all equal.
pub(crate) fn uniform(p: &ParamMap, key: &str, dim: Dimension, why: &str) -> Result<f64, IoError> {
    match p.vector_or_scalar_si(key, dim)? {
        ScalarOrVector::Scalar(x) => Ok(x),
        ScalarOrVector::Vector(v) => match v.first() {
            Some(&first) if v.iter().all(|&x| x.to_bits() == first.to_bits()) => Ok(first),
            _ => Err(unsupported(
                p,
                key,
                format!("per-population values that differ are not supported here: {why}"),
            )),
        },
    }
}

/// An `n × n` matrix (SI).
pub(crate) fn square(
    p: &ParamMap,
    key: &str,
    dim: Dimension,
    n: usize,
) -> Result<Vec<Vec<f64>>, IoError> {
    let m = p.matrix_si(key, dim)?;
    if m.len() != n || m.first().map_or(0, Vec::len) != n {
        return Err(shape_error(
            p,
            key,
            format!("a {n}x{n} matrix (one row and column per population)"),
            format!("a {}x{} matrix", m.len(), m.first().map_or(0, Vec::len)),
        ));
    }
    Ok(m)
}

/// Number of populations from `populations` (if given) or the rows of `key`.
pub(crate) fn population_names(p: &ParamMap) -> Result<Option<Vec<String>>, IoError> {
    if p.contains_key("populations") {
        let names = p.strings("populations")?;
        if names.is_empty() {
            return Err(shape_error(
                p,
                "populations",
                "at least one population name".into(),
                "an empty list".into(),
            ));
        }
        Ok(Some(names.to_vec()))
    } else {
        Ok(None)
    }
}

/// The external drive in the explicit form the [`Network`](crate::network::Network) takes:
/// `K_ext` and `J_ext` as n × n_ext matrices, `nu_ext` with n_ext entries (SI).
pub(crate) struct ExternalSi {
    pub k_ext: PopMatrix<f64>,
    pub j_ext: Vec<Vec<f64>>,
    pub nu_ext: Vec<f64>,
}

/// Resolves NNMT's external-input conventions (`_mean_input`: `np.dot(K_ext * J_ext,
/// nu_ext)`) into explicit matrices.
///
/// - `K_ext` an n × n_ext matrix: n_ext external populations. `J_ext` is a single value, a
///   list of n_ext (one per external population, numpy's broadcasting onto columns) or an
///   n × n_ext matrix; `nu_ext` a list of n_ext rates (a single rate if n_ext = 1).
/// - `K_ext` a single number or a list of n: ONE external population with per-target
///   in-degrees. `J_ext` a single value, a list of n (per target) or an n × 1 matrix;
///   `nu_ext` a single rate. A list of several rates here is NNMT's quirk Q13 (`np.dot`
///   makes it one scalar sum added to every population) and is rejected.
///
/// `j_ext` is `J_ext` already converted to volts; `j_key` names it in messages.
pub(crate) fn external(
    p: &ParamMap,
    n: usize,
    j_ext: &Array,
    j_key: &str,
) -> Result<ExternalSi, IoError> {
    let k = p.quantity("K_ext", DIMENSIONLESS)?;
    let nu = p.vector_or_scalar_si("nu_ext", FREQUENCY)?;
    let (k_ext, n_ext): (Vec<Vec<f64>>, usize) = match k {
        Array::Scalar(x) => (vec![vec![x]; n], 1),
        Array::Vector(v) if v.len() == n => (v.iter().map(|&x| vec![x]).collect(), 1),
        Array::Matrix(m) if m.len() == n && !m.first().is_none_or(Vec::is_empty) => {
            let c = m[0].len();
            (m, c)
        }
        other => {
            return Err(shape_error(
                p,
                "K_ext",
                format!(
                    "a list of {n} in-degrees (one external population) or an {n}xn_ext matrix"
                ),
                other.describe(),
            ));
        }
    };
    let nu_ext = match (&nu, n_ext) {
        (ScalarOrVector::Scalar(x), 1) => vec![*x],
        (ScalarOrVector::Vector(v), _) if v.len() == n_ext => v.clone(),
        (ScalarOrVector::Vector(v), 1) => return Err(q13(p, v.len(), n)),
        (ScalarOrVector::Scalar(_), _) => {
            return Err(shape_error(
                p,
                "nu_ext",
                format!("a list of {n_ext} rates (one per column of K_ext)"),
                "a single rate".into(),
            ));
        }
        (ScalarOrVector::Vector(v), _) => {
            return Err(shape_error(
                p,
                "nu_ext",
                format!("a list of {n_ext} rates (one per column of K_ext)"),
                format!("a list of {} rates", v.len()),
            ));
        }
    };
    let j_bad = |expected: String| shape_error(p, j_key, expected, j_ext.describe());
    let j: Vec<Vec<f64>> = match j_ext {
        Array::Scalar(x) => vec![vec![*x; n_ext]; n],
        Array::Vector(v) if n_ext == 1 && v.len() == n => v.iter().map(|&x| vec![x]).collect(),
        Array::Vector(v) if v.len() == n_ext => vec![v.clone(); n],
        Array::Matrix(m) if m.len() == n && m.first().map_or(0, Vec::len) == n_ext => m.clone(),
        _ if n_ext == 1 => {
            return Err(j_bad(format!(
                "a single value or a list of {n} (one per target population)"
            )));
        }
        _ => {
            return Err(j_bad(format!(
                "a single value, a list of {n_ext} (one per external population) or a \
                 {n}x{n_ext} matrix"
            )));
        }
    };
    let k_ext = PopMatrix::try_from_rows("K_ext", &k_ext)
        .map_err(|e| shape_error(p, "K_ext", "a rectangular matrix".into(), e.to_string()))?;
    Ok(ExternalSi {
        k_ext,
        j_ext: j,
        nu_ext,
    })
}

/// NNMT's quirk Q13: several external rates with a one-dimensional `K_ext`.
pub(crate) fn q13(p: &ParamMap, rates: usize, n: usize) -> IoError {
    unsupported(
        p,
        "nu_ext",
        format!(
            "a list of {rates} rates with a one-dimensional K_ext is ambiguous: NNMT \
             (np.dot(K_ext * J_ext, nu_ext)) adds the single sum over all entries to every \
             population (its quirk Q13), which is rarely what is meant. Give one rate for one \
             external population with per-target in-degrees K_ext, or K_ext (and J_ext) as \
             {n}xn_ext matrices with one rate per external population (Plain or Basic model)"
        ),
    )
}
