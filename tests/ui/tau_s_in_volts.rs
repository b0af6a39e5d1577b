// A synaptic time constant in volts does not compile, in `Network::with_tau_s` as in the
// builder's `tau_s`.
//@ error: error[E0277]: network parameter `tau_s` must be a time
//@ contains: not a `Time` (s), nor one per population
use nnmt::network::Network;
use nnmt::units::*;

pub fn exp(net: Network) {
    let _ = net.with_tau_s(ElectricPotential::new::<millivolt>(0.5));
}
