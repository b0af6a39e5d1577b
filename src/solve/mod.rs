//! Fixed-point solvers for F(x) = 0 with x ≥ 0, as [`argmin`] solvers.
//!
//! Both solvers are generic over any argmin problem that implements
//! [`Operator`] (x ↦ F(x), `DVector<f64>` → `DVector<f64>`) and
//! [`Jacobian`] (x ↦ ∂F/∂x, a `DMatrix<f64>`), and are driven by
//! argmin's [`Executor`](argmin::core::Executor), so that `max_iters`, termination reasons,
//! evaluation counts and observers work as in any argmin program. The iteration state is
//! [`FixpointState`]: parameter x, residuals F(x), Jacobian ∂F/∂x and cost max_i |F_i(x)|.
//!
//! - [`Relaxation`] integrates the pseudo-dynamics dx/ds = F(x) from x₀ with an adaptive,
//!   L-stable linearly implicit Runge–Kutta method (ROS2) until |F| is below tolerance. For
//!   the rate equations F(ν) = Φ(ν) − ν it lands on the stable fixed point the flow from ν₀
//!   reaches — the one NNMT's default ODE method (LSODA from ν₀ = 0) reports. Once the
//!   trajectory has settled it finishes with Newton steps (reusing factorisations in large
//!   problems).
//! - [`BoundedLeastSquares`] minimises ½‖F(x)‖² subject to x ≥ 0 from x₀ with a projected
//!   Levenberg–Marquardt method (NNMT's `LSTSQ`). It finds the fixed point near x₀, stable
//!   or not.
//!
//! [`run`] executes a solver and turns every stop other than convergence into
//! [`Error::NotConverged`](crate::Error::NotConverged). The typed working-point functions of `nnmt::lif` use it with
//! the rate equations of a network.
//!
//! # Examples
//! A solver on a problem of one's own: F(x) = (1 − x₀, 4 − x₁²), with a trace observer.
//! ```
//! # fn main() -> nnmt::Result<()> {
//! use argmin::core::observers::{ObserverMode, Observers};
//! use argmin::core::{Error, Jacobian, Operator, State, KV};
//! use argmin::core::observers::Observe;
//! use nalgebra::{DMatrix, DVector};
//! use nnmt::solve::{self, RunOptions, Relaxation, Tolerance};
//!
//! struct Toy;
//! impl Operator for Toy {
//!     type Param = DVector<f64>;
//!     type Output = DVector<f64>;
//!     fn apply(&self, x: &DVector<f64>) -> Result<DVector<f64>, Error> {
//!         Ok(DVector::from_vec(vec![1.0 - x[0], 4.0 - x[1] * x[1]]))
//!     }
//! }
//! impl Jacobian for Toy {
//!     type Param = DVector<f64>;
//!     type Jacobian = DMatrix<f64>;
//!     fn jacobian(&self, x: &DVector<f64>) -> Result<DMatrix<f64>, Error> {
//!         Ok(DMatrix::from_row_slice(2, 2, &[-1.0, 0.0, 0.0, -2.0 * x[1]]))
//!     }
//! }
//! /// Records max|F| after every iteration.
//! #[derive(Default)]
//! struct Trace(std::sync::Arc<std::sync::Mutex<Vec<f64>>>);
//! impl Observe<nnmt::solve::FixpointState> for Trace {
//!     fn observe_iter(&mut self, state: &nnmt::solve::FixpointState, _: &KV) -> Result<(), Error> {
//!         self.0.lock().unwrap().push(state.get_cost());
//!         Ok(())
//!     }
//! }
//! let solver = Relaxation::new(Tolerance::new(1e-12, 0.0));
//! let x0 = DVector::from_vec(vec![0.0, 1.0]);
//! let mut observers = Observers::new();
//! observers.push(Trace::default(), ObserverMode::Always);
//! let options = RunOptions { max_iters: 1000, observers, residual_unit: "" };
//! let out = solve::run(Toy, solver, x0, options)?;
//! assert!((out.param[1] - 2.0).abs() < 1e-12);
//! # Ok(()) }
//! ```

mod least_squares;
mod linear;
mod relaxation;
mod runner;

pub use least_squares::BoundedLeastSquares;
pub use relaxation::Relaxation;
pub use runner::{Converged, RunOptions, SolverName, run};

use argmin::core::{
    Error as ArgminError, IterState, Jacobian, Operator, Problem, State, TerminationReason,
    TerminationStatus,
};
use nalgebra::{DMatrix, DVector};

