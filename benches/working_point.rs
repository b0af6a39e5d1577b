//! Benchmarks of the stationary working point (criterion; `cargo bench`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nnmt::lif::delta;
use nnmt::models::Microcircuit;
use nnmt::solve::{FixpointMethod, FixpointOptions};

/// The microcircuit delta working point (NNMT 1.3 `lif.delta.firing_rates`: 109 ms median
/// on the same machine).
fn microcircuit_delta(c: &mut Criterion) {
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
}

criterion_group!(benches, microcircuit_delta);
criterion_main!(benches);
