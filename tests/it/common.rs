//! Loading the reference JSON files (schema `nnmt-oracle/1`) and building networks from them.

use nnmt::network::{ExpSynapses, Network};
use nnmt::pop::PopMatrix;
use nnmt::units::*;
use serde_json::Value;

pub fn load(path: &str) -> Value {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// A number; the strings "NaN", "Infinity", "-Infinity" and mpmath decimal strings (which
/// may lie outside the f64 range: they parse to 0 or ±inf) are accepted.
pub fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().expect("f64"),
        Value::String(s) => match s.as_str() {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            other => other.parse().unwrap_or_else(|e| panic!("{other}: {e}")),
        },
        other => panic!("not a number: {other}"),
    }
}

pub fn vec(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().map(num).collect(),
        other => vec![num(other)],
    }
}

pub fn mat(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().expect("matrix").iter().map(vec).collect()
}

pub fn rel_err(got: f64, want: f64) -> f64 {
    if got.to_bits() == want.to_bits() {
        0.0
    } else {
        ((got - want) / want).abs()
    }
}

/// A matrix of potentials (rows of volts), e.g. `J`.
pub fn volts(rows: &[Vec<f64>]) -> PopMatrix<ElectricPotential> {
    let rows: Vec<Vec<ElectricPotential>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|&x| ElectricPotential::new::<volt>(x))
                .collect()
        })
        .collect();
    PopMatrix::try_from_rows("J", &rows).expect("rectangular")
}

fn numbers(rows: &[Vec<f64>]) -> PopMatrix<f64> {
    PopMatrix::try_from_rows("K", rows).expect("rectangular")
}

fn per_pop<Q: SiValue>(v: &Value, n: usize) -> Vec<Q> {
    let x = vec(v);
    if x.len() == 1 {
        vec![Q::from_si(x[0]); n]
    } else {
        x.into_iter().map(Q::from_si).collect()
    }
}

/// External input as an explicit n × n_ext matrix: a 1-D `K_ext` with a scalar `nu_ext`
/// is NNMT's per-population drive by one external rate (a single external population).
fn external(k_ext: &Value, j_ext: &Value, n: usize) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let to_mat = |v: &Value| -> Vec<Vec<f64>> {
        match v {
            Value::Array(a) if a.first().is_some_and(Value::is_array) => mat(v),
            _ => {
                let x = vec(v);
                (0..n)
                    .map(|i| vec![if x.len() == 1 { x[0] } else { x[i] }])
                    .collect()
            }
        }
    };
    (to_mat(k_ext), to_mat(j_ext))
}

/// A delta network from the `inputs` of a reference file, keys optionally prefixed
/// (`"sdm."`); `nu_ext` overrides the file's external rate.
pub fn network(inputs: &Value, prefix: &str, nu_ext: Option<f64>) -> Network {
    let get = |k: &str| &inputs[format!("{prefix}{k}")];
    let k = mat(get("K"));
    let n = k.len();
    let (k_ext, j_ext) = external(get("K_ext"), get("J_ext"), n);
    let nu_ext = nu_ext.map_or_else(|| vec(get("nu_ext")), |v| vec![v]);
    Network::builder()
        .k(numbers(&k))
        .j(volts(&mat(get("J"))))
        .tau_m(per_pop::<Time>(get("tau_m"), n))
        .tau_r(per_pop::<Time>(get("tau_r"), n))
        .v_th(per_pop::<ElectricPotential>(get("V_th_rel"), n))
        .v_0(per_pop::<ElectricPotential>(get("V_0_rel"), n))
        .external(
            numbers(&k_ext),
            volts(&j_ext),
            nu_ext
                .into_iter()
                .map(Frequency::new::<hertz>)
                .collect::<Vec<_>>(),
        )
        .build()
        .expect("reference network is valid")
}

/// As [`network`], with exponential synapses of the file's `tau_s` (or `tau_s` if given).
pub fn exp_network(
    inputs: &Value,
    prefix: &str,
    nu_ext: Option<f64>,
    tau_s: Option<f64>,
) -> Network<ExpSynapses> {
    let net = network(inputs, prefix, nu_ext);
    let tau_s = tau_s.unwrap_or_else(|| num(&inputs[format!("{prefix}tau_s")]));
    net.with_tau_s(Time::new::<second>(tau_s))
        .expect("valid tau_s")
}

/// Every `.yaml` file below `dir`, in sorted order (appended to `out`).
pub fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(p);
        }
    }
}
