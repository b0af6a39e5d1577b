//! Loads every NNMT 1.3.0 parameter file (copies under `data/nnmt-params/`).

use crate::common::yaml_files;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use nnmt::io::unit::{
    CAPACITANCE, CURRENT, DIMENSIONLESS, Dimension, FREQUENCY, FREQUENCY_PER_VOLTAGE,
    INVERSE_LENGTH, LENGTH, TIME, VOLTAGE, parse_unit,
};
use nnmt::io::yaml::{Array, IoError, ParamMap, ParamValue, ScalarOrVector, load_param_file};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nnmt-params")
}

fn all_files() -> Vec<PathBuf> {
    let mut v = Vec::new();
    yaml_files(&data_dir(), &mut v);
    v
}

fn load(rel: &str) -> ParamMap {
    load_param_file(data_dir().join(rel)).unwrap_or_else(|e| panic!("{e}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// Physical dimension of every quantity key that occurs in NNMT's files.
fn expected_dimension(key: &str) -> Option<Dimension> {
    Some(match key {
        "D"
        | "D_mean"
        | "D_std"
        | "T_init"
        | "binwidth"
        | "d"
        | "d_e"
        | "d_e_sd"
        | "d_i"
        | "d_i_sd"
        | "tau_m"
        | "tau_m_ext"
        | "tau_r"
        | "tau_rate"
        | "tau_s"
        | "quantity"
        | "quantity_list"
        | "quantity_two_d_array" => TIME,
        "E_L" | "J" | "J_eff" | "J_ext" | "V_0_abs" | "V_0_rel" | "V_m" | "V_reset"
        | "V_th_abs" | "V_th_rel" | "j" | "mean_input_1" | "mean_input_2" | "mean_input_set"
        | "mu" | "mu_set" | "sigma" | "sigma_1" | "sigma_2" | "sigma_set" | "std_input_set"
        | "theta" => VOLTAGE,
        "I_ext" | "W" | "W_ext" | "w" | "w_ext" => CURRENT,
        "C" => CAPACITANCE,
        "df" | "f_max" | "f_min" | "nu" | "nu_e_ext" | "nu_ext" | "nu_i_ext" | "omega"
        | "omegas" => FREQUENCY,
        "dk" | "k_max" | "k_min" => INVERSE_LENGTH,
        "width" => LENGTH,
        "transfer_function" => FREQUENCY_PER_VOLTAGE,
        _ => return None,
    })
}

#[test]
fn every_nnmt_yaml_file_loads() {
    let files = all_files();
    assert_eq!(files.len(), 62, "expected the 62 YAML files of NNMT 1.3.0");
    // unit string -> files using it
    let mut units: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut n_quantities = 0;
    let mut duplicates = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(data_dir()).unwrap().display().to_string();
        let p = load_param_file(f).unwrap_or_else(|e| panic!("{e}"));
        assert!(!p.is_empty(), "{rel}");
        if !p.duplicate_keys().is_empty() {
            println!(
                "{rel}: repeated keys {:?} (last value kept)",
                p.duplicate_keys()
            );
            duplicates.push((rel.clone(), p.duplicate_keys().to_vec()));
        }
        for (key, v) in p.iter() {
            match v {
                ParamValue::Quantity { unit, unit_str, .. } => {
                    n_quantities += 1;
                    units
                        .entry(unit_str.clone())
                        .or_default()
                        .insert(rel.clone());
                    // the quantity is accessible in SI with its own dimension ...
                    p.quantity(key, unit.dim)
                        .unwrap_or_else(|e| panic!("{rel}: {e}"));
                    // ... and that dimension is the physically right one
                    let want = expected_dimension(key)
                        .unwrap_or_else(|| panic!("{rel}: no expected dimension for '{key}'"));
                    assert_eq!(unit.dim, want, "{rel}: key '{key}' unit '{unit_str}'");
                }
                ParamValue::Number(_) => {
                    p.quantity(key, DIMENSIONLESS).unwrap();
                }
                ParamValue::Map(_) => panic!("{rel}: no NNMT file has nested mappings ({key})"),
                _ => {}
            }
        }
    }
    println!("{n_quantities} quantities in {} files", files.len());
    println!("unit string -> parsed -> files");
    for (u, fs) in &units {
        let parsed = parse_unit(u).unwrap();
        println!(
            "  {u:?} -> factor {:e}, dimension {} ({} files)",
            parsed.factor,
            parsed.dim,
            fs.len()
        );
        for f in fs {
            println!("      {f}");
        }
    }
    assert_eq!(duplicates.len(), 3, "{duplicates:?}");
    // `hertz / volt` occurs only as the value of a stray top-level `unit:` key
    // (sensitivity_measure/microcircuit.yaml), which NNMT reads as a string.
    let found: Vec<&str> = units.keys().map(String::as_str).collect();
    assert_eq!(
        found,
        [
            "1 / mm",
            "1/mm",
            "Hz",
            "V",
            "hertz / millivolt",
            "mV",
            "millimeter",
            "millisecond",
            "millivolt",
            "mm",
            "ms",
            "pA",
            "pF",
            "s"
        ]
    );
}

#[test]
fn bos2016_network_params() {
    let p = load("fixtures/integration/config/Bos2016_network_params.yaml");
    let pops = p.strings("populations").unwrap();
    assert_eq!(pops, ["23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I"]);
    let n = pops.len();
    assert!(close(p.scalar_si("tau_m", TIME).unwrap(), 0.01));
    assert!(close(p.scalar_si("tau_r", TIME).unwrap(), 0.002));
    assert!(close(p.scalar_si("tau_s", TIME).unwrap(), 0.0005));
    assert!(close(p.scalar_si("C", CAPACITANCE).unwrap(), 2.5e-10));
    assert!(close(p.scalar_si("V_0_abs", VOLTAGE).unwrap(), -0.065));
    assert!(close(p.scalar_si("V_th_abs", VOLTAGE).unwrap(), -0.05));
    assert!(close(p.scalar_si("d_e", TIME).unwrap(), 0.0015));
    assert!(close(p.scalar_si("d_i_sd", TIME).unwrap(), 0.00075));
    assert!(close(p.scalar_si("w", CURRENT).unwrap(), 87.8e-12));
    assert!(close(p.scalar_si("nu_ext", FREQUENCY).unwrap(), 8.0));
    assert!(close(p.scalar_si("g", DIMENSIONLESS).unwrap(), 4.0));
    assert_eq!(p.string("delay_dist").unwrap(), "truncated_gaussian");
    let k = p.matrix_si("K", DIMENSIONLESS).unwrap();
    assert_eq!(k.len(), n);
    assert!(k.iter().all(|row| row.len() == n));
    assert!(close(k[0][0], 2199.86486));
    assert!(close(k[7][7], 459.402985));
    let k_ext = p.vector_si("K_ext", DIMENSIONLESS).unwrap();
    assert_eq!(
        k_ext,
        [
            1600.0, 1500.0, 1780.0, 1900.0, 2000.0, 1900.0, 2900.0, 2100.0
        ]
    );
    let big_n = p.vector_si("N", DIMENSIONLESS).unwrap();
    assert_eq!(big_n.len(), n);
    assert!(close(big_n[0], 20683.0));
    assert_eq!(p.vector_si("nu_e_ext", FREQUENCY).unwrap(), vec![0.0; n]);
    assert_eq!(p.unit_str("tau_m"), Some("ms"));
    // file order is kept
    assert_eq!(p.keys().next(), Some("populations"));
    assert_eq!(p.keys().last(), Some("tau_m_ext"));
    // typed errors on real data
    let e = p.scalar_si("tau_m", VOLTAGE).unwrap_err();
    assert!(
        e.to_string().ends_with(
            "Bos2016_network_params.yaml: key 'tau_m': expected a voltage (V), found unit 'ms' (a time, s)"
        ),
        "{e}"
    );
    let e = p.scalar_si("K_ext", FREQUENCY).unwrap_err();
    assert!(
        matches!(e, IoError::WrongDimension { unit: None, .. }),
        "{e}"
    );
    assert!(matches!(
        p.scalar_si("tau_d", TIME),
        Err(IoError::MissingKey { .. })
    ));
}

#[test]
fn bos2016_analysis_params() {
    let p = load("fixtures/integration/config/Bos2016_analysis_params.yaml");
    assert!(close(p.scalar_si("f_min", FREQUENCY).unwrap(), 0.1));
    assert!(close(p.scalar_si("f_max", FREQUENCY).unwrap(), 500.0));
    assert!(close(
        p.scalar_si("df", FREQUENCY).unwrap(),
        1.0 / (2.0 * std::f64::consts::PI)
    ));
}

#[test]
fn senk2020_spatial_units() {
    let p = load("examples/mapping_lif_rate_and_spatial_patterns/Senk2020_network_params.yaml");
    let width = p.vector_or_scalar_si("width", LENGTH).unwrap();
    let w = match width {
        ScalarOrVector::Scalar(x) => vec![x],
        ScalarOrVector::Vector(v) => v,
    };
    assert!(
        w.iter().all(|&x| x > 0.0 && x < 1.0),
        "{w:?} should be in metres"
    );
    let a = load("examples/mapping_lif_rate_and_spatial_patterns/Senk2020_analysis_params.yaml");
    let k_min = a.scalar_si("k_min", INVERSE_LENGTH).unwrap();
    let raw = match a.get("k_min") {
        Some(ParamValue::Quantity {
            values: Array::Scalar(x),
            ..
        }) => *x,
        other => panic!("{other:?}"),
    };
    assert!(close(k_min, raw * 1000.0), "1/mm -> 1/m multiplies by 1000");
}

#[test]
fn unit_fixtures() {
    let p = load("fixtures/unit/config/test.yaml");
    assert_eq!(p.string("string").unwrap(), "test");
    assert_eq!(p.strings("list_of_strings").unwrap(), ["spam", "ham"]);
    assert!(close(p.scalar_si("numerical", DIMENSIONLESS).unwrap(), 1.0));
    assert_eq!(p.vector_si("list", DIMENSIONLESS).unwrap(), [1.0, 2.0, 3.0]);
    assert_eq!(
        p.matrix_si("two_d_array", DIMENSIONLESS).unwrap()[2],
        [7.0, 8.0, 9.0]
    );
    assert!(close(p.scalar_si("quantity", TIME).unwrap(), 1.0));
    assert_eq!(
        p.matrix_si("quantity_two_d_array", TIME).unwrap()[1],
        [4.0, 5.0, 6.0]
    );

    // three-dimensional arrays; a stray top-level `unit` key kept as a string
    let p = load("fixtures/unit/config/lif/sensitivity_measure/microcircuit.yaml");
    let d = p.tensor3_si("D", DIMENSIONLESS).unwrap();
    assert_eq!((d.len(), d[0].len(), d[0][0].len()), (7, 8, 8));
    let ec = p
        .tensor3_si("effective_connectivity", DIMENSIONLESS)
        .unwrap();
    assert_eq!(ec.len(), 7);
    assert_eq!(p.string("unit").unwrap(), "hertz / volt");
    // NNMT reads `transfer_function: {val: ...}` (the unit line is mis-indented) as unitless
    assert_eq!(
        p.matrix_si("transfer_function", DIMENSIONLESS)
            .unwrap()
            .len(),
        7
    );
    assert_eq!(p.string("resorted_eigenvalues_mask").unwrap(), "None");

    let p = load("fixtures/unit/config/lif/sensitivity_measure/fully_vectorized.yaml");
    assert_eq!(p.tensor3_si("D", TIME).unwrap().len(), 3);
    let tf = p
        .quantity("transfer_function", FREQUENCY_PER_VOLTAGE)
        .unwrap();
    assert_eq!(p.unit_str("transfer_function"), Some("hertz / millivolt"));
    assert_eq!(tf.shape().len(), 2);

    // val-only mappings
    let p = load("fixtures/integration/config/Schuecker2015_parameters.yaml");
    assert!(close(p.scalar_si("n_freqs", DIMENSIONLESS).unwrap(), 500.0));
    assert!(close(
        p.scalar_si("f_start_exponent", DIMENSIONLESS).unwrap(),
        -1.0
    ));

    // a repeated key: the last value wins, as in PyYAML
    let p = load("fixtures/integration/config/lif_exp/firing_rates_with_external_dc_current.yaml");
    assert_eq!(p.duplicate_keys(), ["C"]);
    assert!(close(p.scalar_si("C", CAPACITANCE).unwrap(), 1e-12));

    // booleans
    let p = load("fixtures/unit/config/lif/covs/small_spectral_radius.yaml");
    assert!(!p.boolean("multapses").unwrap());
    assert!(p.boolean("gaussianize").unwrap());
    assert_eq!(p.string("connection_rule").unwrap(), "fixed_indegree");
}
