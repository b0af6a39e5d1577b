//! Linear response (delay factors D, effective connectivity W, propagator P and Q, power
//! spectra) against NNMT 1.3.0 and mpmath, properties, and bad input.

use nalgebra::DMatrix;
use nnmt::Error;
use nnmt::lif::exp::Method;
use nnmt::lif::linear_response::{
    EffectiveConnectivity, effective_connectivity, power_spectra, propagator,
};
use nnmt::lif::transfer::{self, SynapticFilter, TransferFunction};
use nnmt::models::{AnyNetwork, Microcircuit, load_network};
use nnmt::network::{DelayDistribution, Delays, ExpSynapses, Network, delay_matrix};
use nnmt::pop::{PopMatrix, PopVec};
use nnmt::units::*;
use num_complex::Complex64;
use proptest::prelude::*;
use serde_json::Value;

use crate::common::{exp_network, load, mat, num, vec};

/// D, W, P and the spectra against NNMT where the conventions agree: NNMT's values are
/// closed forms (D), products (W) or LAPACK solves (P, spectra) in double precision, ours
/// the same formulas in another order, so they differ by rounding amplified by the
/// condition of 1 − W (≲ 1e3 here); 1e-10 is the bound.
const RTOL: f64 = 1e-10;
/// W from our own transfer function, which matches NNMT's to ≤ 1e-12 relative (see
/// `tests/it/transfer_function.rs`): the same bound.
const W_RTOL: f64 = 1e-10;
/// Against mpmath (the lognormal's contour integral, the truncated Gaussian's erfc at 50
/// digits): 1e-12 relative, plus 4ε·ωd for the phase ωd, which double precision resolves
/// only to a few ε·ωd (ωd up to 1.1e5 at NNMT's failing lognormal points). Measured:
/// ≤ 1.3e-13 (lognormal), ≤ 2.4e-15 (truncated Gaussian).
const MPMATH_RTOL: f64 = 1e-12;

fn c(v: &Value) -> Complex64 {
    let p = vec(v);
    Complex64::new(p[0], p[1])
}

/// An (n_ω, n, n) array of `[re, im]` pairs.
fn cube(v: &Value) -> Vec<Vec<Vec<Complex64>>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m.as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_array().unwrap().iter().map(c).collect())
                .collect()
        })
        .collect()
}

fn rel(got: Complex64, want: Complex64) -> f64 {
    if got == want {
        0.0
    } else {
        (got - want).norm() / want.norm()
    }
}

fn seconds(rows: &[Vec<f64>]) -> PopMatrix<Time> {
    let rows: Vec<Vec<Time>> = rows
        .iter()
        .map(|r| r.iter().map(|&x| Time::new::<second>(x)).collect())
        .collect();
    PopMatrix::try_from_rows("Delay", &rows).unwrap()
}

fn omegas(inputs: &Value) -> Vec<AngularVelocity> {
    vec(&inputs["omegas"])
        .into_iter()
        .map(AngularVelocity::new::<radian_per_second>)
        .collect()
}

fn dist(name: &str) -> DelayDistribution {
    name.parse().unwrap()
}

fn ms(t: f64) -> Time {
    Time::new::<millisecond>(t)
}

/// The effective connectivity given as NNMT's values.
fn given_w(w: &[Vec<Vec<Complex64>>], om: &[AngularVelocity]) -> EffectiveConnectivity {
    let m = w
        .iter()
        .map(|m| DMatrix::from_fn(m.len(), m.len(), |i, j| m[i][j]))
        .collect();
    EffectiveConnectivity::new(m, om).unwrap()
}

