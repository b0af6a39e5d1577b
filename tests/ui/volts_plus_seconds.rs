// Adding a potential to a time does not compile.
//@ error: error[E0308]: mismatched types
//@ contains: expected `Quantity<..., _, f64>`, found `Quantity<..., ..., f64>`
use nnmt::units::*;

fn main() {
    let _ = ElectricPotential::new::<millivolt>(15.0) + Time::new::<millisecond>(10.0);
}
