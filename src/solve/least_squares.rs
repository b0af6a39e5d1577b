//! Bounded least squares: projected Levenberg–Marquardt on ½‖F(x)‖², x ≥ 0.

use argmin::core::{
    Error as ArgminError, Jacobian, KV, Operator, Problem, Solver, State, TerminationReason,
    TerminationStatus,
};
use argmin::kv;
use nalgebra::{DMatrix, DVector};

use super::linear::Lu;
use super::runner::SolverName;
use super::{FixpointState, Tolerance, all_finite, record, start, status};

/// Initial Levenberg–Marquardt damping (relative to diag(JᵀJ)). Small values take full
/// Gauss–Newton steps from the start, which can jump out of x₀'s basin (e.g. from 100 Hz to
/// near 0 in the Sanzeni network "sdm"); 0.1 keeps the first steps short, as a trust region.
const LAMBDA_INITIAL: f64 = 0.1;
/// Damping beyond which no descent direction is left: a local minimum of ‖F‖ that is not a
/// zero of F (NNMT: "Least squares converged in a local minimum").
const LAMBDA_MAX: f64 = 1e16;

/// Projected Levenberg–Marquardt (Marquardt 1963 scaling) on ½‖F(x)‖² subject to x ≥ 0, as
/// an argmin [`Solver`]: the step solves (JᵀJ + λ diag(JᵀJ)) δ = −JᵀF in the free
/// coordinates (those not held at the bound x = 0 by the gradient), the trial point
/// max(x + δ, 0) is accepted if it lowers ‖F‖², and λ is divided by 3 on success and
/// multiplied by 4 otherwise.
///
/// The solver converges when the [`Tolerance`] is met (finishing in that iteration with
/// [`Tolerance`]'s Newton refinement and fixed-point step, projected onto x ≥ 0) and gives up
/// (`TerminationReason::SolverExit`) at a local minimum of ‖F‖ that is not a zero of F
/// (λ > 1e16) or when F is not finite at the start. It reports λ to observers.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use argmin::core::{Error, Jacobian, Operator};
/// use nalgebra::{DMatrix, DVector};
/// use nnmt::solve::{self, BoundedLeastSquares, RunOptions, Tolerance};
///
/// /// F(x) = 2 − x², whose root x ≥ 0 is √2.
/// struct Square;
/// impl Operator for Square {
///     type Param = DVector<f64>;
///     type Output = DVector<f64>;
///     fn apply(&self, x: &DVector<f64>) -> Result<DVector<f64>, Error> {
///         Ok(x.map(|v| 2.0 - v * v))
///     }
/// }
/// impl Jacobian for Square {
///     type Param = DVector<f64>;
///     type Jacobian = DMatrix<f64>;
///     fn jacobian(&self, x: &DVector<f64>) -> Result<DMatrix<f64>, Error> {
///         Ok(DMatrix::from_diagonal(&x.map(|v| -2.0 * v)))
///     }
/// }
/// let solver = BoundedLeastSquares::new(Tolerance::new(1e-12, 0.0));
/// let out = solve::run(Square, solver, DVector::from_element(1, 1.0), RunOptions::default())?;
/// assert!((out.param[0] - 2f64.sqrt()).abs() < 1e-12);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct BoundedLeastSquares {
    tol: Tolerance,
    lambda: f64,
    finished: bool,
    /// the factorisation workspace (remade when the number of free coordinates changes)
    lu: Option<Lu>,
}

impl Clone for BoundedLeastSquares {
    /// The same solver configuration, with a fresh workspace.
    fn clone(&self) -> Self {
        Self {
            tol: self.tol,
            lambda: self.lambda,
            finished: self.finished,
            lu: None,
        }
    }
}

impl BoundedLeastSquares {
    /// A solver that stops when `tol` is met.
    pub fn new(tol: Tolerance) -> Self {
        Self {
            tol,
            lambda: LAMBDA_INITIAL,
            finished: false,
            lu: None,
        }
    }
}

