//! Delta synapses against NNMT 1.3.0 (`tests/data/nnmt-1.3.0`).

use nnmt::lif::{self, delta};
use nnmt::lif::{FixpointMethod, FixpointOptions};
use nnmt::network::LifNeuron;
use nnmt::pop::PopVec;
use nnmt::units::*;

use crate::common::{load, network, num, rel_err, vec};

/// Rates against NNMT's `*_ode_tight` (eps_tol 1e-12 Hz, i.e. residuals ~1e-12 Hz): both
/// solutions are the same fixed point; NNMT's stopping rule, not ours, limits the agreement.
const RATE_RTOL: f64 = 1e-9;
/// μ and σ at NNMT's own rates: the same sums in a different order, so round-off only.
const INPUT_RTOL: f64 = 1e-12;
/// Siegert values where NNMT's are finite and sane: NNMT's quadrature targets 1e-12, ours
/// ~1e-15; the difference is NNMT's error.
const SIEGERT_RTOL: f64 = 1e-10;

fn check_network_case(file: &str) {
    let d = load(&format!("nnmt-1.3.0/{file}.json"));
    let net = network(&d["inputs"], "", None);
    let want = vec(&d["outputs"]["firing_rates_ode_tight"]);
    let lstsq_failed_in_nnmt = d["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["quantity"] == "firing_rates_lstsq");
    for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
        // NNMT's LSTSQ starts at ν₀ = 0, as ours does by default.
        let mut options = FixpointOptions::new(method);
        if method == FixpointMethod::LeastSquares && lstsq_failed_in_nnmt {
            // NNMT: "Least squares converged in a local minimum". Ours stops there too, with
            // a typed error, and converges from a start in the fixed point's basin.
            let err = delta::working_point(&net, &options).unwrap_err();
            assert!(
                matches!(err, nnmt::Error::NotConverged { .. }),
                "{file}: {err}"
            );
            let start: Vec<Frequency> = want
                .iter()
                .map(|w| Frequency::new::<hertz>(0.9 * w))
                .collect();
            options = options.start(start);
        }
        let wp = delta::working_point(&net, &options).unwrap_or_else(|e| {
            panic!("{file} {method:?}: {e}");
        });
        for (i, w) in want.iter().enumerate() {
            let got = wp.firing_rates().get(i).unwrap().get::<hertz>();
            assert!(
                rel_err(got, *w) < RATE_RTOL,
                "{file} {method:?} pop {i}: {got} vs NNMT {w}"
            );
        }
    }
    // μ and σ at NNMT's default rates.
    let rates: PopVec<Frequency> = vec(&d["outputs"]["firing_rates_default"])
        .into_iter()
        .map(Frequency::new::<hertz>)
        .collect();
    let mu = lif::mean_input(&net, &rates).unwrap();
    let sigma = lif::std_input(&net, &rates).unwrap();
    for (i, (m, s)) in vec(&d["outputs"]["mean_input"])
        .iter()
        .zip(vec(&d["outputs"]["std_input"]))
        .enumerate()
    {
        assert!(
            rel_err(mu.get(i).unwrap().get::<volt>(), *m) < INPUT_RTOL,
            "{file} μ {i}"
        );
        assert!(
            rel_err(sigma.get(i).unwrap().get::<volt>(), s) < INPUT_RTOL,
            "{file} σ {i}"
        );
    }
    // dν/dμ at NNMT's μ, σ.
    let dd = delta::derivative_of_firing_rates_wrt_mean_input(&net, &mu, &sigma).unwrap();
    for (i, w) in vec(&d["outputs"]["derivative_of_firing_rates_wrt_mean_input"])
        .iter()
        .enumerate()
    {
        if w.is_finite() && *w != 0.0 {
            assert!(
                rel_err(dd.get(i).unwrap().get::<hertz_per_volt>(), *w) < SIEGERT_RTOL,
                "{file} dν/dμ {i}"
            );
        }
    }
}

#[test]
fn brunel_asynchronous_irregular() {
    check_network_case("brunel_delta_ai_g5_eta2");
}

#[test]
fn brunel_low_rate() {
    check_network_case("brunel_delta_low_rate_g6_eta0p8");
}

#[test]
fn brunel_high_rate() {
    // NNMT's LSTSQ raises here ("local minimum"); ours converges from 0.
    check_network_case("brunel_delta_high_rate_g3_eta2");
}

#[test]
fn microcircuit_bos2016() {
    check_network_case("microcircuit_bos2016_delta");
}

fn neuron(tau_m: f64, tau_r: f64, v_th: f64, v_0: f64) -> LifNeuron {
    LifNeuron {
        tau_m: Time::new::<second>(tau_m),
        tau_r: Time::new::<second>(tau_r),
        v_th: ElectricPotential::new::<volt>(v_th),
        v_0: ElectricPotential::new::<volt>(v_0),
    }
}