#[test]
fn delay_matrices_match_nnmt() {
    let d = load("nnmt-1.3.0/cvs_and_delay_distributions.json");
    let inputs = &d["inputs"];
    let om = omegas(inputs);
    let mean = seconds(&mat(&inputs["Delay"]));
    let sd = seconds(&mat(&inputs["Delay_sd"]));
    for name in ["none", "gaussian", "truncated_gaussian", "lognormal"] {
        let delays = Delays::new(mean.clone(), sd.clone(), dist(name)).unwrap();
        let got = delay_matrix(&delays, &om).unwrap();
        let want = cube(&d["outputs"][format!("delay_dist_matrix_{name}")]);
        assert_eq!(got.n_frequencies(), want.len());
        for (f, m) in want.iter().enumerate() {
            for (i, row) in m.iter().enumerate() {
                for (j, &w) in row.iter().enumerate() {
                    let g = got.get(f, i, j).unwrap();
                    if name == "lognormal" {
                        // NNMT's lognormal is E[e^{+iωX}], the conjugate (Q14), from four
                        // scipy.quad calls at their default epsabs = epsrel = 1.49e-8 (ours
                        // is checked against mpmath to 1e-12 below)
                        assert!(
                            (g.conj() - w).norm() < 6e-8,
                            "lognormal f={f} ({i},{j}): {g} vs conj {w}"
                        );
                        // and not the same sign: at ω d ≥ 0.01 the imaginary parts differ
                        if w.im.abs() > 1e-3 {
                            assert!(rel(g, w) > 1e-3, "lognormal sign f={f}");
                        }
                    } else {
                        assert!(rel(g, w) < RTOL, "{name} f={f} ({i},{j}): {g} vs {w}");
                    }
                }
            }
        }
    }
}

#[test]
fn delay_factors_match_mpmath_where_nnmt_fails() {
    let d = load("mpmath/delay_characteristic.json");
    let mut worst = [0.0f64; 2];
    for (k, (name, key)) in [
        ("lognormal", "lognormal"),
        ("truncated_gaussian", "truncated_gaussian"),
    ]
    .into_iter()
    .enumerate()
    {
        for p in d[key].as_array().unwrap() {
            let (dd, sd, w) = (num(&p["d"]), num(&p["sd"]), num(&p["omega"]));
            let want = c(&p["D"]);
            let delays = Delays::new(
                [[Time::new::<second>(dd)]],
                [[Time::new::<second>(sd)]],
                dist(name),
            )
            .unwrap();
            let om = [AngularVelocity::new::<radian_per_second>(w)];
            let got = delay_matrix(&delays, &om).unwrap().get(0, 0, 0).unwrap();
            let tol = (MPMATH_RTOL + 4.0 * f64::EPSILON * (w * dd).abs()) * want.norm().max(1e-300);
            assert!(
                (got - want).norm() <= tol,
                "{name} d={dd} sd={sd} ω={w}: {got} vs {want} ({:e} relative)",
                rel(got, want)
            );
            assert!(got.norm() <= 1.0 + 1e-15);
            worst[k] = worst[k].max(rel(got, want));
        }
    }
    eprintln!(
        "largest relative error against mpmath: lognormal {:.1e}, truncated Gaussian {:.1e}",
        worst[0], worst[1]
    );
}

/// Brunel's model A with τ_s = 0.5 ms: D, W, P and the power spectra against NNMT, each
/// step fed with NNMT's own input.
#[test]
fn brunel_exp_pipeline_matches_nnmt() {
    let d = load("nnmt-1.3.0/brunel_exp_tau0p5ms_g5_eta2.json");
    check_pipeline(
        &d,
        &exp_network(&d["inputs"], "", None, None),
        &["shift", "taylor"],
    );
}

/// The Bos 2016 microcircuit (truncated Gaussian delays derived by the model, τ_m the same
/// for all populations, so NNMT's presynaptic τ_m is ours).
#[test]
fn microcircuit_pipeline_matches_nnmt() {
    let d = load("nnmt-1.3.0/microcircuit_bos2016_exp_lr.json");
    let net = Microcircuit::bos2016().network().unwrap();
    // the model's delays are NNMT's Delay, Delay_sd
    let delays = net.delays().unwrap();
    for (key, m) in [("Delay", delays.mean()), ("Delay_sd", delays.sd())] {
        for (i, row) in mat(&d["inputs"][key]).iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                assert_eq!(
                    m.get(i, j).unwrap().get::<second>().to_bits(),
                    x.to_bits(),
                    "{key} ({i},{j})"
                );
            }
        }
    }
    assert_eq!(delays.distribution(), DelayDistribution::TruncatedGaussian);
    let sizes = net.population_sizes().unwrap();
    assert_eq!(vec(&d["inputs"]["N"]), sizes.iter().collect::<Vec<f64>>());
    check_pipeline(&d, &net, &["shift", "taylor"]);
}

