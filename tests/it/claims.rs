//! Accuracy figures of the crate docs that no reference comparison pins by itself.
//!
//! - README, "Tolerances": working points are converged to |Φ(ν) − ν| ≤ 1e-12 Hz + 1e-12 ν by
//!   default.

use nnmt::lif::delta;
use nnmt::lif::exp::{self, Method};
use nnmt::units::*;

use crate::common::{load, network};

/// The default absolute tolerance on |Φ(ν) − ν| stated in the README.
const DEFAULT_ATOL_HZ: f64 = 1e-12;
/// The default relative tolerance on |Φ(ν) − ν| / ν stated in the README.
const DEFAULT_RTOL: f64 = 1e-12;

/// `residual` (max over populations of |Φ_i(ν) − ν_i|) against the default tolerance at the
/// largest rate: a necessary condition of the per-population test.
fn assert_default_tolerance(what: &str, wp: &nnmt::lif::WorkingPoint) {
    let nu_max = wp
        .firing_rates()
        .iter()
        .map(|f| f.get::<hertz>())
        .fold(0.0, f64::max);
    let r = wp.residual().get::<hertz>();
    println!("{what}: residual {r:e} Hz at rates up to {nu_max:.3} Hz");
    assert!(
        r <= DEFAULT_ATOL_HZ + DEFAULT_RTOL * nu_max,
        "{what}: residual {r:e} Hz"
    );
}

/// Brunel's model A at low, medium and high rates (delta synapses) and the Bos 2016
/// microcircuit (exponential synapses, shift and taylor), default options.
#[test]
fn default_working_points_meet_the_documented_tolerance() {
    for file in [
        "brunel_delta_ai_g5_eta2",
        "brunel_delta_low_rate_g6_eta0p8",
        "brunel_delta_high_rate_g3_eta2",
    ] {
        let d = load(&format!("nnmt-1.3.0/{file}.json"));
        let net = network(&d["inputs"], "", None);
        let wp = delta::working_point(&net, &Default::default()).unwrap();
        assert_default_tolerance(file, &wp);
    }
    let net = nnmt::models::Microcircuit::bos2016().network().unwrap();
    for method in [Method::Shift, Method::Taylor] {
        let wp = exp::working_point(&net, method, &Default::default()).unwrap();
        assert_default_tolerance(&format!("microcircuit {method:?}"), &wp);
        // the README's step count (11 with either method)
        println!(
            "microcircuit {method:?}: {} relaxation steps",
            wp.iterations()
        );
        assert!(
            wp.iterations() <= 12,
            "{method:?}: {} steps",
            wp.iterations()
        );
    }
}
