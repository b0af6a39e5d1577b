//! First-order low-pass fit of a LIF transfer function and the rate-model connectivity.
//!
//! Port of NNMT 1.3's `nnmt.lif._general._fit_transfer_function` and of the `W_rate` step of
//! `nnmt.lif.exp._fit_transfer_function` (Senk et al. 2020, Sec. F).
//!
//! # Formula
//! For every population the modulus of a first-order low-pass,
//!
//! ```text
//! |H_fit(ω)| = |h0| / √(1 + ω² τ²),
//! ```
//!
//! is fitted to the modulus |H(ω)| of the transfer function by unweighted least squares. The
//! fitted complex curve is `H_fit(ω) = h0 / (1 + i ω τ)`.
//!
//! # Algorithm
//! Variable projection (Golub & Pereyra 1973): for fixed τ the best h0 is linear least
//! squares, h0(τ) = Σ|H| s / Σ s² with s = 1/√(1 + ω²τ²); the remaining one-dimensional
//! problem in ln τ is started from a coarse grid (on ≤ 64 of the frequencies) and solved by Newton's
//! method on the analytic derivative, stopped after a step ≤ 1e-8 in ln τ (quadratic
//! convergence leaves ~1e-16). The result is the least-squares minimum to rounding: the
//! residual is orthogonal to both Jacobian columns (cosine ≤ 1e-10 in the tests; τ agrees with
//! an mpmath minimum to 3e-13).
//!
//! # Differences from NNMT
//! * NNMT calls `scipy.optimize.curve_fit`: MINPACK `lmdif` (Levenberg–Marquardt with a
//!   forward-difference Jacobian) from `p0 = (τ, h0) = (1, 1)` with `ftol = xtol = 1.49e-8`.
//!   That loose `xtol` stops scipy before the minimum: in NNMT's reference outputs its τ is up
//!   to 2.7e-5 (relative) and its h0 up to 1.9e-6 away from the minimum found here, with a
//!   larger sum of squares (≤ 7.6e-7 in τ for the Brunel networks and the 21-frequency
//!   microcircuit fits, 2e-6 for the 500-frequency one). `fit_error` uses the analytic
//!   Jacobian at the minimum instead of scipy's forward differences at its stopping point
//!   (≤ 1e-4 relative difference).
//! * Where the best low-pass is a constant gain (|H| flat or rising with ω), τ is 0 and the
//!   fit error undefined (`None`); scipy returns some small τ with an infinite covariance.
//!   Where a larger τ always fits better (|H| ∝ 1/ω), there is no finite optimum: an error.
//! * Because only |H| is fitted, the signs of τ and h0 are not identified by the fit; this
//!   module reports `|τ|` and `|h0|` (what NNMT returned in every reference case) before the
//!   sign rule on τ is applied.
//! * [`rate_connectivity`] uses the POSTSYNAPTIC (row) population's `h0` and `τ_m`; NNMT's
//!   `h0 * tau_m * J * K` broadcasts them over columns (presynaptic). Both agree when `h0` and
//!   `τ_m` are uniform.
//!
//! # Units
//! ω in rad/s (angular frequency, not Hz), H and h0 in Hz/V, τ in s.
//!
//! # References
//! Senk J, Korvasová K, Schuecker J, Hagen E, Tetzlaff T, Diesmann M, Helias M (2020).
//! Conditions for wave trains in spiking neural networks. Phys. Rev. Research 2, 023174,
//! Sec. F (as cited by NNMT).
//! Golub G H, Pereyra V (1973). The differentiation of pseudo-inverses and nonlinear least
//! squares problems whose variables separate. SIAM J. Numer. Anal. 10, 413–432.

use nalgebra::DMatrix;
use num_complex::Complex64;

use crate::error::{Error, Result};
use crate::kernel::NetworkSi;
use crate::kernel::low_pass::{self, FitError, LowPassFitSi, fit_columns};
use crate::lif::transfer::TransferFunction;
use crate::network::Network;
use crate::pop::{PopMatrix, PopVec};
use crate::units::{
    AngularVelocity, ComplexFrequencyPerVoltage, FrequencyPerVoltage, SiValue, Time,
};

/// The first-order low-pass h₀/(1 + iωτ) fitted to one population's transfer function.
#[derive(Clone, Debug, PartialEq)]
pub struct LowPassFit {
    tau_rate: Option<Time>,
    h0: FrequencyPerVoltage,
    fit_error: Option<f64>,
    fitted: Vec<ComplexFrequencyPerVoltage>,
}

