// A network without the membrane time constant does not build; the error names `tau_m`.
//@ error: error[E0277]: network parameter `tau_m` (membrane time constant) is missing
//@ contains: `tau_m` was never set on this builder
use nnmt::network::Network;
use nnmt::units::*;

fn main() {
    let mv = |v| ElectricPotential::new::<millivolt>(v);
    let _net = Network::builder()
        .k([[100.0]])
        .j([[mv(0.1)]])
        .tau_r(Time::new::<millisecond>(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external([[100.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)])
        .build();
}
