//! Loads every NNMT 1.3.0 parameter file (copies under `data/nnmt-params/`).

use crate::common::yaml_files;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use nnmt::io::unit::{BaseExponents, FileQuantity, parse_unit};
use nnmt::io::{
    DuplicateKeys, IoError, ParamMap, ParamValue, Shaped, load_param_file, load_param_file_with,
};
use nnmt::network::PerPopulation;
use nnmt::pop::PopMatrix;
use nnmt::units::*;
use uom::si::f64::Length;
use uom::si::{ISQ, Quantity, SI};
use uom::typenum::{N1, Z0};

/// m⁻¹
type LinearNumberDensity = Quantity<ISQ<N1, Z0, Z0, Z0, Z0, Z0, Z0>, SI<f64>, f64>;

fn si<Q: SiValue>(q: Q) -> f64 {
    q.to_si()
}

fn si_vec<Q: SiValue>(v: Vec<Q>) -> Vec<f64> {
    v.into_iter().map(si).collect()
}

fn si_rows<Q: SiValue>(m: PopMatrix<Q>) -> Vec<Vec<f64>> {
    (0..m.nrows())
        .filter_map(|i| m.row(i))
        .map(|r| r.iter().map(si).collect())
        .collect()
}

fn si_rows3<Q: SiValue>(t: Vec<PopMatrix<Q>>) -> Vec<Vec<Vec<f64>>> {
    t.into_iter().map(si_rows).collect()
}

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

/// The physical quantity a key is: its base-unit exponents, and reading it as that type.
struct Expected {
    exponents: BaseExponents,
    read: fn(&ParamMap, &str) -> Result<(), IoError>,
}

fn quantity<Q: FileQuantity>() -> Expected {
    Expected {
        exponents: Q::EXPONENTS,
        read: |p, key| p.get::<Shaped<Q>>(key).map(drop),
    }
}

