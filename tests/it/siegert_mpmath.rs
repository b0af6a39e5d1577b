//! Siegert rate and dν/dμ against mpmath at 50 digits (`tests/data/mpmath`).

use nnmt::lif::delta;
use nnmt::network::LifNeuron;
use nnmt::units::*;

use crate::common::{load, num, rel_err};

/// The rate's accuracy documented at `delta::firing_rate` (≤ 1e-12 relative against mpmath).
/// Our erfcx quadrature is ~1e-15; the conditioning of e^{−y²} in the inputs costs up to
/// ~1e-13 at y ≈ 20 (measured worst 8.9e-14).
const RATE_RTOL: f64 = 1e-12;
/// dν/dμ's accuracy documented at `delta::derivative_of_firing_rate_wrt_mean_input`
/// (≤ 1e-12 relative against mpmath). It is a difference f(y_th) − f(y_r) times ν², formed
/// from erfcx without cancellation: measured worst 1.0e-13, as the rate.
const DERIV_RTOL: f64 = 1e-12;
/// Compare only values well inside the normal f64 range (subnormals have fewer digits).
const SMALLEST: f64 = 1e-290;

/// The neuron of a table point (SI values under NNMT's names).
fn neuron_of(p: &serde_json::Value) -> LifNeuron {
    LifNeuron {
        tau_m: Time::new::<second>(num(&p["tau_m"])),
        tau_r: Time::new::<second>(num(&p["tau_r"])),
        v_th: ElectricPotential::new::<volt>(num(&p["V_th_rel"])),
        v_0: ElectricPotential::new::<volt>(num(&p["V_0_rel"])),
    }
}

fn check_table(path: &str) -> usize {
    let d = load(path);
    let mut compared = 0;
    let mut worst = (0.0f64, 0.0f64);
    for p in d["points"].as_array().unwrap() {
        let neuron = neuron_of(p);
        let mu = ElectricPotential::new::<volt>(num(&p["mu"]));
        let sigma = ElectricPotential::new::<volt>(num(&p["sigma"]));
        let (nu, dnu) = (num(&p["nu"]), num(&p["dnu_dmu"]));
        let got = delta::firing_rate(&neuron, mu, sigma)
            .unwrap()
            .get::<hertz>();
        let got_d = delta::derivative_of_firing_rate_wrt_mean_input(&neuron, mu, sigma)
            .unwrap()
            .get::<hertz_per_volt>();
        if nu > SMALLEST {
            let e = rel_err(got, nu);
            worst.0 = worst.0.max(e);
            assert!(e <= RATE_RTOL, "ν at {p}: got {got}, rel err {e:e}");
            compared += 1;
        } else {
            assert!(got < 1e-280, "ν at {p}: got {got}, want {nu}");
        }
        if dnu > SMALLEST && dnu.is_finite() {
            let e = rel_err(got_d, dnu);
            worst.1 = worst.1.max(e);
            assert!(e <= DERIV_RTOL, "dν/dμ at {p}: got {got_d}, rel err {e:e}");
        }
    }
    println!(
        "{path}: worst relative error ν {:e}, dν/dμ {:e}",
        worst.0, worst.1
    );
    compared
}

#[test]
fn siegert_table() {
    assert!(check_table("mpmath/siegert_table.json") > 200);
}

/// Points where NNMT 1.3.0 returns NaN/0 or raises (its global quadrature-order search
/// fails, or its dν/dμ cancels): tiny σ at threshold, huge μ, rates of 1e-197 Hz, |y| ~ 1e4.
#[test]
fn where_nnmt_fails() {
    assert_eq!(check_table("mpmath/siegert_extra.json"), 7);
}

