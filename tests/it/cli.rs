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

// ---------------------------------------------------------------------------
// Hardening: input limits, checked files, writing the output, starting rates.

/// A one-population Plain network; `extra` is appended (later keys may repeat earlier ones).
const ONE_POP: &str = "K: [[100]]\nJ: {val: [[0.1]], unit: mV}\ntau_m: {val: 20, unit: ms}\n\
    tau_r: {val: 2, unit: ms}\nV_th_rel: {val: 20, unit: mV}\nV_0_rel: {val: 10, unit: mV}\n\
    K_ext: 1000\nJ_ext: {val: 0.1, unit: mV}\nnu_ext: {val: 10, unit: Hz}\n";

/// Writes `text` to a fresh file in a per-test temporary directory and returns its path.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnmt-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn assert_exit(o: &Output, code: i32, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    for n in needles {
        assert!(err.contains(n), "'{n}' not in: {err}");
    }
}

/// A full disk: the output cannot be written, which is an error (exit 1, message on stderr)
/// instead of a silent exit 0 with a truncated output.
#[test]
fn a_failed_write_exits_1_with_a_message() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        println!("no /dev/full on this system");
        return;
    };
    let o = Command::new(env!("CARGO_BIN_EXE_nnmt"))
        .arg("working-point")
        .stdout(full)
        .output()
        .unwrap();
    assert_exit(&o, 1, &["nnmt: error: cannot write the output"]);
}

