//! The linear response of Bos et al. (2016, PLoS Comput. Biol. 12, e1005132) (criterion;
//! `cargo bench --bench linear_response`), beside NNMT 1.3 (`benches/nnmt/`).
//!
//! - `bos2016/pipeline`: the whole pipeline on the built-in microcircuit, as NNMT's Bos 2016
//!   example runs it: working point (taylor) → transfer function (taylor, synaptic filter on)
//!   on Bos 2016's grid (ω = 0.628, 1.628, ..., 3141.6 rad/s: 3141 frequencies, NNMT's
//!   `Bos2016_analysis_params.yaml`) → delay matrix D → effective connectivity W → power
//!   spectra → eigenvalue trajectories ([`Tracker::Overlap`]) → sensitivity measure of all
//!   eigenmodes (each trajectory at its critical frequency, from those trajectories: the
//!   result of `sensitivity_measure_all_eigenmodes`, whose own call decomposes W again).
//!   NNMT 1.3 needs about 200 s for this pipeline on the project's machine, almost all of
//!   it in the taylor transfer function (197 s for the 3141 × 8 values).
//! - `bos2016/{transfer_function,delay_matrix,effective_connectivity,power_spectra,
//!   eigenmodes,sensitivity_all}`: the steps alone, given the previous ones.
//! - `mam/{effective_connectivity,power_spectra,eigenmodes}`: the linear response of the
//!   multi-area model (254 populations) on the 100 frequencies 1, 6, ..., 496 Hz (shift
//!   method), given its working point, transfer function and delay matrix
//!   (`effective_connectivity` includes D). NNMT's figures: `benches/nnmt/
//!   time_nnmt_linear_response.py` → `benches/nnmt/nnmt_linear_response_times.json`. The
//!   file is CC BY-NC-SA 4.0 and not in the repository: it is read from `NNMT_MAM_DIR`
//!   (default `<crate>/../shared/mam`); without it these are skipped with a note.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use nnmt::io::parse_param_str;
use nnmt::lif::FixpointOptions;
use nnmt::lif::exp::{self, Method};
use nnmt::lif::linear_response::{
    Mode, Tracker, effective_connectivity, eigenmodes, power_spectra, sensitivity_measure,
    sensitivity_measure_all_eigenmodes,
};
use nnmt::lif::transfer::{self, SynapticFilter};
use nnmt::models::analysis::omegas;
use nnmt::models::{AnyNetwork, Microcircuit, ModelKind, load_network};
use nnmt::network::delay_matrix;
use nnmt::units::*;

#[path = "support/mam.rs"]
mod mam;
use mam::mam_file;

/// NNMT's `Bos2016_analysis_params.yaml` grid.
fn bos2016_omegas() -> Vec<AngularVelocity> {
    let text = "f_min: {val: 0.1, unit: Hz}\nf_max: {val: 500, unit: Hz}\n\
        df: {val: 0.15915494309189535, unit: Hz}\n";
    omegas(&parse_param_str(text, "Bos2016_analysis_params").expect("parses")).expect("a grid")
}

