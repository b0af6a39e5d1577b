//! NNMT parameter files through the models (Plain, Basic, Microcircuit) and the analysis
//! frequency grid; reference working points of NNMT 1.3.0.

use crate::common::yaml_files;
use std::path::{Path, PathBuf};

use nnmt::io::{DuplicateKeys, load_param_file, load_param_file_with, parse_param_str};
use nnmt::lif::FixpointOptions;
use nnmt::lif::{delta, exp};
use nnmt::models::{
    AnyNetwork, DelayDistribution, Microcircuit, ModelKind, analysis, load_network,
};
use nnmt::units::*;

use crate::common::{load, rel_err, vec};

/// Working points of NNMT's own files agree with NNMT 1.3.0's tight ODE solution.
const RATE_RTOL: f64 = 1e-9;

fn params_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nnmt-params")
}

const BOS2016: &str = "fixtures/integration/config/Bos2016_network_params.yaml";

fn bos2016() -> nnmt::network::Network<nnmt::network::ExpSynapses> {
    let (kind, net) = load_network(params_dir().join(BOS2016), None).unwrap();
    assert_eq!(kind, ModelKind::Microcircuit);
    match net {
        AnyNetwork::Exp(n) => n,
        AnyNetwork::Delta(_) => panic!("the microcircuit has tau_s"),
    }
}

fn assert_rates(got: &nnmt::lif::WorkingPoint, want: &[f64], what: &str) {
    assert_eq!(got.firing_rates().len(), want.len());
    for (i, w) in want.iter().enumerate() {
        let g = got.firing_rates().get(i).unwrap().get::<hertz>();
        assert!(
            rel_err(g, *w) < RATE_RTOL,
            "{what} pop {i}: {g} Hz vs NNMT {w} Hz"
        );
    }
}

#[test]
fn bos2016_yaml_delta_working_point_matches_nnmt() {
    let d = load("nnmt-1.3.0/microcircuit_bos2016_delta.json");
    let wp = delta::working_point(&bos2016(), &FixpointOptions::default()).unwrap();
    assert_rates(&wp, &vec(&d["outputs"]["firing_rates_ode_tight"]), "delta");
}

#[test]
fn bos2016_yaml_exp_working_points_match_nnmt() {
    let d = load("nnmt-1.3.0/microcircuit_bos2016_exp_rates.json");
    let net = bos2016();
    for (method, key) in [
        (exp::Method::Shift, "firing_rates_shift_ode_tight"),
        (exp::Method::Taylor, "firing_rates_taylor_ode_tight"),
    ] {
        let wp = exp::working_point(&net, method, &FixpointOptions::default()).unwrap();
        assert_rates(&wp, &vec(&d["outputs"][key]), key);
    }
}

#[test]
fn bos2016_yaml_is_the_builtin_microcircuit() {
    let p = load_param_file(params_dir().join(BOS2016)).unwrap();
    let mc = Microcircuit::from_params(&p).unwrap();
    let builtin = Microcircuit::bos2016();
    assert_eq!(mc.populations, builtin.populations);
    assert_eq!(mc.delay_dist, DelayDistribution::TruncatedGaussian);
    for (a, b) in [
        (mc.d_e, builtin.d_e),
        (mc.d_i, builtin.d_i),
        (mc.d_e_sd, builtin.d_e_sd),
        (mc.d_i_sd, builtin.d_i_sd),
    ] {
        assert!(rel_err(a.get::<second>(), b.get::<second>()) < 1e-15);
    }
    // the file's N and the derived delays are the built-in ones
    assert_eq!(mc.n, builtin.n);
    let (from_file, from_code) = (mc.network().unwrap(), builtin.network().unwrap());
    assert_eq!(from_file.delays(), from_code.delays());
    assert_eq!(from_file.population_sizes(), from_code.population_sizes());
    let opts = FixpointOptions::default();
    let a = exp::working_point(&mc.network().unwrap(), exp::Method::Shift, &opts).unwrap();
    let b = exp::working_point(&builtin.network().unwrap(), exp::Method::Shift, &opts).unwrap();
    for (x, y) in a.firing_rates().iter().zip(b.firing_rates().iter()) {
        assert!(rel_err(x.get::<hertz>(), y.get::<hertz>()) < 1e-12);
    }
}