fn check_pipeline(d: &Value, net: &Network<ExpSynapses>, methods: &[&str]) {
    let inputs = &d["inputs"];
    let out = &d["outputs"];
    let om = omegas(inputs);
    let delays = match net.delays() {
        Some(x) => x.clone(),
        None => Delays::new(
            seconds(&mat(&inputs["Delay"])),
            seconds(&mat(&inputs["Delay_sd"])),
            dist(inputs["delay_dist"].as_str().unwrap()),
        )
        .unwrap(),
    };
    let dm = delay_matrix(&delays, &om).unwrap();
    let want_d = cube(&out["delay_dist_matrix"]);
    for (f, m) in want_d.iter().enumerate() {
        for (i, row) in m.iter().enumerate() {
            for (j, &w) in row.iter().enumerate() {
                let g = dm.get(f, i, j).unwrap();
                assert!(rel(g, w) < RTOL, "D f={f} ({i},{j}): {g} vs {w}");
            }
        }
    }
    let sizes: PopVec<f64> = vec(&inputs["N"]).into_iter().collect();
    let mut worst_d = 0.0f64;
    for (f, m) in want_d.iter().enumerate() {
        for (i, row) in m.iter().enumerate() {
            for (j, &w) in row.iter().enumerate() {
                worst_d = worst_d.max(rel(dm.get(f, i, j).unwrap(), w));
            }
        }
    }
    eprintln!("{}: D {worst_d:.1e}", d["case"]);
    for name in methods {
        let mut worst = [0.0f64; 4];
        let method = if *name == "shift" {
            Method::Shift
        } else {
            Method::Taylor
        };
        let volt_vec = |k: &str| -> PopVec<ElectricPotential> {
            vec(&out[k])
                .into_iter()
                .map(ElectricPotential::new::<volt>)
                .collect()
        };
        let mu = volt_vec(&format!("mean_input_{name}"));
        let sigma = volt_vec(&format!("std_input_{name}"));
        // W from our transfer function at NNMT's μ, σ
        let tf: TransferFunction = transfer::transfer_function_for_given_input(
            net,
            &mu,
            &sigma,
            &om,
            method,
            SynapticFilter::On,
        )
        .unwrap();
        let w = effective_connectivity(net, &tf, &dm).unwrap();
        let want_w = cube(&out[format!("effective_connectivity_{name}")]);
        for (f, m) in want_w.iter().enumerate() {
            for (i, row) in m.iter().enumerate() {
                for (j, &x) in row.iter().enumerate() {
                    let g = w.get(f, i, j).unwrap();
                    if x.norm() == 0.0 {
                        assert!(g.norm() <= 0.0, "W {name} f={f} ({i},{j}) must be 0");
                    } else {
                        assert!(rel(g, x) < W_RTOL, "W {name} f={f} ({i},{j}): {g} vs {x}");
                        worst[0] = worst[0].max(rel(g, x));
                    }
                }
            }
        }
        // P and the spectra from NNMT's W and rates
        let nnmt_w = given_w(&want_w, &om);
        let prop = propagator(&nnmt_w).unwrap();
        let want_p = cube(&out[format!("propagator_{name}")]);
        for (f, m) in want_p.iter().enumerate() {
            let scale = m.iter().flatten().map(|z| z.norm()).fold(0.0, f64::max);
            for (i, row) in m.iter().enumerate() {
                for (j, &x) in row.iter().enumerate() {
                    let g = prop.p(f, i, j).unwrap();
                    // relative to the matrix's largest entry: entries many orders smaller
                    // come out of the same solve with the same absolute error
                    assert!(
                        (g - x).norm() <= RTOL * scale,
                        "P {name} f={f} ({i},{j}): {g} vs {x}"
                    );
                    worst[1] = worst[1].max((g - x).norm() / scale);
                    // Q = 1 + P
                    let q = prop.q(f, i, j).unwrap();
                    let one = if i == j { 1.0 } else { 0.0 };
                    assert!((q - g - one).norm() <= 1e-13 * scale.max(1.0));
                }
            }
        }
        let rates: PopVec<Frequency> = vec(&out[format!("firing_rates_{name}_default")])
            .into_iter()
            .map(Frequency::new::<hertz>)
            .collect();
        let spectra = power_spectra(&nnmt_w, &rates, &sizes).unwrap();
        let want_c = mat(&out[format!("power_spectra_{name}")]);
        for (f, row) in want_c.iter().enumerate() {
            for (i, &x) in row.iter().enumerate() {
                let g = spectra.get(f, i).unwrap().get::<hertz>();
                assert!(
                    ((g - x) / x).abs() < RTOL,
                    "C {name} f={f} pop {i}: {g} vs {x}"
                );
                worst[2] = worst[2].max(((g - x) / x).abs());
            }
        }
        // and end to end from our own W: the spectra agree as well as W does, amplified by
        // the condition of 1 − W
        let ours = power_spectra(&w, &rates, &sizes).unwrap();
        for (f, row) in want_c.iter().enumerate() {
            for (i, &x) in row.iter().enumerate() {
                let g = ours.get(f, i).unwrap().get::<hertz>();
                assert!(((g - x) / x).abs() < 1e-8, "C (own W) {name} f={f} pop {i}");
                worst[3] = worst[3].max(((g - x) / x).abs());
            }
        }
        eprintln!(
            "{} {name}: W {:.1e}, P {:.1e} (of the largest entry), C {:.1e}, C from our W {:.1e}",
            d["case"], worst[0], worst[1], worst[2], worst[3]
        );
    }
}

