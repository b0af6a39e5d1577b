//! The transfer function at very low frequencies and for populations far below threshold,
//! against mpmath (`tests/data/mpmath/transfer_function.json`, made by
//! `tests/data/generate/make_transfer_mpmath.py` with the formulas of `nnmt::lif::transfer`
//! and `mpmath.pcfu` at 80 digits), and the low-pass fit of a network with such a population.

use nnmt::lif::exp::Method;
use nnmt::lif::fit;
use nnmt::lif::transfer::{self, SynapticFilter};
use nnmt::network::{ExpSynapses, LifNeuron, Network};
use nnmt::pop::PopVec;
use nnmt::units::*;
use num_complex::Complex64;
use serde_json::Value;

use crate::common::load;

/// Relative error of the complex H at 1e-14–1e-3 Hz against mpmath. The series for
/// Ψ_t − Ψ_r is exact to ~1e-27; what remains is U(a, x) (≤ 5e-14 relative near
/// a = ±½, 3/2) and the rate ν (≤ 1e-13): measured worst 2e-14 (see the test's output).
const LOW_F_RTOL: f64 = 1e-12;
/// Im H is ≈ −ωτ |H| at low frequency: its own relative error, which the cancellation in
/// Ψ_t − Ψ_r made ≈ 1e-16/(ωτ_m)² (wrong sign below 1e-7 Hz), is now as small as H's.
const LOW_F_IM_RTOL: f64 = 1e-10;
/// ln 2^−1074: |H| below the smallest double is returned as exactly 0.
const LOG10_MIN_DOUBLE: f64 = -323.306;

fn number(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().unwrap_or_else(|e| panic!("{s}: {e}")),
        other => other.as_f64().expect("number"),
    }
}

fn neuron(doc: &Value) -> LifNeuron {
    let n = &doc["neuron"];
    LifNeuron {
        tau_m: Time::new::<second>(number(&n["tau_m"])),
        tau_r: Time::new::<second>(number(&n["tau_r"])),
        v_th: ElectricPotential::new::<volt>(number(&n["v_th"])),
        v_0: ElectricPotential::new::<volt>(number(&n["v_0"])),
    }
}

fn method(case: &Value) -> Method {
    match case["method"].as_str().expect("method") {
        "shift" => Method::Shift,
        "taylor" => Method::Taylor,
        m => panic!("unknown method {m}"),
    }
}

