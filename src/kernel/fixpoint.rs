//! The fixed-point map F(ν) = Φ(μ(ν), σ(ν)) − ν and its Jacobian, in SI units.

use nalgebra::{DMatrix, DVector};

use super::RateModel;
use crate::error::{Error, Result};
use crate::lif::InputMap;
use crate::network::NeuronSi;

/// F(ν) = Φ(μ(ν⁺), σ(ν⁺)) − ν with ν⁺ = max(ν, 0) (rates are evaluated at their projection
/// onto ν ≥ 0 so that σ² never turns negative during a solver step).
#[derive(Clone, Debug)]
pub(crate) struct FixpointMap<M> {
    input: InputMap,
    model: M,
    neurons: Vec<NeuronSi>,
}

/// F, μ, σ (and optionally ∂F/∂ν) at one ν.
#[derive(Clone, Debug)]
pub(crate) struct MapEval {
    /// Φ(ν) − ν, Hz
    pub residual: DVector<f64>,
    /// μ(ν⁺), V
    pub mu: DVector<f64>,
    /// σ(ν⁺), V
    pub sigma: DVector<f64>,
    /// ∂F/∂ν (dimensionless), if requested
    pub jacobian: Option<DMatrix<f64>>,
}

impl<M: RateModel> FixpointMap<M> {
    pub(crate) fn new(input: InputMap, model: M, neurons: Vec<NeuronSi>) -> Self {
        Self {
            input,
            model,
            neurons,
        }
    }

    /// Evaluates F at `nu` (Hz), with the Jacobian
    /// ∂F_i/∂ν_j = ∂Φ_i/∂μ_i · τ_m,i K_ij J_ij + ∂Φ_i/∂σ_i · τ_m,i K_ij J_ij² / (2σ_i) − δ_ij
    /// if `jacobian` is set.
    ///
    /// # Errors
    /// [`Error::NonFinite`] if Φ is not finite for some population.
    pub(crate) fn eval(&self, nu: &DVector<f64>, jacobian: bool) -> Result<MapEval> {
        let nu_plus = nu.map(|v| v.max(0.0));
        let mu = self.input.mean(&nu_plus);
        let sigma = self.input.std(&nu_plus);
        let n = nu.len();
        let mut residual = DVector::zeros(n);
        let mut jac = jacobian.then(|| DMatrix::zeros(n, n));
        for i in 0..n {
            let r = self.model.eval(i, mu[i], sigma[i], &self.neurons[i]);
            if !r.nu.is_finite() {
                return Err(Error::NonFinite {
                    quantity: "firing rate",
                    population: Some(i),
                    detail: format!("Φ(μ = {} V, σ = {} V) = {}", mu[i], sigma[i], r.nu),
                });
            }
            residual[i] = r.nu - nu[i];
            if let Some(jm) = jac.as_mut() {
                let ds = if sigma[i] > 0.0 {
                    r.dnu_dsigma / (2.0 * sigma[i])
                } else {
                    0.0
                };
                for j in 0..n {
                    if nu[j] >= 0.0 {
                        jm[(i, j)] = r.dnu_dmu * self.input.mean_coupling[(i, j)]
                            + ds * self.input.var_coupling[(i, j)];
                    }
                }
                jm[(i, i)] -= 1.0;
            }
        }
        Ok(MapEval {
            residual,
            mu,
            sigma,
            jacobian: jac,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lif::delta::Siegert;
    use crate::models::Microcircuit;

    /// The analytic Jacobian agrees with central differences of F.
    #[test]
    fn jacobian_matches_finite_differences() {
        let net = Microcircuit::bos2016().network().unwrap();
        let neurons = (0..net.len()).map(|i| net.neuron_si(i)).collect();
        let map = FixpointMap::new(InputMap::new(&net), Siegert, neurons);
        let nu = DVector::from_fn(net.len(), |i, _| 1.0 + 3.0 * i as f64);
        let jac = map.eval(&nu, true).unwrap().jacobian.unwrap();
        for j in 0..net.len() {
            let h = 1e-5 * nu[j];
            let mut up = nu.clone();
            up[j] += h;
            let mut dn = nu.clone();
            dn[j] -= h;
            let fd = (map.eval(&up, false).unwrap().residual
                - map.eval(&dn, false).unwrap().residual)
                / (2.0 * h);
            for i in 0..net.len() {
                let scale = jac[(i, j)].abs().max(1e-3);
                assert!(
                    (fd[i] - jac[(i, j)]).abs() / scale < 1e-6,
                    "∂F_{i}/∂ν_{j}: analytic {} vs FD {}",
                    jac[(i, j)],
                    fd[i]
                );
            }
        }
    }
}
