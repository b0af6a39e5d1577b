//! Fixed-point solvers on NNMT's `fixpoint_methods` runs: multistable networks (Sanzeni et
//! al. 2020 "sdm", "ndm", "mdm"), an ultra-low-rate and a Brunel network.

use std::sync::{Arc, Mutex};

use argmin::core::observers::{Observe, ObserverMode};
use argmin::core::{KV, State};
use nnmt::lif::delta;
use nnmt::lif::{FixpointMethod, FixpointOptions};
use nnmt::solve::FixpointState;
use nnmt::units::*;

use crate::common::{load, network, num, vec};

/// NNMT's ODE runs stop at max|ν(1000) − ν(999)| < 1e-7 Hz, leaving residuals up to ~1e-7
/// Hz; 1e-6 Hz absolute (+1e-9 relative) covers the resulting rate error with margin
/// while still telling apart every pair of distinct fixed points in these networks.
const ODE_ATOL_HZ: f64 = 1e-6;
const ODE_RTOL: f64 = 1e-9;
/// Self-consistency residual |Φ(ν) − ν| a least-squares solution must reach (NNMT's LSTSQ
/// accepts a mean squared residual < 1e-7 Hz², a far looser test).
const LSTSQ_RESIDUAL_HZ: f64 = 1e-9;

#[test]
fn nnmt_fixpoint_runs() {
    let d = load("nnmt-1.3.0/fixpoint_methods.json");
    let inputs = &d["inputs"];
    let runs = inputs["runs"].as_array().unwrap();
    let rates = d["outputs"]["rates"].as_array().unwrap();
    let mut checked = 0;
    for (r, run) in runs.iter().enumerate() {
        if run["model"] != "delta" {
            continue; // exponential synapses: see the exp tests
        }
        let prefix = format!("{}.", run["network"].as_str().unwrap());
        let nu_ext = run["nu_ext"].as_f64();
        let net = network(inputs, &prefix, nu_ext);
        let start: Vec<Frequency> = vec(&run["nu_0"])
            .into_iter()
            .map(Frequency::new::<hertz>)
            .collect();
        let want = vec(&rates[r]);
        let method = run["fixpoint_method"].as_str().unwrap();
        if method.contains("ODE") {
            // Relaxation from NNMT's ν₀ lands on NNMT's ODE fixed point.
            let opts = FixpointOptions::new(FixpointMethod::Relaxation).start(start);
            let wp = delta::working_point(&net, &opts).unwrap_or_else(|e| panic!("run {r}: {e}"));
            for (i, w) in want.iter().enumerate() {
                let got = wp.firing_rates().get(i).unwrap().get::<hertz>();
                assert!(
                    (got - w).abs() <= ODE_ATOL_HZ + ODE_RTOL * w.abs(),
                    "run {r} ({run}) pop {i}: relaxation {got} vs NNMT ODE {w}"
                );
            }
        } else {
            // Least squares from NNMT's ν₀ lands on a fixed point (not necessarily NNMT's:
            // NNMT accepts any point with mean squared residual < 1e-7 Hz²).
            let opts = FixpointOptions::new(FixpointMethod::LeastSquares).start(start);
            match delta::working_point(&net, &opts) {
                Ok(wp) => assert!(
                    wp.residual().get::<hertz>() <= LSTSQ_RESIDUAL_HZ,
                    "run {r}: residual {:e}",
                    wp.residual().get::<hertz>()
                ),
                Err(e) => {
                    // Only where NNMT failed too.
                    assert!(num(&rates[r][0]).is_nan(), "run {r} ({run}): {e}");
                    assert!(
                        matches!(e, nnmt::Error::NotConverged { .. }),
                        "run {r}: {e}"
                    );
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked} runs checked");
}

/// Records what an argmin observer sees: the number of `observe_init` calls, and per
/// iteration the iteration number, the cost max|Φ(ν) − ν| (Hz) and the rates (Hz).
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Recorded>>);

#[derive(Default)]
struct Recorded {
    inits: usize,
    iterations: Vec<(u64, f64, Vec<f64>)>,
    finals: usize,
}

impl Observe<FixpointState> for Recorder {
    fn observe_init(
        &mut self,
        _: &str,
        _: &FixpointState,
        _: &KV,
    ) -> Result<(), argmin::core::Error> {
        self.0.lock().unwrap().inits += 1;
        Ok(())
    }
    fn observe_iter(&mut self, state: &FixpointState, _: &KV) -> Result<(), argmin::core::Error> {
        let nu = state
            .get_param()
            .map(|p| p.iter().copied().collect())
            .unwrap_or_default();
        self.0
            .lock()
            .unwrap()
            .iterations
            .push((state.get_iter(), state.get_cost(), nu));
        Ok(())
    }
    fn observe_final(&mut self, _: &FixpointState) -> Result<(), argmin::core::Error> {
        self.0.lock().unwrap().finals += 1;
        Ok(())
    }
}

/// An argmin observer attached through `FixpointOptions::observe` sees every iteration of
/// both solvers, in order, ending at the returned working point.
#[test]
fn observers_receive_every_iteration() {
    let net = nnmt::models::Microcircuit::bos2016().network().unwrap();
    for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
        let recorder = Recorder::default();
        let options = FixpointOptions::new(method).observe(recorder.clone(), ObserverMode::Always);
        let wp = delta::working_point(&net, &options).unwrap();
        let seen = recorder.0.lock().unwrap();
        assert_eq!((seen.inits, seen.finals), (1, 1), "{method:?}");
        assert_eq!(seen.iterations.len() as u64, wp.iterations(), "{method:?}");
        for (k, (iter, _, _)) in seen.iterations.iter().enumerate() {
            assert_eq!(*iter, k as u64, "{method:?}: iteration numbers in order");
        }
        let (_, cost, nu) = seen.iterations.last().unwrap();
        // the same number: the last observed state is the returned working point
        assert_eq!(
            cost.to_bits(),
            wp.residual().get::<hertz>().to_bits(),
            "{method:?}: final cost"
        );
        let rates: Vec<f64> = wp.firing_rates().iter().map(|r| r.get::<hertz>()).collect();
        assert_eq!(nu, &rates, "{method:?}: final rates");
    }
    // ObserverMode::Every(n) is honoured too
    let recorder = Recorder::default();
    let options = FixpointOptions::default().observe(recorder.clone(), ObserverMode::Every(5));
    let wp = delta::working_point(&net, &options).unwrap();
    let seen = recorder.0.lock().unwrap();
    assert_eq!(seen.iterations.len() as u64, wp.iterations().div_ceil(5));
}

/// argmin's `max_iters` stops the run; that is `NotConverged` with the iteration count.
#[test]
fn max_iterations_gives_not_converged() {
    let net = nnmt::models::Microcircuit::bos2016().network().unwrap();
    for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
        let options = FixpointOptions::new(method).max_iterations(2);
        match delta::working_point(&net, &options) {
            Err(nnmt::Error::NotConverged {
                iterations,
                residual,
                unit,
                ..
            }) => {
                assert_eq!(iterations, 2, "{method:?}");
                assert!(
                    residual > 1e-12 && residual.is_finite(),
                    "{method:?}: {residual}"
                );
                assert_eq!(unit, "Hz");
            }
            other => panic!("{method:?}: {other:?}"),
        }
    }
}

