//! The microcircuit's taylor transfer function at its working point, printed as CSV, and
//! its low-pass fit (τ_rate, h₀, fit error per population) as `#` comment lines first.
//!
//! Columns: `frequency_hz`, then `abs_<pop>_hz_per_mv` and `phase_<pop>_rad` for each
//! population (NNMT: `nnmt.lif.exp.transfer_function(network, method='taylor')` on the
//! Bos et al. 2016 analysis grid 0.1, 1.1, …, 499.1 Hz).
//!
//! ```sh
//! cargo run --release --example microcircuit_transfer_function > tf.csv
//! ```

use nnmt::lif::FixpointOptions;
use nnmt::lif::exp::{self, Method};
use nnmt::lif::transfer::{self, SynapticFilter};
use nnmt::models::Microcircuit;
use nnmt::units::*;

fn main() -> nnmt::Result<()> {
    let net = Microcircuit::bos2016().network()?;
    let wp = exp::working_point(&net, Method::Taylor, &FixpointOptions::default())?;
    let freqs: Vec<Frequency> = (0..500)
        .map(|i| Frequency::new::<hertz>(0.1 + i as f64))
        .collect();
    let tf = transfer::transfer_function(&net, &wp, &freqs, Method::Taylor, SynapticFilter::On)?;

    let names: Vec<String> = match net.population_names() {
        Some(names) => names.to_vec(),
        None => (0..net.len()).map(|i| i.to_string()).collect(),
    };
    // Low-pass fit h0/(1 + iωτ) of each population (Senk et al. 2020, Sec. F).
    let fitted = nnmt::lif::fit::fit_transfer_function(&net, &tf)?;
    println!("# low-pass fit: population, tau_rate_ms, h0_hz_per_mv, fit_error");
    for (name, f) in names.iter().zip(fitted.fits()) {
        // τ_rate and the fit error are `None` for a population whose |H| is 0 everywhere
        let tau = f.tau_rate().map_or("undefined".into(), |t| {
            format!("{:.6}", t.get::<millisecond>())
        });
        let err = f
            .fit_error()
            .map_or("undefined".into(), |e| format!("{e:.3e}"));
        println!(
            "# {name}, {tau}, {:.6}, {err}",
            f.h0().get::<hertz_per_millivolt>(),
        );
    }
    let mut header = vec!["frequency_hz".to_string()];
    for name in &names {
        header.push(format!("abs_{name}_hz_per_mv"));
        header.push(format!("phase_{name}_rad"));
    }
    println!("{}", header.join(","));
    for (f, freq) in tf.frequencies().iter().enumerate() {
        let mut row = vec![format!("{}", freq.get::<hertz>())];
        for p in 0..tf.n_populations() {
            let (Some(m), Some(phase)) = (tf.modulus(f, p), tf.phase(f, p)) else {
                continue;
            };
            row.push(format!("{}", m.get::<hertz_per_millivolt>()));
            row.push(format!("{phase}"));
        }
        println!("{}", row.join(","));
    }
    Ok(())
}