impl LowPassFit {
    /// The fit from its SI form (τ in s, h₀ and the curve in Hz/V).
    pub(crate) fn from_si(f: LowPassFitSi) -> Self {
        Self {
            tau_rate: Some(Time::from_si(f.tau)),
            h0: FrequencyPerVoltage::from_si(f.h0),
            fit_error: f.fit_error,
            fitted: f
                .fitted
                .into_iter()
                .map(ComplexFrequencyPerVoltage::from_si)
                .collect(),
        }
    }

    /// The fit of a population whose |H| is zero at all `n_freq` frequencies (its rate is
    /// numerically 0): h₀ = 0, the fitted curve is 0, and τ_rate and the fit error are
    /// undefined (`None`).
    pub(crate) fn silent(n_freq: usize) -> Self {
        Self {
            tau_rate: None,
            h0: FrequencyPerVoltage::from_si(0.0),
            fit_error: None,
            fitted: vec![ComplexFrequencyPerVoltage::from_si(Complex64::new(0.0, 0.0)); n_freq],
        }
    }

    fn from_column(f: Option<LowPassFitSi>, n_freq: usize) -> Self {
        f.map_or_else(|| Self::silent(n_freq), Self::from_si)
    }

    /// Time constant τ_rate of the low-pass (NNMT `tau_rate`); negative when NNMT's sign
    /// rule flips it (see [`fit_low_pass`]); 0 when the best low-pass is a constant gain
    /// (|H| flat or rising over the frequencies). `None` when |H| is zero at every frequency
    /// (a population whose rate is numerically 0): then h₀ = 0 and τ is undetermined.
    pub fn tau_rate(&self) -> Option<Time> {
        self.tau_rate
    }
    /// Zero-frequency gain h₀ (NNMT `h0`), ≥ 0.
    pub fn h0(&self) -> FrequencyPerVoltage {
        self.h0
    }
    /// Combined relative error √((sd_τ/τ)² + (sd_h₀/h₀)²) from the parameter covariance
    /// (NNMT `fit_error`); `None` when h₀ = 0 and τ_rate is undetermined, and when the
    /// fitted τ_rate is 0 (|H| flat or rising), where ∂H_fit/∂τ vanishes and the covariance
    /// is singular (scipy returns an infinite one).
    pub fn fit_error(&self) -> Option<f64> {
        self.fit_error
    }
    /// The fitted curve h₀/(1 + iωτ) at the fitted frequencies (NNMT
    /// `transfer_function_fit`).
    pub fn fitted(&self) -> &[ComplexFrequencyPerVoltage] {
        &self.fitted
    }
}

/// Fits a first-order low-pass h₀/(1 + iωτ) to the modulus of a transfer function, as NNMT's
/// `_fit_transfer_function` does for one population.
///
/// # Equation
/// min over (τ, h₀) of Σ_k (|h₀|/√(1 + ω_k²τ²) − |H(ω_k)|)², solved exactly (variable
/// projection and Newton's method, see the module docs; NNMT's scipy fit stops up to 2.7e-5
/// relative in τ before this minimum); fitted curve
/// H_fit = h₀/(1 + iωτ). *Sign rule* (NNMT): only |H| is fitted, so the sign of τ is set
/// by the data — if the sign of Im H at the **last** frequency differs from that of
/// Im H_fit (where 0 counts as negative), τ and Im H_fit are negated. With this crate's
/// convention (perturbations ∝ e^{+iωt}, Im H < 0 at ω > 0) τ comes out positive.
/// fit_error = √((sd_τ/τ)² + (sd_h₀/h₀)²) from the covariance (JᵀJ)⁻¹·SSR/(m − 2).
///
/// # References
/// Senk et al. (2020), Phys. Rev. Research 2, 023174, Sec. F; Golub & Pereyra (1973).
///
/// # Errors
/// [`Error::ShapeMismatch`] if the lengths differ; [`Error::InvalidParameter`] for fewer
/// than 3 frequencies, non-finite values, all-zero data, or every ω = 0;
/// [`Error::NotConverged`] if there is no finite optimum (|H| falls like 1/ω or faster, so
/// that a larger τ always fits better) or τ, h₀ overflow in SI units.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::fit::fit_low_pass;
/// use nnmt::units::*;
/// use num_complex::Complex64;
/// let omegas: Vec<AngularVelocity> =
///     (1..=50).map(|k| AngularVelocity::new::<radian_per_second>(20.0 * k as f64)).collect();
/// let h: Vec<ComplexFrequencyPerVoltage> = omegas
///     .iter()
///     .map(|w| ComplexFrequencyPerVoltage::new_in::<hertz_per_volt>(Complex64::new(500.0, 0.0) / Complex64::new(1.0, w.get::<radian_per_second>() * 0.005)))
///     .collect();
/// let fit = fit_low_pass(&omegas, &h)?;
/// assert!((fit.tau_rate().expect("fitted").get::<second>() - 0.005).abs() < 1e-12);
/// assert!(fit_low_pass(&omegas[..2], &h[..2]).is_err());
/// # Ok(()) }
/// ```
pub fn fit_low_pass(
    omegas: &[AngularVelocity],
    transfer_function: &[ComplexFrequencyPerVoltage],
) -> Result<LowPassFit> {
    let w: Vec<f64> = omegas.iter().map(|o| o.to_si()).collect();
    let h: Vec<Complex64> = transfer_function.iter().map(|z| z.to_si()).collect();
    Ok(LowPassFit::from_si(low_pass::fit_low_pass(&w, &h)?))
}

