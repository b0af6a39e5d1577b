//! Property tests: no input a caller can construct makes the library panic, rates are
//! positive and increase with μ, and dν/dμ matches finite differences.

use nnmt::lif::delta;
use nnmt::lif::{FixpointMethod, FixpointOptions};
use nnmt::network::{LifNeuron, Network};
use nnmt::units::*;
use proptest::prelude::*;

/// Any f64, including NaN, ±∞, subnormals and extremes.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1.0f64..1.0,
        1 => prop::num::f64::ANY,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(0.0),
        1 => -1e300f64..1e300,
    ]
}

fn neuron(tau_m: f64, tau_r: f64, v_th: f64, v_0: f64) -> LifNeuron {
    LifNeuron {
        tau_m: Time::new::<second>(tau_m),
        tau_r: Time::new::<second>(tau_r),
        v_th: ElectricPotential::new::<volt>(v_th),
        v_0: ElectricPotential::new::<volt>(v_0),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Single-population functions never panic and never return a non-finite value.
    #[test]
    fn siegert_never_panics(tau_m in any_f64(), tau_r in any_f64(), v_th in any_f64(), v_0 in any_f64(), mu in any_f64(), sigma in any_f64()) {
        let n = neuron(tau_m, tau_r, v_th, v_0);
        let (mu, sigma) = (ElectricPotential::new::<volt>(mu), ElectricPotential::new::<volt>(sigma));
        if let Ok(nu) = delta::firing_rate(&n, mu, sigma) {
            prop_assert!(nu.get::<hertz>().is_finite() && nu.get::<hertz>() >= 0.0);
        }
        if let Ok(d) = delta::derivative_of_firing_rate_wrt_mean_input(&n, mu, sigma) {
            prop_assert!(d.get::<hertz_per_volt>().is_finite());
        }
    }

    /// Building and solving random networks never panics: it builds or errs, and solves or
    /// errs (with a bounded iteration count).
    #[test]
    fn networks_never_panic(k in prop::collection::vec(any_f64(), 4), j in prop::collection::vec(any_f64(), 4),
                             ext in prop::collection::vec(any_f64(), 3), tau in any_f64(), v in any_f64(),
                             lstsq in any::<bool>()) {
        let mv = |x: f64| ElectricPotential::new::<volt>(x * 1e-3);
        let built = Network::builder()
            .k([[k[0] * 1e3, k[1] * 1e3], [k[2] * 1e3, k[3] * 1e3]])
            .j([[mv(j[0]), mv(j[1])], [mv(j[2]), mv(j[3])]])
            .tau_m(Time::new::<second>(tau))
            .tau_r(Time::new::<millisecond>(2.0))
            .v_th(mv(20.0 * v))
            .v_0(mv(0.0))
            .external([[ext[0] * 1e3], [ext[1] * 1e3]], [[mv(0.1)], [mv(0.1)]], [Frequency::new::<hertz>(ext[2] * 100.0)])
            .build();
        if let Ok(net) = built {
            let method = if lstsq { FixpointMethod::LeastSquares } else { FixpointMethod::Relaxation };
            if let Ok(wp) = delta::working_point(&net, &FixpointOptions::new(method).max_iterations(300)) {
                for nu in wp.firing_rates().iter() {
                    prop_assert!(nu.get::<hertz>().is_finite());
                }
            }
        }
    }

    /// ν > 0 and increasing in μ; dν/dμ matches a central difference of ν.
    #[test]
    fn rate_monotone_and_derivative(mu in -0.05f64..0.05, sigma in 0.0005f64..0.05, dmu in 1e-4f64..1e-3) {
        let n = neuron(0.01, 0.002, 0.015, 0.0);
        let v = |x| ElectricPotential::new::<volt>(x);
        let s = v(sigma);
        let lo = delta::firing_rate(&n, v(mu), s).unwrap().get::<hertz>();
        let hi = delta::firing_rate(&n, v(mu + dmu), s).unwrap().get::<hertz>();
        prop_assume!(lo > 1e-250);
        prop_assert!(hi > lo, "ν not increasing: {lo} → {hi}");
        let h = 1e-6 * sigma;
        let up = delta::firing_rate(&n, v(mu + h), s).unwrap().get::<hertz>();
        let dn = delta::firing_rate(&n, v(mu - h), s).unwrap().get::<hertz>();
        let fd = (up - dn) / (2.0 * h);
        let d = delta::derivative_of_firing_rate_wrt_mean_input(&n, v(mu), s).unwrap().get::<hertz_per_volt>();
        prop_assert!(((fd - d) / d).abs() < 1e-5, "dν/dμ {d} vs finite difference {fd}");
    }
}

mod exp_properties {
    use nnmt::lif::exp::{self, Method};
    use nnmt::network::LifNeuron;
    use nnmt::units::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// dν/dμ of both colored-noise methods matches a central difference of the rate.
        #[test]
        fn derivative_matches_finite_difference(
            mu in -0.01f64..0.04, sigma in 0.001f64..0.03, tau_s in 1e-4f64..4e-3, taylor in any::<bool>()
        ) {
            let n = LifNeuron {
                tau_m: Time::new::<second>(0.02),
                tau_r: Time::new::<second>(0.002),
                v_th: ElectricPotential::new::<volt>(0.02),
                v_0: ElectricPotential::new::<volt>(0.01),
            };
            let method = if taylor { Method::Taylor } else { Method::Shift };
            let ts = Time::new::<second>(tau_s);
            let v = |x| ElectricPotential::new::<volt>(x);
            let rate = |m: f64| match exp::firing_rate(&n, ts, v(m), v(sigma), method) {
                Ok(r) => r.get::<hertz>(),
                Err(nnmt::Error::NegativeRate { rate, .. }) => rate,
                Err(e) => panic!("{e}"),
            };
            let centre = rate(mu);
            prop_assume!(centre.abs() > 1e-200);
            let h = 1e-6 * sigma;
            let fd = (rate(mu + h) - rate(mu - h)) / (2.0 * h);
            let d = exp::derivative_of_firing_rate_wrt_mean_input(&n, ts, v(mu), v(sigma), method).unwrap().get::<hertz_per_volt>();
            prop_assert!(((fd - d) / d).abs() < 1e-5, "{method:?}: dν/dμ {d} vs finite difference {fd}");
        }

        /// The colored-noise functions never panic on arbitrary inputs.
        #[test]
        fn never_panics(mu in prop::num::f64::ANY, sigma in prop::num::f64::ANY, tau_s in prop::num::f64::ANY, j in prop::num::f64::ANY) {
            let n = LifNeuron {
                tau_m: Time::new::<second>(0.02),
                tau_r: Time::new::<second>(0.0),
                v_th: ElectricPotential::new::<volt>(0.02),
                v_0: ElectricPotential::new::<volt>(0.01),
            };
            let v = |x| ElectricPotential::new::<volt>(x);
            let ts = Time::new::<second>(tau_s);
            for method in [Method::Shift, Method::Taylor] {
                if let Ok(r) = exp::firing_rate(&n, ts, v(mu), v(sigma), method) {
                    prop_assert!(r.get::<hertz>().is_finite());
                }
                let _ = exp::derivative_of_firing_rate_wrt_mean_input(&n, ts, v(mu), v(sigma), method);
            }
            let _ = exp::derivative_of_firing_rate_wrt_input_rate(&n, ts, v(mu), v(sigma), v(j));
        }
    }
}

