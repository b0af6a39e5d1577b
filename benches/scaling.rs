//! How the working point and the transfer function scale with the number of populations
//! (criterion; `cargo bench --bench scaling`), beside NNMT 1.3 on the same networks
//! (`benches/nnmt/time_nnmt.py`, figures in `benches/nnmt/nnmt_times.json`).
//!
//! - `working_point/{8,32,128,256}`: [`exp::working_point`] (shift method, default
//!   [`FixpointOptions`]) of the random E/I networks of `benches/support/random_network.rs`
//!   (`examples/random_network.rs` writes them as NNMT files);
//! - `transfer_function/{8,32,128,256}`: [`transfer::transfer_function`] at that working point,
//!   shift method, synaptic filter on (NNMT's `lif.exp.transfer_function` defaults), at the
//!   20 frequencies 1, 51, ..., 951 Hz;
//! - `mam/load`, `mam/working_point`, `mam/transfer_function`: the same for the multi-area
//!   model (254 populations; [`load_network`] from the file to the network). Its file is
//!   CC BY-NC-SA 4.0 and not in the repository: it is read from the directory in
//!   `NNMT_MAM_DIR` (default `<crate>/../shared/mam`); without it these are skipped with a
//!   note.

#[path = "support/mam.rs"]
mod mam;
use mam::mam_file;
#[path = "support/random_network.rs"]
mod random_network;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nnmt::lif::FixpointOptions;
use nnmt::lif::exp::{self, Method};
use nnmt::lif::transfer::{self, SynapticFilter};
use nnmt::models::{AnyNetwork, ModelKind, load_network};
use nnmt::network::{ExpSynapses, Network};
use nnmt::units::*;
use random_network::RandomNetwork;

const SIZES: [usize; 4] = [8, 32, 128, 256];

/// The 20 analysis frequencies 1, 51, ..., 951 Hz (NNMT side: `np.arange(1, 1000, 50)`).
fn frequencies() -> Vec<Frequency> {
    (0..20)
        .map(|k| Frequency::new::<hertz>(1.0 + 50.0 * k as f64))
        .collect()
}

/// The random network of `n` populations; checks that its NNMT file reads back as it.
fn random(n: usize) -> Network<ExpSynapses> {
    let random = RandomNetwork::new(n);
    let net = random.network().expect("valid random network");
    let from_file = random.network_from_yaml().expect("its file reads back");
    assert!(
        from_file == AnyNetwork::Exp(net.clone()),
        "the file of n = {n} is the benchmarked network"
    );
    net
}

fn working_point(c: &mut Criterion) {
    let options = FixpointOptions::default();
    let mut group = c.benchmark_group("working_point");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for n in SIZES {
        let net = random(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &net, |b, net| {
            b.iter(|| {
                exp::working_point(black_box(net), Method::Shift, &options).expect("converges")
            })
        });
    }
    group.finish();
}

fn transfer_function(c: &mut Criterion) {
    let freqs = frequencies();
    let mut group = c.benchmark_group("transfer_function");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for n in SIZES {
        let net = random(n);
        let wp = exp::working_point(&net, Method::Shift, &FixpointOptions::default())
            .expect("converges");
        group.bench_with_input(BenchmarkId::from_parameter(n), &net, |b, net| {
            b.iter(|| {
                transfer::transfer_function(
                    black_box(net),
                    &wp,
                    &freqs,
                    Method::Shift,
                    SynapticFilter::On,
                )
                .expect("in domain")
            })
        });
    }
    group.finish();
}

fn mam(c: &mut Criterion) {
    let Some(file) = mam_file() else { return };
    let load = || match load_network(&file, Some(ModelKind::Plain)).expect("the MAM file loads") {
        (_, AnyNetwork::Exp(net)) => net,
        (_, AnyNetwork::Delta(_)) => panic!("the MAM file gives tau_s"),
    };
    let net = load();
    let options = FixpointOptions::default();
    let wp = exp::working_point(&net, Method::Shift, &options).expect("converges");
    let freqs = frequencies();
    let mut group = c.benchmark_group("mam");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("load", |b| b.iter(load));
    group.bench_function("working_point", |b| {
        b.iter(|| exp::working_point(black_box(&net), Method::Shift, &options).expect("converges"))
    });
    group.bench_function("transfer_function", |b| {
        b.iter(|| {
            transfer::transfer_function(
                black_box(&net),
                &wp,
                &freqs,
                Method::Shift,
                SynapticFilter::On,
            )
            .expect("in domain")
        })
    });
    group.finish();
}

criterion_group!(benches, working_point, transfer_function, mam);
criterion_main!(benches);
