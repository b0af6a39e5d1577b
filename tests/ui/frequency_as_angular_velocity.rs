// A frequency in Hz is not an angular velocity in rad/s.
//@ error: error[E0308]: mismatched types
//@ contains: expected trait `AngleKind`, found trait `Kind`
// rustc's own `Into::into` suggestion prints both uom types in full (about 1,400 characters):
//@ max-chars: 4000
use nnmt::units::*;

fn takes_omega(_omega: AngularVelocity) {}

fn main() {
    takes_omega(Frequency::new::<hertz>(10.0));
}