#[test]
fn plain_file_matches_nnmt_brunel() {
    let d = load("nnmt-1.3.0/brunel_delta_ai_g5_eta2.json");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/plain_brunel_a.yaml");
    let (kind, net) = load_network(&file, None).unwrap();
    assert_eq!(kind, ModelKind::Plain);
    let AnyNetwork::Delta(net) = net else {
        panic!("no tau_s in the file")
    };
    let wp = delta::working_point(&net, &FixpointOptions::default()).unwrap();
    assert_rates(&wp, &vec(&d["outputs"]["firing_rates_ode_tight"]), "plain");
}

#[test]
fn basic_minimal_usage_example_is_the_microcircuit() {
    // NNMT's minimal usage example gives the microcircuit in Basic form (W, W_ext).
    let (kind, net) = load_network(
        params_dir().join("examples/minimal_usage_example/network_params.yaml"),
        None,
    )
    .unwrap();
    assert_eq!(kind, ModelKind::Basic);
    let net = net.as_exp().unwrap().clone();
    let j = net.j();
    let mv = |r, c| j.get(r, c).unwrap().get::<millivolt>();
    assert!((mv(1, 0) - 0.1756).abs() < 1e-12, "{}", mv(1, 0));
    assert!((mv(1, 1) + 0.7024).abs() < 1e-12, "{}", mv(1, 1));
    assert!((mv(0, 2) - 0.3512).abs() < 1e-12, "{}", mv(0, 2));
    assert!(net.v_0().get(0).unwrap().get::<volt>().abs() < f64::MIN_POSITIVE);
    assert!((net.v_th().get(0).unwrap().get::<millivolt>() - 15.0).abs() < 1e-12);
    exp::working_point(&net, exp::Method::Shift, &FixpointOptions::default()).unwrap();
    // the file gives `delay_dist: none` and d_e, d_i, but no `Delay`: NNMT's Basic derives
    // no delays, and neither does this model; N is read
    assert!(net.delays().is_none());
    assert_eq!(net.population_sizes().map(|n| n.len()), Some(8));
}

#[test]
fn microcircuit_delays_by_source_column() {
    // Potjans & Diesmann: d_e for excitatory (even) source columns, d_i for inhibitory ones
    let mut mc = Microcircuit::bos2016();
    mc.d_e = Time::new::<millisecond>(2.0);
    mc.d_i = Time::new::<millisecond>(1.0);
    mc.d_e_sd = Time::new::<millisecond>(0.5);
    mc.d_i_sd = Time::new::<millisecond>(0.25);
    mc.delay_dist = DelayDistribution::Lognormal;
    let net = mc.network().unwrap();
    let d = net.delays().unwrap();
    for i in 0..8 {
        for j in 0..8 {
            let (mean, sd) = if j % 2 == 0 { (2.0, 0.5) } else { (1.0, 0.25) };
            assert!(rel_err(d.mean().get(i, j).unwrap().get::<millisecond>(), mean) < 1e-15);
            assert!(rel_err(d.sd().get(i, j).unwrap().get::<millisecond>(), sd) < 1e-15);
        }
    }
    assert_eq!(d.distribution(), DelayDistribution::Lognormal);
    // a negative delay is an error naming the parameter
    mc.d_i_sd = Time::new::<millisecond>(-0.25);
    let err = mc.network().unwrap_err();
    assert!(
        matches!(
            err,
            nnmt::Error::InvalidParameter {
                parameter: "Delay_sd",
                ..
            }
        ),
        "{err}"
    );
}