/// Φ not finite at the start (τ_r = 0 and σ = 1e150 V there, so the Siegert integral is 0):
/// `NonFinite` naming the quantity and the population, from either solver. (With σ² beyond
/// the largest double the input itself overflows, an `InputOverflow`: see
/// `working_point_hardening::overflowing_external_input_is_an_error`.)
#[test]
fn non_finite_rate_at_start_names_population() {
    let v = ElectricPotential::new::<volt>;
    let net = nnmt::network::Network::builder()
        .k([[0.0, 0.0], [0.0, 0.0]])
        .j([[v(0.0), v(0.0)], [v(0.0), v(0.0)]])
        .tau_m(Time::new::<second>(1.0))
        .tau_r(Time::new::<second>(0.0))
        .v_th(v(0.02))
        .v_0(v(0.01))
        .external(
            [[0.0], [1.0]],
            [[v(0.0)], [v(1e150)]],
            [Frequency::new::<hertz>(1.0)],
        )
        .build()
        .unwrap();
    for method in [FixpointMethod::Relaxation, FixpointMethod::LeastSquares] {
        match delta::working_point(&net, &FixpointOptions::new(method)) {
            Err(nnmt::Error::NonFinite {
                quantity,
                population,
                ..
            }) => {
                assert_eq!(
                    (quantity, population),
                    ("firing rate", Some(1)),
                    "{method:?}"
                );
            }
            other => panic!("{method:?}: {other:?}"),
        }
    }
}

/// A strongly self-exciting population whose least-squares search from ν₀ = 0 ends with every
/// rate at the bound ν = 0 and no feasible descent (an empty free set): the solver reports
/// `NotConverged` instead of solving a 0×0 system (nalgebra's LU panics on it).
#[test]
fn least_squares_with_every_rate_at_the_bound_does_not_panic() {
    let mv = |x| ElectricPotential::new::<millivolt>(x);
    let net = nnmt::network::Network::builder()
        .k([[100.0]])
        .j([[mv(0.2)]])
        .tau_m(Time::new::<millisecond>(20.0))
        .tau_r(Time::new::<millisecond>(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external([[1000.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)])
        .build()
        .unwrap();
    let options = FixpointOptions::new(FixpointMethod::LeastSquares);
    match delta::working_point(&net, &options) {
        Err(nnmt::Error::NotConverged {
            residual, reason, ..
        }) => {
            assert!(residual > 0.0);
            assert!(reason.contains("bound 0"), "the reason says why: {reason}");
        }
        Ok(wp) => assert!(wp.residual().get::<hertz>() <= 1e-9, "{wp:?}"),
        Err(other) => panic!("{other:?}"),
    }
}