/// A reader that closes the pipe early (`nnmt ... | head`) ends the program quietly: exit
/// 0, nothing on stderr, no panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nnmt"))
        .args(["transfer-function", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // close the read end before the program has computed anything
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

/// Endless and oversized inputs are refused with the limit named, without reading them
/// whole: `/dev/zero` used to be read until memory ran out.
#[test]
fn endless_or_oversized_files_are_refused_with_the_limit() {
    if Path::new("/dev/zero").exists() {
        let o = nnmt(&["working-point", "--network", "/dev/zero"]);
        assert_exit(&o, 2, &["/dev/zero", "too large", "512 MiB"]);
    }
    // a sparse regular file one byte past the limit
    let path = temp_file("too_large.yaml", "");
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(nnmt::io::MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let o = nnmt(&["working-point", "--network", path.to_str().unwrap()]);
    assert_exit(&o, 2, &["too large", "512 MiB (536870912 bytes)"]);
    std::fs::remove_file(&path).unwrap();
}

/// A key repeated with a different value is an error naming the key and both lines (PyYAML
/// silently keeps the later value); a repeat with the identical value is read with a
/// warning; a population name given twice is an error.
#[test]
fn repeated_keys_and_population_names() {
    let cases = [
        (
            "dup_top.yaml",
            format!("{ONE_POP}tau_m: {{val: 10, unit: ms}}\n"),
            vec![
                "dup_top.yaml:10: key 'tau_m' is repeated",
                "first at line 3",
            ],
        ),
        (
            "dup_inner.yaml",
            ONE_POP.replace(
                "tau_m: {val: 20, unit: ms}",
                "tau_m: {val: 20, unit: ms, val: 5}",
            ),
            vec![
                "dup_inner.yaml:3: key 'tau_m.val' is repeated",
                "first at line 3",
            ],
        ),
        (
            "dup_names.yaml",
            ONE_POP
                .replace("K: [[100]]", "populations: [E, E]\nK: [[100, 0], [0, 100]]")
                .replace("[[0.1]]", "0.1"),
            vec!["key 'populations'", "'E' twice"],
        ),
    ];
    for (name, text, needles) in cases {
        let path = temp_file(name, &text);
        let o = nnmt(&["working-point", "--network", path.to_str().unwrap()]);
        assert_exit(&o, 2, &needles);
    }
    let path = temp_file(
        "dup_same.yaml",
        &format!("{ONE_POP}tau_m: {{val: 20, unit: ms}}\n"),
    );
    let o = nnmt(&["working-point", "--network", path.to_str().unwrap()]);
    assert_exit(
        &o,
        0,
        &[
            "nnmt: warning:",
            "repeated keys with identical values: tau_m",
        ],
    );
}

/// `--nu-0` gives least squares a starting point: on NNMT's Potjans–Diesmann file it
/// converges from 5 Hz (one value for all, or one per population) to the relaxation's
/// rates, where from 0 it does not (as NNMT's LSTSQ).
#[test]
fn least_squares_converges_from_nu_0_where_it_fails_from_0() {
    // NNMT's Potjans–Diesmann microcircuit (fixtures/integration/config/network_params.yaml)
    let file = data("nnmt-params/fixtures/integration/config/network_params.yaml");
    let file = file.to_str().unwrap();
    let base = ["working-point", "--network", file, "--format", "json"];
    let relaxation = json(&base);
    let want = check_quantity(&relaxation["firing_rates"], "Hz", 8);
    let mut ls = base.to_vec();
    ls.extend(["--fixpoint", "least-squares"]);
    // from ν₀ = 0 (NNMT's LSTSQ fails there too) the solver ends far from the fixed point
    let from_0 = nnmt(&ls);
    println!(
        "from 0: exit {:?}: {}",
        from_0.status.code(),
        stderr(&from_0)
    );
    // (should the solver learn to converge from 0, this is the line to change)
    assert_exit(&from_0, 1, &["did not converge"]);
    for nu_0 in [
        "5Hz",
        "5 Hz",
        "0.005 kHz",
        "5,5,5,5,5,5,5,5 Hz",
        "1, 3, 4, 6, 7, 8, 1, 8 Hz",
    ] {
        let mut args = ls.clone();
        args.extend(["--nu-0", nu_0]);
        let v = json(&args);
        let got = check_quantity(&v["firing_rates"], "Hz", 8);
        for (g, w) in got.iter().zip(&want) {
            // both solvers stop at |Φ(ν) − ν| ≤ 1e-12 Hz or 1e-12 relative
            assert!(
                rel_err(*g, *w) < 1e-9,
                "--nu-0 {nu_0}: {g} vs relaxation {w}"
            );
        }
    }
}

/// `--nu-0` syntax errors are usage errors (exit 2) that say what to write.
#[test]
fn bad_nu_0_exits_2() {
    for (nu_0, needle) in [
        ("5", "has no unit"),
        ("5 mV", "not a unit of frequency"),
        (
            "1, 2 Hz",
            "gives 2 rates, but the network has 8 populations",
        ),
        ("-1 Hz", "finite number ≥ 0"),
        ("x Hz", "does not start with a number"),
        ("1, x, 2 Hz", "'x' is not a number"),
        ("5 fortnight", "cannot parse unit"),
    ] {
        let o = nnmt(&["working-point", "--nu-0", nu_0]);
        assert_exit(&o, 2, &["--nu-0", needle]);
    }
}

/// Smaller message defects: an analysis error names its file once; `C: 0 pF` is reported
/// as `C` (not as an infinite `J`); a unit is quoted as written (`^`, not `**`); the delta
/// transfer function's header claims no synaptic filter; `f_min = f_max` is an error.
#[test]
fn messages_name_what_was_written() {
    let analysis = temp_file(
        "grid.yaml",
        "f_min: {val: 1, unit: Hz}\nf_max: {val: 2, unit: Hz}\ndf: {val: 0, unit: Hz}\n",
    );
    let o = nnmt(&[
        "transfer-function",
        "--analysis",
        analysis.to_str().unwrap(),
    ]);
    assert_exit(&o, 2, &["key 'df'"]);
    assert_eq!(stderr(&o).matches("grid.yaml").count(), 1, "{}", stderr(&o));

    let same = temp_file(
        "same.yaml",
        "f_min: {val: 2, unit: Hz}\nf_max: {val: 2, unit: Hz}\ndf: {val: 1, unit: Hz}\n",
    );
    let o = nnmt(&["transfer-function", "--analysis", same.to_str().unwrap()]);
    assert_exit(&o, 2, &["same.yaml:2: key 'f_max'", "must be above f_min"]);

    let bos = std::fs::read_to_string(data(BOS2016)).unwrap();
    assert!(bos.contains("C:\n  val: 250.0\n  unit: pF"));
    let c0 = temp_file(
        "c0.yaml",
        &bos.replace("C:\n  val: 250.0", "C:\n  val: 0.0"),
    );
    let o = nnmt(&["working-point", "--network", c0.to_str().unwrap()]);
    assert_exit(&o, 2, &["key 'C'", "must be > 0"]);
    assert!(!stderr(&o).contains("`J`"), "{}", stderr(&o));

    let unit = temp_file(
        "unit.yaml",
        &ONE_POP.replace("{val: 20, unit: ms}", "{val: 20, unit: 'ms^-1^-1'}"),
    );
    let o = nnmt(&["working-point", "--network", unit.to_str().unwrap()]);
    assert_exit(&o, 2, &["'ms^-1^-1'", "unexpected '^'"]);
    assert!(!stderr(&o).contains("'**'"), "{}", stderr(&o));

    let plain = data("plain_brunel_a.yaml");
    let o = nnmt(&["transfer-function", "--network", plain.to_str().unwrap()]);
    assert_exit(&o, 0, &[]);
    let header = stdout(&o).lines().next().unwrap().to_string();
    assert!(
        header.contains("delta synapses") && !header.contains("filter"),
        "{header}"
    );
}

/// Very large finite values print in scientific notation, not as 300-digit numbers.
#[test]
fn huge_values_print_in_scientific_notation() {
    // μ = τ_m I / C = 20 ms · 1e200 pA / 1 pF = 2e201 mV: far above threshold, finite
    let text = format!("{ONE_POP}I_ext: {{val: 1e200, unit: pA}}\nC: {{val: 1, unit: pF}}\n");
    let path = temp_file("huge.yaml", &text);
    let o = nnmt(&["working-point", "--network", path.to_str().unwrap()]);
    assert_exit(&o, 0, &[]);
    let out = stdout(&o);
    let row = out
        .lines()
        .find(|l| l.starts_with('0'))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.len() < 100 && row.contains("e201 mV"), "{row}");
}

/// An endless FIFO is read only up to the size limit and refused (no unbounded memory).
#[test]
fn an_endless_fifo_is_refused_at_the_size_limit() {
    let fifo = temp_file("placeholder", "").with_file_name("endless.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("no mkfifo on this system");
        return;
    }
    let path = fifo.clone();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        let block = vec![b' '; 1 << 16];
        // ends when the reader closes the FIFO
        while f.write_all(&block).is_ok() {}
    });
    let o = nnmt(&["working-point", "--network", fifo.to_str().unwrap()]);
    assert_exit(&o, 2, &["endless.fifo", "too large", "512 MiB"]);
    writer.join().unwrap();
    let _ = std::fs::remove_file(&fifo);
}

