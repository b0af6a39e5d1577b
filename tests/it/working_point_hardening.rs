//! Working points where the solver's stopping rule, not the rate function, used to decide
//! the answer: rates far below the absolute tolerance, rates near 0, inputs that overflow a
//! double, and the agreement of the two solvers.

use nnmt::lif::delta;
use nnmt::lif::exp::{self, Method};
use nnmt::lif::{self, FixpointMethod, FixpointOptions, WorkingPoint};
use nnmt::network::Network;
use nnmt::pop::PopVec;
use nnmt::units::*;

use crate::common::{load, network, num, rel_err};

/// A working point of a network without recurrence is Φ of the external input; the mpmath
/// reference is exact to 25 digits, so this allows the Siegert kernel's own error (≤ 1e-12
/// relative over this range, tests/it/siegert_mpmath.rs) with a margin of 1000.
const NO_RECURRENCE_RTOL: f64 = 1e-9;

fn mv(v: f64) -> ElectricPotential {
    ElectricPotential::new::<millivolt>(v)
}

fn hz(v: f64) -> Frequency {
    Frequency::new::<hertz>(v)
}

fn ms(v: f64) -> Time {
    Time::new::<millisecond>(v)
}

fn rates(wp: &WorkingPoint) -> Vec<f64> {
    wp.firing_rates().iter().map(|f| f.get::<hertz>()).collect()
}

