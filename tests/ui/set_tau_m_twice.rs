// Each network parameter is given once: a second `.tau_m(...)` does not compile.
//@ error: error[E0277]: network parameter `tau_m` is already set
//@ contains: second `.tau_m(...)` on this builder
use nnmt::network::Network;
use nnmt::units::*;

fn main() {
    let _ = Network::builder()
        .tau_m(Time::new::<millisecond>(10.0))
        .tau_m(Time::new::<millisecond>(20.0));
}
