//! The whole chain NNMT μ, σ → our transfer function → our low-pass fit against NNMT's fit
//! (`fit_transfer_function_brunel`: Brunel network, τ_s = 0.5 and 2 ms, shift and taylor).

use nnmt::lif::exp::Method;
use nnmt::lif::fit;
use nnmt::lif::transfer::{self, SynapticFilter};
use nnmt::pop::PopVec;
use nnmt::units::*;

use crate::common::{exp_network, load, mat, num, rel_err, vec};

/// τ_rate and h₀: the fit is the exact least-squares minimum, while NNMT's scipy `curve_fit`
/// stops early (MINPACK `xtol = 1.49e-8`); in these Brunel cases its τ is ≤ 7.6e-7 (relative)
/// from the minimum and h₀ ≤ 6e-8 (computed with mpmath from NNMT's own transfer function).
/// Elsewhere NNMT's early stop reaches 2.7e-5 in τ: the kernel's unit tests bound that and
/// show that NNMT's point is not the minimum.
const PARAM_RTOL: f64 = 1e-6;
/// fit_error is a standard deviation, of interest to ~3 digits.
const FIT_ERROR_RTOL: f64 = 1e-3;

#[test]
fn brunel_fits_match_nnmt() {
    let d = load("nnmt-1.3.0/fit_transfer_function_brunel.json");
    let (inputs, out) = (&d["inputs"], &d["outputs"]);
    let omegas: Vec<AngularVelocity> = vec(&inputs["omegas"])
        .into_iter()
        .map(AngularVelocity::new::<radian_per_second>)
        .collect();
    let mut checked = 0;
    for (tag, tau_s) in [("0p5ms", "tau_s_0p5ms"), ("2ms", "tau_s_2ms")] {
        let tau_s = num(&inputs[tau_s]);
        for (method, name) in [(Method::Shift, "shift"), (Method::Taylor, "taylor")] {
            let key = format!("{name}_tau_s_{tag}");
            if out.get(format!("mean_input_{key}")).is_none() {
                continue;
            }
            // The 2 ms case uses different J, K (see `calls`); rebuild from the 0.5 ms network
            // only where the file's inputs apply.
            let net = exp_network(inputs, "", None, Some(tau_s));
            if net.len() != vec(&out[format!("mean_input_{key}")]).len() {
                continue;
            }
            let volts = |k: &str| -> PopVec<ElectricPotential> {
                vec(&out[k])
                    .into_iter()
                    .map(ElectricPotential::new::<volt>)
                    .collect()
            };
            let mu = volts(&format!("mean_input_{key}"));
            let sigma = volts(&format!("std_input_{key}"));
            let tf = transfer::transfer_function_for_given_input(
                &net,
                &mu,
                &sigma,
                &omegas,
                method,
                SynapticFilter::On,
            )
            .unwrap();
            let got = fit::fit_transfer_function(&net, &tf).unwrap();
            let want_tau = vec(&out[format!("fit_{key}.tau_rate")]);
            let want_h0 = vec(&out[format!("fit_{key}.h0")]);
            let want_err = vec(&out[format!("fit_{key}.fit_error")]);
            for i in 0..net.len() {
                let t = got.tau_rate()[i].expect("fitted").get::<second>();
                let h = got.h0().get(i).unwrap().get::<hertz_per_volt>();
                assert!(
                    rel_err(t, want_tau[i]) < PARAM_RTOL,
                    "{key} τ {i}: {t} vs {}",
                    want_tau[i]
                );
                assert!(
                    rel_err(h, want_h0[i]) < PARAM_RTOL,
                    "{key} h0 {i}: {h} vs {}",
                    want_h0[i]
                );
                let e = got.fit_error()[i].expect("fitted");
                assert!(
                    rel_err(e, want_err[i]) < FIT_ERROR_RTOL,
                    "{key} err {i}: {e} vs {}",
                    want_err[i]
                );
            }
            // Uniform h₀ and τ_m here, so NNMT's presynaptic broadcast equals ours.
            let w_ref = mat(&out[format!("fit_{key}.W_rate")]);
            for (a, row) in w_ref.iter().enumerate() {
                for (b, w) in row.iter().enumerate() {
                    let g = got.w_rate().get(a, b).unwrap();
                    assert!(
                        rel_err(g, *w) < PARAM_RTOL,
                        "{key} W_rate[{a}][{b}]: {g} vs {w}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 2, "{checked} cases");
}