fn bos2016(c: &mut Criterion) {
    let net = Microcircuit::bos2016().network().expect("builds");
    let om = bos2016_omegas();
    assert_eq!(om.len(), 3141);
    let options = FixpointOptions::default();
    let delays = net.delays().expect("delays");
    let sizes = net.population_sizes().expect("N");
    let pipeline = || {
        let wp = exp::working_point(&net, Method::Taylor, &options).expect("converges");
        let tf = transfer::transfer_function(&net, &wp, &om, Method::Taylor, SynapticFilter::On)
            .expect("in domain");
        let d = delay_matrix(delays, &om[..]).expect("finite");
        let w = effective_connectivity(&net, &tf, &d).expect("W");
        let spectra = power_spectra(&w, wp.firing_rates(), sizes).expect("spectra");
        let modes = eigenmodes(&w, Tracker::Overlap).expect("eigenmodes");
        // every trajectory at its critical frequency, from these eigenmodes (what
        // `sensitivity_measure_all_eigenmodes` does, without decomposing W a second time)
        let sens: Vec<_> = (0..modes.n_modes())
            .map(|k| {
                let f = modes.critical_frequency_index(k).expect("a frequency");
                let freq = modes.frequency(f).expect("a frequency");
                let mode = Mode::Trajectory {
                    eigenmodes: &modes,
                    index: k,
                };
                sensitivity_measure(&w, freq, mode).expect("sensitivity")
            })
            .collect();
        (spectra, modes, sens)
    };
    let wp = exp::working_point(&net, Method::Taylor, &options).expect("converges");
    let tf = transfer::transfer_function(&net, &wp, &om, Method::Taylor, SynapticFilter::On)
        .expect("in domain");
    let d = delay_matrix(delays, &om[..]).expect("finite");
    let w = effective_connectivity(&net, &tf, &d).expect("W");

    let mut group = c.benchmark_group("bos2016");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("pipeline", |b| b.iter(|| black_box(pipeline())));
    group.bench_function("transfer_function", |b| {
        b.iter(|| {
            transfer::transfer_function(
                &net,
                &wp,
                black_box(&om),
                Method::Taylor,
                SynapticFilter::On,
            )
            .expect("in domain")
        })
    });
    group.bench_function("delay_matrix", |b| {
        b.iter(|| delay_matrix(delays, black_box(&om[..])).expect("finite"))
    });
    group.bench_function("effective_connectivity", |b| {
        b.iter(|| effective_connectivity(&net, black_box(&tf), &d).expect("W"))
    });
    group.bench_function("power_spectra", |b| {
        b.iter(|| power_spectra(black_box(&w), wp.firing_rates(), sizes).expect("spectra"))
    });
    group.bench_function("eigenmodes", |b| {
        b.iter(|| eigenmodes(black_box(&w), Tracker::Overlap).expect("eigenmodes"))
    });
    group.bench_function("sensitivity_all", |b| {
        b.iter(|| sensitivity_measure_all_eigenmodes(black_box(&w), Tracker::Overlap).expect("ok"))
    });
    group.finish();
}

/// 1, 6, ..., 496 Hz (`np.arange(1, 500, 5)`, as the NNMT script).
fn mam_frequencies() -> Vec<Frequency> {
    (0..100)
        .map(|k| Frequency::new::<hertz>(1.0 + 5.0 * k as f64))
        .collect()
}

fn mam(c: &mut Criterion) {
    let Some(file) = mam_file() else { return };
    let net = match load_network(&file, Some(ModelKind::Plain)).expect("the MAM file loads") {
        (_, AnyNetwork::Exp(net)) => net,
        (_, AnyNetwork::Delta(_)) => panic!("the MAM file gives tau_s"),
    };
    let freqs = mam_frequencies();
    let wp =
        exp::working_point(&net, Method::Shift, &FixpointOptions::default()).expect("converges");
    let tf = transfer::transfer_function(&net, &wp, &freqs, Method::Shift, SynapticFilter::On)
        .expect("in domain");
    let delays = net.delays().expect("the MAM file gives delays");
    let sizes = net.population_sizes().expect("the MAM file gives N");
    let d = delay_matrix(delays, &freqs[..]).expect("finite");
    let w = effective_connectivity(&net, &tf, &d).expect("W");
    let mut group = c.benchmark_group("mam");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("effective_connectivity", |b| {
        b.iter(|| {
            let d = delay_matrix(delays, black_box(&freqs[..])).expect("finite");
            effective_connectivity(&net, &tf, &d).expect("W")
        })
    });
    group.bench_function("power_spectra", |b| {
        b.iter(|| power_spectra(black_box(&w), wp.firing_rates(), sizes).expect("spectra"))
    });
    group.bench_function("eigenmodes", |b| {
        b.iter(|| eigenmodes(black_box(&w), Tracker::Overlap).expect("eigenmodes"))
    });
    group.finish();
}

criterion_group!(benches, bos2016, mam);
criterion_main!(benches);
