//! Reading NNMT parameter files: YAML `{val, unit}` mappings with unit-checked values.
//!
//! - [`unit`](mod@unit): physical dimensions and a parser for pint-style unit strings
//!   (`ms`, `mV`, `1/mm`, `hertz / millivolt`, ...) into an SI factor and a dimension;
//! - [`yaml`]: [`load_param_file`] / [`parse_param_str`] read a file into a [`ParamMap`]
//!   whose typed accessors return values in SI base units after checking their dimension.
//!
//! Errors are [`IoError`]s that name the file and the key; they convert into the crate's
//! [`Error::Io`](crate::Error::Io) with `?`. Turning a [`ParamMap`] into a
//! [`Network`](crate::network::Network) is the job of the [`models`](crate::models).
//!
//! # Examples
//! ```
//! # fn main() -> nnmt::Result<()> {
//! use nnmt::io::{parse_param_str, unit::TIME};
//! let params = parse_param_str("tau_m: {val: 10.0, unit: ms}\n", "inline.yaml")?;
//! assert_eq!(params.scalar_si("tau_m", TIME)?, 0.01); // seconds
//! // a voltage where a time belongs is an error naming the file and the key:
//! let err = parse_param_str("tau_m: {val: 10.0, unit: mV}\n", "inline.yaml")?
//!     .scalar_si("tau_m", TIME)
//!     .unwrap_err();
//! assert!(err.to_string().contains("inline.yaml: key 'tau_m'"));
//! # Ok(()) }
//! ```

pub mod unit;
pub mod yaml;

pub use yaml::{IoError, ParamMap, ParamValue, load_param_file, parse_param_str};