/// What each of NNMT's 62 YAML files gives with the model [`ModelKind::detect`] finds:
/// `Ok(model)`, `Err(text the message must contain)`, or `None` (not a network file).
fn expected_outcome(rel: &str) -> Option<Result<ModelKind, &'static str>> {
    use ModelKind::*;
    let microcircuit_ok = [
        "examples/intermediate_usage_example/network_params.yaml",
        "fixtures/integration/config/Bos2016_network_params.yaml",
        "fixtures/integration/config/minimal_negative.yaml",
        "fixtures/integration/config/network_params.yaml",
        "fixtures/integration/config/network_properties/delay_gaussian_network_params.yaml",
        "fixtures/integration/config/network_properties/delay_lognormal_network_params.yaml",
        "fixtures/integration/config/network_properties/delay_none_network_params.yaml",
        "fixtures/integration/config/network_properties/delay_truncated_gaussian_network_params.yaml",
        "fixtures/unit/config/models/network_params.yaml",
        "fixtures/unit/config/network_params_microcircuit.yaml",
    ];
    if microcircuit_ok.contains(&rel) {
        return Some(Ok(Microcircuit));
    }
    Some(match rel {
        "examples/minimal_usage_example/network_params.yaml" => Ok(Basic),
        // per-population rates with a 1-D K_ext: NNMT's np.dot quirk
        "fixtures/integration/config/lif_exp/firing_rates_fully_vectorized.yaml" => {
            Err("key 'nu_ext': not supported: a list of 8 rates with a one-dimensional K_ext")
        }
        // gives `C` twice, 250 pF and 1 pF (PyYAML keeps the later one silently)
        "fixtures/integration/config/lif_exp/firing_rates_with_external_dc_current.yaml" => Err(
            "firing_rates_with_external_dc_current.yaml:234: key 'C' is repeated with a \
             different value (first at line 25)",
        ),
        // two-population networks for the lif unit tests: NNMT's Microcircuit fails too
        "fixtures/unit/config/mean_driven.yaml" | "fixtures/unit/config/small_network.yaml" => {
            Err("missing required key 'w_ext'")
        }
        // Senk 2020: external rates are computed by the example, not given
        "examples/mapping_lif_rate_and_spatial_patterns/Senk2020_network_params.yaml" => {
            Err("missing required key 'nu_ext'")
        }
        // the 100-neuron networks give J only (the fixture scripts derive K from J != 0)
        "fixtures/integration/config/lif_exp/spectral_bound_and_pairwise_covariances.yaml"
        | "fixtures/unit/config/lif/covs/medium_spectral_radius.yaml"
        | "fixtures/unit/config/lif/covs/small_spectral_radius.yaml" => {
            Err("missing required key 'K'")
        }
        // inputs of lif.exp._external_rates_for_fixed_input: nu_ext is the unknown
        "fixtures/unit/config/lif/external_rates/fully_vectorized.yaml"
        | "fixtures/unit/config/lif/external_rates/microcircuit.yaml"
        | "fixtures/unit/config/lif/external_rates/partially_vectorized.yaml" => {
            Err("missing required key 'nu_ext'")
        }
        _ => return None,
    })
}

#[test]
fn every_nnmt_file_loads_as_its_model_or_names_the_key() {
    let mut files = Vec::new();
    yaml_files(&params_dir(), &mut files);
    assert_eq!(files.len(), 62);
    let mut counts = [0usize; 3];
    for f in &files {
        let rel = f.strip_prefix(params_dir()).unwrap().display().to_string();
        let got = load_network(f, None);
        match (expected_outcome(&rel), got) {
            (Some(Ok(kind)), Ok((k, net))) => {
                assert_eq!(k, kind, "{rel}");
                assert!(!net.is_empty());
                counts[0] += 1;
                println!("{rel}: {k} model, {} populations", net.len());
            }
            (Some(Err(text)), Err(e)) => {
                let msg = e.to_string();
                assert!(msg.contains(text), "{rel}: {msg}");
                assert!(msg.starts_with(&f.display().to_string()), "{rel}: {msg}");
                counts[1] += 1;
                println!("{rel}: {msg}");
            }
            (None, Err(nnmt::Error::NotANetwork { .. })) => {
                counts[2] += 1;
                println!("{rel}: not a network file");
            }
            (want, got) => panic!("{rel}: expected {want:?}, got {got:?}"),
        }
    }
    assert_eq!(counts, [11, 11, 40], "loaded, rejected, not network files");
}

