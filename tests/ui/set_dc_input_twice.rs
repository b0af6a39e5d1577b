// Optional parameters are given once too: `maybe_dc_input` after `dc_input` does not compile.
//@ error: error[E0277]: network parameter `dc_input` is already set
//@ contains: second `.dc_input(...)` or `.maybe_dc_input(...)` on this builder
use nnmt::network::Network;
use nnmt::units::*;

fn main() {
    let i = ElectricCurrent::new::<picoampere>(100.0);
    let c = Capacitance::new::<picofarad>(250.0);
    let _ = Network::builder().dc_input(i, c).maybe_dc_input(Some((i, c)));
}
