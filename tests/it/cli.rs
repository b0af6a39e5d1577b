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

#[test]
fn unimplemented_subcommands_say_so() {
    for cmd in ["transfer-function", "fit-transfer-function"] {
        let o = nnmt(&[cmd]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("not available yet in this build"),
            "{}",
            stderr(&o)
        );
    }
    let o = nnmt(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("working-point"));
}