#[test]
fn analysis_files_give_nnmt_grids() {
    let d = load("nnmt-1.3.0/microcircuit_bos2016_exp_rates.json");
    // the oracle's omegas_fine: np.arange(2π·0.1, 2π·500, 2π·1) rad/s
    let want = vec(&d["inputs"]["omegas_fine"]);
    for (file, scale) in [("Hz", 1.0), ("kHz", 1e-3), ("mHz", 1e3)] {
        let text = format!(
            "f_min: {{val: {}, unit: {file}}}\nf_max: {{val: {}, unit: {file}}}\ndf: {{val: {}, unit: {file}}}\n",
            0.1 * scale,
            500.0 * scale,
            1.0 * scale
        );
        let w = analysis::omegas(&parse_param_str(&text, file).unwrap()).unwrap();
        assert_eq!(w.len(), want.len(), "{file}");
        let tol = if file == "Hz" { 0.0 } else { 1e-12 };
        for (g, x) in w.iter().zip(&want) {
            assert!(
                rel_err(g.get::<radian_per_second>(), *x) <= tol,
                "{file}: {g:?} vs {x}"
            );
        }
    }
    let bos = load_param_file(
        params_dir().join("fixtures/integration/config/Bos2016_analysis_params.yaml"),
    )
    .unwrap();
    let w = analysis::omegas(&bos).unwrap();
    assert_eq!(w.len(), 3141); // 0.628 : 1 : 3141.6 rad/s
    assert!(
        (w[1].get::<radian_per_second>() - w[0].get::<radian_per_second>() - 1.0).abs() < 1e-12
    );
    let f = analysis::frequencies(&bos).unwrap();
    assert!((f[0].get::<hertz>() - 0.1).abs() < 1e-15);
    // every analysis file of NNMT with f_min, f_max, df gives a grid
    let mut files = Vec::new();
    yaml_files(&params_dir(), &mut files);
    let mut n = 0;
    for f in files {
        // one of NNMT's files repeats `C` with a different value: read it as NNMT does
        let p = load_param_file_with(&f, DuplicateKeys::LastWins).unwrap();
        if p.contains_key("df") {
            assert!(!analysis::omegas(&p).unwrap().is_empty(), "{}", f.display());
            n += 1;
        }
    }
    assert_eq!(n, 7);
}

#[test]
fn bad_analysis_grids_name_the_key() {
    for (text, key) in [
        (
            "f_min: {val: 1, unit: Hz}\nf_max: {val: 2, unit: Hz}\ndf: {val: 0, unit: Hz}",
            "'df'",
        ),
        (
            "f_min: {val: 3, unit: Hz}\nf_max: {val: 2, unit: Hz}\ndf: {val: 1, unit: Hz}",
            "'f_max'",
        ),
        (
            "f_min: {val: 0, unit: Hz}\nf_max: {val: 1e9, unit: Hz}\ndf: {val: 1e-9, unit: Hz}",
            "'df'",
        ),
        (
            "f_min: {val: 1, unit: ms}\nf_max: {val: 2, unit: Hz}\ndf: {val: 1, unit: Hz}",
            "'f_min'",
        ),
        (
            "f_min: {val: 1, unit: Hz}\ndf: {val: 1, unit: Hz}",
            "'f_max'",
        ),
    ] {
        let e = analysis::omegas(&parse_param_str(text, "a.yaml").unwrap()).unwrap_err();
        assert!(e.to_string().contains(key), "{e}");
    }
}
