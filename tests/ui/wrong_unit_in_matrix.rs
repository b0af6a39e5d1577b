// In-degrees are numbers: a matrix of potentials passed as `K` does not compile.
//@ error: error[E0277]: network parameter `k` must be a matrix of in-degrees (numbers)
//@ contains: in-degrees are dimensionless
use nnmt::network::Network;
use nnmt::units::*;

fn main() {
    let _ = Network::builder().k([[ElectricPotential::new::<millivolt>(0.1)]]);
}
