//! The fixed-point problem of a network's rate equations, F(ν) = Φ(μ(ν⁺), σ(ν⁺)) − ν, and its
//! Jacobian, in SI units, as an argmin problem ([`Operator`] and [`Jacobian`]).

use std::cell::RefCell;

use argmin::core::{Error as ArgminError, Jacobian, Operator};
use nalgebra::{DMatrix, DVector};

use super::input::InputMap;
use super::network::NetworkSi;
use super::neuron::NeuronSi;
use super::rate::{RateEval, RateModel};
use crate::error::{Error, Result};

/// Number of populations from which Φ is evaluated in parallel (rayon): at 64 populations
/// one evaluation of Φ takes ~30 µs, well above the cost of splitting the work.
const PARALLEL_MIN: usize = 64;

/// F(ν) = Φ(μ(ν⁺), σ(ν⁺)) − ν with ν⁺ = max(ν, 0) (rates are evaluated at their projection
/// onto ν ≥ 0 so that σ² never turns negative during a solver step), for rates ν in Hz.
///
/// [`Operator::apply`] gives F (Hz) and [`Jacobian::jacobian`] gives ∂F/∂ν (dimensionless):
/// ∂F_i/∂ν_j = ∂Φ_i/∂μ_i · τ_m,i K_ij J_ij + ∂Φ_i/∂σ_i · τ_m,i K_ij J_ij² / (2σ_i) − δ_ij
/// (columns of rates at ν_j < 0, where ν⁺ does not move, are zero apart from −δ_ij).
///
/// Both come from one evaluation of Φ and its derivatives at ν, which is kept (a one-entry
/// cache): a solver asking for F and J at the same ν pays for one Φ evaluation. A
/// non-finite Φ gives a non-finite F (a solver rejects such a point);
/// [`FixpointProblem::evaluate`] reports it as [`Error::NonFinite`] naming the population.
#[derive(Debug)]
pub(crate) struct FixpointProblem<M> {
    input: InputMap,
    model: M,
    neurons: Vec<NeuronSi>,
    last: RefCell<Option<Evaluation>>,
}

/// Φ and its derivatives at one ν.
#[derive(Clone, Debug)]
struct Evaluation {
    /// ν, Hz
    nu: DVector<f64>,
    /// μ(ν⁺), V
    mu: DVector<f64>,
    /// σ(ν⁺), V
    sigma: DVector<f64>,
    /// Φ and ∂Φ/∂μ, ∂Φ/∂σ per population
    rates: Vec<RateEval>,
}

/// F, μ and σ at one ν, all finite (SI units).
#[derive(Clone, Debug)]
pub(crate) struct FixpointEval {
    /// F(ν) = Φ(ν) − ν, Hz
    pub residual: DVector<f64>,
    /// μ(ν⁺), V
    pub mu: DVector<f64>,
    /// σ(ν⁺), V
    pub sigma: DVector<f64>,
}

impl<M: RateModel> FixpointProblem<M> {
    /// The problem of network `net` with rate model `model`.
    ///
    /// # Errors
    /// [`Error::InputOverflow`] if a coefficient of μ(ν) or σ²(ν) is not a finite double
    /// ([`InputMap::new`]).
    pub(crate) fn new(net: &NetworkSi, model: M) -> Result<Self> {
        Ok(Self {
            input: InputMap::new(net)?,
            model,
            neurons: net.neurons(),
            last: RefCell::new(None),
        })
    }

    /// Runs `f` on the evaluation at `nu`, computing it unless it is the kept one.
    fn with_evaluation<T>(&self, nu: &DVector<f64>, f: impl FnOnce(&Evaluation) -> T) -> T {
        let mut last = self.last.borrow_mut();
        if let Some(ev) = last.as_ref().filter(|ev| ev.nu == *nu) {
            return f(ev);
        }
        let nu_plus = nu.map(|v| v.max(0.0));
        let (mu, sigma) = self.input.mean_and_std(&nu_plus);
        let (model, neurons) = (&self.model, &self.neurons);
        let rate = |i: usize| model.eval(i, mu[i], sigma[i], &neurons[i]);
        // Large networks on all cores (each population independently, results in order);
        // below PARALLEL_MIN populations the threads cost more than they save.
        let rates = if nu.len() >= PARALLEL_MIN {
            use rayon::prelude::*;
            (0..nu.len()).into_par_iter().map(rate).collect()
        } else {
            (0..nu.len()).map(rate).collect()
        };
        f(last.insert(Evaluation {
            nu: nu.clone(),
            mu,
            sigma,
            rates,
        }))
    }

    /// F, μ and σ at `nu` (Hz).
    ///
    /// # Errors
    /// - [`Error::InputOverflow`] naming the first population whose μ or σ is not finite;
    /// - [`Error::NonFinite`] naming the first population whose Φ is not finite.
    pub(crate) fn evaluate(&self, nu: &DVector<f64>) -> Result<FixpointEval> {
        self.with_evaluation(nu, |ev| {
            self.input
                .check(&ev.nu.map(|v| v.max(0.0)), &ev.mu, &ev.sigma)?;
            if let Some(i) = ev.rates.iter().position(|r| !r.nu.is_finite()) {
                return Err(Error::NonFinite {
                    quantity: "firing rate",
                    population: Some(i),
                    detail: format!(
                        "Φ(μ = {} V, σ = {} V) = {}",
                        ev.mu[i], ev.sigma[i], ev.rates[i].nu
                    ),
                });
            }
            Ok(FixpointEval {
                residual: residual(ev),
                mu: ev.mu.clone(),
                sigma: ev.sigma.clone(),
            })
        })
    }
}