/// Fits every population of a transfer function given as one column per population
/// (`transfer_function[k][i]`: frequency k, population i), as NNMT's
/// `_general._fit_transfer_function`.
///
/// A population whose |H| is zero at every frequency (its rate is numerically 0, e.g. far
/// below threshold with little noise) is not an error, unlike in [`fit_low_pass`] and in
/// NNMT (where `curve_fit` fails for all): its fit has h₀ = 0, a zero curve, and
/// [`LowPassFit::tau_rate`] and [`LowPassFit::fit_error`] `None`.
///
/// # Errors
/// As [`fit_low_pass`] (except for all-zero data, see above), naming the population that
/// failed.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::fit::fit_low_pass_per_population;
/// use nnmt::units::*;
/// use num_complex::Complex64;
/// let omegas: Vec<AngularVelocity> =
///     (1..=20).map(|k| AngularVelocity::new::<radian_per_second>(50.0 * k as f64)).collect();
/// let rows: Vec<Vec<ComplexFrequencyPerVoltage>> = omegas
///     .iter()
///     .map(|w| {
///         [0.004, 0.01]
///             .iter()
///             .map(|tau| ComplexFrequencyPerVoltage::new_in::<hertz_per_volt>(Complex64::new(100.0, 0.0) / Complex64::new(1.0, w.get::<radian_per_second>() * tau)))
///             .collect()
///     })
///     .collect();
/// let fits = fit_low_pass_per_population(&omegas, &rows)?;
/// assert!((fits[1].tau_rate().expect("fitted").get::<second>() - 0.01).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn fit_low_pass_per_population(
    omegas: &[AngularVelocity],
    transfer_function: &[Vec<ComplexFrequencyPerVoltage>],
) -> Result<Vec<LowPassFit>> {
    let w: Vec<f64> = omegas.iter().map(|o| o.to_si()).collect();
    let n = transfer_function.first().map_or(0, Vec::len);
    if let Some(bad) = transfer_function.iter().find(|r| r.len() != n) {
        return Err(Error::ShapeMismatch {
            parameter: "transfer_function",
            expected: format!("rows of {n} populations"),
            found: format!("a row of {}", bad.len()),
        });
    }
    let h = DMatrix::from_fn(transfer_function.len(), n, |k, i| {
        transfer_function[k][i].to_si()
    });
    let m = w.len();
    Ok(fit_columns(&w, &h)?
        .into_iter()
        .map(|f| LowPassFit::from_column(f, m))
        .collect())
}

/// Rate-model connectivity W_rate from the fitted gains (NNMT `W_rate` of
/// `exp._fit_transfer_function`).
///
/// # Equation
/// W_rate,ij = h₀,i τ_m,i J_ij K_ij — with the **postsynaptic** population's h₀ and τ_m.
///
/// # Differences from NNMT
/// NNMT writes `h0 * tau_m * J * K`, which numpy broadcasts over columns, i.e. uses the
/// *presynaptic* population's h₀ and τ_m. That disagrees with the effective connectivity
/// τ_m J K H_i of Bos et al. (2016, Eq. 12), whose transfer function is the target's; this
/// crate uses the target's deliberately. Both agree when h₀ and τ_m are uniform.
///
/// # References
/// Senk et al. (2020), Sec. F.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `h0` does not have one entry per population;
/// [`Error::InvalidParameter`] if an h₀ is not finite.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif::fit::rate_connectivity, network::Network, pop::PopVec, units::*};
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net = Network::builder()
///     .k([[100.0]]).j([[mv(0.2)]])
///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(15.0)).v_0(mv(0.0))
///     .external([[0.0]], [[mv(0.0)]], [Frequency::new::<hertz>(0.0)])
///     .build()?;
/// let h0 = PopVec::from([FrequencyPerVoltage::new::<hertz_per_volt>(500.0)]);
/// let w = rate_connectivity(&net, &h0)?;
/// // 500 Hz/V · 10 ms · 0.2 mV · 100 = 0.1
/// assert!((w.get(0, 0).unwrap() - 0.1).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn rate_connectivity<S>(
    net: &Network<S>,
    h0: &PopVec<FrequencyPerVoltage>,
) -> Result<PopMatrix<f64>> {
    if h0.len() != net.len() {
        return Err(Error::ShapeMismatch {
            parameter: "h0",
            expected: net.len().to_string(),
            found: h0.len().to_string(),
        });
    }
    let net = NetworkSi::from(net);
    let h: Vec<f64> = h0.si().iter().copied().collect();
    let tau: Vec<f64> = net.tau_m.iter().copied().collect();
    let w = low_pass::rate_connectivity(&h, &tau, &net.j, &net.k).map_err(|e| match e {
        FitError::NonFinite { index } => {
            Error::invalid("h0", Some(index.min(net.len() - 1)), "not finite")
        }
        other => Error::from(other),
    })?;
    Ok(PopMatrix::from_si(w))
}

