//! Linear response of a network around its working point (Bos et al. 2016, J. Neurosci.
//! 36, 12425; Senk et al. 2020): effective connectivity, propagator, power spectra,
//! eigenmodes and the sensitivity measure.
//!
//! Every result here is frequency-resolved: it keeps the angular frequencies it was computed
//! at, and functions combining two results check that their frequencies agree.

mod connectivity;
mod eigen;
mod sensitivity;

pub use connectivity::EffectiveConnectivity;
pub use eigen::{
    Eigenmodes, EigenvalueMatching, Tracker, TrackingWarning, eigenmodes,
    match_eigenvalues_across_frequencies,
};
pub use sensitivity::{
    Mode, SensitivityMeasure, sensitivity_measure, sensitivity_measure_all_eigenmodes,
};
