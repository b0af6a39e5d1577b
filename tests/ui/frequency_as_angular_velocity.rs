// A frequency in Hz is not an angular velocity in rad/s.
use nnmt::units::*;

fn takes_omega(_omega: AngularVelocity) {}

fn main() {
    takes_omega(Frequency::new::<hertz>(10.0));
}
