//! Fixed-point solvers on NNMT's `fixpoint_methods` runs: multistable networks (Sanzeni et
//! al. 2020 "sdm", "ndm", "mdm"), an ultra-low-rate and a Brunel network.

use nnmt::lif::delta;
use nnmt::solve::{FixpointMethod, FixpointOptions};
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