/// The argmin iteration state of the fixed-point solvers: parameter x, Jacobian ∂F/∂x,
/// residuals F(x), cost max_i |F_i(x)| (x and F in the problem's units; for the rate
/// equations of `nnmt::lif`, Hz).
pub type FixpointState = IterState<DVector<f64>, (), DMatrix<f64>, (), DVector<f64>, f64>;

/// Convergence test of the solvers, for problems in fixed-point form F(x) = G(x) − x.
///
/// A run has converged when |F_i(x)| ≤ `absolute` + `relative`·|x_i| for all i. At that
/// point the solvers finish the run in the same iteration:
///
/// 1. Newton steps x ← x − J⁻¹F (at most 8; solved with each coordinate scaled by its own
///    size, so that a coordinate far below the others is not swamped by their round-off)
///    until every coordinate also meets the test on its own scale,
///    |F_i| ≤ `relative`·max(|x_i|, |G_i(x)|) + 2.2e-308 (the smallest normal double), so
///    that a coordinate far below `absolute` still gets `relative` precision.
///    Refining stops at a step whose F is not finite or fails the first test, and returns
///    the point with the lowest own-scale residual max_i |F_i| / (`relative`·max(|x_i|,
///    |G_i|) + 2.2e-308) — it never fails: where round-off in F leaves nothing to gain, the
///    best point so far is kept.
/// 2. Two fixed-point steps x_i ← G_i(x) = x_i + F_i(x) on the coordinates below
///    `absolute` (negative ones included; the second step recovers a G_i far below |x_i|,
///    which x_i + F_i rounds away): such a coordinate is returned as a value of G (for the
///    rate equations, of the rate function Φ, so rates are ≥ 0 by construction), the others
///    keep their Newton value (≥ `absolute` > 0). A step that fails the first test is not
///    taken; if the first fails, max(x, 0) is returned if it meets the test, else the
///    step's point all the same (values of G take precedence; its F is what the state
///    reports).
///
/// # Examples
/// ```
/// use nnmt::solve::Tolerance;
/// let tol = Tolerance::new(1e-12, 1e-12);
/// assert_eq!(tol.absolute, 1e-12);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Absolute tolerance on |F_i|, in the unit of F (> 0).
    pub absolute: f64,
    /// Tolerance on |F_i| relative to |x_i| (≥ 0).
    pub relative: f64,
}

/// A point x with F(x) and ∂F/∂x there.
type Point = (DVector<f64>, DVector<f64>, DMatrix<f64>);

/// Largest number of Newton steps in [`Tolerance::finish`].
const MAX_REFINE: usize = 8;
/// Fixed-point steps x ← G(x) at the end of [`Tolerance::finish`].
const PICARD_STEPS: usize = 2;

impl Tolerance {
    /// The test |F_i| ≤ `absolute` + `relative`·|x_i|.
    pub fn new(absolute: f64, relative: f64) -> Self {
        Self { absolute, relative }
    }

    /// `true` if every |F_i| ≤ `absolute` + `relative`·|x_i|.
    pub fn satisfied(&self, x: &DVector<f64>, f: &DVector<f64>) -> bool {
        x.len() == f.len()
            && x.iter()
                .zip(f.iter())
                .all(|(x, r)| r.abs() <= self.absolute + self.relative * x.abs())
    }

    /// max_i |F_i| / (`relative`·max(|x_i|, |x_i + F_i|) + 2.2e-308): the residual on each
    /// coordinate's own scale (≤ 1 once refined).
    ///
    /// # Examples
    /// ```
    /// use nalgebra::DVector;
    /// use nnmt::solve::Tolerance;
    /// let tol = Tolerance::new(1e-12, 1e-12);
    /// // x = 1e-30 where G(x) = 1e-30·(1 + 1e-13): within the absolute test and on its scale
    /// let (x, f) = (DVector::from_vec(vec![1e-30]), DVector::from_vec(vec![1e-43]));
    /// assert!(tol.satisfied(&x, &f) && tol.own_scale_residual(&x, &f) <= 1.0);
    /// // x = 0 where G = 1e-30: within the absolute test, but not on its own scale
    /// let (x, f) = (DVector::from_vec(vec![0.0]), DVector::from_vec(vec![1e-30]));
    /// assert!(tol.satisfied(&x, &f) && tol.own_scale_residual(&x, &f) > 1e11);
    /// ```
    pub fn own_scale_residual(&self, x: &DVector<f64>, f: &DVector<f64>) -> f64 {
        x.iter()
            .zip(f.iter())
            .map(|(v, r)| {
                r.abs() / (self.relative * v.abs().max((v + r).abs()) + f64::MIN_POSITIVE)
            })
            .fold(0.0, f64::max)
    }