/// Physical quantity of every quantity key that occurs in NNMT's files.
fn expected_dimension(key: &str) -> Option<Expected> {
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
        | "quantity_two_d_array" => quantity::<Time>(),
        "E_L" | "J" | "J_eff" | "J_ext" | "V_0_abs" | "V_0_rel" | "V_m" | "V_reset"
        | "V_th_abs" | "V_th_rel" | "j" | "mean_input_1" | "mean_input_2" | "mean_input_set"
        | "mu" | "mu_set" | "sigma" | "sigma_1" | "sigma_2" | "sigma_set" | "std_input_set"
        | "theta" => quantity::<ElectricPotential>(),
        "I_ext" | "W" | "W_ext" | "w" | "w_ext" => quantity::<ElectricCurrent>(),
        "C" => quantity::<Capacitance>(),
        "df" | "f_max" | "f_min" | "nu" | "nu_e_ext" | "nu_ext" | "nu_i_ext" | "omega"
        | "omegas" => quantity::<Frequency>(),
        "dk" | "k_max" | "k_min" => quantity::<LinearNumberDensity>(),
        "width" => quantity::<Length>(),
        "transfer_function" => quantity::<FrequencyPerVoltage>(),
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
        // read as NNMT reads: a repeated key's last value wins
        let p = load_param_file_with(f, DuplicateKeys::LastWins).unwrap_or_else(|e| panic!("{e}"));
        assert!(!p.is_empty(), "{rel}");
        // the checked reading refuses only the file repeating a key with a different value
        match load_param_file(f) {
            Ok(_) => {}
            Err(IoError::DuplicateKey { key, .. }) if rel.ends_with("external_dc_current.yaml") => {
                assert_eq!(key, "C");
            }
            Err(e) => panic!("{e}"),
        }
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
                    // the unit has the physically right dimension ...
                    let want = expected_dimension(key)
                        .unwrap_or_else(|| panic!("{rel}: no expected dimension for '{key}'"));
                    assert_eq!(
                        unit.exponents, want.exponents,
                        "{rel}: key '{key}' unit '{unit_str}'"
                    );
                    // ... and the value is accessible as a quantity of that type
                    (want.read)(&p, key).unwrap_or_else(|e| panic!("{rel}: {e}"));
                }
                ParamValue::Number(_) => {
                    p.get::<Shaped<f64>>(key).unwrap();
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
            parsed.exponents,
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
    assert!(close(p.get::<Time>("tau_m").map(si).unwrap(), 0.01));
    assert!(close(p.get::<Time>("tau_r").map(si).unwrap(), 0.002));
    assert!(close(p.get::<Time>("tau_s").map(si).unwrap(), 0.0005));
    assert!(close(p.get::<Capacitance>("C").map(si).unwrap(), 2.5e-10));
    assert!(close(
        p.get::<ElectricPotential>("V_0_abs").map(si).unwrap(),
        -0.065
    ));
    assert!(close(
        p.get::<ElectricPotential>("V_th_abs").map(si).unwrap(),
        -0.05
    ));
    assert!(close(p.get::<Time>("d_e").map(si).unwrap(), 0.0015));
    assert!(close(p.get::<Time>("d_i_sd").map(si).unwrap(), 0.00075));
    assert!(close(
        p.get::<ElectricCurrent>("w").map(si).unwrap(),
        87.8e-12
    ));
    assert!(close(p.get::<Frequency>("nu_ext").map(si).unwrap(), 8.0));
    assert!(close(p.get::<f64>("g").map(si).unwrap(), 4.0));
    assert_eq!(p.string("delay_dist").unwrap(), "truncated_gaussian");
    let k = p.get::<PopMatrix<f64>>("K").map(si_rows).unwrap();
    assert_eq!(k.len(), n);
    assert!(k.iter().all(|row| row.len() == n));
    assert!(close(k[0][0], 2199.86486));
    assert!(close(k[7][7], 459.402985));
    let k_ext = p.get::<Vec<f64>>("K_ext").map(si_vec).unwrap();
    assert_eq!(
        k_ext,
        [
            1600.0, 1500.0, 1780.0, 1900.0, 2000.0, 1900.0, 2900.0, 2100.0
        ]
    );
    let big_n = p.get::<Vec<f64>>("N").map(si_vec).unwrap();
    assert_eq!(big_n.len(), n);
    assert!(close(big_n[0], 20683.0));
    assert_eq!(
        p.get::<Vec<Frequency>>("nu_e_ext").map(si_vec).unwrap(),
        vec![0.0; n]
    );
    assert_eq!(p.unit_str("tau_m"), Some("ms"));
    // file order is kept
    assert_eq!(p.keys().next(), Some("populations"));
    assert_eq!(p.keys().last(), Some("tau_m_ext"));
    // typed errors on real data
    let e = p.get::<ElectricPotential>("tau_m").map(si).unwrap_err();
    assert!(
        e.to_string().ends_with(
            "Bos2016_network_params.yaml:30: key 'tau_m': expected a voltage (V), found unit 'ms' (a time, s)"
        ),
        "{e}"
    );
    let e = p.get::<Frequency>("K_ext").map(si).unwrap_err();
    assert!(
        matches!(e, IoError::WrongDimension { unit: None, .. }),
        "{e}"
    );
    assert!(matches!(
        p.get::<Time>("tau_d").map(si),
        Err(IoError::MissingKey { .. })
    ));
}

