//! Writes the random E/I network of n populations that the scaling benchmark
//! (`benches/scaling.rs`) uses as an NNMT `Plain` YAML file, so NNMT can be timed on exactly
//! the same network (`benches/nnmt/time_nnmt.py`):
//!
//! ```text
//! cargo run --release --example random_network -- 128 > random_128.yaml
//! ```
//!
//! Before printing, it checks that the file read back with the crate's `Plain` reader is the
//! network the benchmark builds (equal in every bit).

#[path = "../benches/support/random_network.rs"]
mod random_network;

use nnmt::models::AnyNetwork;
use random_network::RandomNetwork;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args()
        .nth(1)
        .ok_or("usage: random_network <n> (n >= 2)")?;
    let n: usize = arg
        .parse()
        .map_err(|e| format!("n = {arg:?} is not a number of populations: {e}"))?;
    if n < 2 {
        return Err("n must be at least 2 (one excitatory and one inhibitory population)".into());
    }
    let random = RandomNetwork::new(n);
    let built = AnyNetwork::Exp(random.network()?);
    if random.network_from_yaml()? != built {
        return Err("the YAML file does not read back as the built network".into());
    }
    print!("{}", random.yaml());
    Ok(())
}
