//! Relaxation: adaptive linearly implicit integration of dx/ds = F(x).

use argmin::core::{
    Error as ArgminError, Jacobian, KV, Operator, Problem, Solver, State, TerminationReason,
    TerminationStatus,
};
use argmin::kv;
use argmin_math::{ArgminAdd, ArgminMul, ArgminScaledAdd, ArgminScaledSub};
use nalgebra::{DMatrix, DVector};

use super::linear::Lu;
use super::runner::SolverName;
use super::{FixpointState, Tolerance, all_finite, record, start, status};

/// γ of the L-stable two-stage Rosenbrock method ROS2 (Verwer et al. 1999, SIAM J. Sci.
/// Comput. 20, 1456).
const GAMMA: f64 = 1.0 + std::f64::consts::FRAC_1_SQRT_2;
/// Local error tolerances of the pseudo-time integration (weighted RMS norm of the filtered
/// error estimate: relative 0.2, absolute 1e-3 in the unit of x). They only decide how
/// closely the trajectory from x₀ is followed (and so which stable fixed point is reached in
/// a multistable network), not the precision of the fixed point, which is set by the
/// [`Tolerance`]. Relative tolerances 0.1 and 0.2 select the same fixed points as 0.05 in
/// every reference case, including the multistable Sanzeni networks (tests/it/fixpoint.rs),
/// and 0.2 takes 11 steps on the 254-population multi-area model where 0.05 takes 33
/// (NNMT's LSODA follows the trajectory with 1e-3 relative and 1e-6 Hz absolute).
const RTOL: f64 = 0.2;
const ATOL: f64 = 1e-3;
/// Initial pseudo-time step (in units of the relaxation time 1).
const H_INITIAL: f64 = 0.1;
/// Largest step; at this size every step is a Newton step to round-off.
const H_MAX: f64 = 1e15;
/// Smallest step before the solver gives up.
const H_MIN: f64 = 1e-14;

/// ROS2 integration of dx/ds = F(x) with step-size control, as an argmin [`Solver`]; each
/// argmin iteration is one attempted step.
///
/// Stages (J = ∂F/∂x at xₙ):
/// (I − γhJ) k₁ = F(xₙ); (I − γhJ) k₂ = F(xₙ + h k₁) − 2k₁;
/// xₙ₊₁ = xₙ + (3/2) h k₁ + (1/2) h k₂, local error estimate (1/2) h (k₁ + k₂)
/// (Verwer et al. 1999). As h → ∞ a step tends to the Newton step −J⁻¹F (ROS2 is L-stable),
/// so once the trajectory has settled the iteration converges quadratically.
///
/// A step whose F is not finite is rejected (the step size shrinks). The solver converges
/// when the [`Tolerance`] is met, finishing in that iteration with [`Tolerance`]'s Newton
/// refinement and fixed-point step, and gives up (`TerminationReason::SolverExit`) when the
/// step size falls below 1e-14 or F is not finite at the start. It reports the step size
/// `h` to observers.
///
/// # Examples
/// See the [module documentation](super).
#[derive(Debug)]
pub struct Relaxation {
    tol: Tolerance,
    h: f64,
    finished: bool,
    /// the factorisation workspace, made at the first step
    lu: Option<Lu>,
}

impl Clone for Relaxation {
    /// The same solver configuration, with a fresh workspace.
    fn clone(&self) -> Self {
        Self {
            tol: self.tol,
            h: self.h,
            finished: self.finished,
            lu: None,
        }
    }
}

impl Relaxation {
    /// A solver that stops when `tol` is met.
    pub fn new(tol: Tolerance) -> Self {
        Self {
            tol,
            h: H_INITIAL,
            finished: false,
            lu: None,
        }
    }
}

impl SolverName for Relaxation {
    const NAME: &'static str = "relaxation";
}

impl<O> Solver<O, FixpointState> for Relaxation
where
    O: Operator<Param = DVector<f64>, Output = DVector<f64>>
        + Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
{
    fn name(&self) -> &str {
        "relaxation (ROS2)"
    }

    fn init(
        &mut self,
        problem: &mut Problem<O>,
        state: FixpointState,
    ) -> Result<(FixpointState, Option<KV>), ArgminError> {
        self.h = H_INITIAL;
        let (state, finished) = start(problem, &self.tol, state, false)?;
        self.finished = finished;
        Ok((state, Some(kv!("h" => self.h;))))
    }

    fn next_iter(
        &mut self,
        problem: &mut Problem<O>,
        state: FixpointState,
    ) -> Result<(FixpointState, Option<KV>), ArgminError> {
        let (Some(x), Some(f), Some(jac)) = (
            state.get_param(),
            state.get_residuals(),
            state.get_jacobian(),
        ) else {
            return Err(ArgminError::msg("relaxation solver used before init"));
        };
        let n = x.len();
        let h = self.h;
        let lu = self.lu.get_or_insert_with(|| Lu::new(n));
        // W = I − γhJ, one factorisation per attempted step
        lu.factor(|j, column| {
            for (w, d) in column.iter_mut().zip(jac.column(j).iter()) {
                *w = -GAMMA * h * d;
            }
            column[j] += 1.0;
        });
        let step = lu.solve(f).and_then(|k1| {
            let trial = x.scaled_add(&h, &k1);
            let f1 = problem.apply(&trial).ok()?;
            let k2 = lu.solve(&f1.scaled_sub(&2.0, &k1))?;
            let new = x.scaled_add(&(1.5 * h), &k1).scaled_add(&(0.5 * h), &k2);
            // The local error estimate (1/2)h(k₁ + k₂), filtered by W⁻¹ so that it stays
            // bounded on stiff components (Shampine 1980; Hairer & Wanner 1996, §IV.8):
            // unfiltered, it rejects steps that the L-stable method takes accurately.
            let err_vec = lu.solve(&k1.add(&k2).mul(&(0.5 * h)))?;
            // Weighted RMS norm of the local error, as in LSODA.
            let sum: f64 = err_vec
                .iter()
                .zip(x.iter().zip(new.iter()))
                .map(|(e, (a, b))| (e / (ATOL + RTOL * a.abs().max(b.abs()))).powi(2))
                .sum();
            let err = (sum / n as f64).sqrt();
            err.is_finite().then_some((new, err))
        });
        let accepted = match step {
            Some((new, err)) if err <= 1.0 => match problem
                .apply(&new)
                .and_then(|f_new| Ok((f_new, problem.jacobian(&new)?)))
            {
                Ok((f_new, j_new)) if all_finite(&f_new) => {
                    let factor = (0.9 / err.max(1e-12).sqrt()).clamp(0.2, 10.0);
                    self.h = (h * factor).min(H_MAX);
                    if self.tol.satisfied(&new, &f_new) {
                        self.finished = true;
                        Some(self.tol.finish(problem, (new, f_new, j_new), false)?)
                    } else {
                        Some((new, f_new, j_new))
                    }
                }
                _ => None,
            },
            Some((_, err)) => {
                self.h = h * (0.9 / err.sqrt()).clamp(0.1, 0.9);
                None
            }
            None => None,
        };
        let state = match accepted {
            Some(point) => record(state, point),
            None => {
                if self.h >= h {
                    self.h = h * 0.25;
                }
                if self.h < H_MIN {
                    state.terminate_with(TerminationReason::SolverExit(format!(
                        "the pseudo-time step fell below {H_MIN:e}: no step is accepted"
                    )))
                } else {
                    state
                }
            }
        };
        Ok((state, Some(kv!("h" => self.h;))))
    }

    fn terminate(&mut self, _state: &FixpointState) -> TerminationStatus {
        status(self.finished)
    }
}