/// The values of `mpmath/siegert_tiny_sigma.json` at one point: (ν, dν/dμ, ν_shift,
/// ν_taylor) from the library, each `Ok`.
fn tiny_sigma_values(p: &serde_json::Value) -> [f64; 4] {
    use nnmt::lif::exp::{self, Method};
    let neuron = neuron_of(p);
    let mu = ElectricPotential::new::<volt>(num(&p["mu"]));
    let sigma = ElectricPotential::new::<volt>(num(&p["sigma"]));
    let tau_s = Time::new::<second>(num(&p["tau_s"]));
    let ok = |what: &str, r: nnmt::Result<f64>| r.unwrap_or_else(|e| panic!("{what} at {p}: {e}"));
    [
        ok(
            "ν",
            delta::firing_rate(&neuron, mu, sigma).map(|v| v.get::<hertz>()),
        ),
        ok(
            "dν/dμ",
            delta::derivative_of_firing_rate_wrt_mean_input(&neuron, mu, sigma)
                .map(|v| v.get::<hertz_per_volt>()),
        ),
        ok(
            "ν_shift",
            exp::firing_rate(&neuron, tau_s, mu, sigma, Method::Shift).map(|v| v.get::<hertz>()),
        ),
        // far below threshold the Taylor rate is negative (its documented error carries it)
        match exp::firing_rate(&neuron, tau_s, mu, sigma, Method::Taylor) {
            Ok(v) => v.get::<hertz>(),
            Err(nnmt::Error::NegativeRate { rate, .. }) => rate,
            Err(e) => panic!("ν_taylor at {p}: {e}"),
        },
    ]
}

/// Tiny σ: σ from 1e-300 V to 1 V (every 10^5) at μ below (0, 16, 19.99 mV), at (20 mV) and
/// above (20.01, 25, 100 mV, 2 V) threshold (V_th = 20 mV, V_0 = 10 mV, τ_m = 20 ms), with
/// τ_r = 2 ms and τ_r = 0: the Siegert rate, dν/dμ and the shift and Taylor rates (τ_s =
/// 0.5 ms) are `Ok` at every point, equal mpmath (50 digits) to the documented 1e-12
/// relative where the value is above 1e-290, and are 0 or below 1e-280 where mpmath's is
/// below the normal f64 range (0 exactly where it is below half the smallest subnormal).
/// Pins the tiny-σ defect: e^{−y²} for |y| ≳ 3e9 was formed as 0·∞ = NaN, so that μ = 0,
/// σ = 1e-9 mV gave an error, 1e-10 mV gave 0 and 1e-12 mV an error again; and dν/dσ and
/// the Taylor rate's second derivatives cancelled or overflowed above threshold.
#[test]
fn tiny_sigma_sweep_matches_mpmath() {
    let d = load("mpmath/siegert_tiny_sigma.json");
    let names = ["ν", "dν/dμ", "ν_shift", "ν_taylor"];
    let keys = ["nu", "dnu_dmu", "nu_shift", "nu_taylor"];
    let tols = [RATE_RTOL, DERIV_RTOL, RATE_RTOL, TAYLOR_RTOL];
    let mut worst = [0.0f64; 4];
    let mut compared = 0;
    for p in d["points"].as_array().unwrap() {
        let got = tiny_sigma_values(p);
        for q in 0..4 {
            let want = num(&p[keys[q]]);
            let g = got[q];
            if q == 3 && want < 0.0 {
                // Taylor below threshold: negative, as mpmath's
                assert!(g <= 0.0, "{} at {p}: got {g:e}, want {want:e}", names[q]);
                if want < -SMALLEST {
                    let e = rel_err(g, want);
                    worst[q] = worst[q].max(e);
                    assert!(
                        e <= tols[q],
                        "{} at {p}: got {g:e}, rel err {e:e}",
                        names[q]
                    );
                    compared += 1;
                }
                continue;
            }
            assert!(g >= 0.0, "{} < 0 at {p}: {g}", names[q]);
            if want > SMALLEST {
                let e = rel_err(g, want);
                worst[q] = worst[q].max(e);
                assert!(
                    e <= tols[q],
                    "{} at {p}: got {g:e}, rel err {e:e}",
                    names[q]
                );
                compared += 1;
            } else if want < f64::from_bits(1) / 2.0 {
                assert!(g == 0.0, "{} at {p}: got {g:e}, want 0", names[q]);
            } else {
                assert!(g < 1e-280, "{} at {p}: got {g:e}, want {want:e}", names[q]);
            }
        }
    }
    println!(
        "tiny σ sweep: {compared} values compared; worst relative errors ν {:e}, dν/dμ {:e}, shift {:e}, taylor {:e}",
        worst[0], worst[1], worst[2], worst[3]
    );
    assert!(compared > 1500, "{compared}");
}

