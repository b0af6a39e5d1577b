//! The stationary working point of a network.

use nalgebra::DVector;

use crate::pop::PopVec;
use crate::units::{ElectricPotential, Frequency, SiValue};

/// A self-consistent stationary state: rates ν and the mean μ and standard deviation σ of
/// the input they cause, plus how precisely the fixed point was reached.
///
/// Produced by [`crate::lif::delta::working_point`] and [`crate::lif::exp::working_point`];
/// passed on explicitly to what needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkingPoint {
    firing_rates: PopVec<Frequency>,
    mean_input: PopVec<ElectricPotential>,
    std_input: PopVec<ElectricPotential>,
    residual: Frequency,
    iterations: u64,
}

impl WorkingPoint {
    /// The working point from SI values: rates `nu` (Hz), `mu` and `sigma` (V), the residual
    /// max_i |Φ_i(ν) − ν_i| (Hz) and the solver iterations.
    pub(crate) fn from_si(
        nu: DVector<f64>,
        mu: DVector<f64>,
        sigma: DVector<f64>,
        residual: f64,
        iterations: u64,
    ) -> Self {
        Self {
            firing_rates: PopVec::from_si(nu),
            mean_input: PopVec::from_si(mu),
            std_input: PopVec::from_si(sigma),
            residual: Frequency::from_si(residual),
            iterations,
        }
    }

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