    /// Finishes a run at x, where F = F(x) and J = ∂F/∂x meet [`Tolerance::satisfied`]: the
    /// Newton refinement and the fixed-point step described in the [type docs](Tolerance).
    /// With `nonnegative`, points are projected onto x ≥ 0. Returns the final x, F and J.
    ///
    /// # Errors
    /// An error of the problem's evaluation.
    pub(crate) fn finish<O>(
        &self,
        problem: &mut Problem<O>,
        (x, f, j): Point,
        nonnegative: bool,
    ) -> Result<Point, ArgminError>
    where
        O: Operator<Param = DVector<f64>, Output = DVector<f64>>
            + Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
    {
        let project = |v: DVector<f64>| {
            if nonnegative {
                v.map(|c| c.max(0.0))
            } else {
                v
            }
        };
        // Newton steps from x; the point with the lowest own-scale residual is kept (the
        // latest among equals: far from the solution the residual saturates at 1/relative).
        let mut r = self.own_scale_residual(&x, &f);
        let mut best = (x, f, j);
        let mut current = best.clone();
        for _ in 0..MAX_REFINE {
            if r <= 1.0 {
                break;
            }
            let (x_c, f_c, j_c) = &current;
            let Some(delta) = scaled_newton_step(x_c, f_c, j_c) else {
                break;
            };
            let trial = project(x_c + delta);
            let f_t = problem.apply(&trial)?;
            if !(all_finite(&f_t) && self.satisfied(&trial, &f_t)) {
                break;
            }
            let r_t = self.own_scale_residual(&trial, &f_t);
            let j_t = problem.jacobian(&trial)?;
            current = (trial, f_t, j_t);
            if r_t <= r {
                best = current.clone();
                r = r_t;
            }
        }
        let (x, f, j) = best;
        // Fixed-point steps x_i ← G_i(x) = x_i + F_i(x) on the coordinates below `absolute`
        // (negative ones included), where the first test says nothing about precision; the
        // others keep their Newton value (a fixed-point step would multiply their error by
        // ∂G/∂x). The first step can lose a G_i far below |x_i| (x_i + F_i rounds to |x_i|·ε);
        // the second computes it again from x_i ≈ G_i, with relative precision. A step that
        // fails the first test is not taken; if the first fails, max(x, 0) is tried.
        let small: Vec<usize> = (0..x.len()).filter(|&i| x[i] < self.absolute).collect();
        let (mut x, mut f, mut j) = (x, f, j);
        for step in 0..PICARD_STEPS {
            if small.is_empty() {
                break;
            }
            let mut next = x.clone();
            for &i in &small {
                next[i] = x[i] + f[i];
            }
            let next = project(next);
            let f_n = problem.apply(&next)?;
            let finite = all_finite(&f_n);
            if !(finite && self.satisfied(&next, &f_n)) {
                if step == 0 {
                    let clamped = x.map(|c| c.max(0.0));
                    let f_c = problem.apply(&clamped)?;
                    if all_finite(&f_c) && self.satisfied(&clamped, &f_c) {
                        let j_c = problem.jacobian(&clamped)?;
                        return Ok((clamped, f_c, j_c));
                    }
                    if finite {
                        // Neither meets the test (a coordinate below `absolute` moved by
                        // less than `absolute` and a strongly coupled one crossed its
                        // bound): values of G take precedence; F is reported as it is.
                        let j_n = problem.jacobian(&next)?;
                        return Ok((next, f_n, j_n));
                    }
                }
                break;
            }
            j = problem.jacobian(&next)?;
            (x, f) = (next, f_n);
        }
        Ok((x, f, j))
    }
}

