//! Benchmarks of one evaluation of the Siegert rate with its derivatives (criterion;
//! `cargo bench --bench siegert`).
//!
//! Through the public [`delta::derivative_of_firing_rate_wrt_mean_input`], which evaluates
//! the rate and its first derivatives once (plus the unit and parameter checks). Two grids
//! of (y_th, y_r) = ((V_th − μ)/σ, (V_0 − μ)/σ), each timed as one pass over all its points
//! (time per call = median / number of points):
//! - `mam`: the multi-area model's working point, y_th ∈ [1.4, 2.8], y_r ∈ [−0.6, min(y_th − 0.1, 2.0)]
//!   (16 × 16 points);
//! - `broad`: y_th ∈ [−8, 8], y_r = y_th − d with d ∈ [0.1, 10] (16 × 16 points): mean-
//!   and noise-driven, short and long integration ranges.
//!
//! Measured (2 shared cores under load, `--warm-up-time 1 --measurement-time 6`, medians per
//! call): `mam` 187 ns, `broad` 189 ns; with the Gauss–Legendre erfcx quadrature this
//! replaced (12–36 erfcx evaluations per call), 813 ns and 744 ns in the same conditions.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nnmt::lif::delta;
use nnmt::network::LifNeuron;
use nnmt::units::*;

/// μ and σ (mV) giving (y_th, y_r) for V_th = 20 mV, V_0 = 10 mV:
/// σ = (V_th − V_0)/(y_th − y_r), μ = V_th − σ y_th.
fn input(y_th: f64, y_r: f64) -> (ElectricPotential, ElectricPotential) {
    let sigma = 10.0 / (y_th - y_r);
    let mu = 20.0 - sigma * y_th;
    (
        ElectricPotential::new::<millivolt>(mu),
        ElectricPotential::new::<millivolt>(sigma),
    )
}

fn grid(
    y_th: impl Fn(f64) -> f64,
    y_r: impl Fn(f64, f64) -> f64,
) -> Vec<(ElectricPotential, ElectricPotential)> {
    let mut v = Vec::new();
    for i in 0..16 {
        for j in 0..16 {
            let (a, b) = (f64::from(i) / 15.0, f64::from(j) / 15.0);
            let t = y_th(a);
            v.push(input(t, y_r(t, b)));
        }
    }
    v
}

fn siegert(c: &mut Criterion) {
    let neuron = LifNeuron {
        tau_m: Time::new::<millisecond>(10.0),
        tau_r: Time::new::<millisecond>(2.0),
        v_th: ElectricPotential::new::<millivolt>(20.0),
        v_0: ElectricPotential::new::<millivolt>(10.0),
    };
    let mam = grid(
        |a| 1.4 + 1.4 * a,
        |t, b| -0.6 + (t.min(2.1) - 0.1 + 0.6) * b,
    );
    let broad = grid(|a| -8.0 + 16.0 * a, |t, b| t - 0.1 * 100f64.powf(b));
    let mut group = c.benchmark_group("siegert");
    for (name, points) in [("mam_256", &mam), ("broad_256", &broad)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut s = 0.0;
                for &(mu, sigma) in points {
                    s += delta::derivative_of_firing_rate_wrt_mean_input(
                        black_box(&neuron),
                        mu,
                        sigma,
                    )
                    .expect("finite")
                    .get::<hertz_per_millivolt>();
                }
                s
            })
        });
    }
    group.finish();
}

criterion_group!(benches, siegert);
criterion_main!(benches);