/// Two populations with τ_m = 10 and 20 ms: W uses the postsynaptic τ_m (rows), checked
/// against the formula evaluated by hand, and differs from NNMT's broadcasting onto the
/// presynaptic columns by exactly τ_m,i/τ_m,j off the diagonal.
#[test]
fn heterogeneous_tau_m_uses_the_postsynaptic_one() {
    let mv = |v| ElectricPotential::new::<millivolt>(v);
    let net = Network::builder()
        .k([[800.0, 200.0], [800.0, 200.0]])
        .j([[mv(0.1), mv(-0.4)], [mv(0.15), mv(-0.5)]])
        .tau_m([ms(10.0), ms(20.0)])
        .tau_r(ms(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external(
            [[1000.0], [1000.0]],
            [[mv(0.1)], [mv(0.1)]],
            [Frequency::new::<hertz>(15.0)],
        )
        .tau_s(ms(0.5))
        .build()
        .unwrap();
    let freqs = [Frequency::new::<hertz>(10.0), Frequency::new::<hertz>(80.0)];
    let mu = PopVec::from([mv(12.0), mv(11.0)]);
    let sigma = PopVec::from([mv(4.0), mv(5.0)]);
    let tf = transfer::transfer_function_for_given_input(
        &net,
        &mu,
        &sigma,
        &freqs,
        Method::Shift,
        SynapticFilter::On,
    )
    .unwrap();
    let delays = Delays::new(
        [[ms(1.5), ms(0.8)], [ms(1.2), ms(0.5)]],
        [[ms(0.5), ms(0.3)], [ms(0.4), ms(0.2)]],
        DelayDistribution::Gaussian,
    )
    .unwrap();
    let d = delay_matrix(&delays, &freqs).unwrap();
    let w = effective_connectivity(&net, &tf, &d).unwrap();
    let tau = [0.010, 0.020];
    for f in 0..2 {
        for i in 0..2 {
            let h = tf.get(f, i).unwrap().to_si();
            for j in 0..2 {
                let jk = net.j().get(i, j).unwrap().get::<volt>() * net.k().get(i, j).unwrap();
                let dij = d.get(f, i, j).unwrap();
                let post = tau[i] * jk * h * dij;
                let pre = tau[j] * jk * h * dij; // NNMT's broadcasting
                let got = w.get(f, i, j).unwrap();
                // one product in a different order: a few ulp
                assert!(rel(got, post) < 1e-14, "f={f} ({i},{j}): {got} vs {post}");
                let q = got / pre;
                assert!(rel(q, Complex64::new(tau[i] / tau[j], 0.0)) < 1e-14);
                if i != j {
                    assert!(
                        rel(got, pre) > 0.4,
                        "the conventions differ off the diagonal"
                    );
                }
            }
        }
    }
}

#[test]
fn mismatched_frequencies_are_an_error() {
    let net = Microcircuit::bos2016().network().unwrap();
    let mu = PopVec::uniform(8, ElectricPotential::new::<millivolt>(10.0));
    let sigma = PopVec::uniform(8, ElectricPotential::new::<millivolt>(5.0));
    let f1 = [Frequency::new::<hertz>(10.0)];
    let f2 = [Frequency::new::<hertz>(10.5)];
    let tf = transfer::transfer_function_for_given_input(
        &net,
        &mu,
        &sigma,
        &f1,
        Method::Shift,
        SynapticFilter::On,
    )
    .unwrap();
    let d = delay_matrix(net.delays().unwrap(), &f2).unwrap();
    let err = effective_connectivity(&net, &tf, &d).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidParameter {
                parameter: "frequencies",
                ..
            }
        ),
        "{err}"
    );
    let d2 = delay_matrix(net.delays().unwrap(), &[f1[0], f1[0]]).unwrap();
    assert!(matches!(
        effective_connectivity(&net, &tf, &d2),
        Err(Error::ShapeMismatch { .. })
    ));
    // Hz and the same frequencies as rad/s agree
    let om = [AngularVelocity::new::<radian_per_second>(
        20.0 * std::f64::consts::PI,
    )];
    let d3 = delay_matrix(net.delays().unwrap(), &om).unwrap();
    assert!(effective_connectivity(&net, &tf, &d3).is_ok());
}

