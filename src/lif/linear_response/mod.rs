//! Linear response of a network around its working point (Bos, Diesmann & Helias 2016,
//! PLoS Comput. Biol. 12, e1005132; Senk et al. 2020, Phys. Rev. Research 2, 023174): effective connectivity, propagator, power spectra,
//! eigenmodes and the sensitivity measure.
//!
//! Every result here is frequency-resolved: it keeps the angular frequencies it was computed
//! at, and functions combining two results check that their frequencies agree.
//!
//! The pipeline, with the delay factors of [`crate::network::delay_matrix`]:
//! working point → [transfer function](crate::lif::transfer::transfer_function) H →
//! [`effective_connectivity`] W (with D) → [`propagator`] P, Q and [`power_spectra`] C.

mod connectivity;
mod eigen;
mod propagator;
mod sensitivity;
mod spectra;

pub use connectivity::{EffectiveConnectivity, effective_connectivity};
pub use eigen::{
    Eigenmodes, EigenvalueMatching, Tracker, TrackingWarning, eigenmodes,
    match_eigenvalues_across_frequencies,
};
pub use propagator::{Propagator, propagator};
pub use sensitivity::{
    Mode, SensitivityMeasure, sensitivity_measure, sensitivity_measure_all_eigenmodes,
};
pub use spectra::{PowerSpectra, power_spectra};
