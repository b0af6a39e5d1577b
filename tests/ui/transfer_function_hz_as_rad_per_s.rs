// Frequencies in Hz cannot be passed as angular frequencies (rad/s), nor bare numbers as
// either.
//@ error: error[E0308]: mismatched types
//@ contains: expected trait `AngleKind`, found trait `Kind`
//@ contains: the trait `From<&[f64; 1]>` is not implemented for `Frequencies<'_>`
//@ errors: 2
//@ max-lines: 50
//@ max-chars: 3500
use nnmt::lif::transfer::Frequencies;
use nnmt::units::*;

fn main() {
    let hz = [Frequency::new::<hertz>(10.0)];
    let _ = Frequencies::Angular(&hz[..]);
    let bare = [10.0_f64];
    let _: Frequencies = (&bare).into();
}