#[test]
fn singular_one_minus_w_names_the_frequency() {
    let one = DMatrix::from_element(1, 1, Complex64::new(1.0, 0.0));
    let half = DMatrix::from_element(1, 1, Complex64::new(0.5, 0.0));
    let om = [
        AngularVelocity::new::<radian_per_second>(1.0),
        AngularVelocity::new::<radian_per_second>(2.0 * std::f64::consts::PI * 30.0),
    ];
    let w = EffectiveConnectivity::new(vec![half, one], &om).unwrap();
    let err = propagator(&w).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::NonFinite { .. }), "{msg}");
    assert!(
        msg.contains("frequency index 1") && msg.contains("188.49"),
        "{msg}"
    );
    let err = power_spectra(
        &w,
        &PopVec::from([Frequency::new::<hertz>(1.0)]),
        &PopVec::from([10.0]),
    );
    assert!(err.unwrap_err().to_string().contains("frequency index 1"));
}

#[test]
fn bad_delays_are_typed_errors_naming_the_parameter() {
    let cases: [(Time, Time, DelayDistribution, &str); 5] = [
        (ms(-1.0), ms(0.0), DelayDistribution::None, "Delay"),
        (ms(f64::NAN), ms(0.0), DelayDistribution::Gaussian, "Delay"),
        (
            ms(f64::INFINITY),
            ms(0.0),
            DelayDistribution::Gaussian,
            "Delay",
        ),
        (
            ms(1.0),
            ms(-0.5),
            DelayDistribution::TruncatedGaussian,
            "Delay_sd",
        ),
        (ms(0.0), ms(0.5), DelayDistribution::Lognormal, "Delay"),
    ];
    for (mean, sd, dist, parameter) in cases {
        let err = Delays::new(
            [[ms(1.0), mean], [ms(1.0), ms(1.0)]],
            [[ms(0.0), sd], [ms(0.0), ms(0.0)]],
            dist,
        )
        .unwrap_err();
        match &err {
            Error::InvalidParameter {
                parameter: p,
                population: Some(0),
                reason,
            } => {
                assert_eq!(*p, parameter, "{err}");
                assert!(reason.contains("(0, 1)"), "{err}");
            }
            other => panic!("{other}"),
        }
    }
    // unknown names
    let err = "uniform".parse::<DelayDistribution>().unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidParameter {
            parameter: "delay_dist",
            ..
        }
    ));
    // shapes
    assert!(matches!(
        Delays::new(
            [[ms(1.0)]],
            [[ms(1.0), ms(1.0)]],
            DelayDistribution::Gaussian
        ),
        Err(Error::ShapeMismatch {
            parameter: "Delay_sd",
            ..
        })
    ));
    // power spectra: sizes and rates
    let w = EffectiveConnectivity::new(
        vec![DMatrix::from_element(1, 1, Complex64::new(0.1, 0.0))],
        &[AngularVelocity::new::<radian_per_second>(1.0)],
    )
    .unwrap();
    let hz = |x| PopVec::from([Frequency::new::<hertz>(x)]);
    for (rates, sizes, parameter) in [
        (hz(1.0), PopVec::from([0.0]), "N"),
        (hz(1.0), PopVec::from([f64::NAN]), "N"),
        (hz(-1.0), PopVec::from([10.0]), "nu"),
    ] {
        let err = power_spectra(&w, &rates, &sizes).unwrap_err();
        assert!(
            matches!(err, Error::InvalidParameter { parameter: p, .. } if p == parameter),
            "{err}"
        );
    }
    assert!(matches!(
        power_spectra(&w, &hz(1.0), &PopVec::from([1.0, 2.0])),
        Err(Error::ShapeMismatch { parameter: "N", .. })
    ));
}

