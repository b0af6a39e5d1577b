//! The stationary working point of a network.

use crate::pop::PopVec;
use crate::units::{ElectricPotential, Frequency};

/// A self-consistent stationary state: rates ν and the mean μ and standard deviation σ of
/// the input they cause, plus how precisely the fixed point was reached.
///
/// Produced by [`crate::lif::delta::working_point`]; passed on explicitly to what needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkingPoint {
    pub(crate) firing_rates: PopVec<Frequency>,
    pub(crate) mean_input: PopVec<ElectricPotential>,
    pub(crate) std_input: PopVec<ElectricPotential>,
    pub(crate) residual: Frequency,
    pub(crate) iterations: u64,
}

impl WorkingPoint {
    /// Stationary firing rates ν (NNMT `firing_rates`).
    pub fn firing_rates(&self) -> &PopVec<Frequency> {
        &self.firing_rates
    }
    /// Mean input μ at those rates (NNMT `mean_input`).
    pub fn mean_input(&self) -> &PopVec<ElectricPotential> {
        &self.mean_input
    }
    /// Standard deviation σ of the input at those rates (NNMT `std_input`).
    pub fn std_input(&self) -> &PopVec<ElectricPotential> {
        &self.std_input
    }
    /// max_i |Φ_i(ν) − ν_i| at the returned rates.
    pub fn residual(&self) -> Frequency {
        self.residual
    }
    /// Solver iterations used.
    pub fn iterations(&self) -> u64 {
        self.iterations
    }
}
