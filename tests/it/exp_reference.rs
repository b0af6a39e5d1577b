//! Exponential synapses (shift and taylor) against NNMT 1.3.0.

use nnmt::lif::exp::{self, Method};
use nnmt::lif::{self};
use nnmt::lif::{FixpointMethod, FixpointOptions};
use nnmt::network::LifNeuron;
use nnmt::pop::PopVec;
use nnmt::units::*;

use crate::common::{exp_network, load, num, rel_err, vec};

/// Working-point rates against NNMT's `*_ode_tight` (residual ~1e-12 Hz): NNMT's stopping
/// rule, not ours, limits the agreement (as `delta_reference::RATE_RTOL`).
const RATE_RTOL: f64 = 1e-9;
/// Single-population rates where NNMT's are finite and sane (NNMT's Siegert quadrature
/// targets 1e-12 relative).
const SINGLE_RTOL: f64 = 1e-10;
/// Derivatives where NNMT's are finite and non-zero and |y| ≤ 3 (beyond that NNMT's naive
/// e^{y²}(1 + erf y) loses digits; see `delta_reference::NNMT_DERIVATIVE_Y_MAX`).
const DERIV_RTOL: f64 = 1e-9;
const NNMT_DERIVATIVE_Y_MAX: f64 = 3.0;

fn method_name(m: Method) -> &'static str {
    match m {
        Method::Shift => "shift",
        Method::Taylor => "taylor",
    }
}

fn check_network_case(file: &str) {
    let d = load(&format!("nnmt-1.3.0/{file}.json"));
    let net = exp_network(&d["inputs"], "", None, None);
    let out = &d["outputs"];
    for method in [Method::Shift, Method::Taylor] {
        let name = method_name(method);
        let want = vec(&out[format!("firing_rates_{name}_ode_tight")]);
        for fix in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
            let wp = exp::working_point(&net, method, &FixpointOptions::new(fix))
                .unwrap_or_else(|e| panic!("{file} {name} {fix:?}: {e}"));
            for (i, w) in want.iter().enumerate() {
                let got = wp.firing_rates().get(i).unwrap().get::<hertz>();
                assert!(
                    rel_err(got, *w) < RATE_RTOL,
                    "{file} {name} {fix:?} pop {i}: {got} vs {w}"
                );
            }
        }
        // μ, σ at NNMT's default rates, then the derivatives there.
        let rates: PopVec<Frequency> = vec(&out[format!("firing_rates_{name}_default")])
            .into_iter()
            .map(Frequency::new::<hertz>)
            .collect();
        let mu = lif::mean_input(&net, &rates).unwrap();
        let sigma = lif::std_input(&net, &rates).unwrap();
        for (i, m) in vec(&out[format!("mean_input_{name}")]).iter().enumerate() {
            assert!(
                rel_err(mu.get(i).unwrap().get::<volt>(), *m) < 1e-12,
                "{file} μ {i}"
            );
        }
        // NNMT's exp dν/dμ is always the taylor derivative (evaluated at this method's μ, σ).
        let key = format!("derivative_of_firing_rates_wrt_mean_input_{name}");
        if let Some(w) = out.get(&key) {
            let got =
                exp::derivative_of_firing_rates_wrt_mean_input(&net, &mu, &sigma, Method::Taylor)
                    .unwrap();
            for (i, w) in vec(w).iter().enumerate() {
                assert!(
                    rel_err(got.get(i).unwrap().get::<hertz_per_volt>(), *w) < DERIV_RTOL,
                    "{file} {key} {i}: {:?} vs {w}",
                    got.get(i)
                );
            }
        }
        let key = format!("derivative_of_firing_rates_wrt_input_rate_{name}");
        if let Some(w) = out.get(&key) {
            let j = ElectricPotential::new::<volt>(match file {
                f if f.starts_with("microcircuit") => 0.0001756,
                _ => 0.0001,
            });
            for (i, w) in vec(w).iter().enumerate() {
                let got = exp::derivative_of_firing_rate_wrt_input_rate(
                    &net.neuron(i).unwrap(),
                    net.synapses().tau_s().get(i).unwrap(),
                    mu.get(i).unwrap(),
                    sigma.get(i).unwrap(),
                    j,
                )
                .unwrap();
                assert!(
                    rel_err(got, *w) < DERIV_RTOL,
                    "{file} {key} {i}: {got} vs {w}"
                );
            }
        }
    }
}

#[test]
fn brunel_exp() {
    check_network_case("brunel_exp_tau0p5ms_g5_eta2");
}

#[test]
fn brunel_exp_low_rate() {
    check_network_case("brunel_exp_low_rate_tau0p5ms_g6_eta0p9");
}

#[test]
fn microcircuit_bos2016_exp() {
    check_network_case("microcircuit_bos2016_exp_wp");
}