#[test]
fn files_with_delays_and_unknown_distributions() {
    use nnmt::io::parse_param_str;
    use nnmt::models::plain;
    let base = "
K: [[100, 25], [100, 25]]
J: {val: [[0.1, -0.5], [0.1, -0.5]], unit: mV}
tau_m: {val: 20, unit: ms}
tau_r: {val: 2, unit: ms}
tau_s: {val: 0.5, unit: ms}
V_th_rel: {val: 20, unit: mV}
V_0_rel: {val: 10, unit: mV}
K_ext: [1000, 1000]
J_ext: {val: 0.1, unit: mV}
nu_ext: {val: 20, unit: Hz}
N: [1000, 250]
";
    let good = format!(
        "{base}Delay: {{val: [1.5, 0.75], unit: ms}}\nDelay_sd: {{val: 0.5, unit: ms}}\ndelay_dist: gaussian\n"
    );
    let net = plain(&parse_param_str(&good, "good.yaml").unwrap()).unwrap();
    let AnyNetwork::Exp(net) = net else {
        panic!("tau_s given")
    };
    let delays = net.delays().unwrap();
    // a list is one value per source column, as for J
    assert_eq!(delays.mean().get(1, 1), Some(ms(0.75)));
    assert_eq!(delays.sd().get(1, 0), Some(ms(0.5)));
    assert_eq!(delays.distribution(), DelayDistribution::Gaussian);
    assert_eq!(net.population_sizes().unwrap().get(1), Some(250.0));
    // an unknown name: the key and its line
    let bad = format!("{base}Delay: {{val: 1.5, unit: ms}}\ndelay_dist: uniform\n");
    let err = plain(&parse_param_str(&bad, "bad.yaml").unwrap()).unwrap_err();
    match &err {
        Error::Unsupported { key, line, .. } => {
            assert_eq!(key, "delay_dist");
            assert_eq!(*line, Some(14));
        }
        other => panic!("{other}"),
    }
    // a negative delay: the parameter and the population
    let neg = format!("{base}Delay: {{val: [[1.5, -0.75], [1, 1]], unit: ms}}\n");
    let err = plain(&parse_param_str(&neg, "neg.yaml").unwrap()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidParameter {
                parameter: "Delay",
                population: Some(0),
                ..
            }
        ),
        "{err}"
    );
    // delays in the wrong unit
    let unit = format!("{base}Delay: {{val: 1.5, unit: mV}}\n");
    assert!(matches!(
        plain(&parse_param_str(&unit, "unit.yaml").unwrap()),
        Err(Error::Io(_))
    ));
}