/// The low-pass fits of every population of a network's transfer function and the
/// rate-model connectivity they imply (NNMT `lif.exp.fit_transfer_function(network)`).
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkFit {
    fits: Vec<LowPassFit>,
    w_rate: PopMatrix<f64>,
}

impl NetworkFit {
    /// The fit of each population.
    pub fn fits(&self) -> &[LowPassFit] {
        &self.fits
    }
    /// τ_rate of each population (NNMT `tau_rate`); `None` for a population whose |H| is
    /// zero at every frequency.
    pub fn tau_rate(&self) -> Vec<Option<Time>> {
        self.fits.iter().map(LowPassFit::tau_rate).collect()
    }
    /// h₀ of each population (NNMT `h0`).
    pub fn h0(&self) -> PopVec<FrequencyPerVoltage> {
        self.fits.iter().map(LowPassFit::h0).collect()
    }
    /// Relative fit error of each population (NNMT `fit_error`); `None` where τ_rate is, and
    /// where |H| is flat over the frequencies (see [`LowPassFit::fit_error`]).
    pub fn fit_error(&self) -> Vec<Option<f64>> {
        self.fits.iter().map(LowPassFit::fit_error).collect()
    }
    /// Rate-model connectivity W_rate (dimensionless; see [`rate_connectivity`]).
    pub fn w_rate(&self) -> &PopMatrix<f64> {
        &self.w_rate
    }
}

/// Fits a first-order low-pass to every population of a network's transfer function and
/// derives the rate-model connectivity (NNMT `lif.exp.fit_transfer_function`, which maps the
/// LIF network onto a rate model).
///
/// # Equation
/// Per population, [`fit_low_pass`] on |H_i(ω)| at the transfer function's own angular
/// frequencies; then W_rate,ij = h₀,i τ_m,i J_ij K_ij ([`rate_connectivity`]). A population
/// whose |H| is zero at every frequency gets h₀ = 0 and τ_rate `None` (as in
/// [`fit_low_pass_per_population`]); its row of W_rate is zero.
///
/// # References
/// Senk et al. (2020), Phys. Rev. Research 2, 023174, Sec. F.
///
/// # Errors
/// [`Error::ShapeMismatch`] if the transfer function does not have one column per
/// population of `net`; otherwise as [`fit_low_pass`] (naming the population), except for
/// all-zero data.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::exp::{self, Method};
/// use nnmt::lif::{fit, transfer};
/// use nnmt::models::Microcircuit;
/// use nnmt::lif::FixpointOptions;
/// use nnmt::units::*;
/// let net = Microcircuit::bos2016().network()?;
/// let wp = exp::working_point(&net, Method::Shift, &FixpointOptions::default())?;
/// let freqs: Vec<Frequency> = (0..50).map(|k| Frequency::new::<hertz>(0.1 + 10.0 * k as f64)).collect();
/// let tf = transfer::transfer_function(&net, &wp, &freqs, Method::Shift, transfer::SynapticFilter::On)?;
/// let fitted = fit::fit_transfer_function(&net, &tf)?;
/// let tau = fitted.tau_rate()[0].expect("fitted").get::<millisecond>();
/// assert!(tau > 0.0 && tau < 20.0, "{tau}");
/// # Ok(()) }
/// ```
pub fn fit_transfer_function<S>(net: &Network<S>, tf: &TransferFunction) -> Result<NetworkFit> {
    if tf.n_populations() != net.len() {
        return Err(Error::ShapeMismatch {
            parameter: "transfer_function",
            expected: format!("{} populations", net.len()),
            found: tf.n_populations().to_string(),
        });
    }
    let (h, omegas) = tf.si();
    let m = omegas.len();
    let fits: Vec<LowPassFit> = fit_columns(omegas, &h)?
        .into_iter()
        .map(|f| LowPassFit::from_column(f, m))
        .collect();
    let h0: PopVec<FrequencyPerVoltage> = fits.iter().map(LowPassFit::h0).collect();
    let w_rate = rate_connectivity(net, &h0)?;
    Ok(NetworkFit { fits, w_rate })
}
