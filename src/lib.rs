#![doc = include_str!("../README.md")]

pub mod error;
pub mod io;
pub mod pop;
mod special;
pub mod units;

pub use error::{Error, Result};
pub mod lif;
pub mod models;
pub mod network;
pub mod solve;