// ---------------------------------------------------------------------------
// Linear response (Bos et al. 2016): delay-matrix, effective-connectivity, propagator,
// power-spectra, eigenvalues, sensitivity-measure.

mod linear_response {
    use super::*;
    use nnmt::lif::exp::Method;
    use nnmt::lif::linear_response::{self as lr, EffectiveConnectivity, Tracker};
    use nnmt::lif::transfer::{self, SynapticFilter};
    use nnmt::lif::{FixpointMethod, FixpointOptions};
    use nnmt::models::Microcircuit;
    use nnmt::network::delay_matrix;
    use nnmt::units::*;
    use num_complex::Complex64;

    /// The library's entries and the binary's JSON numbers come from the same computation;
    /// the JSON's decimal round trip is exact (`float_roundtrip`), the only difference is
    /// the working point's solve, converged to 1e-12 relative in both.
    const SAME: f64 = 1e-9;

    /// Two populations with exp synapses, N and delays: a small network for quick checks.
    const TWO_POP: &str = "K: [[100, 25], [100, 25]]\nJ: {val: [[0.1, -0.5], [0.1, -0.5]], unit: mV}\n\
        tau_m: {val: 20, unit: ms}\ntau_r: {val: 2, unit: ms}\ntau_s: {val: 0.5, unit: ms}\n\
        V_th_rel: {val: 20, unit: mV}\nV_0_rel: {val: 10, unit: mV}\nK_ext: [1000, 1000]\n\
        J_ext: {val: 0.1, unit: mV}\nnu_ext: {val: 20, unit: Hz}\n";
    const TWO_POP_DELAYS: &str = "Delay: {val: [1.5, 0.75], unit: ms}\nDelay_sd: {val: 0.5, unit: ms}\ndelay_dist: gaussian\n";

