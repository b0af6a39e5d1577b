//! The crate's one error type, [`Error`], and the errors of reading parameter files,
//! [`IoError`], which it wraps. Both are foundations: every layer may use them, and they
//! import nothing above [`crate::units`].

mod file;

pub use file::IoError;

/// Result type of every fallible function in this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in `nnmt`.
///
/// Every variant names what was wrong (the parameter in NNMT's spelling, such as `tau_m` or
/// `K_ext`, and the population index where one applies) so that a message can be acted on
/// without reading the code.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A parameter value is outside its valid range (negative time, non-finite number, ...).
    #[error("invalid parameter `{parameter}`{}: {reason}", population_suffix(*.population))]
    InvalidParameter {
        /// Name of the parameter, spelled as in NNMT (`tau_m`, `V_th_rel`, `K_ext`, ...).
        parameter: &'static str,
        /// Index of the (postsynaptic) population the value belongs to, if any.
        population: Option<usize>,
        /// What is wrong with the value.
        reason: String,
    },
    /// A vector or matrix parameter has the wrong shape.
    #[error("parameter `{parameter}` has shape {found}, expected {expected}")]
    ShapeMismatch {
        /// Name of the parameter, spelled as in NNMT.
        parameter: &'static str,
        /// The shape that was expected, e.g. `8` or `8×8`.
        expected: String,
        /// The shape that was given.
        found: String,
    },
    /// An iterative solver stopped before reaching its tolerance.
    #[error(
        "{solver} did not converge after {iterations} iterations{} (residual {residual:e} {unit}): {reason}",
        population_suffix(*.population)
    )]
    NotConverged {
        /// Which solver stopped.
        solver: &'static str,
        /// For a per-population computation, the population that failed; for a network's
        /// fixed point, the population with the largest residual at the last iterate.
        population: Option<usize>,
        /// Iterations (or function evaluations) performed.
        iterations: u64,
        /// The residual at the last iterate: max |Φ(ν) − ν| for fixed points (Hz), √SSR for
        /// fits (Hz/V).
        residual: f64,
        /// Unit of `residual`.
        unit: &'static str,
        /// Why the solver stopped (the iteration limit, no step left that lowers the
        /// residual, ...).
        reason: String,
    },
    /// The Taylor-expanded colored-noise rate (Fourcaud & Brunel 2002, Eq. 4.33) came out
    /// negative: the expansion in √(τ_s/τ_m) is outside its range of validity there. The
    /// value is carried so that a caller who wants NNMT's behaviour can still use it; the
    /// shift method has no such failure.
    #[error(
        "the taylor rate of population {population} is negative ({rate:e} Hz): the first-order \
         expansion in sqrt(tau_s/tau_m) is invalid here; use the shift method"
    )]
    NegativeRate {
        /// Population index.
        population: usize,
        /// The negative rate, Hz.
        rate: f64,
    },
    /// An NNMT parameter file could not be read, or a value in it has the wrong unit or
    /// shape: the message names the file, the key and its line (see
    /// [`IoError`] for the cases).
    #[error(transparent)]
    Io(#[from] IoError),
    /// A solver run stopped with an error of its own (the problem's evaluation or an argmin
    /// observer returned an error), as opposed to [`Error::NotConverged`].
    #[error("{solver} failed: {detail}")]
    Solver {
        /// Which solver was running.
        solver: &'static str,
        /// The error message of the failing part.
        detail: String,
    },
    /// A computation produced a value that is not a finite number.
    #[error("{quantity} is not finite{}: {detail}", population_suffix(*.population))]
    NonFinite {
        /// The quantity that could not be represented.
        quantity: &'static str,
        /// Population index, if any.
        population: Option<usize>,
        /// Why it happened.
        detail: String,
    },
    /// An argument lies outside the domain where a special function is implemented to full
    /// accuracy, e.g. the parabolic cylinder function U(a, x) of the transfer function needs
    /// |x| ≤ 50 and |Im a| = ω τ_m ≤ 400 (see [`crate::lif::transfer`]).
    #[error("{quantity} is out of the supported domain: {detail}")]
    OutOfDomain {
        /// The quantity whose evaluation was refused (e.g. `"U(a, x)"`).
        quantity: &'static str,
        /// Which argument is out of range, its value and the supported range.
        detail: String,
    },
    /// A value of a parameter file is well-formed but the model reading it cannot use it
    /// (an ambiguous NNMT convention, a combination of keys the model does not support,
    /// an unknown name, ...). The message names the file, the line and the key.
    #[error("{}: key '{key}': not supported: {reason}", file_line(.source_name, *.line))]
    Unsupported {
        /// The file path or source name.
        source_name: String,
        /// The parameter key.
        key: String,
        /// 1-based line of the key in the file, if known.
        line: Option<u64>,
        /// Why, and what to write instead.
        reason: String,
    },
    /// The file is not a network parameter file of any model (raised when the model is to be
    /// detected from the keys; see [`ModelKind::detect`](crate::models::ModelKind::detect)).
    #[error("{source_name}: not a network parameter file: {reason}")]
    NotANetwork {
        /// The file path or source name.
        source_name: String,
        /// Which keys were looked for.
        reason: String,
    },
    /// The input of a population, its mean μ or its variance σ² (Fourcaud & Brunel 2002,
    /// Eq. 3.4), is too large for a double: a product K J ν, K_ext J_ext ν_ext or
    /// I_ext / C, or their sum, overflows. The message names the population, the equation
    /// and the largest term with its parameters.
    #[error("the {quantity} of population {population} overflows: {detail}")]
    InputOverflow {
        /// Index of the population whose input overflows.
        population: usize,
        /// The quantity and its equation, e.g. "mean input μ = τ_m (Σ K J ν + …)".
        quantity: &'static str,
        /// The largest term and the parameters it is made of.
        detail: String,
    },
}

/// `file:line` when the line is known, else `file` (the prefix of messages about a value in
/// a parameter file).
pub(crate) fn file_line(source_name: &str, line: Option<u64>) -> String {
    match line {
        Some(l) => format!("{source_name}:{l}"),
        None => source_name.to_string(),
    }
}

fn population_suffix(population: Option<usize>) -> String {
    population.map_or_else(String::new, |i| format!(" (population {i})"))
}

impl Error {
    pub(crate) fn invalid(
        parameter: &'static str,
        population: Option<usize>,
        reason: impl Into<String>,
    ) -> Self {
        Self::InvalidParameter {
            parameter,
            population,
            reason: reason.into(),
        }
    }
}
