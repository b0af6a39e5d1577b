//! Leaky integrate-and-fire mean-field theory.
//!
//! - [`mean_input`], [`std_input`]: μ and σ of the input (shared by all synapse models);
//! - [`delta`]: delta synapses (Siegert rate, dν/dμ, working point);
//! - [`exp`]: exponential synapses (shift and taylor rates, working point);
//! - [`transfer`]: transfer functions (linear response of the rate to input modulation);
//! - [`WorkingPoint`]: the result of a working-point computation.

pub mod delta;
pub mod exp;
pub mod fit;
mod general;
pub mod transfer;
mod working_point;

pub(crate) use general::{InputMap, check_input_shapes, checked_rates};
pub use general::{mean_input, std_input};
pub use working_point::WorkingPoint;
