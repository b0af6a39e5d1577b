//! Leaky integrate-and-fire mean-field theory: typed facades over the SI kernels.
//!
//! Every function here takes and returns `uom` quantities; it builds the SI view of its
//! network once (`NetworkSi::from(&Network)`), calls the kernels, and gives the result its
//! units back in the result type's one constructor.
//!
//! - [`mean_input`], [`std_input`]: μ and σ of the input (shared by all synapse models);
//! - [`delta`]: delta synapses (Siegert rate, dν/dμ, working point);
//! - [`exp`]: exponential synapses (shift and taylor rates, working point);
//! - [`transfer`]: transfer functions (linear response of the rate to input modulation);
//! - [`fit`]: low-pass fits of transfer functions and the rate-model connectivity;
//! - [`WorkingPoint`]: the result of a working-point computation, configured by
//!   [`FixpointOptions`] and [`FixpointMethod`].

pub mod delta;
pub mod exp;
pub mod fit;
mod fixpoint;
mod input;
pub mod linear_response;
pub mod transfer;
mod working_point;

pub use fixpoint::{FixpointMethod, FixpointOptions};
pub use input::{mean_input, std_input};
pub use working_point::WorkingPoint;

pub(crate) use fixpoint::solve_working_point;
pub(crate) use input::{input_si, neuron_si, single_si};
