//! Runs a fixed-point solver with argmin's `Executor` and checks how it stopped.

use argmin::core::observers::{ObserverMode, Observers};
use argmin::core::{Executor, Solver, State, TerminationReason};
use nalgebra::DVector;

use super::FixpointState;
use crate::error::{Error, Result};

/// The short name of a solver, used in [`Error::NotConverged`].
pub trait SolverName {
    /// e.g. `"relaxation"`.
    const NAME: &'static str;
}

/// The outcome of a converged run: the problem (handed back, e.g. for further evaluations),
/// the solution x, F(x) there, and the number of iterations.
#[derive(Debug)]
pub struct Converged<O> {
    /// The problem the solver ran on.
    pub problem: O,
    /// The solution x.
    pub param: DVector<f64>,
    /// F(x) at the solution.
    pub residuals: DVector<f64>,
    /// Iterations performed (argmin's iteration count).
    pub iterations: u64,
}

/// How [`run`] drives the [`Executor`].
#[derive(Clone)]
pub struct RunOptions {
    /// Largest number of iterations (argmin's `max_iters`).
    pub max_iters: u64,
    /// Observers attached to the executor, each with its own [`ObserverMode`].
    pub observers: Observers<FixpointState>,
    /// Unit of F, for the residual reported in [`Error::NotConverged`] (e.g. `"Hz"`).
    pub residual_unit: &'static str,
}

impl Default for RunOptions {
    /// 10 000 iterations, no observers, residual without unit.
    fn default() -> Self {
        Self {
            max_iters: 10_000,
            observers: Observers::new(),
            residual_unit: "",
        }
    }
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("max_iters", &self.max_iters)
            .field("observers", &!self.observers.is_empty())
            .field("residual_unit", &self.residual_unit)
            .finish()
    }
}

/// Runs `solver` on `problem` from `start` with `options` (iteration limit, observers).
///
/// `Executor::run` returns `Ok` also when it stops at `max_iters` or when the solver gives up
/// (`TerminationReason::SolverExit`); here every termination reason other than
/// `SolverConverged` is an error.
///
/// # Errors
/// - [`Error::NotConverged`] with the solver's name, the iterations, the residual
///   max_i |F_i| at the last iterate and the coordinate i where it is largest (for the rate
///   equations: the population), if the run stops without converging;
/// - [`Error::Solver`] if the run itself fails (the problem's evaluation or an observer
///   returned an error).
///
/// # Examples
/// See the [module documentation](super).
pub fn run<O, S>(
    problem: O,
    solver: S,
    start: DVector<f64>,
    options: RunOptions,
) -> Result<Converged<O>>
where
    S: Solver<O, FixpointState> + SolverName,
{
    let mut executor = Executor::new(problem, solver)
        .configure(|state| state.param(start).max_iters(options.max_iters))
        .timer(false);
    if !options.observers.is_empty() {
        executor = executor.add_observer(options.observers, ObserverMode::Always);
    }
    let mut result = executor.run().map_err(|e| Error::Solver {
        solver: S::NAME,
        detail: e.to_string(),
    })?;
    let state = &mut result.state;
    let iterations = state.get_iter();
    let converged = matches!(
        state.get_termination_reason(),
        Some(TerminationReason::SolverConverged)
    );
    let reason = match state.get_termination_reason() {
        Some(TerminationReason::MaxItersReached) => {
            format!("the iteration limit ({}) was reached", options.max_iters)
        }
        Some(TerminationReason::SolverExit(why)) => why.clone(),
        Some(other) => other.to_string(),
        None => "the solver stopped without a termination reason".into(),
    };
    let residuals = state.take_residuals();
    // The coordinate (population) with the largest |F_i| at the last iterate; a non-finite
    // entry counts as the largest.
    let worst = residuals.as_ref().and_then(|f| {
        f.iter()
            .map(|r| {
                if r.is_finite() {
                    r.abs()
                } else {
                    f64::INFINITY
                }
            })
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    });
    match (
        converged,
        state.take_param(),
        residuals,
        result.problem.take_problem(),
    ) {
        (true, Some(param), Some(residuals), Some(problem)) => Ok(Converged {
            problem,
            param,
            residuals,
            iterations,
        }),
        _ => Err(Error::NotConverged {
            solver: S::NAME,
            population: worst,
            iterations,
            residual: state.get_cost(),
            unit: options.residual_unit,
            reason,
        }),
    }
}