/// One population's H at the case's frequencies.
fn ours(doc: &Value, case: &Value) -> (Vec<Complex64>, Vec<Vec<f64>>) {
    let rows: Vec<Vec<f64>> = case["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r.as_array().expect("row").iter().map(number).collect())
        .collect();
    let freqs: Vec<Frequency> = rows.iter().map(|r| Frequency::new::<hertz>(r[0])).collect();
    let tf = transfer::population_transfer_function(
        &neuron(doc),
        Time::new::<second>(number(&case["tau_s"])),
        ElectricPotential::new::<volt>(number(&case["mu"])),
        ElectricPotential::new::<volt>(number(&case["sigma"])),
        &freqs,
        method(case),
        SynapticFilter::On,
    )
    .expect("transfer function");
    let h = (0..freqs.len())
        .map(|k| tf.get(k, 0).expect("entry").get::<hertz_per_volt>())
        .collect();
    (h, rows)
}

/// Pins the phase at very low frequency: at f ≤ 1e-7 Hz (μ = 15 mV, σ = 5 mV, V_th = 20 mV,
/// V_0 = 10 mV, τ_m = 10 ms, τ_r = 2 ms) the difference Ψ_t − Ψ_r of two numbers of
/// order 1 used to cancel, giving Im H the wrong sign and an error growing like 1/f
/// (+0.07 rad and |H| 0.5 % low at 1e-14 Hz). Shift and taylor with τ_s = 0.5 ms, and
/// white noise, from 1e-14 Hz to 1e-3 Hz.
#[test]
fn low_frequencies_match_mpmath() {
    let doc = load("mpmath/transfer_function.json");
    let mut worst = (0.0f64, 0.0f64);
    for case in doc["low_frequency"].as_array().expect("cases") {
        let (h, rows) = ours(&doc, case);
        for (got, r) in h.iter().zip(&rows) {
            let want = Complex64::new(r[1], r[2]);
            let e = (got - want).norm() / want.norm();
            let e_im = ((got.im - want.im) / want.im).abs();
            worst = (worst.0.max(e), worst.1.max(e_im));
            assert!(
                e < LOW_F_RTOL && e_im < LOW_F_IM_RTOL,
                "{} τ_s = {} at {} Hz: {got} vs {want} (rel {e:.2e}, Im rel {e_im:.2e})",
                case["method"],
                case["tau_s"],
                r[0]
            );
            assert!(got.im < 0.0, "phase must be negative at {} Hz", r[0]);
        }
    }
    println!(
        "worst relative error of H {:.2e}, of Im H {:.2e}",
        worst.0, worst.1
    );
}

/// Pins populations far below threshold with little noise (x_t = √2 (V_th − μ)/σ from 40
/// to 1000): their transfer function used to be an error ("U(a, x) … out of the supported
/// domain") for x_t > 50. It matches mpmath where |H| is a double and is exactly 0 where
/// mpmath's |H| is below the smallest double.
#[test]
fn far_below_threshold_matches_mpmath_or_is_zero() {
    let doc = load("mpmath/transfer_function.json");
    for case in doc["silent"].as_array().expect("cases") {
        let (h, rows) = ours(&doc, case);
        for (got, r) in h.iter().zip(&rows) {
            let log10_abs = r[3];
            if log10_abs < LOG10_MIN_DOUBLE {
                assert_eq!(
                    *got,
                    Complex64::new(0.0, 0.0),
                    "x_t = {}: {got} where mpmath has 10^{log10_abs}",
                    case["x_t"]
                );
            } else {
                let want = Complex64::new(r[1], r[2]);
                let e = (got - want).norm() / want.norm();
                assert!(
                    e < LOW_F_RTOL,
                    "x_t = {} at {} Hz: {got} vs {want} ({e:.2e})",
                    case["x_t"],
                    r[0]
                );
            }
        }
    }
}

/// Far-above tolerance: U(a, x) for x > 50 comes from its large-x expansion (DLMF 12.9.1,
/// summed to 1e-17), the rest as at moderate x: measured worst 9.1e-14 (the Siegert rate
/// at x_t = 7.4, σ = 0.2 mV; the same at every frequency).
const FAR_ABOVE_RTOL: f64 = 1e-12;

/// Pins a mean input far above the reset or both boundaries with little noise (x_r from
/// −63 to −424, x_t from 7 to −141): it used to be "out of the supported domain" (|x| > 50);
/// now U(a, x) at x > 50 comes from its large-x expansion and H matches mpmath, at
/// 1e-6 Hz – 100 Hz, shift and taylor.
#[test]
fn far_above_reset_matches_mpmath() {
    let doc = load("mpmath/transfer_function.json");
    let mut worst = 0.0f64;
    for case in doc["far_above"].as_array().expect("cases") {
        let (h, rows) = ours(&doc, case);
        for (got, r) in h.iter().zip(&rows) {
            let want = Complex64::new(r[1], r[2]);
            let e = (got - want).norm() / want.norm();
            worst = worst.max(e);
            assert!(
                e < FAR_ABOVE_RTOL,
                "{} x_t = {}, x_r = {} at {} Hz: {got} vs {want} ({e:.2e})",
                case["method"],
                case["x_t"],
                case["x_r"],
                r[0]
            );
        }
    }
    println!("worst relative error of H far above the reset {worst:.2e}");
}

fn mv(v: f64) -> ElectricPotential {
    ElectricPotential::new::<millivolt>(v)
}

/// Two populations; population 1 has the input μ = 0, σ = 0.4714 mV (x_t = 60).
fn silent_pair() -> (
    Network<ExpSynapses>,
    PopVec<ElectricPotential>,
    PopVec<ElectricPotential>,
) {
    let net = Network::builder()
        .k([[100.0, 25.0], [100.0, 25.0]])
        .j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]])
        .tau_m(Time::new::<millisecond>(10.0))
        .tau_r(Time::new::<millisecond>(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external(
            [[0.0], [0.0]],
            [[mv(0.0)], [mv(0.0)]],
            [Frequency::new::<hertz>(0.0)],
        )
        .build()
        .expect("valid network")
        .with_tau_s(Time::new::<millisecond>(0.5))
        .expect("valid tau_s");
    let sigma_silent = 2f64.sqrt() * 20.0 / 60.0;
    (
        net,
        PopVec::from([mv(15.0), mv(0.0)]),
        PopVec::from([mv(5.0), mv(sigma_silent)]),
    )
}

/// Pins that one silent population (x_t = 60, rate 0) no longer sinks the transfer
/// function of the others: population 0 is what it is alone, population 1 is exactly 0.
#[test]
fn silent_population_does_not_sink_the_others() {
    let (net, mu, sigma) = silent_pair();
    let freqs: Vec<Frequency> = (0..20)
        .map(|k| Frequency::new::<hertz>(0.1 * 1.5f64.powi(k)))
        .collect();
    for m in [Method::Shift, Method::Taylor] {
        let tf = transfer::transfer_function_for_given_input(
            &net,
            &mu,
            &sigma,
            &freqs,
            m,
            SynapticFilter::On,
        )
        .expect("a silent population is not an error");
        let alone = transfer::population_transfer_function(
            &net.neuron(0).expect("population 0"),
            Time::new::<millisecond>(0.5),
            mv(15.0),
            mv(5.0),
            &freqs,
            m,
            SynapticFilter::On,
        )
        .expect("population 0");
        for k in 0..freqs.len() {
            assert_eq!(tf.get(k, 0), alone.get(k, 0));
            let h1 = tf.get(k, 1).expect("entry").get::<hertz_per_volt>();
            assert_eq!(h1, Complex64::new(0.0, 0.0));
        }
    }
}

/// Pins that a population with |H| = 0 at every frequency no longer sinks the fit
/// ("transfer_function is zero at every frequency" for all): the others are fitted as
/// alone, the silent one has h₀ = 0, no τ_rate and no fit error, and its row of W_rate is 0.
#[test]
fn fit_with_a_silent_population() {
    let (net, mu, sigma) = silent_pair();
    let freqs: Vec<Frequency> = (0..20)
        .map(|k| Frequency::new::<hertz>(0.1 * 1.5f64.powi(k)))
        .collect();
    let tf = transfer::transfer_function_for_given_input(
        &net,
        &mu,
        &sigma,
        &freqs,
        Method::Shift,
        SynapticFilter::On,
    )
    .expect("transfer function");
    let got = fit::fit_transfer_function(&net, &tf).expect("fit of the others");
    let tau = got.tau_rate();
    assert!(
        tau[0].is_some_and(|t| t.get::<millisecond>() > 0.0),
        "{tau:?}"
    );
    assert_eq!(tau[1], None);
    assert_eq!(got.fit_error()[1], None);
    assert!(got.fit_error()[0].is_some());
    let h0_silent = got.h0().get(1).expect("h0").get::<hertz_per_volt>();
    assert!(h0_silent.abs() <= 0.0, "h0 = {h0_silent}");
    assert!(got.h0().get(0).expect("h0").get::<hertz_per_volt>() > 0.0);
    for j in 0..2 {
        assert_eq!(got.w_rate().get(1, j), Some(0.0));
        assert!(got.w_rate().get(0, j).is_some_and(|w| w != 0.0));
    }
    assert!(
        got.fits()[1]
            .fitted()
            .iter()
            .all(|h| h.get::<hertz_per_volt>() == Complex64::new(0.0, 0.0))
    );
}

/// An error that remains names the right argument and population: a frequency beyond
/// |ω τ_m| ≤ 400 names the frequency (not x); a boundary far below μ where the large-x
/// expansion of U does not converge names x.
#[test]
fn remaining_domain_error_names_frequency_and_population() {
    let (net, mu, sigma) = silent_pair();
    let e = transfer::transfer_function_for_given_input(
        &net,
        &mu,
        &sigma,
        &[Frequency::new::<hertz>(1e4)],
        Method::Shift,
        SynapticFilter::On,
    )
    .expect_err("ω τ_m = 628 is outside the domain");
    let msg = e.to_string();
    assert!(
        msg.contains("population 0") && msg.contains("frequency"),
        "{msg}"
    );
    // μ far above the reset (x_r = −63.3, shifted) at |ω τ_m| = 300 > |x_r|: the large-x expansion
    // of U does not converge; the message names the population and the boundary's x
    let e = transfer::transfer_function_for_given_input(
        &net,
        &PopVec::from([mv(15.0), mv(19.0)]),
        &PopVec::from([mv(5.0), mv(0.2)]),
        &[Frequency::new::<hertz>(
            300.0 / (2.0 * std::f64::consts::PI * 0.01),
        )],
        Method::Shift,
        SynapticFilter::On,
    )
    .expect_err("x_r = −63.3 at ω τ_m = 300");
    let msg = e.to_string();
    assert!(
        msg.contains("population 1") && msg.contains("|x| = 63.3"),
        "{msg}"
    );
}

/// Pins the CLI side of a silent population (`tests/data/silent_population.yaml`:
/// population S, x_t ≈ 9000): `transfer-function` and `fit-transfer-function` succeed
/// (they used to exit 2 for every population), S has |H| = 0, h₀ = 0, `null` τ_rate and
/// fit error in the JSON, "undefined" in the table, and a zero row of W_rate.
#[cfg(feature = "cli")]
#[test]
fn cli_fit_with_a_silent_population() {
    use std::process::Command;
    let file = format!(
        "{}/tests/data/silent_population.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_nnmt"))
            .args(args)
            .args(["--network", &file])
            .output()
            .expect("the nnmt binary runs");
        let out = String::from_utf8(o.stdout).expect("utf-8");
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        out
    };
    let tf: Value =
        serde_json::from_str(&run(&["transfer-function", "--format", "json"])).expect("json");
    let rows = tf["transfer_function"]["values"].as_array().expect("rows");
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row[1], serde_json::json!([0.0, 0.0]), "{row}");
        assert_ne!(row[0], serde_json::json!([0.0, 0.0]), "{row}");
    }
    let v: Value =
        serde_json::from_str(&run(&["fit-transfer-function", "--format", "json"])).expect("json");
    assert!(
        v["tau_rate"]["values"][0].as_f64().is_some_and(|t| t > 0.0),
        "{v}"
    );
    assert!(v["tau_rate"]["values"][1].is_null(), "{}", v["tau_rate"]);
    assert!(v["fit_error"]["values"][0].is_f64(), "{}", v["fit_error"]);
    assert!(v["fit_error"]["values"][1].is_null(), "{}", v["fit_error"]);
    assert_eq!(v["h0"]["values"][1].as_f64(), Some(0.0));
    assert_eq!(v["W_rate"]["values"][1], serde_json::json!([0.0, 0.0]));
    let table = run(&["fit-transfer-function"]);
    let s_row = table
        .lines()
        .find(|l| l.starts_with("S ") && l.contains("Hz/mV"))
        .unwrap_or_else(|| panic!("no row S:\n{table}"));
    assert!(s_row.contains("undefined"), "{s_row}");
}

