//! Integration tests of the public API (one binary, one module per topic).

mod common;
mod delta_reference;
mod fixpoint;
mod network_build;
mod properties;
mod siegert_mpmath;
mod transfer_function;
mod ui;