/// The Taylor rate ν₀ − σ α/2 k ∂ν₀/∂μ: the accuracy of the ν₀ and dν/dμ it is formed
/// from (measured worst 1.8e-14 on the sweep; its two terms cancel by less than a factor
/// 10 at the points where it is compared).
const TAYLOR_RTOL: f64 = 1e-12;

/// The three points (μ = 0, V_th = 20 mV): σ = 1e-9, 1e-10 and 1e-12 mV all give
/// rate 0 and dν/dμ = 0, for τ_r = 2 ms and τ_r = 0, and so does σ = 0.
#[test]
fn tiny_sigma_below_threshold_is_zero() {
    for tau_r in [2.0, 0.0] {
        let neuron = LifNeuron {
            tau_m: Time::new::<millisecond>(20.0),
            tau_r: Time::new::<millisecond>(tau_r),
            v_th: ElectricPotential::new::<millivolt>(20.0),
            v_0: ElectricPotential::new::<millivolt>(10.0),
        };
        let mu = ElectricPotential::new::<millivolt>(0.0);
        for s in [1e-9, 1e-10, 1e-12, 0.0] {
            let sigma = ElectricPotential::new::<millivolt>(s);
            let nu = delta::firing_rate(&neuron, mu, sigma)
                .unwrap()
                .get::<hertz>();
            let d = delta::derivative_of_firing_rate_wrt_mean_input(&neuron, mu, sigma)
                .unwrap()
                .get::<hertz_per_volt>();
            assert!(nu == 0.0 && d == 0.0, "σ = {s} mV: ν = {nu}, dν/dμ = {d}");
        }
    }
}

