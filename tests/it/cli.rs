//! The `nnmt` binary, run as a process: output contracts, exit codes, reference rates.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{load, rel_err, vec};

fn nnmt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nnmt"))
        .args(args)
        .output()
        .expect("the nnmt binary runs")
}

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

const BOS2016: &str = "nnmt-params/fixtures/integration/config/Bos2016_network_params.yaml";

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(args: &[&str]) -> Value {
    let o = nnmt(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

/// `{"unit": ..., "shape": [n], "values": [...]}` with n finite values.
fn check_quantity(v: &Value, unit: &str, n: usize) -> Vec<f64> {
    assert_eq!(v["unit"], unit, "{v}");
    assert_eq!(v["shape"], serde_json::json!([n]), "{v}");
    let values: Vec<f64> = v["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(values.len(), n);
    assert!(values.iter().all(|x| x.is_finite()));
    values
}

#[test]
fn table_output_has_a_row_per_population_with_units() {
    let o = nnmt(&["working-point"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for name in ["23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I"] {
        let row = out
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row {name}:\n{out}"));
        assert!(
            row.contains(" Hz") && row.matches(" mV").count() == 2,
            "{row}"
        );
    }
    assert!(
        out.contains("firing_rates") && out.contains("mean_input"),
        "{out}"
    );
}

#[test]
fn json_output_follows_the_contract() {
    let v = json(&["working-point", "--format", "json"]);
    let obj = v.as_object().unwrap();
    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    for k in ["populations", "firing_rates", "mean_input", "std_input"] {
        assert!(keys.contains(&k), "{keys:?}");
    }
    assert_eq!(v["populations"].as_array().unwrap().len(), 8);
    let rates = check_quantity(&v["firing_rates"], "Hz", 8);
    assert!(rates.iter().all(|&r| r > 0.0 && r < 100.0), "{rates:?}");
    check_quantity(&v["mean_input"], "V", 8);
    let sigma = check_quantity(&v["std_input"], "V", 8);
    assert!(sigma.iter().all(|&s| s > 0.0));
}

#[test]
fn bos2016_file_gives_nnmt_rates() {
    let file = data(BOS2016);
    let file = file.to_str().unwrap();
    let exp = load("nnmt-1.3.0/microcircuit_bos2016_exp_rates.json");
    let delta = load("nnmt-1.3.0/microcircuit_bos2016_delta.json");
    for (args, want) in [
        (vec![], vec(&exp["outputs"]["firing_rates_shift_ode_tight"])),
        (
            vec!["--method", "taylor"],
            vec(&exp["outputs"]["firing_rates_taylor_ode_tight"]),
        ),
        (
            vec!["--synapse", "delta", "--fixpoint", "least-squares"],
            vec(&delta["outputs"]["firing_rates_ode_tight"]),
        ),
    ] {
        let mut all = vec!["working-point", "--network", file, "--format", "json"];
        all.extend(&args);
        let v = json(&all);
        let got = check_quantity(&v["firing_rates"], "Hz", 8);
        for (g, w) in got.iter().zip(&want) {
            assert!(rel_err(*g, *w) < 1e-9, "{args:?}: {g} vs NNMT {w}");
        }
    }
}

#[test]
fn explicit_model_and_plain_file() {
    let v = json(&[
        "working-point",
        "--model",
        "plain",
        "--network",
        data("plain_brunel_a.yaml").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(v["populations"], serde_json::json!(["E", "I"]));
    let d = load("nnmt-1.3.0/brunel_delta_ai_g5_eta2.json");
    let want = vec(&d["outputs"]["firing_rates_ode_tight"]);
    let got = check_quantity(&v["firing_rates"], "Hz", 2);
    for (g, w) in got.iter().zip(&want) {
        assert!(rel_err(*g, *w) < 1e-9, "{g} vs {w}");
    }
    // a delta network has no tau_s for --synapse exp: bad usage
    let o = nnmt(&[
        "working-point",
        "--network",
        data("plain_brunel_a.yaml").to_str().unwrap(),
        "--synapse",
        "exp",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("tau_s"));
}

#[test]
fn bad_file_exits_2_naming_the_key() {
    let dir = std::env::temp_dir().join(format!("nnmt-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(data(BOS2016)).unwrap();
    let bad = dir.join("bad_tau_m.yaml");
    std::fs::write(&bad, text.replacen("unit: ms", "unit: mV", 1)).unwrap();
    let o = nnmt(&["working-point", "--network", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("'tau_m'") && err.contains("bad_tau_m.yaml"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    // a file that is no network, and one that does not exist
    for (file, text) in [
        (
            data("nnmt-params/fixtures/integration/config/Bos2016_analysis_params.yaml"),
            "not a network parameter file",
        ),
        (dir.join("missing.yaml"), "cannot read file"),
    ] {
        let o = nnmt(&["working-point", "--network", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(text), "{}", stderr(&o));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        vec!["working-point", "--bogus"],
        vec!["working-point", "--synapse", "alpha"],
        vec!["working-point", "--tolerance", "-1"],
        vec!["working-point", "--tolerance", "abc"],
        vec!["working-point", "--model", "basic"], // --model needs --network
        vec!["no-such-command"],
        vec![],
    ] {
        let o = nnmt(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty(), "{args:?}");
    }
}

/// NNMT's high-level taylor transfer function of the microcircuit (its default working
/// point, eps 1e-7 Hz) on the default grid 0.1 … 499.1 Hz. Our working point is converged
/// to 1e-12 Hz, NNMT's to ~1e-7 Hz: the transfer functions then differ by up to ~1e-8
/// relative, so 1e-6 leaves margin while catching any formula or grid error.
const CLI_TF_RTOL: f64 = 1e-6;

#[test]
fn transfer_function_json_matches_nnmt_high_level() {
    let v = json(&[
        "transfer-function",
        "--method",
        "taylor",
        "--format",
        "json",
    ]);
    let freqs = check_quantity(&v["frequencies"], "Hz", 500);
    assert!((freqs[0] - 0.1).abs() < 1e-12 && (freqs[499] - 499.1).abs() < 1e-9);
    let tf = &v["transfer_function"];
    assert_eq!(tf["unit"], "Hz/V");
    assert_eq!(tf["shape"], serde_json::json!([500, 8]));
    let d = load("nnmt-1.3.0/microcircuit_bos2016_exp_tf.json");
    let want = d["outputs"]["hl.transfer_function_taylor_fine"]
        .as_array()
        .unwrap();
    for (f, row) in want.iter().enumerate() {
        for (p, z) in row.as_array().unwrap().iter().enumerate() {
            let (wr, wi) = (z[0].as_f64().unwrap(), z[1].as_f64().unwrap());
            let got = &tf["values"][f][p];
            let (gr, gi) = (got[0].as_f64().unwrap(), got[1].as_f64().unwrap());
            let err = ((gr - wr).powi(2) + (gi - wi).powi(2)).sqrt() / (wr * wr + wi * wi).sqrt();
            assert!(
                err < CLI_TF_RTOL,
                "f {f} pop {p}: ({gr}, {gi}) vs ({wr}, {wi})"
            );
        }
    }
    assert_eq!(v["populations"].as_array().unwrap().len(), 8);
}

#[test]
fn fit_transfer_function_json_contract() {
    let v = json(&["fit-transfer-function", "--format", "json"]);
    let tau = check_quantity(&v["tau_rate"], "s", 8);
    assert!(tau.iter().all(|t| *t > 0.0 && *t < 0.02), "{tau:?}");
    check_quantity(&v["h0"], "Hz/V", 8);
    check_quantity(&v["fit_error"], "1", 8);
    assert_eq!(v["W_rate"]["unit"], "1");
    assert_eq!(v["W_rate"]["shape"], serde_json::json!([8, 8]));
    assert_eq!(
        v["transfer_function_fit"]["shape"],
        serde_json::json!([500, 8])
    );
    assert_eq!(v["transfer_function"]["shape"], serde_json::json!([500, 8]));
    // the table form names every population
    let o = nnmt(&["fit-transfer-function"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("tau_rate") && stdout(&o).contains("6I"));
}

#[test]
fn transfer_function_with_an_analysis_file() {
    let analysis = data("nnmt-params/fixtures/integration/config/analysis_params.yaml");
    let v = json(&[
        "transfer-function",
        "--analysis",
        analysis.to_str().unwrap(),
        "--synapse",
        "delta",
        "--format",
        "json",
    ]);
    // f_min 0.1 Hz, f_max 300 Hz, df 30 Hz: 10 frequencies (NNMT's arange, end excluded)
    check_quantity(&v["frequencies"], "Hz", 10);
    let o = nnmt(&["transfer-function", "--analysis", "/no/such/file.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = nnmt(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("working-point") && stdout(&o).contains("fit-transfer-function"));
}
