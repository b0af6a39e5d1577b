// A time passed where a potential is expected does not compile.
//@ error: error[E0277]: network parameter `v_th` must be an electric potential
//@ contains: not an `ElectricPotential` (V), nor one per population
use nnmt::network::Network;
use nnmt::units::*;

fn main() {
    let _ = Network::builder().v_th(Time::new::<millisecond>(20.0));
}
