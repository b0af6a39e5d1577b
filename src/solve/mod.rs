//! Self-consistent fixed points ν = Φ(μ(ν), σ(ν)) of a network's rate equations.
//!
//! Two solvers, selected by [`FixpointMethod`], both written as [`argmin`] solvers driven by
//! argmin's `Executor`:
//! - [`FixpointMethod::Relaxation`] integrates the pseudo-dynamics dν/ds = −ν + Φ(ν) from ν₀
//!   (default 0) with an adaptive, L-stable linearly implicit Runge–Kutta method (ROS2) until
//!   the residual is below tolerance. It lands on the stable fixed point the flow from ν₀
//!   reaches — the one NNMT's default ODE method (LSODA from ν₀ = 0) reports. As the
//!   solution settles the step size grows without bound and each step becomes a Newton step,
//!   so the final convergence is quadratic.
//! - [`FixpointMethod::LeastSquares`] minimises ½‖Φ(ν) − ν‖² subject to ν ≥ 0 from ν₀ with a
//!   projected Levenberg–Marquardt method (NNMT's `LSTSQ`). It finds the fixed point near ν₀,
//!   stable or not.

mod least_squares;
mod map;
mod relaxation;

use argmin::core::{Executor, State, TerminationReason};
use nalgebra::DVector;

use crate::error::{Error, Result};
use crate::lif::{InputMap, WorkingPoint};
use crate::network::{Network, NeuronSi};
use crate::pop::PopVec;
use crate::units::{Frequency, SiValue};

pub(crate) use map::FixpointMap;

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

/// A single-population rate function Φ(μ, σ) (Siegert, shifted Siegert, Taylor, ...).
pub(crate) trait RateModel {
    /// Rate of population `population` and its derivatives at mean `mu` and std `sigma` (V).
    fn eval(&self, population: usize, mu: f64, sigma: f64, neuron: &NeuronSi) -> RateEval;
}

/// Which fixed-point solver to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FixpointMethod {
    /// Integrate dν/ds = −ν + Φ(ν) from ν₀ until stationary (NNMT `fixpoint_method='ODE'`).
    #[default]
    Relaxation,
    /// Bounded (ν ≥ 0) nonlinear least squares from ν₀ (NNMT `fixpoint_method='LSTSQ'`).
    LeastSquares,
}

/// Options of the fixed-point search.
///
/// Convergence means |Φ_i(ν) − ν_i| ≤ `tolerance` + `relative_tolerance`·ν_i for every
/// population. The defaults (1e-12 Hz and 1e-12) give rates accurate to about 1e-12
/// relative, far tighter than NNMT's default absolute 1e-7 Hz.
///
/// # Examples
/// ```
/// use nnmt::solve::{FixpointMethod, FixpointOptions};
/// use nnmt::units::*;
/// let opts = FixpointOptions::new(FixpointMethod::LeastSquares)
///     .tolerance(Frequency::new::<hertz>(1e-9))
///     .max_iterations(500);
/// # let _ = opts;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FixpointOptions {
    method: FixpointMethod,
    start: Option<PopVec<Frequency>>,
    tolerance: Frequency,
    relative_tolerance: f64,
    max_iterations: u64,
}

impl Default for FixpointOptions {
    fn default() -> Self {
        Self::new(FixpointMethod::Relaxation)
    }
}

impl FixpointOptions {
    /// Options for `method` with the default start (ν₀ = 0), tolerances and iteration limit
    /// (10 000).
    pub fn new(method: FixpointMethod) -> Self {
        Self {
            method,
            start: None,
            tolerance: Frequency::from_si(1e-12),
            relative_tolerance: 1e-12,
            max_iterations: 10_000,
        }
    }

    /// Initial rates ν₀ (one per population, ≥ 0; default 0).
    pub fn start(mut self, nu_0: impl Into<PopVec<Frequency>>) -> Self {
        self.start = Some(nu_0.into());
        self
    }

    /// Absolute tolerance on |Φ(ν) − ν| (> 0; default 1e-12 Hz).
    pub fn tolerance(mut self, tolerance: Frequency) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Relative tolerance on |Φ(ν) − ν| / ν (≥ 0; default 1e-12).
    pub fn relative_tolerance(mut self, relative_tolerance: f64) -> Self {
        self.relative_tolerance = relative_tolerance;
        self
    }

    /// Largest number of solver iterations (default 10 000).
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// The selected method.
    pub fn method(&self) -> FixpointMethod {
        self.method
    }
}

