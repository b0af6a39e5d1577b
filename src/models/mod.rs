//! Network models that derive the [`Network`](crate::network::Network) parameters from
//! physiological ones, as NNMT's `nnmt.models` do.
//!
//! - [`Microcircuit`]: the Potjans & Diesmann (2014) cortical microcircuit, constructed as
//!   NNMT's `Microcircuit` model does; [`Microcircuit::bos2016`] gives the parameters of
//!   Bos et al. (2016).

mod microcircuit;

pub use microcircuit::Microcircuit;
