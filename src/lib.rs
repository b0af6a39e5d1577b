#![doc = include_str!("../README.md")]
//!
//! ## Module map
//!
//! Layers, from the top; a module imports only from the layers below it and from the
//! foundations (`error` everywhere; `units`, `pop` on the typed side; `error` imports only
//! `units`, which imports nothing of the crate). Each layer is a
//! folder of `src/`:
//!
//! ```text
//! CLI (feature `cli`)   cli::, src/bin/nnmt.rs     parse arguments, call the library, print
//!         │
//! models / io           models::, io::             NNMT parameter files → typed Networks;
//!         │                                        files hand out quantities (ParamMap::get)
//! typed API             lif::, network::           uom quantities in, typed results out
//!         │  network::si: From<&Network<S>> for NetworkSi = the one place a network's
//!         │  units are stripped; WorkingPoint::from_si, TransferFunction::from_si,
//!         │  LowPassFit::from_si = where results get their units back
//! solvers               solve::                    argmin Solvers (relaxation, projected
//!         │                                        Levenberg–Marquardt), generic over argmin's
//!         │                                        Operator + Jacobian on DVector<f64>
//! kernels (SI f64)      kernel:: (crate-internal)  Siegert, colored noise, μ/σ maps, the
//!         │                                        fixed-point problem, transfer function,
//!         │                                        low-pass fit, delays, linear response:
//!         │                                        one formula family per file
//! numerics              numerics:: (internal)      erfcx integrals, Gauss–Legendre, U(a, x)
//! ```
//!
//! | module | contents |
//! |---|---|
//! | [`units`] | uom quantities, the derived Hz/V with its units, typed complex values, SI base-unit exponents |
//! | [`pop`] | typed per-population vectors and matrices |
//! | [`error`] | the crate's error type and the parameter-file errors it wraps ([`IoError`](error::IoError), re-exported by `io`) |
//! | [`network`] | [`Network`](network::Network), its type-state [`builder`](network::builder), and its SI view; synaptic [`Delays`](network::Delays) and their factors [`delay_matrix`](network::delay_matrix) |
//! | [`lif`] | mean and std of the input; [`lif::delta`], [`lif::exp`] rates and working points ([`lif::FixpointOptions`]); [`lif::transfer`] transfer functions; [`lif::fit`] low-pass fits; [`lif::linear_response`] effective connectivity, propagator, power spectra |
//! | [`solve`] | fixed-point solvers as argmin `Solver`s ([`solve::Relaxation`], [`solve::BoundedLeastSquares`]) and their runner |
//! | `kernel` (internal) | the SI formulas, one family per file |
//! | `numerics` (internal) | special functions and quadrature on plain `f64` |
//! | [`models`] | Plain, Basic and Microcircuit models, analysis frequency grids |
//! | [`io`] | NNMT YAML parameter files and unit strings |
//! | `cli` (feature `cli`) | the `nnmt` command line |

#[cfg(feature = "cli")]
pub mod cli;
pub mod error;
pub mod io;
mod kernel;
pub mod lif;
pub mod models;
pub mod network;
mod numerics;
pub mod pop;
pub mod solve;
pub mod units;

pub use error::{Error, Result};

/// A JSON file of `tests/data/` (path relative to it), for the unit tests.
#[cfg(test)]
pub(crate) fn test_data(relative: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