/// Convergence test shared by the solvers: |F_i| ≤ atol + rtol ν_i for all i.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tolerance {
    /// Hz
    pub abs: f64,
    pub rel: f64,
}

impl Tolerance {
    pub(crate) fn satisfied(&self, nu: &DVector<f64>, f: &DVector<f64>) -> bool {
        nu.iter()
            .zip(f.iter())
            .all(|(n, r)| r.abs() <= self.abs + self.rel * n.abs())
    }
}

/// Solves ν = Φ(μ(ν), σ(ν)) for `model` on `net` and packs the working point.
pub(crate) fn solve_working_point<S, M: RateModel + Clone>(
    net: &Network<S>,
    model: M,
    options: &FixpointOptions,
) -> Result<WorkingPoint> {
    let n = net.len();
    let tol = Tolerance {
        abs: options.tolerance.to_si(),
        rel: options.relative_tolerance,
    };
    if !(tol.abs.is_finite() && tol.abs > 0.0) {
        return Err(Error::invalid(
            "tolerance",
            None,
            format!("must be finite and > 0 Hz, got {} Hz", tol.abs),
        ));
    }
    if !(tol.rel.is_finite() && tol.rel >= 0.0) {
        return Err(Error::invalid(
            "relative_tolerance",
            None,
            format!("must be finite and ≥ 0, got {}", tol.rel),
        ));
    }
    let nu_0 = match &options.start {
        None => DVector::zeros(n),
        Some(start) => {
            crate::lif::checked_rates(net, start).map_err(|e| rename(e, "nu_0"))?;
            start.si().clone()
        }
    };
    let input = InputMap::new(net);
    let neurons: Vec<NeuronSi> = (0..n).map(|i| net.neuron_si(i)).collect();
    let map = FixpointMap::new(input, model, neurons);
    let (nu, iterations) = match options.method {
        FixpointMethod::Relaxation => run(
            map.clone(),
            relaxation::Relaxation::new(tol),
            nu_0,
            options.max_iterations,
            "relaxation",
        )?,
        FixpointMethod::LeastSquares => run(
            map.clone(),
            least_squares::BoundedLeastSquares::new(tol),
            nu_0,
            options.max_iterations,
            "bounded least squares",
        )?,
    };
    let eval = map.eval(&nu, false)?;
    let residual = eval.residual.amax();
    Ok(WorkingPoint {
        firing_rates: PopVec::from_si(nu),
        mean_input: PopVec::from_si(eval.mu),
        std_input: PopVec::from_si(eval.sigma),
        residual: Frequency::from_si(residual),
        iterations,
    })
}

fn rename(e: Error, parameter: &'static str) -> Error {
    match e {
        Error::InvalidParameter {
            population, reason, ..
        } => Error::InvalidParameter {
            parameter,
            population,
            reason,
        },
        Error::ShapeMismatch {
            expected, found, ..
        } => Error::ShapeMismatch {
            parameter,
            expected,
            found,
        },
        other => other,
    }
}

/// State type of the fixed-point solvers: parameter ν (Hz), cost max|Φ(ν) − ν| (Hz).
pub(crate) type FixState = argmin::core::IterState<DVector<f64>, (), (), (), (), f64>;

/// Runs an argmin solver to convergence; `Executor::run` returns `Ok` also when it stops at
/// `max_iters`, so the termination reason is checked and turned into
/// [`Error::NotConverged`].
fn run<M, S>(
    map: FixpointMap<M>,
    solver: S,
    nu_0: DVector<f64>,
    max_iterations: u64,
    name: &'static str,
) -> Result<(DVector<f64>, u64)>
where
    M: RateModel,
    S: argmin::core::Solver<FixpointMap<M>, FixState>,
{
    let result = Executor::new(map, solver)
        .configure(|state| state.param(nu_0).max_iters(max_iterations))
        .timer(false)
        .run()
        .map_err(|e| match e.downcast::<Error>() {
            Ok(err) => err,
            Err(other) => Error::NonFinite {
                quantity: "fixed-point iteration",
                population: None,
                detail: other.to_string(),
            },
        })?;
    let state = result.state();
    let iterations = state.get_iter();
    let residual = state.get_cost();
    match (state.get_termination_reason(), state.get_param()) {
        (Some(TerminationReason::SolverConverged), Some(nu)) => Ok((nu.clone(), iterations)),
        _ => Err(Error::NotConverged {
            solver: name,
            population: None,
            iterations,
            residual,
            unit: "Hz",
        }),
    }
}
