//! Integration tests of the public API (one binary, one module per topic).

mod bos2016;
mod claims;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod delta_reference;
mod eigen;
mod exp_reference;
mod fit_reference;
mod fixpoint;
mod fuzz;
mod io_files;
mod io_no_panic;
mod linear_response;
mod mam;
mod model_errors;
mod models;
mod network_build;
mod properties;
mod scaling;
mod siegert_mpmath;
mod transfer_function;
mod transfer_hardening;
mod ui;
mod working_point_hardening;
