//! The linear-response pipeline of Bos, Diesmann & Helias (2016, PLoS Comput. Biol. 12,
//! e1005132) on the built-in microcircuit, printed as CSV: the power spectra of the 8
//! populations and the eigenvalue trajectories of the effective connectivity.
//!
//! Pipeline (NNMT 1.3's, `method='taylor'`): working point → transfer function H on Bos
//! 2016's analysis grid (`f_min = 0.1 Hz`, `f_max = 500 Hz`, `df = 1/2π Hz`: ω = 0.628, 1.628,
//! …, 3141.6 rad/s, 3141 frequencies) → delay factors D (truncated Gaussian) → effective
//! connectivity W → power spectra C = diag(Q A Qᴴ) and the eigenvalues of W(ω), linked into
//! trajectories by [`Tracker::Overlap`].
//!
//! Output, selected by `--what spectra|eigenvalues|both` (default `both`; with `both` the
//! two CSV blocks are separated by one empty line):
//! - spectra: `frequency_hz`, then `<pop>_hz` for each population (C in Hz);
//! - eigenvalues: `frequency_hz`, then `re_<k>`, `im_<k>` for each trajectory k
//!   (dimensionless; numbered by decreasing |λ| at the first frequency).
//!
//! ```sh
//! cargo run --release --example bos2016_pipeline -- --what spectra > spectra.csv
//! cargo run --release --example bos2016_pipeline -- --what eigenvalues > eigenvalues.csv
//! ```

use nnmt::io::parse_param_str;
use nnmt::lif::FixpointOptions;
use nnmt::lif::exp::{self, Method};
use nnmt::lif::linear_response::{Tracker, effective_connectivity, eigenmodes, power_spectra};
use nnmt::lif::transfer::{self, SynapticFilter};
use nnmt::models::Microcircuit;
use nnmt::models::analysis::omegas;
use nnmt::network::delay_matrix;
use nnmt::units::*;

/// Bos 2016's analysis grid (NNMT's `Bos2016_analysis_params.yaml`).
const BOS2016_ANALYSIS: &str = "f_min: {val: 0.1, unit: Hz}\nf_max: {val: 500, unit: Hz}\n\
    df: {val: 0.15915494309189535, unit: Hz}\n";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = match args.as_slice() {
        [] => "both",
        [flag, w]
            if flag == "--what" && ["spectra", "eigenvalues", "both"].contains(&w.as_str()) =>
        {
            w.as_str()
        }
        _ => {
            eprintln!("usage: bos2016_pipeline [--what spectra|eigenvalues|both]");
            std::process::exit(2);
        }
    };

    let net = Microcircuit::bos2016().network()?;
    let om = omegas(&parse_param_str(
        BOS2016_ANALYSIS,
        "Bos2016_analysis_params",
    )?)?;
    let wp = exp::working_point(&net, Method::Taylor, &FixpointOptions::default())?;
    let tf = transfer::transfer_function(&net, &wp, &om, Method::Taylor, SynapticFilter::On)?;
    let delays = net.delays().ok_or("the microcircuit has delays")?;
    let d = delay_matrix(delays, &om[..])?;
    let w = effective_connectivity(&net, &tf, &d)?;
    let names: Vec<String> = match net.population_names() {
        Some(names) => names.to_vec(),
        None => (0..net.len()).map(|i| i.to_string()).collect(),
    };
    let freqs = w.frequencies();

    if what != "eigenvalues" {
        let sizes = net.population_sizes().ok_or("the microcircuit has N")?;
        let c = power_spectra(&w, wp.firing_rates(), sizes)?;
        let header: Vec<String> = names.iter().map(|n| format!("{n}_hz")).collect();
        println!("frequency_hz,{}", header.join(","));
        for (f, freq) in freqs.iter().enumerate() {
            let row: Vec<String> = (0..net.len())
                .map(|i| {
                    c.get(f, i)
                        .map_or("nan".into(), |x| format!("{:.9e}", x.get::<hertz>()))
                })
                .collect();
            println!("{:.6},{}", freq.get::<hertz>(), row.join(","));
        }
    }
    if what == "both" {
        println!();
    }
    if what != "spectra" {
        let modes = eigenmodes(&w, Tracker::Overlap)?;
        for warning in modes.warnings() {
            eprintln!("warning: {warning}");
        }
        let header: Vec<String> = (0..modes.n_modes())
            .map(|k| format!("re_{k},im_{k}"))
            .collect();
        println!("frequency_hz,{}", header.join(","));
        for (freq, row) in freqs.iter().zip(modes.eigenvalues()) {
            let row: Vec<String> = row
                .iter()
                .map(|z| format!("{:.9e},{:.9e}", z.re, z.im))
                .collect();
            println!("{:.6},{}", freq.get::<hertz>(), row.join(","));
        }
    }
    Ok(())
}