fn residual(ev: &Evaluation) -> DVector<f64> {
    DVector::from_fn(ev.nu.len(), |i, _| ev.rates[i].nu - ev.nu[i])
}

impl<M: RateModel> Operator for FixpointProblem<M> {
    /// rates ν, Hz
    type Param = DVector<f64>;
    /// F(ν) = Φ(ν) − ν, Hz
    type Output = DVector<f64>;

    fn apply(&self, nu: &DVector<f64>) -> std::result::Result<DVector<f64>, ArgminError> {
        Ok(self.with_evaluation(nu, residual))
    }
}

impl<M: RateModel> Jacobian for FixpointProblem<M> {
    /// rates ν, Hz
    type Param = DVector<f64>;
    /// ∂F/∂ν, dimensionless
    type Jacobian = DMatrix<f64>;

    fn jacobian(&self, nu: &DVector<f64>) -> std::result::Result<DMatrix<f64>, ArgminError> {
        Ok(self.with_evaluation(nu, |ev| {
            // ∂Φ_i/∂μ_i and ∂Φ_i/∂σ_i · 1/(2σ_i) (∂σ_i/∂(σ_i²))
            let dmu: Vec<f64> = ev.rates.iter().map(|r| r.dnu_dmu).collect();
            let dvar: Vec<f64> = (ev.rates.iter().zip(ev.sigma.iter()))
                .map(|(r, &s)| {
                    if s > 0.0 {
                        r.dnu_dsigma / (2.0 * s)
                    } else {
                        0.0
                    }
                })
                .collect();
            self.input.jacobian(&dmu, &dvar, |j| nu[j] >= 0.0)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::rate::Siegert;
    use nalgebra::DMatrix;

    /// A four-population E/I network in SI units (heterogeneous neurons, one external
    /// population), written out in plain numbers: kernels are tested without the typed layers.
    fn network() -> NetworkSi {
        let mv = 1e-3;
        let k = DMatrix::from_row_slice(
            4,
            4,
            &[
                1000.0, 250.0, 300.0, 80.0, //
                900.0, 250.0, 200.0, 60.0, //
                400.0, 100.0, 800.0, 200.0, //
                300.0, 90.0, 700.0, 150.0,
            ],
        );
        let j = DMatrix::from_fn(4, 4, |_, c| if c % 2 == 0 { 0.1 * mv } else { -0.45 * mv });
        NetworkSi {
            k,
            j,
            tau_m: DVector::from_vec(vec![0.02, 0.01, 0.02, 0.01]),
            tau_r: DVector::from_vec(vec![0.002, 0.002, 0.001, 0.0]),
            v_th: DVector::from_element(4, 20.0 * mv),
            v_0: DVector::from_vec(vec![10.0 * mv, 10.0 * mv, 0.0, 5.0 * mv]),
            k_ext: DMatrix::from_element(4, 1, 1000.0),
            j_ext: DMatrix::from_element(4, 1, 0.1 * mv),
            nu_ext: DVector::from_element(1, 15.0),
            dc: None,
            tau_s: None,
        }
    }

    /// The analytic Jacobian agrees with central differences of F.
    #[test]
    fn jacobian_matches_finite_differences() {
        let net = network();
        let n = net.len();
        let problem = FixpointProblem::new(&net, Siegert).unwrap();
        let nu = DVector::from_fn(n, |i, _| 1.0 + 3.0 * i as f64);
        let jac = problem.jacobian(&nu).unwrap();
        for j in 0..n {
            let h = 1e-5 * nu[j];
            let mut up = nu.clone();
            up[j] += h;
            let mut dn = nu.clone();
            dn[j] -= h;
            let fd = (problem.apply(&up).unwrap() - problem.apply(&dn).unwrap()) / (2.0 * h);
            for i in 0..n {
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

    /// Counts the evaluations of Φ (one per population and point).
    struct Counting<'a>(&'a std::sync::atomic::AtomicUsize);

    impl RateModel for Counting<'_> {
        fn eval(&self, p: usize, mu: f64, sigma: f64, neuron: &NeuronSi) -> RateEval {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Siegert.eval(p, mu, sigma, neuron)
        }
    }

    /// F, J and the checked evaluation at the same ν share one evaluation of Φ; a new ν
    /// costs a new one; the values do not depend on the order of the calls.
    #[test]
    fn one_evaluation_per_point() {
        let net = network();
        let n = net.len();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let problem = FixpointProblem::new(&net, Counting(&calls)).unwrap();
        let nu = DVector::from_element(n, 2.0);
        let f = problem.apply(&nu).unwrap();
        let j = problem.jacobian(&nu).unwrap();
        let ev = problem.evaluate(&nu).unwrap();
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), n);
        assert_eq!(f, ev.residual);
        let other = DVector::from_element(n, 3.0);
        let _ = problem.jacobian(&other).unwrap();
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 2 * n);
        let fresh = FixpointProblem::new(&net, Siegert).unwrap();
        assert_eq!(fresh.jacobian(&nu).unwrap(), j);
        assert_eq!(fresh.apply(&nu).unwrap(), f);
    }
}
