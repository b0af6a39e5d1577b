//! Relaxation: adaptive linearly implicit integration of dx/ds = F(x), ending in Newton
//! steps once the trajectory has settled.

use argmin::core::{
    Error as ArgminError, Jacobian, KV, Operator, Problem, Solver, State, TerminationReason,
    TerminationStatus,
};
use argmin::kv;
use argmin_math::{ArgminAdd, ArgminMul, ArgminScaledAdd, ArgminScaledSub};
use nalgebra::{DMatrix, DVector};

use super::linear::Lu;
use super::runner::SolverName;
use super::{FixpointState, Point, Tolerance, all_finite, max_abs, record, start, status};

/// γ of the L-stable two-stage Rosenbrock method ROS2 (Verwer et al. 1999, SIAM J. Sci.
/// Comput. 20, 1456).
const GAMMA: f64 = 1.0 + std::f64::consts::FRAC_1_SQRT_2;
/// Local error tolerances of the pseudo-time integration (weighted RMS norm of the filtered
/// error estimate: relative 0.5, absolute 1e-3 in the unit of x). They only decide how
/// closely the trajectory from x₀ is followed (and so which stable fixed point is reached in
/// a multistable network), not the precision of the fixed point, which is set by the
/// [`Tolerance`]. Relative tolerances up to 0.5 reach NNMT's fixed points in
/// every reference case, including the multistable Sanzeni networks (tests/it/fixpoint.rs);
/// 1.0 does not (one of NNMT's ODE runs lands on another fixed point). NNMT's LSODA follows
/// the trajectory with 1e-3 relative and 1e-6 Hz absolute.
const RTOL: f64 = 0.5;
const ATOL: f64 = 1e-3;
/// Initial pseudo-time step (in units of the relaxation time 1).
const H_INITIAL: f64 = 0.1;
/// Largest step; at this size every step is a Newton step to round-off.
const H_MAX: f64 = 1e15;
/// Smallest step before the solver gives up.
const H_MIN: f64 = 1e-14;
/// A ROS2 step whose error estimate is below this fraction of the tolerance has followed a
/// trajectory that no longer turns: the solver continues with Newton steps.
const SETTLED: f64 = 1e-2;
/// A Newton step that reduces the residual's norm by at least this factor lets the next
/// step reuse its factorisation (a chord step); a chord step that reduces it less is
/// followed by a new factorisation.
const CHORD_RATE: f64 = 0.1;

/// Size from which factorisations are reused (chord steps): below it a factorisation costs
/// less than an evaluation of F, so every Newton step factors J afresh (for the rate
/// equations, at n = 8 an LU takes about 1 µs and F a few µs; at n = 254 about 0.25 ms and
/// 0.06 ms).
const CHORD_MIN_DIM: usize = 64;

/// What the next iteration does.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    /// A ROS2 step with error control, following the trajectory.
    Transient,
    /// A Newton-type step x ← x + c·W⁻¹F with the factorisation of W in the workspace
    /// (c = `Relaxation::lu_scale`); with `fresh`, W = J at x is factored first.
    Newton { fresh: bool },
}