    fn cplx(v: &Value) -> Complex64 {
        Complex64::new(v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
    }

    fn shape(v: &Value) -> Vec<u64> {
        v["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect()
    }

    fn close(g: Complex64, w: Complex64) -> bool {
        (g - w).norm() <= SAME * w.norm().max(1e-300)
    }

    /// The library's W of the built-in microcircuit with the taylor method on the CLI's
    /// default grid (0.1 ... 499.1 Hz).
    fn library_w() -> (EffectiveConnectivity, nnmt::lif::WorkingPoint) {
        let net = Microcircuit::bos2016().network().unwrap();
        let om: Vec<AngularVelocity> = (0..500)
            .map(|k| {
                AngularVelocity::new::<radian_per_second>(
                    2.0 * std::f64::consts::PI * 0.1 + k as f64 * 2.0 * std::f64::consts::PI,
                )
            })
            .collect();
        let wp = nnmt::lif::exp::working_point(
            &net,
            Method::Taylor,
            &FixpointOptions::new(FixpointMethod::Relaxation),
        )
        .unwrap();
        let tf = transfer::transfer_function(&net, &wp, &om, Method::Taylor, SynapticFilter::On)
            .unwrap();
        let d = delay_matrix(net.delays().unwrap(), &om[..]).unwrap();
        (lr::effective_connectivity(&net, &tf, &d).unwrap(), wp)
    }

    #[test]
    fn delay_matrix_json_shape_and_values() {
        let v = json(&["delay-matrix", "--format", "json"]);
        assert_eq!(shape(&v["delay_dist_matrix"]), [500, 8, 8]);
        check_quantity(&v["frequencies"], "Hz", 500);
        let net = Microcircuit::bos2016().network().unwrap();
        let f = [Frequency::new::<hertz>(
            v["frequencies"]["values"][64].as_f64().unwrap(),
        )];
        let d = delay_matrix(net.delays().unwrap(), &f[..]).unwrap();
        for (i, j) in [(0, 0), (2, 3), (7, 1)] {
            let g = cplx(&v["delay_dist_matrix"]["values"][64][i][j]);
            let w = d.get(0, i, j).unwrap();
            assert!(close(g, w), "D ({i},{j}): {g} vs {w}");
        }
        // the table: one row per frequency and connection, with the population names
        let o = nnmt(&["delay-matrix"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert_eq!(
            out.lines().filter(|l| l.contains(" 23E ")).count(),
            500 * 15
        );
    }

    #[test]
    fn effective_connectivity_propagator_and_spectra_match_the_library() {
        let (w, wp) = library_w();
        let common = ["--method", "taylor", "--format", "json"];
        let run = |cmd: &str| json(&[&[cmd][..], &common[..]].concat());
        let v = run("effective-connectivity");
        assert_eq!(shape(&v["effective_connectivity"]), [500, 8, 8]);
        for (f, i, j) in [(0, 0, 0), (64, 2, 3), (499, 7, 6)] {
            let g = cplx(&v["effective_connectivity"]["values"][f][i][j]);
            let x = w.get(f, i, j).unwrap();
            assert!(close(g, x), "W f={f} ({i},{j}): {g} vs {x}");
        }
        let p = lr::propagator(&w).unwrap();
        let v = run("propagator");
        assert_eq!(shape(&v["propagator"]), [500, 8, 8]);
        for (f, i, j) in [(0, 0, 0), (64, 2, 3), (499, 7, 6)] {
            let g = cplx(&v["propagator"]["values"][f][i][j]);
            let x = p.p(f, i, j).unwrap();
            assert!(close(g, x), "P f={f} ({i},{j}): {g} vs {x}");
        }
        let net = Microcircuit::bos2016().network().unwrap();
        let c = lr::power_spectra(&w, wp.firing_rates(), net.population_sizes().unwrap()).unwrap();
        let v = run("power-spectra");
        assert_eq!(v["power_spectra"]["unit"], "Hz");
        assert_eq!(shape(&v["power_spectra"]), [500, 8]);
        for (f, i) in [(0, 0), (64, 2), (499, 7)] {
            let g = v["power_spectra"]["values"][f][i].as_f64().unwrap();
            let x = c.get(f, i).unwrap().get::<hertz>();
            assert!(rel_err(g, x) <= SAME, "C f={f} {i}: {g} vs {x}");
        }
        // the spectra table: a row per frequency, a column per population
        let o = nnmt(&["power-spectra", "--method", "taylor"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stdout(&o)
                .lines()
                .any(|l| l.trim_start().starts_with("64.1000"))
        );
    }

    #[test]
    fn eigenvalues_as_trajectories_with_either_tracker() {
        let (w, _) = library_w();
        for (tracker, lib) in [("overlap", Tracker::Overlap), ("nnmt", Tracker::nnmt())] {
            let v = json(&[
                "eigenvalues",
                "--method",
                "taylor",
                "--tracker",
                tracker,
                "--format",
                "json",
            ]);
            assert_eq!(shape(&v["eigenvalues"]), [500, 8]);
            assert_eq!(v["tracker"], tracker);
            let modes = lr::eigenmodes(&w, lib).unwrap();
            for f in [0, 64, 499] {
                for k in 0..8 {
                    let g = cplx(&v["eigenvalues"]["values"][f][k]);
                    let x = modes.eigenvalue(f, k).unwrap();
                    assert!(
                        (g - x).norm() <= SAME * x.norm().max(1.0),
                        "{tracker} f={f} k={k}"
                    );
                }
            }
        }
        // an unknown tracker is bad usage
        let o = nnmt(&["eigenvalues", "--tracker", "greedy"]);
        assert_eq!(o.status.code(), Some(2));
    }

    #[test]
    fn sensitivity_measure_at_a_frequency_and_of_all_eigenmodes() {
        let (w, _) = library_w();
        let v = json(&[
            "sensitivity-measure",
            "--frequency",
            "64Hz",
            "--method",
            "taylor",
            "--format",
            "json",
        ]);
        let s = &v["sensitivity_measure"];
        for key in [
            "eigenvalue_index",
            "critical_frequency",
            "critical_frequency_index",
            "critical_eigenvalue",
            "left_eigenvector",
            "right_eigenvector",
            "k",
            "k_per",
            "sensitivity",
            "sensitivity_amp",
            "sensitivity_freq",
        ] {
            assert!(s.get(key).is_some(), "no key {key}: {s}");
        }
        let lib =
            lr::sensitivity_measure(&w, Frequency::new::<hertz>(64.0), lr::Mode::ClosestToOne)
                .unwrap();
        assert_eq!(s["critical_frequency_index"], 64);
        assert!(close(
            cplx(&s["critical_eigenvalue"]),
            lib.critical_eigenvalue()
        ));
        assert_eq!(shape(&s["sensitivity_amp"]), [8, 8]);
        let amp = s["sensitivity_amp"]["values"][2][3].as_f64().unwrap();
        assert!(rel_err(amp, lib.sensitivity_amp()[(2, 3)]) <= 1e-7);
        // the same frequency in kHz
        let v2 = json(&[
            "sensitivity-measure",
            "--frequency",
            "0.064 kHz",
            "--method",
            "taylor",
            "--format",
            "json",
        ]);
        assert_eq!(v2["sensitivity_measure"]["critical_frequency_index"], 64);

        let v = json(&[
            "sensitivity-measure",
            "--all-eigenmodes",
            "--method",
            "taylor",
            "--format",
            "json",
        ]);
        let all = v["sensitivity_measure_all_eigenmodes"].as_array().unwrap();
        assert_eq!(all.len(), 8);
        let lib = lr::sensitivity_measure_all_eigenmodes(&w, Tracker::Overlap).unwrap();
        for (k, (g, x)) in all.iter().zip(&lib).enumerate() {
            assert_eq!(g["eigenvalue_index"], k);
            assert_eq!(g["critical_frequency_index"], x.critical_frequency_index());
            assert!(close(
                cplx(&g["critical_eigenvalue"]),
                x.critical_eigenvalue()
            ));
        }

        // a frequency outside the grid, without a unit, or both modes: exit 2
        let o = nnmt(&["sensitivity-measure", "--frequency", "900Hz"]);
        assert_exit(&o, 2, &["frequency", "outside the analysis frequencies"]);
        let o = nnmt(&["sensitivity-measure", "--frequency", "64"]);
        assert_exit(&o, 2, &["--frequency", "has no unit"]);
        let o = nnmt(&[
            "sensitivity-measure",
            "--frequency",
            "64Hz",
            "--all-eigenmodes",
        ]);
        assert_eq!(o.status.code(), Some(2));
        let o = nnmt(&["sensitivity-measure"]);
        assert_eq!(o.status.code(), Some(2));
    }

    /// Missing delays, missing N, delta synapses, bad delays or distribution names: exit 2
    /// with a message naming the parameter.
    #[test]
    fn networks_lacking_what_a_subcommand_needs() {
        let no_delays = temp_file("lr_no_delays.yaml", &format!("{TWO_POP}N: [1000, 250]\n"));
        let no_sizes = temp_file("lr_no_sizes.yaml", &format!("{TWO_POP}{TWO_POP_DELAYS}"));
        let both = temp_file(
            "lr_both.yaml",
            &format!("{TWO_POP}{TWO_POP_DELAYS}N: [1000, 250]\n"),
        );
        let net = |p: &PathBuf| p.to_str().unwrap().to_string();
        for cmd in [
            "delay-matrix",
            "effective-connectivity",
            "power-spectra",
            "eigenvalues",
        ] {
            let o = nnmt(&[cmd, "--network", &net(&no_delays)]);
            assert_exit(&o, 2, &["`Delay`", cmd]);
        }
        let o = nnmt(&["power-spectra", "--network", &net(&no_sizes)]);
        assert_exit(&o, 2, &["`N`", "power-spectra"]);
        // with both, it runs: the spectra of two populations
        let v = json(&[
            "power-spectra",
            "--network",
            &net(&both),
            "--format",
            "json",
        ]);
        assert_eq!(shape(&v["power_spectra"]), [500, 2]);
        // a delta network (no tau_s)
        let o = nnmt(&[
            "effective-connectivity",
            "--network",
            data("plain_brunel_a.yaml").to_str().unwrap(),
        ]);
        assert_exit(&o, 2, &["tau_s"]);
        // negative delays and unknown distribution names
        let neg = temp_file(
            "lr_neg.yaml",
            &format!("{TWO_POP}Delay: {{val: [[1.5, -0.75], [1, 1]], unit: ms}}\n"),
        );
        assert_exit(
            &nnmt(&["delay-matrix", "--network", &net(&neg)]),
            2,
            &["Delay"],
        );
        let unknown = temp_file(
            "lr_unknown.yaml",
            &format!("{TWO_POP}Delay: {{val: 1.5, unit: ms}}\ndelay_dist: uniform\n"),
        );
        assert_exit(
            &nnmt(&["delay-matrix", "--network", &net(&unknown)]),
            2,
            &["delay_dist"],
        );
    }

    /// An analysis file may list its frequencies (any unit) or NNMT's angular omegas, for
    /// every frequency-resolved subcommand, transfer-function included.
    #[test]
    fn analysis_files_with_explicit_frequencies() {
        let log = temp_file(
            "lr_log.yaml",
            "frequencies: {val: [1, 10, 100], unit: Hz}\n",
        );
        let khz = temp_file(
            "lr_khz.yaml",
            "frequencies: {val: [0.001, 0.01, 0.1], unit: kHz}\n",
        );
        let omegas = temp_file(
            "lr_omegas.yaml",
            "omegas: {val: [6.283185307179586, 62.83185307179586, 628.3185307179586], unit: hertz}\n",
        );
        for cmd in [
            "transfer-function",
            "delay-matrix",
            "effective-connectivity",
            "propagator",
            "power-spectra",
            "eigenvalues",
        ] {
            for file in [&log, &khz, &omegas] {
                let v = json(&[
                    cmd,
                    "--analysis",
                    file.to_str().unwrap(),
                    "--format",
                    "json",
                ]);
                let f = check_quantity(&v["frequencies"], "Hz", 3);
                for (g, w) in f.iter().zip([1.0, 10.0, 100.0]) {
                    assert!(
                        rel_err(*g, w) < 1e-14,
                        "{cmd} {}: {g} vs {w}",
                        file.display()
                    );
                }
            }
        }
        // sensitivity on the explicit grid: 64 Hz is nearest to 100 Hz there
        let v = json(&[
            "sensitivity-measure",
            "--frequency",
            "64Hz",
            "--analysis",
            log.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(v["sensitivity_measure"]["critical_frequency_index"], 2);
        // errors name the key
        for (name, text, key) in [
            (
                "lr_neg_f.yaml",
                "frequencies: {val: [-1, 2], unit: Hz}\n",
                "'frequencies'",
            ),
            (
                "lr_twice.yaml",
                "frequencies: {val: [1], unit: Hz}\nomegas: {val: [1], unit: hertz}\n",
                "'omegas'",
            ),
            (
                "lr_unit.yaml",
                "omegas: {val: [1, 2], unit: mV}\n",
                "'omegas'",
            ),
        ] {
            let p = temp_file(name, text);
            let o = nnmt(&["power-spectra", "--analysis", p.to_str().unwrap()]);
            assert_exit(&o, 2, &[key]);
        }
    }
}
