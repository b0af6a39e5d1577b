// The transfer function needs exponential synapses: a network built without `tau_s` is a
// `Network<DeltaSynapses>` and is rejected at compile time.
//@ error: error[E0308]: mismatched types
//@ contains: expected `&Network<ExpSynapses>`, found `&Network`
use nnmt::lif::{transfer, WorkingPoint};
use nnmt::network::Network;
use nnmt::units::*;

fn tf(net: &Network, wp: &WorkingPoint) {
    let freqs = [Frequency::new::<hertz>(10.0)];
    // (the method and the synaptic filter do not matter here)
    let _ = transfer::transfer_function(net, wp, &freqs, todo!(), todo!());
}

fn main() {}
