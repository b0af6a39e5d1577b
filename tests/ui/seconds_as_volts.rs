// A time passed where a potential is expected does not compile.
use nnmt::network::Network;
use nnmt::units::*;

fn main() {
    let _ = Network::builder().v_th(Time::new::<millisecond>(20.0));
}