/// The multi-area model's file (CC BY-NC-SA, not in the repository) loads with its delays and
/// population sizes; skipped, saying so, where the file is absent.
#[test]
fn mam_file_loads_with_delays_and_sizes() {
    let path = std::env::var("NNMT_MAM_FILE").unwrap_or_else(|_| {
        format!(
            "{}/../shared/mam/mam_network_params.yaml",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    if !std::path::Path::new(&path).exists() {
        eprintln!("skipped: {path} not found (set NNMT_MAM_FILE)");
        return;
    }
    let (_, net) = load_network(&path, None).unwrap();
    let AnyNetwork::Exp(net) = net else {
        panic!("MAM has tau_s")
    };
    assert_eq!(net.len(), 254);
    let delays = net.delays().unwrap();
    assert_eq!(delays.distribution(), DelayDistribution::TruncatedGaussian);
    assert_eq!(delays.mean().get(0, 0), Some(ms(1.5)));
    assert_eq!(net.population_sizes().unwrap().len(), 254);
}

fn dist_strategy() -> impl Strategy<Value = DelayDistribution> {
    prop_oneof![
        Just(DelayDistribution::None),
        Just(DelayDistribution::Gaussian),
        Just(DelayDistribution::TruncatedGaussian),
        Just(DelayDistribution::Lognormal),
    ]
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// D(0) = 1 and |D(ω)| ≤ 1 for every distribution, mean 1 µs–1 s, spread 0–100× the
    /// mean, f 1e-3 Hz–1e6 Hz (|D| ≤ 1 + 1e-14: rounding of a modulus-one product).
    #[test]
    fn delay_factor_is_one_at_zero_and_bounded(
        dist in dist_strategy(),
        log_mean in -6.0f64..0.0,
        spread in prop_oneof![Just(0.0), 1e-6f64..100.0],
        log_f in -3.0f64..6.0,
    ) {
        let mean = 10f64.powf(log_mean);
        let delays = Delays::new(
            [[Time::new::<second>(mean)]],
            [[Time::new::<second>(mean * spread)]],
            dist,
        ).unwrap();
        let freqs = [Frequency::new::<hertz>(0.0), Frequency::new::<hertz>(10f64.powf(log_f)),
                     Frequency::new::<hertz>(-(10f64.powf(log_f)))];
        let d = delay_matrix(&delays, &freqs).unwrap();
        prop_assert_eq!(d.get(0, 0, 0).unwrap(), Complex64::new(1.0, 0.0));
        let (p, m) = (d.get(1, 0, 0).unwrap(), d.get(2, 0, 0).unwrap());
        prop_assert!(p.norm() <= 1.0 + 1e-14, "{}", p);
        prop_assert!(p.re.is_finite() && p.im.is_finite());
        // a real delay: D(−ω) = conj D(ω)
        prop_assert!((m - p.conj()).norm() <= 1e-12 * p.norm().max(1e-300), "{} {}", m, p);
    }

    /// W(ω) → 0 as ω → ∞ with the synaptic filter (|H| falls like 1/ω, |D| ≤ 1), the power
    /// spectra are real and positive, and without recurrence they are ν/N.
    #[test]
    fn spectra_are_positive_and_shot_noise_without_recurrence(
        k in 0.0f64..400.0,
        g in 0.0f64..6.0,
        log_n in 1.0f64..5.0,
        recurrent in any::<bool>(),
    ) {
        let mv = |v| ElectricPotential::new::<millivolt>(v);
        let kk = if recurrent { k } else { 0.0 };
        let net = Network::builder()
            .k([[kk, kk / 4.0], [kk, kk / 4.0]])
            .j([[mv(0.1), mv(-0.1 * g)], [mv(0.1), mv(-0.1 * g)]])
            .tau_m(ms(10.0))
            .tau_r(ms(2.0))
            .v_th(mv(20.0))
            .v_0(mv(10.0))
            .external([[1000.0], [1000.0]], [[mv(0.1)], [mv(0.1)]], [Frequency::new::<hertz>(15.0)])
            .tau_s(ms(0.5))
            .build()
            .unwrap();
        let freqs: Vec<Frequency> = [1.0, 10.0, 100.0, 1e3, 6e3]
            .iter().map(|&f| Frequency::new::<hertz>(f)).collect();
        let mu = PopVec::from([mv(14.0), mv(13.0)]);
        let sigma = PopVec::from([mv(4.0), mv(4.5)]);
        let tf = transfer::transfer_function_for_given_input(
            &net, &mu, &sigma, &freqs, Method::Shift, SynapticFilter::On).unwrap();
        let d = delay_matrix(&Delays::fixed([[ms(1.5), ms(0.8)], [ms(1.5), ms(0.8)]]).unwrap(),
                             &freqs).unwrap();
        let w = effective_connectivity(&net, &tf, &d).unwrap();
        let norm = |f: usize| w.matrix(f).unwrap().iter().map(|z| z.norm()).fold(0.0, f64::max);
        if recurrent && k > 1.0 {
            // from 100 Hz to 6 kHz |W| falls at least 10-fold (H ∝ 1/ω² with the filter)
            prop_assert!(norm(4) < 0.1 * norm(2), "{} {}", norm(4), norm(2));
        }
        let n = 10f64.powf(log_n);
        let rates = PopVec::from([Frequency::new::<hertz>(5.0), Frequency::new::<hertz>(8.0)]);
        let sizes = PopVec::from([n, n / 4.0]);
        match power_spectra(&w, &rates, &sizes) {
            Ok(c) => {
                for f in 0..freqs.len() {
                    for i in 0..2 {
                        let x = c.get(f, i).unwrap().get::<hertz>();
                        prop_assert!(x.is_finite() && x > 0.0);
                        if !recurrent {
                            let shot = [5.0 / n, 8.0 / (n / 4.0)][i];
                            prop_assert!(((x - shot) / shot).abs() < 1e-15, "{} vs {}", x, shot);
                        }
                    }
                }
            }
            Err(e) => prop_assert!(matches!(e, Error::NonFinite { .. }), "{}", e),
        }
    }
}