/// The Newton step δ = −J⁻¹F at x, solved in coordinates scaled by each coordinate's own
/// size s_i = max(|x_i|, |x_i + F_i|) (1 where both are 0): (S⁻¹ J S) (S⁻¹ δ) = −S⁻¹ F. A
/// coordinate many orders of magnitude below the others then gets a step with relative
/// precision instead of the others' round-off (`None` if the system is singular).
fn scaled_newton_step(
    x: &DVector<f64>,
    f: &DVector<f64>,
    j: &DMatrix<f64>,
) -> Option<DVector<f64>> {
    let s = DVector::from_fn(x.len(), |i, _| {
        let v = x[i].abs().max((x[i] + f[i]).abs());
        if v > 0.0 && v.is_finite() { v } else { 1.0 }
    });
    let mut lu = linear::Lu::new(x.len());
    lu.factor(|c, column| {
        for ((a, d), s_r) in column.iter_mut().zip(j.column(c).iter()).zip(s.iter()) {
            *a = d * s[c] / s_r;
        }
    });
    let rhs = DVector::from_fn(f.len(), |i, _| -f[i] / s[i]);
    let y = lu.solve(&rhs)?;
    let delta = y.component_mul(&s);
    delta.iter().all(|v| v.is_finite()).then_some(delta)
}

/// `true` if every entry of `v` is finite.
pub(crate) fn all_finite(v: &DVector<f64>) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// Records x, F(x), J(x) and the cost max_i |F_i| in the state.
pub(crate) fn record(state: FixpointState, (x, f, j): Point) -> FixpointState {
    let cost = max_abs(&f);
    state.param(x).residuals(f).jacobian(j).cost(cost)
}

/// The common start of both solvers: F and J at x₀ (projected onto x ≥ 0 with
/// `nonnegative`), finished at once (see [`Tolerance::finish`]) if x₀ already meets the
/// tolerance, and ended with `SolverExit` if F is not finite there. Returns the state and
/// whether the run is finished.
///
/// # Errors
/// An error of the problem's evaluation, or a state without a start x₀.
pub(crate) fn start<O>(
    problem: &mut Problem<O>,
    tol: &Tolerance,
    mut state: FixpointState,
    nonnegative: bool,
) -> Result<(FixpointState, bool), ArgminError>
where
    O: Operator<Param = DVector<f64>, Output = DVector<f64>>
        + Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
{
    let Some(x) = state.take_param() else {
        return Err(ArgminError::msg("the solver needs a start (`param`)"));
    };
    let x = if nonnegative {
        x.map(|v| v.max(0.0))
    } else {
        x
    };
    let f = problem.apply(&x)?;
    let j = problem.jacobian(&x)?;
    let finite = all_finite(&f);
    let mut point = (x, f, j);
    let finished = finite && tol.satisfied(&point.0, &point.1);
    if finished {
        point = tol.finish(problem, point, nonnegative)?;
    }
    let state = record(state, point);
    Ok(if finite {
        (state, finished)
    } else {
        let exit = TerminationReason::SolverExit("F is not finite at the start".into());
        (state.terminate_with(exit), false)
    })
}

/// The solvers' `terminate`: converged once the run has been finished.
pub(crate) fn status(finished: bool) -> TerminationStatus {
    if finished {
        TerminationStatus::Terminated(TerminationReason::SolverConverged)
    } else {
        TerminationStatus::NotTerminated
    }
}

