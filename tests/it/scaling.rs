//! The random E/I networks of the scaling benchmark (`benches/support/random_network.rs`):
//! their working points, through the Newton phase with reused factorisations that the
//! relaxation takes from 64 populations on, agree with NNMT 1.3's (`benches/nnmt/
//! nnmt_times.json`, written by `benches/nnmt/time_nnmt.py`, which keeps the smallest,
//! median and largest rate of each network). Unlike `mam::*` this needs no file outside the
//! repository.

#[allow(dead_code)] // the benchmark's helpers beyond `network`
#[path = "../../benches/support/random_network.rs"]
mod random_network;

use nnmt::lif::FixpointOptions;
use nnmt::lif::exp::{self, Method};
use nnmt::units::*;

use crate::common::rel_err;

/// Relative tolerance on the smallest, median and largest rate: both sides solve the same
/// equations to residuals of ~1e-12 Hz on rates of 3–17 Hz (`time_nnmt.py` measured 5.5e-14
/// and 1.5e-13 for n = 128 and 256 on all rates); 1e-9 is its own check's bound and catches
/// any difference in the model or a wrong fixed point.
const NNMT_RTOL: f64 = 1e-9;

#[test]
fn random_networks_match_nnmt() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/nnmt/nnmt_times.json");
    let nnmt: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for n in [128, 256] {
        let net = random_network::RandomNetwork::new(n).network().unwrap();
        let wp = exp::working_point(&net, Method::Shift, &FixpointOptions::default()).unwrap();
        let mut rates: Vec<f64> = wp.firing_rates().iter().map(|r| r.get::<hertz>()).collect();
        rates.sort_by(f64::total_cmp);
        let got = [
            rates[0],
            rates[n / 2 - 1].midpoint(rates[n / 2]),
            rates[n - 1],
        ];
        let want = &nnmt["random"][n.to_string()]["rates_hz_min_median_max"];
        let mut worst = 0.0f64;
        for (k, g) in got.iter().enumerate() {
            let w = want[k].as_f64().unwrap();
            let e = rel_err(*g, w);
            assert!(
                e <= NNMT_RTOL,
                "n = {n}, statistic {k}: {g} Hz vs NNMT {w} Hz ({e:e})"
            );
            worst = worst.max(e);
        }
        println!(
            "random n = {n}: {} iterations, worst relative difference {worst:e}",
            wp.iterations()
        );
    }
}
