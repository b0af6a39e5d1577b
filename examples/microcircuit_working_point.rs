//! Builds the Potjans–Diesmann microcircuit (Bos et al. 2016 parameters) and prints its
//! stationary working point for delta synapses and for exponential synapses (shift and
//! taylor methods) side by side, with units.

use nnmt::lif::FixpointOptions;
use nnmt::lif::exp::{self, Method};
use nnmt::lif::{WorkingPoint, delta};
use nnmt::models::Microcircuit;
use nnmt::units::*;

fn main() -> nnmt::Result<()> {
    let net = Microcircuit::bos2016().network()?;
    let options = FixpointOptions::default();
    let points: [(&str, WorkingPoint); 3] = [
        ("delta", delta::working_point(&net, &options)?),
        ("shift", exp::working_point(&net, Method::Shift, &options)?),
        (
            "taylor",
            exp::working_point(&net, Method::Taylor, &options)?,
        ),
    ];
    let names = net.population_names().unwrap_or_default();
    println!("Potjans–Diesmann microcircuit (Bos et al. 2016), τ_s = 0.5 ms for shift/taylor\n");
    print!("{:<5}", "pop");
    for (label, _) in &points {
        print!(" │ {:>10} {:>8} {:>8}", format!("ν {label}"), "μ", "σ");
    }
    println!();
    print!("{:<5}", "");
    for _ in &points {
        print!(" │ {:>10} {:>8} {:>8}", "[Hz]", "[mV]", "[mV]");
    }
    println!();
    for i in 0..net.len() {
        print!("{:<5}", names.get(i).map_or("?", String::as_str));
        for (_, wp) in &points {
            let mv = |v: Option<ElectricPotential>| v.map_or(f64::NAN, |x| x.get::<millivolt>());
            print!(
                " │ {:>10.5} {:>8.4} {:>8.4}",
                wp.firing_rates()
                    .get(i)
                    .map_or(f64::NAN, |x| x.get::<hertz>()),
                mv(wp.mean_input().get(i)),
                mv(wp.std_input().get(i)),
            );
        }
        println!();
    }
    println!();
    for (label, wp) in &points {
        println!(
            "{label:>6}: max |Φ(ν) − ν| = {:.1e} Hz after {} iterations",
            wp.residual().get::<hertz>(),
            wp.iterations()
        );
    }
    if !exp::is_fast_synapse_regime(&net) {
        println!("note: √(τ_s/τ_m) > √0.1 somewhere; the colored-noise rates are less accurate");
    }
    Ok(())
}
