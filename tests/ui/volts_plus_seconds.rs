// Adding a potential to a time does not compile.
use nnmt::units::*;

fn main() {
    let _ = ElectricPotential::new::<millivolt>(15.0) + Time::new::<millisecond>(10.0);
}