/// A value of a real file arrives as a quantity, and an error names the file, the key and
/// the line of the key.
#[test]
fn file_values_are_quantities_and_errors_name_the_line() -> nnmt::Result<()> {
    let file = data_dir().join("fixtures/integration/config/Bos2016_network_params.yaml");
    let p = load_param_file(&file)?;
    assert_eq!(p.get::<Time>("tau_m")?, Time::new::<millisecond>(10.0));
    assert_eq!(
        p.get::<ElectricCurrent>("w")?,
        ElectricCurrent::new::<picoampere>(87.8)
    );
    let k: PopMatrix<f64> = p.get("K")?;
    assert_eq!(k.get(7, 7), Some(459.402985));
    assert_eq!(p.line("tau_m"), Some(30));
    let e = p.get::<ElectricPotential>("tau_m").unwrap_err();
    assert_eq!(e.line(), Some(30));
    assert_eq!(
        e.to_string(),
        format!(
            "{}:30: key 'tau_m': expected a voltage (V), found unit 'ms' (a time, s)",
            file.display()
        )
    );
    Ok(())
}

#[test]
fn bos2016_analysis_params() {
    let p = load("fixtures/integration/config/Bos2016_analysis_params.yaml");
    assert!(close(p.get::<Frequency>("f_min").map(si).unwrap(), 0.1));
    assert!(close(p.get::<Frequency>("f_max").map(si).unwrap(), 500.0));
    assert!(close(
        p.get::<Frequency>("df").map(si).unwrap(),
        1.0 / (2.0 * std::f64::consts::PI)
    ));
}

#[test]
fn senk2020_spatial_units() {
    let p = load("examples/mapping_lif_rate_and_spatial_patterns/Senk2020_network_params.yaml");
    let width = p.get::<PerPopulation<Length>>("width").unwrap();
    let w = match width {
        PerPopulation::All(x) => vec![si(x)],
        PerPopulation::Each(v) => si_vec(v.to_vec()),
    };
    assert!(
        w.iter().all(|&x| x > 0.0 && x < 1.0),
        "{w:?} should be in metres"
    );
    let a = load("examples/mapping_lif_rate_and_spatial_patterns/Senk2020_analysis_params.yaml");
    let k_min = a.get::<LinearNumberDensity>("k_min").map(si).unwrap();
    // `k_min: {val: 1.0, unit: 1 / mm}` in the file
    assert_eq!(a.unit_str("k_min"), Some("1 / mm"));
    let raw = 1.0;
    assert!(close(k_min, raw * 1000.0), "1/mm -> 1/m multiplies by 1000");
}

