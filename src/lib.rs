#![doc = include_str!("../README.md")]
//!
//! ## Module map
//!
//! | module | contents |
//! |---|---|
//! | [`units`] | uom quantities, derived aliases (V², Hz/V), typed complex values |
//! | [`pop`] | typed per-population vectors and matrices |
//! | [`network`] | [`Network`](network::Network) and its type-state builder |
//! | [`lif`] | mean and std of the input; [`lif::delta`], [`lif::exp`] rates and working points; [`lif::transfer`] transfer functions; [`lif::fit`] low-pass fits |
//! | [`solve`] | fixed-point solvers (relaxation, bounded least squares) |
//! | [`models`] | Plain, Basic and Microcircuit models, analysis frequency grids |
//! | [`io`] | NNMT YAML parameter files and unit strings |
//! | [`error`] | the crate's error type |

#[cfg(feature = "cli")]
pub mod cli;
pub mod error;
pub mod io;
pub mod lif;
pub mod models;
pub mod network;
mod numerics;
pub mod pop;
pub mod solve;
pub mod units;

pub use error::{Error, Result};