/// Largest |y| at which NNMT's naive e^{y²}(1 + erf y) in dν/dμ is accurate to ~1e-12:
/// its rounding error is ~e^{y²}·1e-16 (at y = −4.5 NNMT is off by 4e-9 relative, while we
/// agree with mpmath to 1e-15). Beyond it the comparison is against mpmath
/// (`siegert_mpmath`).
const NNMT_DERIVATIVE_Y_MAX: f64 = 3.0;

/// The μ × σ grid of `single_pop_delta_grid`: rates everywhere NNMT's are positive, dν/dμ
/// where NNMT's is finite, non-zero and |y| ≤ `NNMT_DERIVATIVE_Y_MAX`.
#[test]
fn single_population_grid() {
    let d = load("nnmt-1.3.0/single_pop_delta_grid.json");
    let i = &d["inputs"];
    let n = neuron(
        num(&i["tau_m"]),
        num(&i["tau_r"]),
        num(&i["V_th_rel"]),
        num(&i["V_0_rel"]),
    );
    let (mus, sigmas) = (vec(&i["mu_grid"]), vec(&i["sigma_grid"]));
    let rates = d["outputs"]["firing_rates"].as_array().unwrap();
    let derivs = d["outputs"]["derivative_of_firing_rates_wrt_mean_input"]
        .as_array()
        .unwrap();
    let mut checked = 0;
    for (a, mu) in mus.iter().enumerate() {
        for (b, sigma) in sigmas.iter().enumerate() {
            let (m, s) = (
                ElectricPotential::new::<volt>(*mu),
                ElectricPotential::new::<volt>(*sigma),
            );
            let want = num(&rates[b][a]); // shape (σ, μ)
            let got = delta::firing_rate(&n, m, s).unwrap().get::<hertz>();
            if want > 0.0 && want.is_finite() {
                assert!(
                    rel_err(got, want) < SIEGERT_RTOL,
                    "ν({mu}, {sigma}): {got} vs {want}"
                );
                checked += 1;
            }
            let want = num(&derivs[b][a]);
            let y = (num(&i["V_th_rel"]) - mu) / sigma;
            let y_r = (num(&i["V_0_rel"]) - mu) / sigma;
            if want.is_finite() && want != 0.0 && y.abs().max(y_r.abs()) <= NNMT_DERIVATIVE_Y_MAX {
                let got = delta::derivative_of_firing_rate_wrt_mean_input(&n, m, s)
                    .unwrap()
                    .get::<hertz_per_volt>();
                assert!(
                    rel_err(got, want) < SIEGERT_RTOL,
                    "dν/dμ({mu}, {sigma}): {got} vs {want}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} points compared");
}

/// NNMT's labelled corner cases: where NNMT is finite and positive we agree to
/// `SIEGERT_RTOL`; where it raised, we return a value (checked against mpmath in
/// `siegert_mpmath`) or, for invalid input, a typed error.
#[test]
fn hard_corners() {
    let d = load("nnmt-1.3.0/single_pop_hard_corners.json");
    let i = &d["inputs"];
    let labels = i["labels"].as_array().unwrap();
    let want = vec(&d["outputs"]["firing_rates_delta"]);
    for (p, label) in labels.iter().enumerate() {
        let label = label.as_str().unwrap();
        let n = neuron(
            vec(&i["tau_m"])[p],
            vec(&i["tau_r"])[p],
            vec(&i["V_th_rel"])[p],
            vec(&i["V_0_rel"])[p],
        );
        let (mu, sigma) = (
            ElectricPotential::new::<volt>(vec(&i["mu"])[p]),
            ElectricPotential::new::<volt>(vec(&i["sigma"])[p]),
        );
        let got = delta::firing_rate(&n, mu, sigma);
        match label {
            "reset_equals_threshold" | "threshold_below_reset" => {
                let err = got.unwrap_err();
                assert!(err.to_string().contains("V_th_rel"), "{label}: {err}");
            }
            "negative_sigma" => {
                let err = got.unwrap_err();
                assert!(err.to_string().contains("sigma"), "{label}: {err}");
            }
            "sigma_zero" => {
                // Noise-free limit: μ = 15 mV is below threshold 20 mV, so no firing.
                assert_eq!(
                    got.unwrap().get::<hertz>().to_bits(),
                    0.0f64.to_bits(),
                    "{label}"
                );
            }
            _ => {
                let got = got
                    .unwrap_or_else(|e| panic!("{label}: {e}"))
                    .get::<hertz>();
                let w = want[p];
                if w.is_finite() && w > 0.0 {
                    assert!(rel_err(got, w) < SIEGERT_RTOL, "{label}: {got} vs NNMT {w}");
                } else if w == 0.0 {
                    // NNMT underflows; the true rates here are below 1e-300 Hz.
                    assert!(got < 1e-300, "{label}: {got}");
                }
            }
        }
    }
}