#[test]
fn unit_fixtures() {
    let p = load("fixtures/unit/config/test.yaml");
    assert_eq!(p.string("string").unwrap(), "test");
    assert_eq!(p.strings("list_of_strings").unwrap(), ["spam", "ham"]);
    assert!(close(p.get::<f64>("numerical").map(si).unwrap(), 1.0));
    assert_eq!(
        p.get::<Vec<f64>>("list").map(si_vec).unwrap(),
        [1.0, 2.0, 3.0]
    );
    assert_eq!(
        p.get::<PopMatrix<f64>>("two_d_array").map(si_rows).unwrap()[2],
        [7.0, 8.0, 9.0]
    );
    assert!(close(p.get::<Time>("quantity").map(si).unwrap(), 1.0));
    assert_eq!(
        p.get::<PopMatrix<Time>>("quantity_two_d_array")
            .map(si_rows)
            .unwrap()[1],
        [4.0, 5.0, 6.0]
    );

    // three-dimensional arrays; a stray top-level `unit` key kept as a string
    let p = load("fixtures/unit/config/lif/sensitivity_measure/microcircuit.yaml");
    let d = p.get::<Vec<PopMatrix<f64>>>("D").map(si_rows3).unwrap();
    assert_eq!((d.len(), d[0].len(), d[0][0].len()), (7, 8, 8));
    let ec = p
        .get::<Vec<PopMatrix<f64>>>("effective_connectivity")
        .map(si_rows3)
        .unwrap();
    assert_eq!(ec.len(), 7);
    assert_eq!(p.string("unit").unwrap(), "hertz / volt");
    // NNMT reads `transfer_function: {val: ...}` (the unit line is mis-indented) as unitless
    assert_eq!(
        p.get::<PopMatrix<f64>>("transfer_function")
            .map(si_rows)
            .unwrap()
            .len(),
        7
    );
    assert_eq!(p.string("resorted_eigenvalues_mask").unwrap(), "None");

    let p = load("fixtures/unit/config/lif/sensitivity_measure/fully_vectorized.yaml");
    assert_eq!(
        p.get::<Vec<PopMatrix<Time>>>("D")
            .map(si_rows3)
            .unwrap()
            .len(),
        3
    );
    let tf = p
        .get::<Shaped<FrequencyPerVoltage>>("transfer_function")
        .unwrap();
    assert_eq!(p.unit_str("transfer_function"), Some("hertz / millivolt"));
    assert!(matches!(tf, Shaped::Matrix(_)), "{tf:?}");

    // val-only mappings
    let p = load("fixtures/integration/config/Schuecker2015_parameters.yaml");
    assert!(close(p.get::<f64>("n_freqs").map(si).unwrap(), 500.0));
    assert!(close(
        p.get::<f64>("f_start_exponent").map(si).unwrap(),
        -1.0
    ));

    // a repeated key: the last value wins, as in PyYAML, when asked for
    let p = load_param_file_with(
        data_dir()
            .join("fixtures/integration/config/lif_exp/firing_rates_with_external_dc_current.yaml"),
        DuplicateKeys::LastWins,
    )
    .unwrap();
    assert_eq!(p.duplicate_keys(), ["C"]);
    assert!(close(p.get::<Capacitance>("C").map(si).unwrap(), 1e-12));

    // booleans
    let p = load("fixtures/unit/config/lif/covs/small_spectral_radius.yaml");
    assert!(!p.boolean("multapses").unwrap());
    assert!(p.boolean("gaussianize").unwrap());
    assert_eq!(p.string("connection_rule").unwrap(), "fixed_indegree");
}

/// A Plain network file of `n` populations with full `K` and `J` matrices (flow style, as
/// NNMT's files write them), 4–5 bytes per matrix element.
fn plain_file_text(n: usize) -> String {
    let mut s = String::with_capacity(20 * n * n + 1000);
    s.push_str("populations: [");
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&format!("p{i}"));
    }
    s.push_str("]\n");
    for (key, unit, value) in [("K", None, "10"), ("J", Some("mV"), "0.1")] {
        s.push_str(&format!("{key}:\n"));
        let indent = if unit.is_some() {
            s.push_str("  val:\n");
            "    "
        } else {
            "  "
        };
        let row = vec![value; n].join(", ");
        for _ in 0..n {
            s.push_str(&format!("{indent}- [{row}]\n"));
        }
        if let Some(u) = unit {
            s.push_str(&format!("  unit: {u}\n"));
        }
    }
    s.push_str(
        "tau_m: {val: 20, unit: ms}\ntau_r: {val: 2, unit: ms}\n\
         V_th_rel: {val: 20, unit: mV}\nV_0_rel: {val: 10, unit: mV}\n\
         K_ext: 1000\nJ_ext: {val: 0.1, unit: mV}\nnu_ext: {val: 8, unit: Hz}\n",
    );
    s
}

