//! Benchmarks of the transfer function (criterion; `cargo bench --bench transfer_function`).
//!
//! NNMT 1.3 on the same machine (oracle `timings.tsv`): microcircuit taylor on 500
//! frequencies 30.8 s, shift on 21 frequencies 582 ms. Measured here (2 cores of a shared
//! virtual machine, default criterion settings, medians): taylor 8 × 500 8.6 ms, shift
//! 8 × 21 0.57 ms, taylor on the Bos 2016 grid 8 × 3141 54 ms.

use std::f64::consts::PI;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nnmt::lif::FixpointOptions;
use nnmt::lif::exp::{self, Method};
use nnmt::lif::transfer::{self, SynapticFilter};
use nnmt::models::Microcircuit;
use nnmt::units::*;

fn microcircuit(c: &mut Criterion) {
    let net = Microcircuit::bos2016().network().expect("valid network");
    let wp_taylor =
        exp::working_point(&net, Method::Taylor, &FixpointOptions::default()).expect("converges");
    let wp_shift =
        exp::working_point(&net, Method::Shift, &FixpointOptions::default()).expect("converges");
    // The reference's fine grid: 0.1, 1.1, ..., 499.1 Hz (np.arange(2π·0.1, 2π·500, 2π)).
    let fine: Vec<AngularVelocity> = (0..500)
        .map(|i| AngularVelocity::new::<radian_per_second>(2.0 * PI * 0.1 + i as f64 * 2.0 * PI))
        .collect();
    // 21 log-spaced frequencies 0.1 Hz … 1 kHz (the reference's coarse grid).
    let coarse: Vec<Frequency> = (0..21)
        .map(|i| Frequency::new::<hertz>(10f64.powf(-1.0 + 4.0 * i as f64 / 20.0)))
        .collect();
    // Bos et al. 2016: np.arange(2π·0.1, 2π·500, 1) rad/s, 3141 points.
    let bos: Vec<AngularVelocity> = (0..)
        .map(|i| 2.0 * PI * 0.1 + i as f64)
        .take_while(|w| *w < 2.0 * PI * 500.0)
        .map(AngularVelocity::new::<radian_per_second>)
        .collect();
    assert_eq!(bos.len(), 3141);
    let mut group = c.benchmark_group("transfer_function");
    group.bench_function("microcircuit_taylor_500", |b| {
        b.iter(|| {
            transfer::transfer_function(
                black_box(&net),
                &wp_taylor,
                &fine,
                Method::Taylor,
                SynapticFilter::On,
            )
            .expect("in domain")
        })
    });
    group.bench_function("microcircuit_shift_21", |b| {
        b.iter(|| {
            transfer::transfer_function(
                black_box(&net),
                &wp_shift,
                &coarse,
                Method::Shift,
                SynapticFilter::On,
            )
            .expect("in domain")
        })
    });
    group.sample_size(10);
    group.bench_function("microcircuit_taylor_bos2016_3141", |b| {
        b.iter(|| {
            transfer::transfer_function(
                black_box(&net),
                &wp_taylor,
                &bos,
                Method::Taylor,
                SynapticFilter::On,
            )
            .expect("in domain")
        })
    });
    group.finish();
}

criterion_group!(benches, microcircuit);
criterion_main!(benches);
