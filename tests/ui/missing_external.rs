// A network without external input does not build; the error names K_ext, J_ext, nu_ext.
//@ error: error[E0277]: network parameter `external` (K_ext, J_ext, nu_ext) is missing
//@ contains: call `.external(k_ext, j_ext, nu_ext)` on the builder before `.build()`
use nnmt::network::Network;
use nnmt::units::*;

fn main() {
    let mv = |v| ElectricPotential::new::<millivolt>(v);
    let _net = Network::builder()
        .k([[100.0]])
        .j([[mv(0.1)]])
        .tau_m(Time::new::<millisecond>(10.0))
        .tau_r(Time::new::<millisecond>(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .build();
}