mod tiny_sigma_properties {
    use nnmt::lif::delta;
    use nnmt::lif::exp::{self, Method};
    use nnmt::network::LifNeuron;
    use nnmt::units::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// For any σ from 1e-300 V to 10 V (log-uniform), μ from −50 mV to 2 V and a valid
        /// neuron (τ_r 0 or 2 ms), the Siegert rate and dν/dμ and the shift rate are `Ok`,
        /// finite and (rates) ≥ 0; the Taylor rate is `Ok` or its documented
        /// `NegativeRate`. Pins the tiny-σ defect (errors and NaN for σ ≲ 1e-12 V).
        #[test]
        fn every_sigma_gives_a_rate(
            log_sigma in -300.0f64..1.0, mu in -0.05f64..2.0, refractory in any::<bool>(),
            tau_s in 1e-4f64..1e-2
        ) {
            let n = LifNeuron {
                tau_m: Time::new::<second>(0.02),
                tau_r: Time::new::<second>(if refractory { 0.002 } else { 0.0 }),
                v_th: ElectricPotential::new::<volt>(0.02),
                v_0: ElectricPotential::new::<volt>(0.01),
            };
            let v = |x| ElectricPotential::new::<volt>(x);
            let (mu, sigma) = (v(mu), v(10f64.powf(log_sigma)));
            let nu = delta::firing_rate(&n, mu, sigma);
            prop_assert!(nu.as_ref().is_ok_and(|x| x.get::<hertz>() >= 0.0), "{nu:?}");
            let d = delta::derivative_of_firing_rate_wrt_mean_input(&n, mu, sigma);
            prop_assert!(d.is_ok(), "{d:?}");
            let ts = Time::new::<second>(tau_s);
            let s = exp::firing_rate(&n, ts, mu, sigma, Method::Shift);
            prop_assert!(s.as_ref().is_ok_and(|x| x.get::<hertz>() >= 0.0), "{s:?}");
            let t = exp::firing_rate(&n, ts, mu, sigma, Method::Taylor);
            prop_assert!(t.is_ok() || matches!(t, Err(nnmt::Error::NegativeRate { .. })), "{t:?}");
            for m in [Method::Shift, Method::Taylor] {
                let d = exp::derivative_of_firing_rate_wrt_mean_input(&n, ts, mu, sigma, m);
                prop_assert!(d.is_ok(), "{m:?}: {d:?}");
            }
        }
    }
}