/// The μ × σ grid for τ_s = 0.5 and 2 ms: shift and taylor rates, taylor dν/dμ.
#[test]
fn single_population_grid() {
    let d = load("nnmt-1.3.0/single_pop_exp_grid.json");
    let i = &d["inputs"];
    let n = LifNeuron {
        tau_m: Time::new::<second>(num(&i["tau_m"])),
        tau_r: Time::new::<second>(num(&i["tau_r"])),
        v_th: ElectricPotential::new::<volt>(num(&i["V_th_rel"])),
        v_0: ElectricPotential::new::<volt>(num(&i["V_0_rel"])),
    };
    let (mus, sigmas) = (vec(&i["mu_grid"]), vec(&i["sigma_grid"]));
    let mut compared = 0;
    for (tau_s, tag) in [(0.0005, "0p5ms"), (0.002, "2ms")] {
        let ts = Time::new::<second>(tau_s);
        for (a, mu) in mus.iter().enumerate() {
            for (b, sigma) in sigmas.iter().enumerate() {
                let (m, s) = (
                    ElectricPotential::new::<volt>(*mu),
                    ElectricPotential::new::<volt>(*sigma),
                );
                for method in [Method::Shift, Method::Taylor] {
                    let key = format!("firing_rates_{}_tau_s_{tag}", method_name(method));
                    let want = num(&d["outputs"][&key][b][a]);
                    match exp::firing_rate(&n, ts, m, s, method) {
                        Ok(got) => {
                            let got = got.get::<hertz>();
                            if want > 1e-300 && want.is_finite() {
                                assert!(
                                    rel_err(got, want) < SINGLE_RTOL,
                                    "{key} ({mu}, {sigma}): {got} vs {want}"
                                );
                                compared += 1;
                            }
                        }
                        Err(nnmt::Error::NegativeRate { rate, .. }) => {
                            // NNMT returns the negative value with a warning.
                            assert!(
                                method == Method::Taylor && want < 0.0,
                                "{key}: {rate} vs {want}"
                            );
                            assert!(
                                rel_err(rate, want) < SINGLE_RTOL,
                                "{key} ({mu}, {sigma}): {rate} vs {want}"
                            );
                            compared += 1;
                        }
                        Err(e) => panic!("{key} ({mu}, {sigma}): {e}"),
                    }
                }
                let key = format!("derivative_of_firing_rates_wrt_mean_input_tau_s_{tag}");
                let want = num(&d["outputs"][&key][b][a]);
                let y_max = ((num(&i["V_th_rel"]) - mu) / sigma)
                    .abs()
                    .max(((num(&i["V_0_rel"]) - mu) / sigma).abs());
                let got =
                    exp::derivative_of_firing_rate_wrt_mean_input(&n, ts, m, s, Method::Taylor)
                        .unwrap()
                        .get::<hertz_per_volt>();
                assert!(got.is_finite());
                if want.is_finite() && want != 0.0 && y_max <= NNMT_DERIVATIVE_Y_MAX {
                    assert!(
                        rel_err(got, want) < DERIV_RTOL,
                        "{key} ({mu}, {sigma}): {got} vs {want}"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 300, "{compared}");
}

/// The exp entries of NNMT's hard corners: agreement where NNMT is finite and positive.
#[test]
fn hard_corners() {
    let d = load("nnmt-1.3.0/single_pop_hard_corners.json");
    let i = &d["inputs"];
    let tau_s = Time::new::<second>(num(&i["tau_s"]));
    for (p, label) in i["labels"].as_array().unwrap().iter().enumerate() {
        let n = LifNeuron {
            tau_m: Time::new::<second>(vec(&i["tau_m"])[p]),
            tau_r: Time::new::<second>(vec(&i["tau_r"])[p]),
            v_th: ElectricPotential::new::<volt>(vec(&i["V_th_rel"])[p]),
            v_0: ElectricPotential::new::<volt>(vec(&i["V_0_rel"])[p]),
        };
        let (mu, sigma) = (
            ElectricPotential::new::<volt>(vec(&i["mu"])[p]),
            ElectricPotential::new::<volt>(vec(&i["sigma"])[p]),
        );
        for (method, key) in [
            (Method::Shift, "firing_rates_shift"),
            (Method::Taylor, "firing_rates_taylor"),
        ] {
            let want = vec(&d["outputs"][key])[p];
            let got = exp::firing_rate(&n, tau_s, mu, sigma, method);
            if want.is_finite() && want > 1e-300 {
                let got = got
                    .unwrap_or_else(|e| panic!("{label} {key}: {e}"))
                    .get::<hertz>();
                assert!(
                    rel_err(got, want) < SINGLE_RTOL,
                    "{label} {key}: {got} vs {want}"
                );
            } else if want.is_nan() {
                // NNMT raised; we either give a value or a typed error, never a panic.
                if let Ok(v) = got {
                    assert!(v.get::<hertz>().is_finite(), "{label}");
                }
            }
        }
    }
}

/// NNMT's exp runs in `fixpoint_methods`.
#[test]
fn fixpoint_runs() {
    let d = load("nnmt-1.3.0/fixpoint_methods.json");
    let inputs = &d["inputs"];
    let mut checked = 0;
    for (r, run) in inputs["runs"].as_array().unwrap().iter().enumerate() {
        let method = match run["model"].as_str().unwrap() {
            "exp_shift" => Method::Shift,
            "exp_taylor" => Method::Taylor,
            _ => continue,
        };
        let prefix = format!("{}.", run["network"].as_str().unwrap());
        let net = exp_network(inputs, &prefix, None, None);
        let start: Vec<Frequency> = vec(&run["nu_0"])
            .into_iter()
            .map(Frequency::new::<hertz>)
            .collect();
        let fix = if run["fixpoint_method"] == "LSTSQ" {
            FixpointMethod::LeastSquares
        } else {
            FixpointMethod::Relaxation
        };
        let wp = exp::working_point(&net, method, &FixpointOptions::new(fix).start(start)).unwrap();
        for (i, w) in vec(&d["outputs"]["rates"][r]).iter().enumerate() {
            let got = wp.firing_rates().get(i).unwrap().get::<hertz>();
            assert!((got - w).abs() < 1e-6 + 1e-9 * w, "run {r}: {got} vs {w}");
        }
        checked += 1;
    }
    assert_eq!(checked, 4);
}