impl SolverName for BoundedLeastSquares {
    const NAME: &'static str = "bounded least squares";
}

impl<O> Solver<O, FixpointState> for BoundedLeastSquares
where
    O: Operator<Param = DVector<f64>, Output = DVector<f64>>
        + Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
{
    fn name(&self) -> &str {
        "bounded least squares (projected Levenberg–Marquardt)"
    }

    fn init(
        &mut self,
        problem: &mut Problem<O>,
        state: FixpointState,
    ) -> Result<(FixpointState, Option<KV>), ArgminError> {
        self.lambda = LAMBDA_INITIAL;
        let (state, finished) = start(problem, &self.tol, state, true)?;
        self.finished = finished;
        Ok((state, Some(kv!("lambda" => self.lambda;))))
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
            return Err(ArgminError::msg("least-squares solver used before init"));
        };
        let n = x.len();
        let jtj = jac.transpose() * jac;
        let g = jac.transpose() * f;
        // Active set: coordinates at the bound x = 0 whose descent direction −g points below
        // it stay fixed; the damped Gauss–Newton step is taken in the free ones only.
        let free: Vec<usize> = (0..n).filter(|&i| x[i] > 0.0 || g[i] < 0.0).collect();
        if free.is_empty() {
            // Every coordinate sits at the bound with its descent direction pointing below
            // it: x is a stationary point of ½‖F‖² on x ≥ 0 (the projected gradient is 0),
            // and `terminate` found that F is not small there.
            let exit = TerminationReason::SolverExit(
                "every unknown sits at the bound 0 with no feasible descent: a minimum of |F| \
                 on x ≥ 0 that is not a zero of F (start from elsewhere)"
                    .into(),
            );
            return Ok((
                state.terminate_with(exit),
                Some(kv!("lambda" => self.lambda;)),
            ));
        }
        let m = free.len();
        let rhs = DVector::from_fn(m, |r, _| -g[free[r]]);
        let lambda = self.lambda;
        let lu = match &mut self.lu {
            Some(lu) if lu.dim() == m => lu,
            slot => slot.insert(Lu::new(m)),
        };
        // (JᵀJ + λ diag(JᵀJ)) on the free coordinates, column by column
        lu.factor(|c, column| {
            let j = free[c];
            for (a, &i) in column.iter_mut().zip(free.iter()) {
                *a = jtj[(i, j)];
            }
            column[c] += lambda * jtj[(j, j)].max(1e-300);
        });
        let old_norm = f.norm_squared();
        let trial = lu.solve(&rhs).map(|delta| {
            let mut t = x.clone();
            for (r, &i) in free.iter().enumerate() {
                t[i] = (t[i] + delta[r]).max(0.0);
            }
            t
        });
        let improved = trial.and_then(|t| {
            let f_t = problem.apply(&t).ok()?;
            if !(all_finite(&f_t) && f_t.norm_squared() < old_norm) {
                return None;
            }
            let j_t = problem.jacobian(&t).ok()?;
            Some((t, f_t, j_t))
        });
        let improved = match improved {
            Some(point) if self.tol.satisfied(&point.0, &point.1) => {
                self.finished = true;
                Some(self.tol.finish(problem, point, true)?)
            }
            other => other,
        };
        let state = match improved {
            Some(point) => {
                self.lambda = (self.lambda / 3.0).max(1e-15);
                record(state, point)
            }
            None => {
                self.lambda *= 4.0;
                if self.lambda > LAMBDA_MAX {
                    state.terminate_with(TerminationReason::SolverExit(
                        "no step lowers |F|: a local minimum of |F| that is not a zero of F \
                         (start from elsewhere)"
                            .into(),
                    ))
                } else {
                    state
                }
            }
        };
        Ok((state, Some(kv!("lambda" => self.lambda;))))
    }

    fn terminate(&mut self, _state: &FixpointState) -> TerminationStatus {
        status(self.finished)
    }
}
