//! Benchmarks of the stationary working point and the low-pass fit (criterion;
//! `cargo bench --bench working_point`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nnmt::lif::exp::{self, Method};
use nnmt::lif::{FixpointMethod, FixpointOptions};
use nnmt::lif::{delta, fit};
use nnmt::models::Microcircuit;
use nnmt::units::*;
use num_complex::Complex64;

/// Microcircuit working points. NNMT 1.3 on the same machine: delta 109 ms, shift 133 ms,
/// taylor 267 ms (medians, `firing_rates`).
fn microcircuit(c: &mut Criterion) {
    let net = Microcircuit::bos2016().network().expect("valid network");
    for (name, method) in [
        ("microcircuit_delta_relaxation", FixpointMethod::Relaxation),
        (
            "microcircuit_delta_least_squares",
            FixpointMethod::LeastSquares,
        ),
    ] {
        let options = FixpointOptions::new(method);
        c.bench_function(name, |b| {
            b.iter(|| {
                delta::working_point(black_box(&net), black_box(&options)).expect("converges")
            })
        });
    }
    let options = FixpointOptions::default();
    for (name, method) in [
        ("microcircuit_exp_shift_relaxation", Method::Shift),
        ("microcircuit_exp_taylor_relaxation", Method::Taylor),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                exp::working_point(black_box(&net), method, black_box(&options)).expect("converges")
            })
        });
    }
}

/// Low-pass fit of 8 populations × 500 frequencies (NNMT: 10.8 ms for the high-level call).
fn low_pass_fit(c: &mut Criterion) {
    let omegas: Vec<AngularVelocity> = (0..500)
        .map(|k| {
            AngularVelocity::new::<radian_per_second>(2.0 * std::f64::consts::PI * (0.1 + k as f64))
        })
        .collect();
    let taus = [0.002, 0.004, 0.006, 0.008, 0.01, 0.012, 0.014, 0.016];
    let rows: Vec<Vec<ComplexFrequencyPerVoltage>> = omegas
        .iter()
        .map(|w| {
            taus.iter()
                .enumerate()
                .map(|(i, tau)| {
                    let h = Complex64::new(100.0 * (i + 1) as f64, 0.0)
                        / Complex64::new(1.0, w.get::<radian_per_second>() * tau)
                        * Complex64::new(1.0, 0.01 * (w.get::<radian_per_second>() * 0.001).sin());
                    ComplexFrequencyPerVoltage::new_in::<hertz_per_volt>(h)
                })
                .collect()
        })
        .collect();
    c.bench_function("fit_low_pass_8x500", |b| {
        b.iter(|| {
            fit::fit_low_pass_per_population(black_box(&omegas), black_box(&rows)).expect("fits")
        })
    });
}

criterion_group!(benches, microcircuit, low_pass_fit);
criterion_main!(benches);