/// Pins the fit alone (without the transfer function): a column of zeros among fitted
/// ones used to fail the whole fit with "transfer_function is zero at every frequency";
/// now population 1 gets h₀ = 0 and no τ_rate, and population 0 is fitted as alone.
#[test]
fn fit_per_population_with_a_zero_column() {
    let omegas: Vec<AngularVelocity> = (0..30)
        .map(|k| AngularVelocity::new::<radian_per_second>(1.0 + 10.0 * f64::from(k)))
        .collect();
    let tau = 0.005;
    let h = |w: f64| {
        ComplexFrequencyPerVoltage::from_si(
            Complex64::new(1000.0, 0.0) / Complex64::new(1.0, w * tau),
        )
    };
    let zero = ComplexFrequencyPerVoltage::from_si(Complex64::new(0.0, 0.0));
    let rows: Vec<Vec<ComplexFrequencyPerVoltage>> = omegas
        .iter()
        .map(|w| vec![h(w.get::<radian_per_second>()), zero])
        .collect();
    let fits = fit::fit_low_pass_per_population(&omegas, &rows).expect("fit of population 0");
    let t0 = fits[0].tau_rate().expect("fitted").get::<second>();
    assert!((t0 - tau).abs() < 1e-9, "{t0}");
    assert_eq!(fits[1].tau_rate(), None);
    assert_eq!(fits[1].fit_error(), None);
    assert!(fits[1].h0().get::<hertz_per_volt>().abs() <= 0.0);
}