/// ROS2 integration of dx/ds = F(x) with step-size control, as an argmin [`Solver`], ending
/// in Newton steps; each argmin iteration is one attempted step.
///
/// Stages (J = ∂F/∂x at xₙ, W = I − γhJ):
/// W k₁ = F(xₙ); W k₂ = F(xₙ + h k₁) − 2k₁;
/// xₙ₊₁ = xₙ + (3/2) h k₁ + (1/2) h k₂, local error estimate (1/2) h (k₁ + k₂), filtered
/// by W⁻¹ (Verwer et al. 1999; Shampine 1980). ROS2 has order 2 for any W (it is a
/// W-method: the terms in W cancel from the order conditions), so W is factored in single
/// precision, which at n = 254 is 1.5× faster and changes only the error constant.
///
/// Once a step's error estimate is below 1 % of the tolerance, the trajectory has settled
/// and the solver continues with Newton-type steps, one evaluation of F each (ROS2 takes
/// two): first with the last step's W (x ← x + γh W⁻¹F, a chord step: W ≈ −γhJ for the
/// large h reached by then), then, when a step reduces the residual's norm less than
/// tenfold, with a fresh factorisation of J (x ← x − J⁻¹F), kept for the following steps
/// while they reduce it tenfold or more (Kelley 2003, *Solving Nonlinear Equations with
/// Newton's Method*, §2.3). J is factored in single precision too, and in double precision
/// after a single-precision factorisation whose step contracts less than tenfold: the
/// fixed point is that of F, evaluated in double precision, whatever the factorisation. Below 64 unknowns, where a factorisation costs
/// less than an evaluation of F, every Newton step factors J. A Newton step that does not
/// reduce the residual returns to ROS2 steps (Newton steps are tried again only after the
/// step size has grown a hundredfold).
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
    phase: Phase,
    /// Newton steps are taken only from this step size on (raised after a failed one)
    newton_from: f64,
    /// c of the Newton-type step x ← x + c·W⁻¹F with the factorisation in the workspace:
    /// −1 for W = J, γh for the W = I − γhJ of a ROS2 step (W⁻¹ ≈ −(γhJ)⁻¹ for large h)
    lu_scale: f64,
    /// whether Newton steps factor J in single precision (until one of them contracts less
    /// than tenfold)
    newton_single: bool,
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
            phase: self.phase,
            newton_from: self.newton_from,
            lu_scale: self.lu_scale,
            newton_single: self.newton_single,
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
            phase: Phase::Transient,
            newton_from: 0.0,
            lu_scale: -1.0,
            newton_single: true,
            lu: None,
        }
    }

    /// One attempted ROS2 step from the state's point.
    fn ros2_step<O>(
        &mut self,
        problem: &mut Problem<O>,
        state: FixpointState,
    ) -> Result<FixpointState, ArgminError>
    where
        O: Operator<Param = DVector<f64>, Output = DVector<f64>>
            + Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
    {
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
        // W = I − γhJ, one factorisation per attempted step, in single precision: ROS2 has
        // order 2 for any W (a W-method; Verwer et al. 1999), so an approximate W⁻¹ only
        // changes the error constant
        lu.factor_approximate(|j, column| {
            for (w, d) in column.iter_mut().zip(jac.column(j).as_slice()) {
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
            let err = weighted_rms(&err_vec, x, &new);
            err.is_finite().then_some((new, err))
        });
        let accepted = match step {
            Some((new, err)) if err <= 1.0 => match evaluate(problem, new) {
                Some(point) => {
                    let factor = (0.9 / err.max(1e-12).sqrt()).clamp(0.2, 10.0);
                    self.h = (h * factor).min(H_MAX);
                    if err <= SETTLED && h >= self.newton_from {
                        // chord steps with this step's W first, where factorisations are
                        // costly
                        self.phase = Phase::Newton {
                            fresh: n < CHORD_MIN_DIM,
                        };
                        self.lu_scale = GAMMA * h;
                    }
                    Some(point)
                }
                None => None,
            },
            Some((_, err)) => {
                self.h = h * (0.9 / err.sqrt()).clamp(0.1, 0.9);
                None
            }
            None => None,
        };
        Ok(match accepted {
            Some(point) => self.accept(problem, state, point)?,
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
        })
    }

    /// One Newton-type step x ← x + c·W⁻¹F from the state's point (see [`Phase::Newton`]).
    /// A point reached by a chord step is recorded without a Jacobian (the next step does
    /// not factor one), unless the run finishes there.
    fn newton_step<O>(
        &mut self,
        problem: &mut Problem<O>,
        mut state: FixpointState,
        fresh: bool,
    ) -> Result<FixpointState, ArgminError>
    where
        O: Operator<Param = DVector<f64>, Output = DVector<f64>>
            + Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
    {
        let (Some(x), Some(f)) = (state.get_param(), state.get_residuals()) else {
            return Err(ArgminError::msg("relaxation solver used before init"));
        };
        let (x, f) = (x.clone(), f.clone());
        let lu = self.lu.get_or_insert_with(|| Lu::new(x.len()));
        if fresh {
            let jac = take_jacobian(problem, &mut state, &x)?;
            let copy = |j: usize, column: &mut [f64]| {
                column.copy_from_slice(jac.column(j).as_slice());
            };
            if self.newton_single {
                lu.factor_approximate(copy);
            } else {
                lu.factor(copy);
            }
            state = state.jacobian(jac);
            self.lu_scale = -1.0;
        }
        // a single-precision factorisation that does not give a tenfold contraction is
        // replaced by a double-precision one
        let single = fresh && self.newton_single;
        let trial = lu.solve(&f).and_then(|w_inv_f| {
            let new = x.scaled_add(&self.lu_scale, &w_inv_f);
            let f_new = problem.apply(&new).ok().filter(all_finite)?;
            Some((new, f_new))
        });
        let norm = |p: &DVector<f64>, r: &DVector<f64>| weighted_rms(r, p, p);
        let rate = (trial.as_ref()).map(|(new, f_new)| norm(new, f_new) / norm(&x, &f));
        match (trial, rate) {
            (Some((new, f_new)), Some(rate)) if rate < 1.0 => {
                let chord = rate <= CHORD_RATE && x.len() >= CHORD_MIN_DIM;
                self.newton_single &= !(single && rate > CHORD_RATE);
                self.phase = Phase::Newton { fresh: !chord };
                let finish = self.tol.satisfied(&new, &f_new)
                    && !(chord && self.tol.own_scale_residual(&new, &f_new) > 1.0);
                if finish || !chord {
                    let j_new = problem.jacobian(&new)?;
                    self.accept(problem, state, (new, f_new, j_new))
                } else {
                    let cost = max_abs(&f_new);
                    let _ = state.take_jacobian();
                    Ok(state.param(new).residuals(f_new).cost(cost))
                }
            }
            _ if !fresh || single => {
                // the kept factorisation is too far off, or single precision too coarse:
                // factor J at x (in double precision after a single-precision one)
                self.newton_single &= !single;
                self.phase = Phase::Newton { fresh: true };
                Ok(state)
            }
            _ if self.tol.satisfied(&x, &f) => {
                // round-off: nothing left to gain from Newton steps
                let jac = take_jacobian(problem, &mut state, &x)?;
                self.finished = true;
                Ok(record(state, self.tol.finish(problem, (x, f, jac), false)?))
            }
            _ => {
                // not yet in Newton's basin: back to the trajectory (which needs J at x)
                let jac = take_jacobian(problem, &mut state, &x)?;
                state = state.jacobian(jac);
                self.phase = Phase::Transient;
                self.newton_from = 100.0 * self.h;
                Ok(state)
            }
        }
    }

    /// Records an accepted point, finishing the run there if it meets the tolerance.
    fn accept<O>(
        &mut self,
        problem: &mut Problem<O>,
        state: FixpointState,
        point: Point,
    ) -> Result<FixpointState, ArgminError>
    where
        O: Operator<Param = DVector<f64>, Output = DVector<f64>>
            + Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
    {
        let point = if self.tol.satisfied(&point.0, &point.1) {
            self.finished = true;
            self.tol.finish(problem, point, false)?
        } else {
            point
        };
        Ok(record(state, point))
    }
}

