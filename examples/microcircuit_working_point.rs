//! Builds the Potjans–Diesmann microcircuit (Bos et al. 2016 parameters) and prints its
//! stationary working point for delta synapses as a table with units.

use nnmt::lif::delta;
use nnmt::models::Microcircuit;
use nnmt::solve::FixpointOptions;
use nnmt::units::*;

fn main() -> nnmt::Result<()> {
    let net = Microcircuit::bos2016().network()?;
    let wp = delta::working_point(&net, &FixpointOptions::default())?;
    let names = net.population_names().unwrap_or_default();
    println!("Potjans–Diesmann microcircuit (Bos et al. 2016), delta synapses");
    println!(
        "{:<6} {:>14} {:>14} {:>14}",
        "pop", "ν [Hz]", "μ [mV]", "σ [mV]"
    );
    for i in 0..net.len() {
        let get = |v: &nnmt::pop::PopVec<ElectricPotential>| {
            v.get(i).map_or(f64::NAN, |x| x.get::<millivolt>())
        };
        println!(
            "{:<6} {:>14.6} {:>14.6} {:>14.6}",
            names.get(i).map_or("?", String::as_str),
            wp.firing_rates()
                .get(i)
                .map_or(f64::NAN, |x| x.get::<hertz>()),
            get(wp.mean_input()),
            get(wp.std_input()),
        );
    }
    println!(
        "max |Φ(ν) − ν| = {:.2e} Hz after {} iterations",
        wp.residual().get::<hertz>(),
        wp.iterations()
    );
    Ok(())
}
