// Frequencies in Hz cannot be passed as angular frequencies (rad/s), nor bare numbers as
// either.
use nnmt::lif::transfer::Frequencies;
use nnmt::units::*;

fn main() {
    let hz = [Frequency::new::<hertz>(10.0)];
    let _ = Frequencies::Angular(&hz[..]);
    let bare = [10.0_f64];
    let _: Frequencies = (&bare).into();
}
