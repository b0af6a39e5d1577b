// The exponential-synapse working point needs `tau_s`: a network built without it is a
// `Network<DeltaSynapses>` and is rejected at compile time.
use nnmt::lif::exp::{self, Method};
use nnmt::network::Network;
use nnmt::lif::FixpointOptions;
use nnmt::units::*;

fn main() {
    let mv = |v| ElectricPotential::new::<millivolt>(v);
    let net = Network::builder()
        .k([[100.0]])
        .j([[mv(0.1)]])
        .tau_m(Time::new::<millisecond>(10.0))
        .tau_r(Time::new::<millisecond>(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external([[100.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)])
        .build()
        .unwrap();
    let _ = exp::working_point(&net, Method::Shift, &FixpointOptions::default());
}
