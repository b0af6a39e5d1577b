//! Bounded least squares: projected Levenberg–Marquardt on ½‖Φ(ν) − ν‖², ν ≥ 0.

use argmin::core::{
    Error as ArgminError, KV, Problem, Solver, State, TerminationReason, TerminationStatus,
};
use nalgebra::{DMatrix, DVector};

use super::map::{FixpointMap, MapEval};
use super::{FixState, RateModel, Tolerance};

/// Initial Levenberg–Marquardt damping (relative to diag(JᵀJ)). Small values take full
/// Gauss–Newton steps from the start, which can jump out of ν₀'s basin (e.g. from 100 Hz to
/// near 0 in the Sanzeni network "sdm"); 0.1 keeps the first steps short, as a trust region.
const LAMBDA_INITIAL: f64 = 0.1;
/// Damping beyond which no descent direction is left: a local minimum of ‖F‖ that is not a
/// fixed point (NNMT: "Least squares converged in a local minimum").
const LAMBDA_MAX: f64 = 1e16;

/// Projected Levenberg–Marquardt (Marquardt 1963 scaling): the step solves
/// (JᵀJ + λ diag(JᵀJ)) δ = −JᵀF, the trial point max(ν + δ, 0) is accepted if it lowers
/// ‖F‖², and λ is divided by 3 on success and multiplied by 4 otherwise.
pub(crate) struct BoundedLeastSquares {
    tol: Tolerance,
    lambda: f64,
    current: Option<MapEval>,
    stalled: bool,
}

impl BoundedLeastSquares {
    pub(crate) fn new(tol: Tolerance) -> Self {
        Self {
            tol,
            lambda: LAMBDA_INITIAL,
            current: None,
            stalled: false,
        }
    }
}

impl<M: RateModel> Solver<FixpointMap<M>, FixState> for BoundedLeastSquares {
    fn name(&self) -> &str {
        "bounded least squares (projected Levenberg–Marquardt)"
    }

    fn init(
        &mut self,
        problem: &mut Problem<FixpointMap<M>>,
        mut state: FixState,
    ) -> Result<(FixState, Option<KV>), ArgminError> {
        let nu = state.take_param().unwrap_or_default().map(|v| v.max(0.0));
        let ev = problem.problem("phi", |m| m.eval(&nu, true).map_err(ArgminError::from))?;
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
            return Err(ArgminError::msg("least-squares solver used before init"));
        };
        let n = nu.len();
        let jac = cur.jacobian.clone().unwrap_or_else(|| DMatrix::zeros(n, n));
        let jtj = jac.transpose() * &jac;
        let g = jac.transpose() * &cur.residual;
        // Active set: rates at the bound ν = 0 whose descent direction −g points below it
        // stay fixed; the damped Gauss–Newton step is taken in the free rates only.
        let free: Vec<usize> = (0..n).filter(|&i| nu[i] > 0.0 || g[i] < 0.0).collect();
        let m = free.len();
        let mut a = DMatrix::zeros(m, m);
        let mut rhs = DVector::zeros(m);
        for (r, &i) in free.iter().enumerate() {
            rhs[r] = -g[i];
            for (c, &j) in free.iter().enumerate() {
                a[(r, c)] = jtj[(i, j)];
            }
            a[(r, r)] += self.lambda * jtj[(i, i)].max(1e-300);
        }
        let old_norm = cur.residual.norm_squared();
        let trial = a.lu().solve(&rhs).map(|delta| {
            let mut t = nu.clone();
            for (r, &i) in free.iter().enumerate() {
                t[i] = (t[i] + delta[r]).max(0.0);
            }
            t
        });
        let improved = trial.and_then(|t| {
            let ev = problem
                .problem("phi", |m| m.eval(&t, true).map_err(ArgminError::from))
                .ok()?;
            (ev.residual.norm_squared() < old_norm).then_some((t, ev))
        });
        match improved {
            Some((t, ev)) => {
                self.lambda = (self.lambda / 3.0).max(1e-15);
                let cost = ev.residual.amax();
                self.current = Some(ev);
                state = state.param(t).cost(cost);
            }
            None => {
                self.lambda *= 4.0;
                self.stalled = self.lambda > LAMBDA_MAX;
                state = state.param(nu);
            }
        }
        Ok((state, None))
    }

    fn terminate(&mut self, state: &FixState) -> TerminationStatus {
        match (state.get_param(), &self.current) {
            (Some(nu), Some(cur)) if self.tol.satisfied(nu, &cur.residual) => {
                TerminationStatus::Terminated(TerminationReason::SolverConverged)
            }
            _ if self.stalled => TerminationStatus::Terminated(TerminationReason::SolverExit(
                "local minimum of |Φ(ν) − ν| that is not a fixed point".into(),
            )),
            _ => TerminationStatus::NotTerminated,
        }
    }
}