/// A dense sweep, σ = 10^(k/20) V for k = −6000..=0 (and σ = 0), at μ below, at and above
/// threshold, τ_r = 2 ms and 0, delta, shift and Taylor: never an error; ν ≥ 0 and
/// non-decreasing in σ below and at threshold; continuous with the noise-free limit
/// ν₀ = 1/(τ_r + τ_m ln((μ − V_0)/(μ − V_th))) (0 below threshold): equal to it to 1e-12
/// relative once σ ≤ 1e-7 |μ − V_th| (the correction is O(σ²/(μ − V_th)²)), and exactly
/// 0 below threshold once (V_th − μ)/σ ≥ 40 (e^{−1600} underflows).
#[test]
fn tiny_sigma_dense_sweep_is_continuous_with_the_noise_free_limit() {
    use nnmt::lif::exp::{self, Method};
    let (tau_m, v_th, v_0) = (0.02, 0.02, 0.01);
    let tau_s = Time::new::<second>(0.0005);
    let v = |x| ElectricPotential::new::<volt>(x);
    for tau_r in [0.002, 0.0] {
        let neuron = LifNeuron {
            tau_m: Time::new::<second>(tau_m),
            tau_r: Time::new::<second>(tau_r),
            v_th: v(v_th),
            v_0: v(v_0),
        };
        for mu in [0.0, 0.016, 0.01999, 0.02, 0.02001, 0.025, 0.1, 2.0] {
            let nu0: f64 = if mu > v_th {
                1.0 / (tau_r + tau_m * ((v_th - v_0) / (mu - v_th)).ln_1p())
            } else {
                0.0
            };
            let mut last = -1.0;
            for k in -6000..=0 {
                let sigma = 10f64.powf(f64::from(k) / 20.0);
                let at = |what: &str, r: nnmt::Result<f64>| {
                    r.unwrap_or_else(|e| {
                        panic!("{what}, μ = {mu} V, σ = {sigma:e} V, τ_r = {tau_r}: {e}")
                    })
                };
                let nu = at(
                    "ν",
                    delta::firing_rate(&neuron, v(mu), v(sigma)).map(|x| x.get::<hertz>()),
                );
                at(
                    "dν/dμ",
                    delta::derivative_of_firing_rate_wrt_mean_input(&neuron, v(mu), v(sigma))
                        .map(|x| x.get::<hertz_per_volt>()),
                );
                for m in [Method::Shift, Method::Taylor] {
                    let r = match exp::firing_rate(&neuron, tau_s, v(mu), v(sigma), m) {
                        // the first-order expansion turns negative well below threshold
                        Err(nnmt::Error::NegativeRate { rate, .. })
                            if m == Method::Taylor && mu < v_th =>
                        {
                            rate.abs()
                        }
                        r => at("colored ν", r.map(|x| x.get::<hertz>())),
                    };
                    assert!(r >= 0.0 && r.is_finite(), "{m:?} ν = {r}");
                    at(
                        "colored dν/dμ",
                        exp::derivative_of_firing_rate_wrt_mean_input(
                            &neuron,
                            tau_s,
                            v(mu),
                            v(sigma),
                            m,
                        )
                        .map(|x| x.get::<hertz_per_volt>()),
                    );
                }
                // ∂ν/∂ν_in ∝ j²/σ ∂ν/∂σ diverges as σ → 0 near threshold: beyond the f64
                // range it is a NonFinite error (at σ = 1e-300 V, j = 0.1 mV it is ~1e590)
                match exp::derivative_of_firing_rate_wrt_input_rate(
                    &neuron,
                    tau_s,
                    v(mu),
                    v(sigma),
                    v(1e-4),
                ) {
                    Err(nnmt::Error::NonFinite { .. }) if sigma < 1e-100 => {}
                    r => {
                        at("dν/dν_in", r);
                    }
                }
                assert!(nu >= 0.0, "ν = {nu}");
                if mu <= v_th {
                    assert!(
                        nu >= last * (1.0 - 1e-14),
                        "not increasing in σ at μ = {mu}, σ = {sigma:e}: {last} → {nu}"
                    );
                }
                last = nu;
                if mu < v_th && (v_th - mu) / sigma >= 40.0 {
                    assert!(nu == 0.0, "μ = {mu}, σ = {sigma:e}: ν = {nu:e}");
                }
                if mu > v_th && sigma <= 1e-7 * (mu - v_th) {
                    assert!(
                        rel_err(nu, nu0) <= 1e-12,
                        "μ = {mu}, σ = {sigma:e}: ν = {nu} vs noise-free {nu0}"
                    );
                }
            }
            let zero = delta::firing_rate(&neuron, v(mu), v(0.0))
                .unwrap()
                .get::<hertz>();
            assert!(
                rel_err(zero, nu0) <= 1e-12,
                "σ = 0 at μ = {mu}: {zero} vs {nu0}"
            );
        }
    }
}

