//! Reading NNMT parameter files: YAML `{val, unit}` mappings handed out as unit-checked
//! quantities.
//!
//! - [`unit`](mod@unit): a parser for pint-style unit strings (`ms`, `mV`, `1/mm`,
//!   `hertz / millivolt`, ...) into an SI factor and the exponents of the SI base units,
//!   and [`FileQuantity`](unit::FileQuantity), which reads the exponents a value must have
//!   from its uom type;
//! - [`yaml`]: [`load_param_file`] / [`parse_param_str`] read a file into a [`ParamMap`],
//!   whose [`get`](ParamMap::get) returns quantities (`Time`, `PopMatrix<f64>`,
//!   `PerPopulation<ElectricPotential>`, [`Shaped`], ...: the [`FromParam`] types) after
//!   checking the unit against the type.
//!
//! Errors are [`IoError`]s that name the file, the key and the line of the key; they
//! convert into the crate's [`Error::Io`](crate::Error::Io) with `?`. Turning a
//! [`ParamMap`] into a [`Network`](crate::network::Network) is the job of the
//! [`models`](crate::models).
//!
//! # Examples
//! ```
//! # fn main() -> nnmt::Result<()> {
//! use nnmt::io::parse_param_str;
//! use nnmt::units::*;
//! let params = parse_param_str("tau_m: {val: 10.0, unit: ms}\n", "inline.yaml")?;
//! assert_eq!(params.get::<Time>("tau_m")?, Time::new::<millisecond>(10.0));
//! // a voltage where a time belongs is an error naming the file, the line and the key:
//! let err = parse_param_str("g: 4\ntau_m: {val: 10.0, unit: mV}\n", "inline.yaml")?
//!     .get::<Time>("tau_m")
//!     .unwrap_err();
//! assert!(err.to_string().starts_with("inline.yaml:2: key 'tau_m'"));
//! # Ok(()) }
//! ```

mod fast;
mod typed;
pub mod unit;
pub mod yaml;

pub use crate::error::IoError;
pub use typed::{FromParam, Shaped};
pub use yaml::{
    Array, DuplicateKeys, MAX_FILE_BYTES, ParamIter, ParamMap, ParamValue, load_param_file,
    load_param_file_with, parse_param_str, parse_param_str_with,
};