/// J at the state's point `x`: the state's (taken out of it), or computed where a chord step
/// left none.
fn take_jacobian<O>(
    problem: &mut Problem<O>,
    state: &mut FixpointState,
    x: &DVector<f64>,
) -> Result<DMatrix<f64>, ArgminError>
where
    O: Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
{
    match state.take_jacobian() {
        Some(jac) => Ok(jac),
        None => problem.jacobian(x),
    }
}

/// F and J at `x`, if F is finite there (`None` also if the problem reports an error).
fn evaluate<O>(problem: &mut Problem<O>, x: DVector<f64>) -> Option<Point>
where
    O: Operator<Param = DVector<f64>, Output = DVector<f64>>
        + Jacobian<Param = DVector<f64>, Jacobian = DMatrix<f64>>,
{
    let f = problem.apply(&x).ok().filter(all_finite)?;
    let j = problem.jacobian(&x).ok()?;
    Some((x, f, j))
}

/// The weighted RMS norm of `v` with weights ATOL + RTOL·max(|a_i|, |b_i|), as in LSODA.
fn weighted_rms(v: &DVector<f64>, a: &DVector<f64>, b: &DVector<f64>) -> f64 {
    let sum: f64 = v
        .iter()
        .zip(a.iter().zip(b.iter()))
        .map(|(e, (a, b))| (e / (ATOL + RTOL * a.abs().max(b.abs()))).powi(2))
        .sum();
    (sum / v.len().max(1) as f64).sqrt()
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
        self.phase = Phase::Transient;
        self.newton_from = 0.0;
        self.newton_single = true;
        let (state, finished) = start(problem, &self.tol, state, false)?;
        self.finished = finished;
        Ok((state, Some(kv!("h" => self.h;))))
    }

    fn next_iter(
        &mut self,
        problem: &mut Problem<O>,
        state: FixpointState,
    ) -> Result<(FixpointState, Option<KV>), ArgminError> {
        let state = match self.phase {
            Phase::Transient => self.ros2_step(problem, state)?,
            Phase::Newton { fresh } => self.newton_step(problem, state, fresh)?,
        };
        Ok((state, Some(kv!("h" => self.h;))))
    }

    fn terminate(&mut self, _state: &FixpointState) -> TerminationStatus {
        status(self.finished)
    }
}