/// The only legitimate divergence is τ_r = 0 with σ so large that (V_th − V_0)/σ rounds to
/// 0; the message says so then, and only then (it used to say it for tiny σ and τ_r = 2 ms).
#[test]
fn divergence_message_names_tau_r_only_when_it_is_the_cause() {
    let neuron = |tau_r: f64| LifNeuron {
        tau_m: Time::new::<millisecond>(20.0),
        tau_r: Time::new::<millisecond>(tau_r),
        v_th: ElectricPotential::new::<millivolt>(20.0),
        v_0: ElectricPotential::new::<millivolt>(10.0),
    };
    let mu = ElectricPotential::new::<millivolt>(15.0);
    let huge = ElectricPotential::new::<volt>(1e307);
    let e = delta::firing_rate(&neuron(0.0), mu, huge).unwrap_err();
    assert!(matches!(e, nnmt::Error::NonFinite { .. }), "{e:?}");
    assert!(e.to_string().contains("tau_r = 0"), "{e}");
    // with τ_r > 0 the rate is bounded by 1/τ_r
    let nu = delta::firing_rate(&neuron(2.0), mu, huge)
        .unwrap()
        .get::<hertz>();
    assert!(nu > 0.0 && nu <= 500.0, "{nu}");
}

/// The command-line case of the tiny-σ defect as a library call: one population without
/// recurrence, J_ext = 1e-12 mV (σ ≈ 1e-13 mV) and a DC input of 200 pA into 250 pF
/// (μ = 16 mV, below V_th = 20 mV; the working point failed with "firing rate is not
/// finite … NaN") gives rate 0; with 300 pA (μ = 24 mV, above threshold) it gives the
/// noise-free rate, for delta, shift and Taylor.
#[test]
fn tiny_noise_working_point_is_the_noise_free_limit() {
    use nnmt::lif::FixpointOptions;
    use nnmt::lif::exp::{self, Method};
    use nnmt::network::Network;
    let mv = |v| ElectricPotential::new::<millivolt>(v);
    for (i_pa, want) in [(200.0, Some(0.0)), (300.0, None)] {
        let net = Network::builder()
            .k([[0.0]])
            .j([[mv(0.1)]])
            .tau_m(Time::new::<millisecond>(20.0))
            .tau_r(Time::new::<millisecond>(2.0))
            .v_th(mv(20.0))
            .v_0(mv(10.0))
            .external([[1000.0]], [[mv(1e-12)]], [Frequency::new::<hertz>(10.0)])
            .dc_input(
                [ElectricCurrent::new::<picoampere>(i_pa)],
                [Capacitance::new::<picofarad>(250.0)],
            )
            .build()
            .unwrap();
        // μ = τ_m (K_ext J_ext ν_ext + I/C): 16 mV or 24 mV (+1e-10 mV)
        let mu = 0.02 * (1000.0 * 1e-15 * 10.0 + i_pa * 1e-12 / 250e-12);
        let nu0 = want.unwrap_or_else(|| 1.0 / (0.002 + 0.02 * (0.01 / (mu - 0.02)).ln_1p()));
        let opts = FixpointOptions::default();
        let delta_rate = delta::working_point(&net, &opts)
            .unwrap_or_else(|e| panic!("I = {i_pa} pA: {e}"))
            .firing_rates()
            .get(0)
            .unwrap()
            .get::<hertz>();
        let exp_net = net.with_tau_s(Time::new::<millisecond>(0.5)).unwrap();
        for (name, got) in [
            ("delta", delta_rate),
            (
                "shift",
                exp::working_point(&exp_net, Method::Shift, &opts)
                    .unwrap_or_else(|e| panic!("shift, I = {i_pa} pA: {e}"))
                    .firing_rates()
                    .get(0)
                    .unwrap()
                    .get::<hertz>(),
            ),
            (
                "taylor",
                exp::working_point(&exp_net, Method::Taylor, &opts)
                    .unwrap_or_else(|e| panic!("taylor, I = {i_pa} pA: {e}"))
                    .firing_rates()
                    .get(0)
                    .unwrap()
                    .get::<hertz>(),
            ),
        ] {
            // the fixed-point tolerance (1e-12 Hz + 1e-12 ν) bounds the difference
            assert!(
                (got - nu0).abs() <= 1e-12 + 1e-11 * nu0,
                "{name}, I = {i_pa} pA: {got} vs noise-free {nu0}"
            );
        }
    }
}