/// max_i |F_i|, the cost recorded in the state (+∞ if an entry is not finite).
pub(crate) fn max_abs(f: &DVector<f64>) -> f64 {
    if f.iter().all(|v| v.is_finite()) {
        f.amax()
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests {
    use argmin::core::observers::{Observe, ObserverMode, Observers};
    use argmin::core::{Error as ArgminError, Jacobian, KV, Operator};
    use nalgebra::{DMatrix, DVector};

    use super::*;
    use crate::error::Error;

    /// F(x) = b − x (or NaN everywhere if `nan`), J = −I.
    #[derive(Debug)]
    struct Linear {
        b: DVector<f64>,
        nan: bool,
    }

    impl Operator for Linear {
        type Param = DVector<f64>;
        type Output = DVector<f64>;
        fn apply(&self, x: &DVector<f64>) -> Result<DVector<f64>, ArgminError> {
            Ok(if self.nan {
                x.map(|_| f64::NAN)
            } else {
                &self.b - x
            })
        }
    }

    impl Jacobian for Linear {
        type Param = DVector<f64>;
        type Jacobian = DMatrix<f64>;
        fn jacobian(&self, x: &DVector<f64>) -> Result<DMatrix<f64>, ArgminError> {
            Ok(-DMatrix::identity(x.len(), x.len()))
        }
    }

    fn linear(nan: bool) -> Linear {
        Linear {
            b: DVector::from_vec(vec![1.0, 2.0, 3.0]),
            nan,
        }
    }

    fn options() -> RunOptions {
        RunOptions {
            max_iters: 1000,
            observers: Observers::new(),
            residual_unit: "u",
        }
    }

    /// Both solvers find the zero of a problem that is not the rate equations.
    #[test]
    fn solvers_are_generic() {
        let tol = Tolerance::new(1e-12, 0.0);
        let x0 = DVector::zeros(3);
        let r = run(linear(false), Relaxation::new(tol), x0.clone(), options()).unwrap();
        assert!((r.param - &r.problem.b).amax() <= 1e-12);
        let l = run(linear(false), BoundedLeastSquares::new(tol), x0, options()).unwrap();
        assert!((l.param - &l.problem.b).amax() <= 1e-12);
        assert!(l.residuals.amax() <= 1e-12);
    }

    /// G(x) = (5 + x₁·1e190, 1e-200 (1 + x₀/10)): a coordinate 200 orders of magnitude
    /// below the absolute tolerance is still solved to relative precision by both solvers,
    /// and the solution is a value of G.
    #[derive(Debug)]
    struct Tiny;

    impl Operator for Tiny {
        type Param = DVector<f64>;
        type Output = DVector<f64>;
        fn apply(&self, x: &DVector<f64>) -> Result<DVector<f64>, ArgminError> {
            Ok(DVector::from_vec(vec![
                5.0 + x[1] * 1e190 - x[0],
                1e-200 * (1.0 + x[0] / 10.0) - x[1],
            ]))
        }
    }

    impl Jacobian for Tiny {
        type Param = DVector<f64>;
        type Jacobian = DMatrix<f64>;
        fn jacobian(&self, _: &DVector<f64>) -> Result<DMatrix<f64>, ArgminError> {
            Ok(DMatrix::from_row_slice(2, 2, &[-1.0, 1e190, 1e-201, -1.0]))
        }
    }

    #[test]
    fn tiny_coordinate_is_solved_on_its_own_scale() {
        // x₀ = 5 + 1e-10 (1 + x₀/10) ⇒ x₀ = (5 + 1e-10)/(1 − 1e-11); x₁ = 1e-200 (1 + x₀/10)
        let x0 = (5.0 + 1e-10) / (1.0 - 1e-11);
        let x1 = 1e-200 * (1.0 + x0 / 10.0);
        let tol = Tolerance::new(1e-12, 1e-12);
        for out in [
            run(Tiny, Relaxation::new(tol), DVector::zeros(2), options()).unwrap(),
            run(
                Tiny,
                BoundedLeastSquares::new(tol),
                DVector::zeros(2),
                options(),
            )
            .unwrap(),
        ] {
            assert!((out.param[0] - x0).abs() <= 1e-12 * x0, "{}", out.param);
            assert!((out.param[1] - x1).abs() <= 1e-12 * x1, "{}", out.param);
        }
    }

    /// A non-finite F at the start ends the run (`SolverExit`): `NotConverged` after 0
    /// iterations, with the unit given in the options.
    #[test]
    fn non_finite_start_is_not_converged() {
        let tol = Tolerance::new(1e-12, 0.0);
        for result in [
            run(
                linear(true),
                Relaxation::new(tol),
                DVector::zeros(3),
                options(),
            ),
            run(
                linear(true),
                BoundedLeastSquares::new(tol),
                DVector::zeros(3),
                options(),
            ),
        ] {
            match result {
                Err(Error::NotConverged {
                    iterations, unit, ..
                }) => assert_eq!((iterations, unit), (0, "u")),
                other => panic!("{other:?}"),
            }
        }
    }

    /// An observer's error aborts the run and is reported as `Error::Solver`.
    #[test]
    fn observer_error_is_a_solver_error() {
        struct Failing;
        impl Observe<FixpointState> for Failing {
            fn observe_iter(&mut self, _: &FixpointState, _: &KV) -> Result<(), ArgminError> {
                Err(ArgminError::msg("disk full"))
            }
        }
        let mut opts = options();
        opts.observers.push(Failing, ObserverMode::Always);
        let tol = Tolerance::new(1e-12, 0.0);
        match run(linear(false), Relaxation::new(tol), DVector::zeros(3), opts) {
            Err(Error::Solver { solver, detail }) => {
                assert_eq!(solver, "relaxation");
                assert!(detail.contains("disk full"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }
}
