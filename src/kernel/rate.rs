//! Single-population rate models Φ(μ, σ): the interface the fixed-point problem is generic
//! over, and its two implementations (Siegert for delta synapses, colored noise for
//! exponential synapses).

use nalgebra::DVector;

use super::colored::{Method, colored_rate};
use super::neuron::NeuronSi;
use super::siegert::siegert;

/// A population's rate Φ and its partial derivatives at (μ, σ), SI units.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RateEval {
    /// rate, Hz
    pub nu: f64,
    /// ∂ν/∂μ, Hz/V
    pub dnu_dmu: f64,
    /// ∂ν/∂σ, Hz/V
    pub dnu_dsigma: f64,
}

/// A single-population rate function Φ(μ, σ) (Siegert, shifted Siegert, Taylor, ...);
/// `Sync`, so that the populations of a large network can be evaluated in parallel.
pub(crate) trait RateModel: Sync {
    /// Rate of population `population` and its derivatives at mean `mu` and std `sigma` (V).
    fn eval(&self, population: usize, mu: f64, sigma: f64, neuron: &NeuronSi) -> RateEval;
}

/// The delta-synapse rate model: the Siegert formula per population.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Siegert;

impl RateModel for Siegert {
    fn eval(&self, _population: usize, mu: f64, sigma: f64, neuron: &NeuronSi) -> RateEval {
        siegert(mu, sigma, neuron)
    }
}

/// The rate model of a network with exponential synapses (shift or Taylor rate).
#[derive(Clone, Debug)]
pub(crate) struct Colored {
    /// shift or Taylor
    pub method: Method,
    /// synaptic time constant per population, s
    pub tau_s: DVector<f64>,
}

impl RateModel for Colored {
    fn eval(&self, population: usize, mu: f64, sigma: f64, neuron: &NeuronSi) -> RateEval {
        colored_rate(self.method, mu, sigma, neuron, self.tau_s[population])
    }
}