/// A valid network of 2,000 populations (two 2000x2000 matrices, 8 million numbers) is
/// read; the YAML parser's default node budget (250,000) used to refuse every file of
/// more than about 353 populations as "malformed".
#[test]
fn a_plain_file_of_2000_populations_is_read() {
    let n = 2000;
    let text = plain_file_text(n);
    // the size the README states for this file
    assert!(
        (36_000_000..36_100_000).contains(&text.len()),
        "{} bytes",
        text.len()
    );
    assert!((text.len() as u64) < nnmt::io::MAX_FILE_BYTES);
    let dir = std::env::temp_dir().join(format!("nnmt-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plain_2000.yaml");
    std::fs::write(&path, &text).unwrap();
    let t = std::time::Instant::now();
    let got = nnmt::models::load_network(&path, None);
    println!("{} bytes read and built in {:?}", text.len(), t.elapsed());
    std::fs::remove_file(&path).unwrap();
    let (kind, net) = got.unwrap();
    assert_eq!(kind, nnmt::models::ModelKind::Plain);
    assert_eq!(net.len(), n);
    assert_eq!(
        net.population_names().map(|v| v[n - 1].as_str()),
        Some("p1999")
    );
}

/// A key repeated with a different value names the key and both lines (PyYAML keeps the
/// later value silently); an identical repeat is listed; the PyYAML reading is available.
#[test]
fn repeated_keys_with_different_values_are_errors() {
    use nnmt::io::{parse_param_str, parse_param_str_with};
    let err = parse_param_str(
        "g: 4\ntau_m: {val: 20, unit: ms}\ntau_m: {val: 10, unit: ms}\n",
        "x.yaml",
    )
    .unwrap_err();
    assert!(
        matches!(&err, IoError::DuplicateKey { key, first_line: Some(2), line: Some(3), .. } if key == "tau_m"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "x.yaml:3: key 'tau_m' is repeated with a different value (first at line 2); remove one of them"
    );
    let err = parse_param_str("tau_m: {val: 20, unit: ms, val: 5}\n", "x.yaml").unwrap_err();
    assert!(
        err.to_string().contains("key 'tau_m.val' is repeated"),
        "{err}"
    );
    let err = parse_param_str("n: {val: 1, val: 2}\n", "x.yaml").unwrap_err();
    assert!(err.to_string().contains("key 'n.val' is repeated"), "{err}");
    let err = parse_param_str("a:\n  b: 1\n  b: 2\n", "x.yaml").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("x.yaml:3: key 'a.b' is repeated"),
        "{err}"
    );
    // identical repeats pass and are listed
    let p = parse_param_str(
        "J: [1, 2]\nJ: [1, 2]\nu: {val: 1, unit: ms, unit: ms}\n",
        "x.yaml",
    )
    .unwrap();
    assert_eq!(p.duplicate_keys(), ["J"]);
    // PyYAML's reading on request
    let p = parse_param_str_with("g: 4\ng: 5\n", "x.yaml", DuplicateKeys::LastWins).unwrap();
    assert_eq!(p.get::<f64>("g").unwrap().to_bits(), 5.0f64.to_bits());
    // NNMT's binary fixtures repeat `J` with the identical value: read
    load("fixtures/unit/config/binary/working_point/fully_vectorized.yaml");
}

/// Text past the size limit is refused, naming the limit and saying the file may be valid.
#[test]
fn text_past_the_size_limit_is_refused() {
    let big = " ".repeat(usize::try_from(nnmt::io::MAX_FILE_BYTES).unwrap() + 1);
    let err = nnmt::io::parse_param_str(&big, "big.yaml").unwrap_err();
    assert!(matches!(err, IoError::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "big.yaml: the file is too large to read: its size exceeds the limit of 512 MiB \
         (536870912 bytes) (the file may be valid, but files past this limit are not read)"
    );
    // a YAML parser limit is named as such, not as malformed YAML
    let deep = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
    let err = nnmt::io::parse_param_str(&deep, "deep.yaml").unwrap_err();
    assert!(matches!(err, IoError::TooLarge { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("the nesting depth exceeds the limit of 64"),
        "{err}"
    );
}

/// A unit error quotes the operator as written (`^`, not the `**` it means).
#[test]
fn unit_errors_quote_what_was_written() {
    let err = nnmt::io::unit::parse_unit("ms^-1^-1").unwrap_err();
    assert!(err.to_string().contains("unexpected '^'"), "{err}");
    let err = nnmt::io::unit::parse_unit("ms**-1**-1").unwrap_err();
    assert!(err.to_string().contains("unexpected '**'"), "{err}");
}
