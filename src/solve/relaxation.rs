//! Relaxation: adaptive linearly implicit integration of dν/ds = −ν + Φ(ν).

use argmin::core::{
    Error as ArgminError, KV, Problem, Solver, State, TerminationReason, TerminationStatus,
};
use nalgebra::{DMatrix, DVector};

use super::map::{FixpointMap, MapEval};
use super::{FixState, RateModel, Tolerance};
use crate::error::Error;

/// γ of the L-stable two-stage Rosenbrock method ROS2 (Verwer et al. 1999, SIAM J. Sci.
/// Comput. 20, 1456).
const GAMMA: f64 = 1.0 + std::f64::consts::FRAC_1_SQRT_2;
/// Local error tolerances of the pseudo-time integration (weighted RMS norm: relative
/// 5e-2, absolute 1e-3 Hz). They only decide how closely the trajectory from ν₀ is followed
/// (and so which stable fixed point is reached in a multistable network), not the precision
/// of the fixed point, which is set by the [`Tolerance`]. Tighter values (NNMT's LSODA uses
/// 1e-3 and 1e-6 Hz) cost 6× the steps (microcircuit: 223 instead of 34) and select the
/// same fixed points in every reference case, including the multistable Sanzeni networks
/// (tests/it/fixpoint.rs); tolerances up to 1e-1 still did.
const RTOL: f64 = 5e-2;
const ATOL: f64 = 1e-3;
/// Initial pseudo-time step (in units of the relaxation time 1).
const H_INITIAL: f64 = 0.1;
/// Largest step; at this size every step is a Newton step to round-off.
const H_MAX: f64 = 1e15;
/// Smallest step before the solver gives up.
const H_MIN: f64 = 1e-14;

/// ROS2 integration of dν/ds = F(ν) = Φ(ν) − ν with step-size control; each argmin
/// iteration is one attempted step.
///
/// Stages (J = ∂F/∂ν at νₙ):
/// (I − γhJ) k₁ = F(νₙ); (I − γhJ) k₂ = F(νₙ + h k₁) − 2k₁;
/// νₙ₊₁ = νₙ + (3/2) h k₁ + (1/2) h k₂, local error estimate (1/2) h (k₁ + k₂).
/// As h → ∞ a step tends to the Newton step −J⁻¹F (ROS2 is L-stable), so once the
/// trajectory has settled the iteration converges quadratically.
pub(crate) struct Relaxation {
    tol: Tolerance,
    h: f64,
    current: Option<MapEval>,
}

impl Relaxation {
    pub(crate) fn new(tol: Tolerance) -> Self {
        Self {
            tol,
            h: H_INITIAL,
            current: None,
        }
    }
}

fn eval<M: RateModel>(
    problem: &mut Problem<FixpointMap<M>>,
    nu: &DVector<f64>,
    jacobian: bool,
) -> Result<MapEval, ArgminError> {
    problem.problem("phi", |m| m.eval(nu, jacobian).map_err(ArgminError::from))
}

impl<M: RateModel> Solver<FixpointMap<M>, FixState> for Relaxation {
    fn name(&self) -> &str {
        "relaxation (ROS2)"
    }

    fn init(
        &mut self,
        problem: &mut Problem<FixpointMap<M>>,
        mut state: FixState,
    ) -> Result<(FixState, Option<KV>), ArgminError> {
        let nu = state.take_param().unwrap_or_default();
        let ev = eval(problem, &nu, true)?;
        let cost = ev.residual.amax();
        self.current = Some(ev);
        Ok((state.param(nu).cost(cost), None))
    }

    fn next_iter(
        &mut self,
        problem: &mut Problem<FixpointMap<M>>,
        mut state: FixState,
    ) -> Result<(FixState, Option<KV>), ArgminError> {
        let nu = state.take_param().unwrap_or_default();
        let Some(cur) = self.current.as_ref() else {
            return Err(ArgminError::msg("relaxation solver used before init"));
        };
        let n = nu.len();
        let jac = cur.jacobian.clone().unwrap_or_else(|| DMatrix::zeros(n, n));
        let h = self.h;
        let lu = (DMatrix::identity(n, n) - jac * (GAMMA * h)).lu();
        let step = lu.solve(&cur.residual).and_then(|k1| {
            let trial = &nu + &k1 * h;
            let f1 = eval(problem, &trial, false).ok()?.residual;
            let k2 = lu.solve(&(f1 - &k1 * 2.0))?;
            let new = &nu + &k1 * (1.5 * h) + &k2 * (0.5 * h);
            let err_vec = (&k1 + &k2) * (0.5 * h);
            // Weighted RMS norm of the local error, as in LSODA.
            let sum: f64 = err_vec
                .iter()
                .zip(nu.iter().zip(new.iter()))
                .map(|(e, (a, b))| (e / (ATOL + RTOL * a.abs().max(b.abs()))).powi(2))
                .sum();
            let err = (sum / n as f64).sqrt();
            err.is_finite().then_some((new, err))
        });
        let accepted = match step {
            Some((new, err)) if err <= 1.0 => match eval(problem, &new, true) {
                Ok(ev) => {
                    let factor = (0.9 / err.max(1e-12).sqrt()).clamp(0.2, 10.0);
                    self.h = (h * factor).min(H_MAX);
                    let cost = ev.residual.amax();
                    self.current = Some(ev);
                    state = state.param(new).cost(cost);
                    true
                }
                Err(_) => false,
            },
            Some((_, err)) => {
                self.h = h * (0.9 / err.sqrt()).clamp(0.1, 0.9);
                false
            }
            None => false,
        };
        if !accepted {
            if self.h >= h {
                self.h = h * 0.25;
            }
            if self.h < H_MIN {
                let residual = self
                    .current
                    .as_ref()
                    .map_or(f64::NAN, |c| c.residual.amax());
                return Err(ArgminError::from(Error::NotConverged {
                    solver: "relaxation",
                    population: None,
                    iterations: state.get_iter() + 1,
                    residual,
                    unit: "Hz",
                }));
            }
            state = state.param(nu);
        }
        Ok((state, None))
    }

    fn terminate(&mut self, state: &FixState) -> TerminationStatus {
        match (state.get_param(), &self.current) {
            (Some(nu), Some(cur)) if self.tol.satisfied(nu, &cur.residual) => {
                TerminationStatus::Terminated(TerminationReason::SolverConverged)
            }
            _ => TerminationStatus::NotTerminated,
        }
    }
}
