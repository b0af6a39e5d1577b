// The transfer function needs exponential synapses: a network built without `tau_s` is a
// `Network<DeltaSynapses>` and is rejected at compile time.
//@ error: error[E0308]: mismatched types
//@ contains: expected `&Network<ExpSynapses>`, found `&Network`
use nnmt::lif::{exp::Method, transfer::{self, SynapticFilter}, WorkingPoint};
use nnmt::network::Network;
use nnmt::units::*;

fn tf(net: &Network, wp: &WorkingPoint) {
    let freqs = [Frequency::new::<hertz>(10.0)];
    let _ = transfer::transfer_function(net, wp, &freqs, Method::Shift, SynapticFilter::On);
}

fn main() {}