/// One population, τ_m 20 ms, τ_r 2 ms, V_th 20 mV, V_0 10 mV, recurrence `k`·`j`, one
/// external population (K_ext, J_ext, ν_ext).
fn one_population(
    k: f64,
    j: ElectricPotential,
    k_ext: f64,
    j_ext: ElectricPotential,
    nu_ext: Frequency,
) -> nnmt::Result<Network> {
    Network::builder()
        .k([[k]])
        .j([[j]])
        .tau_m(ms(20.0))
        .tau_r(ms(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external([[k_ext]], [[j_ext]], [nu_ext])
        .build()
}

/// Rates far below the default absolute tolerance (1e-12 Hz) keep the precision of the
/// rate function: without recurrence the working point equals the mpmath Siegert rate to
/// 1e-9 relative from ~10 Hz down to 1e-305 Hz (μ = −5 mV, σ = 5 mV used to give 1.9174e-9
/// instead of 1.9179e-9 Hz, and μ = −20 mV, σ = 5 mV gave 0 instead of 3.6e-26 Hz), for
/// both solvers.
#[test]
fn working_point_without_recurrence_matches_mpmath() {
    let d = load("mpmath/working_point_no_recurrence.json");
    let points = d["points"].as_array().unwrap();
    assert!(points.len() >= 30);
    let mut worst = (0.0, String::new());
    let mut smallest = f64::INFINITY;
    for p in points {
        let label = p["label"].as_str().unwrap();
        let want = num(&p["nu"]);
        let net = one_population(
            0.0,
            mv(0.1),
            d["network"]["K_ext"].as_f64().unwrap(),
            ElectricPotential::new::<volt>(num(&p["J_ext"])),
            hz(num(&p["nu_ext"])),
        )
        .unwrap();
        for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
            let wp = delta::working_point(&net, &FixpointOptions::new(method))
                .unwrap_or_else(|e| panic!("{label} {method:?}: {e}"));
            let got = rates(&wp)[0];
            let err = rel_err(got, want);
            assert!(
                err <= NO_RECURRENCE_RTOL,
                "{label} {method:?}: {got:e} Hz vs mpmath {want:e} Hz (rel. error {err:e})"
            );
            let mu = wp.mean_input().get(0).unwrap().get::<volt>();
            assert!(rel_err(mu, num(&p["mu"])) <= 1e-14, "{label}: μ {mu}");
            if err > worst.0 {
                worst = (err, format!("{label} {method:?}"));
            }
        }
        smallest = smallest.min(want);
    }
    println!(
        "worst relative error {:e} ({}), smallest rate {smallest:e} Hz",
        worst.0, worst.1
    );
    assert!(smallest < 1e-300, "the table reaches {smallest:e} Hz");
}

/// A network where one population fires at ~1e-30 Hz, driven by one at tens of Hz: every
/// rate, the tiny one included, is Φ at the returned μ and σ to 1e-11 relative (the
/// fixed point is found on each rate's own scale, not to an absolute 1e-12 Hz).
#[test]
fn tiny_rate_in_a_recurrent_network_is_self_consistent_on_its_own_scale() {
    let net = Network::builder()
        .k([[100.0, 50.0], [100.0, 50.0]])
        .j([[mv(0.1), mv(-0.4)], [mv(0.05), mv(-0.4)]])
        .tau_m(ms(20.0))
        .tau_r(ms(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external([[1000.0], [1000.0]], [[mv(0.1)], [mv(-0.015)]], [hz(100.0)])
        .build()
        .unwrap();
    for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
        let wp = delta::working_point(&net, &FixpointOptions::new(method)).unwrap();
        let nu = rates(&wp);
        println!("{method:?}: rates {nu:?} Hz");
        assert!(nu[0] > 1.0 && nu[1] > 0.0 && nu[1] < 1e-20, "{nu:?}");
        let phi = delta::firing_rates(&net, wp.mean_input(), wp.std_input()).unwrap();
        for (i, (p, v)) in phi.iter().zip(&nu).enumerate() {
            let p = p.get::<hertz>();
            assert!(
                rel_err(*v, p) <= 1e-11,
                "{method:?} pop {i}: ν {v:e} vs Φ {p:e}"
            );
        }
    }
}

/// K, J (mV), τ_m (ms), K_ext, J_ext (mV), ν_ext (Hz) and the silent population of two
/// random two-population networks on which the relaxation returned a negative rate.
type RegressionNetwork = (
    [[f64; 2]; 2],
    [[f64; 2]; 2],
    [f64; 2],
    [[f64; 1]; 2],
    [[f64; 1]; 2],
    f64,
    usize,
);
const REGRESSION_NETWORKS: [RegressionNetwork; 2] = [
    (
        [
            [100.11812965563782, 70.55367351650803],
            [2492.16382185859, 8127.854849911799],
        ],
        [
            [0.32830689975638955, -0.5709492483711766],
            [-0.026356925825405792, 0.007225786100650819],
        ],
        [2.358534927395676, 0.42027739842366413],
        [[1744.5045340273334], [3876.978173372806]],
        [[0.1376362428093406], [0.0024428130106192757]],
        4758.72701174101,
        1,
    ),
    (
        [
            [3082.367527531595, 1715.6210509768357],
            [4701.78387985048, 2122.3551657100793],
        ],
        [
            [-0.005842677655472868, -0.6301571367639636],
            [-0.14045819987376465, -0.014843785133302739],
        ],
        [0.16496491989141687, 17.531757132920056],
        [[5990.411184358529], [1949.5605423063266]],
        [[0.0012269782976817452], [0.001609153776935316]],
        7471.009678841537,
        0,
    ),
];

/// The network of a [`RegressionNetwork`] and its silent population.
fn regression_network(
    (k, j, tau_m, k_ext, j_ext, nu_ext, silent): RegressionNetwork,
) -> (Network, usize) {
    let net = Network::builder()
        .k(k)
        .j(j.map(|row| row.map(mv)))
        .tau_m(tau_m.map(ms))
        .tau_r(ms(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external(k_ext, j_ext.map(|row| row.map(mv)), [hz(nu_ext)])
        .build()
        .unwrap();
    (net, silent)
}

/// Networks whose rates sit at or near 0: the returned rates are values of Φ, never
/// negative (the relaxation used to return iterates such as −5e-24 Hz), for the Siegert
/// rate and the shift rate, from ν₀ = 0 and from ν₀ above the fixed point.
#[test]
fn rates_are_never_negative() {
    let mut checked = 0;
    for j_rec in [-0.1, -0.5, -2.0] {
        for (j_ext, nu_ext) in [(0.1, 10.0), (0.2, 12.0), (0.1, 150.0), (0.3, 30.0)] {
            let net = one_population(100.0, mv(j_rec), 1000.0, mv(j_ext), hz(nu_ext)).unwrap();
            for start in [0.0, 50.0] {
                for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
                    let opts = FixpointOptions::new(method).start([hz(start)]);
                    let Ok(wp) = delta::working_point(&net, &opts) else {
                        continue;
                    };
                    let nu = rates(&wp);
                    assert!(
                        nu.iter().all(|v| *v >= 0.0),
                        "J {j_rec} mV, ν_ext {nu_ext}: {nu:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    // Two random networks (τ_r 2 ms, V_th 20 mV, V_0 10 mV, one external population) where
    // the relaxation returned −1.3e-20 Hz and −7.6e-29 Hz for the silent population.
    for case in REGRESSION_NETWORKS {
        let (net, silent) = regression_network(case);
        for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
            let wp = delta::working_point(&net, &FixpointOptions::new(method)).unwrap();
            let nu = rates(&wp);
            assert!(nu.iter().all(|v| *v >= 0.0), "{method:?}: {nu:?}");
            // the silent rate is Φ there, to its own precision
            let phi = delta::firing_rates(&net, wp.mean_input(), wp.std_input()).unwrap();
            let p = phi.get(silent).unwrap().get::<hertz>();
            assert!(
                rel_err(nu[silent], p) <= 1e-11,
                "{method:?}: ν {nu:?} vs Φ {p:e}"
            );
            checked += 1;
        }
    }
    let micro = nnmt::models::Microcircuit::bos2016().network().unwrap();
    for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
        let wp = exp::working_point(&micro, Method::Shift, &FixpointOptions::new(method)).unwrap();
        assert!(rates(&wp).iter().all(|v| *v >= 0.0));
        checked += 1;
    }
    assert!(checked >= 40, "{checked}");
}

/// An external input too large for a double (K_ext 1e10, J_ext 1 V, ν_ext 1e308 Hz) is an
/// error naming the population and the parameters of the largest term, for the working
/// point and for `mean_input`/`std_input` (it used to pass as μ = inf mV).
#[test]
fn overflowing_external_input_is_an_error() {
    let net = one_population(
        100.0,
        mv(0.2),
        1e10,
        ElectricPotential::new::<volt>(1.0),
        hz(1e308),
    )
    .unwrap();
    let check = |e: nnmt::Error, quantity: &str| {
        let msg = e.to_string();
        assert!(
            matches!(e, nnmt::Error::InputOverflow { population: 0, .. }),
            "{msg}"
        );
        for word in [
            quantity,
            "population 0",
            "K_ext = 1e10",
            "J_ext = 1 V",
            "nu_ext = 1e308 Hz",
        ] {
            assert!(msg.contains(word), "{word:?} missing in: {msg}");
        }
    };
    for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
        check(
            delta::working_point(&net, &FixpointOptions::new(method)).unwrap_err(),
            "mean input μ",
        );
    }
    let nu = PopVec::from([hz(1.0)]);
    check(lif::mean_input(&net, &nu).unwrap_err(), "mean input μ");
    check(lif::std_input(&net, &nu).unwrap_err(), "mean input μ");
    // The variance alone overflows: J_ext² K_ext ν_ext.
    let net = one_population(
        100.0,
        mv(0.2),
        1e3,
        ElectricPotential::new::<volt>(1e150),
        hz(1e10),
    )
    .unwrap();
    let e = delta::working_point(&net, &FixpointOptions::default()).unwrap_err();
    assert!(e.to_string().contains("input variance σ²"), "{e}");
    // σ = ∞ at the start with τ_r = 0: the overflow is named, not a non-finite rate.
    let v = ElectricPotential::new::<volt>;
    let net = Network::builder()
        .k([[0.0, 0.0], [0.0, 0.0]])
        .j([[v(0.0), v(0.0)], [v(0.0), v(0.0)]])
        .tau_m(Time::new::<second>(1.0))
        .tau_r(Time::new::<second>(0.0))
        .v_th(v(0.02))
        .v_0(v(0.01))
        .external([[0.0], [1.0]], [[v(0.0)], [v(1e305)]], [hz(1.0)])
        .build()
        .unwrap();
    let e = delta::working_point(&net, &FixpointOptions::default()).unwrap_err();
    assert!(
        matches!(e, nnmt::Error::InputOverflow { population: 1, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("J_ext = 1e305 V"), "{e}");
}

/// A recurrent weight J = 1e308 mV: the error says that the input overflows and names the
/// coupling τ_m K J² (it used to be only "relaxation did not converge").
#[test]
fn huge_recurrent_weight_names_the_overflow() {
    let net = one_population(100.0, mv(1e308), 1000.0, mv(0.1), hz(10.0)).unwrap();
    for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
        let e = delta::working_point(&net, &FixpointOptions::new(method)).unwrap_err();
        let msg = e.to_string();
        assert!(
            matches!(e, nnmt::Error::InputOverflow { population: 0, .. }),
            "{msg}"
        );
        assert!(
            msg.contains("J = 1e305 V") && msg.contains("K = 100"),
            "{msg}"
        );
    }
}

/// Given rates that make μ overflow: `mean_input` names the population and the rate.
#[test]
fn mean_input_overflow_at_given_rates_names_the_rate() {
    let net = one_population(
        1e4,
        ElectricPotential::new::<volt>(1.0),
        0.0,
        mv(0.0),
        hz(0.0),
    )
    .unwrap();
    let e = lif::mean_input(&net, &PopVec::from([hz(1e307)])).unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(e, nnmt::Error::InputOverflow { population: 0, .. }),
        "{msg}"
    );
    assert!(msg.contains("rate of population 0 (1e307 Hz)"), "{msg}");
    // Finite inputs stay finite and are returned.
    let mu = lif::mean_input(&net, &PopVec::from([hz(1.0)])).unwrap();
    assert!((mu.get(0).unwrap().get::<volt>() - 200.0).abs() < 1e-9);
}

/// Relaxation and least squares started from the relaxation's rates agree to 1e-10
/// relative, silent rates of 1e-229 Hz included: both end on the same stable fixed point
/// with |Φ_i − ν_i| ≤ 1e-12 ν_i, and the margin of 100 covers the condition of the fixed
/// point. Brunel's model
/// A in three regimes, two random networks with a silent population (least squares from
/// the relaxation's rates failed there, as they were negative), a weakly inhibited
/// population, and the microcircuit (shift rate).
#[test]
fn relaxation_and_least_squares_agree() {
    let mut nets: Vec<(String, Network)> = [
        "brunel_delta_ai_g5_eta2",
        "brunel_delta_low_rate_g6_eta0p8",
        "brunel_delta_high_rate_g3_eta2",
    ]
    .iter()
    .map(|f| {
        (
            f.to_string(),
            network(&load(&format!("nnmt-1.3.0/{f}.json"))["inputs"], "", None),
        )
    })
    .collect();
    // Least squares from the relaxation's rates used to fail here: they were negative.
    for (i, case) in REGRESSION_NETWORKS.into_iter().enumerate() {
        nets.push((format!("random network {i}"), regression_network(case).0));
    }
    nets.push((
        "weak inhibition".into(),
        one_population(100.0, mv(-0.1), 1000.0, mv(0.1), hz(12.0)).unwrap(),
    ));
    let agree = |what: &str, a: &[f64], b: &[f64]| {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!(
                (x - y).abs() <= 1e-10 * x.abs().max(y.abs()) + f64::MIN_POSITIVE,
                "{what} pop {i}: relaxation {x:e} vs least squares {y:e}"
            );
        }
    };
    for (name, net) in &nets {
        let relax = delta::working_point(net, &FixpointOptions::default()).unwrap();
        let start: Vec<Frequency> = relax.firing_rates().iter().collect();
        let ls = delta::working_point(
            net,
            &FixpointOptions::new(FixpointMethod::LeastSquares).start(start),
        )
        .unwrap();
        agree(name, &rates(&relax), &rates(&ls));
    }
    let micro = nnmt::models::Microcircuit::bos2016().network().unwrap();
    let relax = exp::working_point(&micro, Method::Shift, &FixpointOptions::default()).unwrap();
    println!(
        "microcircuit shift: {} relaxation iterations",
        relax.iterations()
    );
    let start: Vec<Frequency> = relax.firing_rates().iter().collect();
    let ls = exp::working_point(
        &micro,
        Method::Shift,
        &FixpointOptions::new(FixpointMethod::LeastSquares).start(start),
    )
    .unwrap();
    agree("microcircuit shift", &rates(&relax), &rates(&ls));
}
