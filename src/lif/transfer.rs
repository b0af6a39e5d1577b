//! Transfer functions of LIF neurons with exponential synapses (colored noise): the linear
//! response H(ω) = δν(ω)/δμ(ω) of a population's rate to a modulation of its mean input, by
//! the *shift* and the *taylor* method.
//!
//! NNMT counterpart: `nnmt.lif.exp.transfer_function` (network level, here
//! [`transfer_function`]), `nnmt.lif.exp._transfer_function` (given μ, σ, here
//! [`transfer_function_for_given_input`] and, for one population, [`population_transfer_function`]),
//! and `nnmt.lif.exp._Psi`, `_d_Psi`, `_d_2_Psi` (internal here: the parabolic cylinder
//! function U(a, x) of complex order, see below).
//!
//! # Equations
//! With x_t = √2 (V_th − μ)/σ, x_r = √2 (V_0 − μ)/σ, z = −½ + iωτ_m,
//! Ψ(z, x) = e^{x²/4} U(z, −x) (U: DLMF 12.2), dΨ(z, x) = (½ + z) Ψ(z+1, x),
//! d²Ψ(z, x) = (½ + z)(3/2 + z) Ψ(z+2, x), subscripts t, r for x_t, x_r:
//!
//! * **Shift** (Schuecker, Diesmann & Helias 2015, Phys. Rev. E 92, 052119, Eq. 29 with the
//!   effective boundaries of Fourcaud & Brunel 2002): threshold and reset are shifted by
//!   σ α/2 √(τ_s/τ_m), α = √2 |ζ(½)| ([`ALPHA`](crate::lif::exp::ALPHA)), in x_t, x_r and
//!   in the Siegert rate ν at the shifted boundaries:
//!
//!   H(ω) = √2/σ · ν/(1 + iωτ_m) · (dΨ_t − dΨ_r)/(Ψ_t − Ψ_r).
//!
//! * **Taylor** (Schuecker, Diesmann & Helias 2014, arXiv:1410.8799, Eq. 93): unshifted
//!   boundaries, ν_d the Siegert rate, ν_e the Taylor rate ν_d − σ α/2 k ∂ν_d/∂μ,
//!   k = √(τ_s/τ_m), A = α τ_m ν_d k/√2,
//!   a₁ = (dΨ_t − dΨ_r)/(Ψ_t − Ψ_r), a₃ = A/(τ_m ν_e) · (−a₁² + (d²Ψ_t − d²Ψ_r)/(Ψ_t − Ψ_r)):
//!
//!   H(ω) = √2/σ · ν_e/(1 + iωτ_m) · (a₁ + a₃)
//!
//!   (evaluated as √2/σ (ν_e a₁ + (A/τ_m)(d₂ − a₁²))/(1 + iωτ_m), which is the same
//!   number without the division by ν_e).
//! * [`SynapticFilter::On`] (NNMT's default) multiplies by the synaptic low-pass
//!   1/(1 + iωτ_s) (Schuecker et al. 2015, Eq. 18 and below Eq. 29).
//!
//! # ω = 0: NNMT's discontinuity, reproduced
//! At |ω| < 10⁻¹⁵ rad/s the value is the exact stationary susceptibility dν/dμ, as in NNMT:
//! the Siegert derivative at the shifted boundaries (shift) or the Taylor derivative
//! [`derivative_of_firing_rate_wrt_mean_input`](crate::lif::exp::derivative_of_firing_rate_wrt_mean_input)
//! (taylor). **This is not the limit ω → 0⁺ of the formulas above when τ_r > 0**: they see
//! the refractory time only through ν, while dν/dμ includes its effect on the
//! stationary rate, so H jumps between ω = 0 and the smallest positive ω (e.g. shift,
//! μ = 12 mV, σ = 3 mV, V_th = 15 mV, V_0 = 0, τ_m = 10 ms, τ_s = 0.5 ms, τ_r = 2 ms:
//! 5882.3 Hz/V at ω = 0 versus 6011.8 Hz/V as ω → 0⁺; test
//! `zero_frequency_jump_only_with_refractoriness`). With τ_r = 0 both agree. The values are kept as
//! NNMT computes them so that results can be compared one to one; do not fit or
//! interpolate across ω = 0 when τ_r > 0.
//!
//! # Negative frequencies
//! H(−ω) = conj H(ω) (H is the Fourier transform of a real impulse response); negative ω
//! are evaluated by the same formulas, which satisfy this identity exactly. NNMT's shift
//! method agrees; NNMT's taylor method tests `ω < 1e-15` and so returns the ω = 0 value for
//! every negative ω — that is a bug and is **not** reproduced.
//!
//! # White noise (τ_s = 0)
//! NNMT has no delta-synapse transfer function; it calls the exponential one with τ_s = 0,
//! where both methods reduce to the white-noise result of Lindner & Schimansky-Geier (2001)
//! / Brunel, Chance, Fourcaud & Abbott (2001) and the filter is 1. Here
//! [`population_transfer_function`] accepts τ_s = 0 for that purpose. The network-level
//! functions need a [`Network<ExpSynapses>`] and so cannot be called on a network built
//! without `tau_s` (a compile error).
//!
//! # Numerics and accuracy
//! NNMT evaluates Ψ with `mpmath.pcfu` (~1 ms per call) and casts it to `f64`, which
//! overflows for large |x| or ωτ_m. Here U(a, x) is an in-crate solver of the Weber
//! equation (relative error ≤ 3e-13 on its domain, see the crate README), and Ψ is never
//! formed: only the ratios U(a+1, x)/U(a, x) and the ratio Ψ_r/Ψ_t from scaled logarithms
//! enter, so nothing overflows. Against NNMT 1.3 the values agree to ≤ 1e-12 relative at
//! every ω > 0 of the reference cases (tests in `tests/it/transfer_function.rs`); at ω = 0
//! to ≤ 1e-9 where y_r ≥ −4 and ≤ 1e-7 for −6 ≤ y_r < −4, where NNMT's reset term cancels.
//! Frequencies are evaluated in parallel (rayon).
//!
//! **Low frequencies.** Ψ(−½, x) = 1, so Ψ_t − Ψ_r vanishes like ω and, formed as a
//! difference, loses ≈ 1e-16/|ωτ_m| of its relative accuracy — below ≈ 1e-7 Hz the phase
//! of H comes out with the wrong sign (NNMT has the same cancellation). For
//! 0 < |ωτ_m| < 0.005 (0.08 Hz at τ_m = 10 ms) H is therefore computed from Taylor series
//! in s = iωτ_m: Ψ_t − Ψ_r = s F(s), dΨ_t − dΨ_r = s G₁(s), d²Ψ_t − d²Ψ_r = s(1+s) G₂(s)
//! with F, G₁ = Ψ(z+1, x_t) − Ψ(z+1, x_r), G₂ = Ψ(z+2, x_t) − Ψ(z+2, x_r) entire in s and
//! real on the real axis; their (real) Taylor coefficients come once per population from
//! 16 values of U on the circle |s| = ¼ (Cauchy's formula by the trapezoidal rule), so the
//! cancelling factor s is divided out exactly. Against mpmath (80 digits, same formulas)
//! from 1e-14 Hz to 1 Hz, shift, taylor and white noise: H to ≤ 7e-15 relative and
//! Im H to ≤ 3e-12 relative (test `low_frequencies_match_mpmath` in
//! `tests/it/transfer_hardening.rs`; ≤ 1e-12 and ≤ 1e-10 asserted).
//!
//! **Populations far below threshold.** With x_t > 50 (the mean input more than 35 σ below
//! the threshold) the rate ν ∝ e^{−x_t²/2}/x_t is below e^{−1250}; an upper bound on
//! ln |H(ω)| (from a lower bound on the Siegert integral, see the kernel) is compared with
//! the smallest double and, when it is more than e^{50} below it, H is returned as exactly
//! 0 at every ω ≠ 0 (the ω = 0 value is still dν/dμ, which has underflowed to 0 as well).
//! Such a population no longer makes the other populations' transfer function fail; tests
//! against mpmath up to x_t = 1000 (`far_below_threshold_matches_mpmath_or_is_zero`) and
//! [`fit_transfer_function`](crate::lif::fit::fit_transfer_function) gives it h₀ = 0 and no
//! τ_rate.
//!
//! # Domain
//! U(a, x) is implemented for |Im a| = |ω| τ_m ≤ 400, i.e. |ω| ≤ 400/τ_m (6.4 kHz for
//! τ_m = 10 ms), and
//! * |x| ≤ 50 at both boundaries (|V − μ| ≤ 35 σ, shifted for shift) by the Weber-equation
//!   solver;
//! * x < −50 (the mean input far *above* the reset or the threshold with little noise,
//!   where H is not negligible) by the large-x expansion of U (DLMF 12.9.1), which needs
//!   roughly |ωτ_m| ≲ |x| (always |ωτ_m| + 2 ≤ |x|/2); against mpmath at x_r from −63 to
//!   −424 and x_t from 7 to −141, H to ≤ 1e-13 relative (test
//!   `far_above_reset_matches_mpmath`);
//! * x_t > 50 (far *below* threshold): H = 0, see above.
//!
//! Outside, the functions return [`Error::OutOfDomain`](crate::Error::OutOfDomain) instead
//! of NNMT's inf/NaN, naming the population and the argument (the frequency, or the
//! boundary's x).

mod result;

pub use crate::kernel::transfer::SynapticFilter;
// `Frequencies` lives in `units`, below the network layer that uses it too.
pub use crate::units::Frequencies;
pub use result::TransferFunction;

use crate::error::Result;
use crate::kernel::NetworkSi;
use crate::kernel::colored::Method;
use crate::kernel::transfer::{PopConsts, evaluate};
use crate::lif::{WorkingPoint, input_si, neuron_si};
use crate::network::{ExpSynapses, LifNeuron, Network};
use crate::pop::PopVec;
use crate::units::{ElectricPotential, SiValue, Time};

/// Transfer functions of every population of `net` at its working point `wp` (NNMT
/// `lif.exp.transfer_function(network, freqs, method, synaptic_filter)`), in Hz/V.
///
/// `freqs` are [`Frequencies`]: a slice, array or `Vec` of [`Frequency`](crate::units::Frequency)
/// (Hz) or of [`AngularVelocity`](crate::units::AngularVelocity) (rad/s). μ and σ are taken
/// from `wp` (computed with the same `method`, as NNMT's high-level API assumes).
///
/// # Equation
/// See the [module documentation](self), including the jump at ω = 0 when τ_r > 0 and
/// H(−ω) = conj H(ω).
///
/// # References
/// Schuecker, Diesmann & Helias (2015), PRE 92, 052119 (shift); Schuecker, Diesmann &
/// Helias (2014), arXiv:1410.8799, Eq. 93 (taylor); Fourcaud & Brunel (2002).
///
/// # Errors
/// - [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if `wp` does not have one entry per population;
/// - [`Error::InvalidParameter`](crate::Error::InvalidParameter) if a σ is not > 0, a μ or a frequency is not finite;
/// - [`Error::OutOfDomain`](crate::Error::OutOfDomain) if |ω| τ_m > 400, or a boundary is so far below μ
///   that the large-x expansion of U does not converge at that ω (see the module
///   documentation);
/// - [`Error::NonFinite`](crate::Error::NonFinite) if a value cannot be represented (not expected in the domain).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::{exp::{self, Method}, transfer::{self, SynapticFilter}};
/// use nnmt::models::Microcircuit;
/// use nnmt::lif::FixpointOptions;
/// use nnmt::units::*;
/// let net = Microcircuit::bos2016().network()?;
/// let wp = exp::working_point(&net, Method::Taylor, &FixpointOptions::default())?;
/// let freqs: Vec<Frequency> = (0..5).map(|i| Frequency::new::<hertz>(0.1 + 10.0 * i as f64)).collect();
/// let tf = transfer::transfer_function(&net, &wp, &freqs, Method::Taylor, SynapticFilter::On)?;
/// assert_eq!((tf.n_frequencies(), tf.n_populations()), (5, 8));
/// # Ok(()) }
/// ```
pub fn transfer_function<'a>(
    net: &Network<ExpSynapses>,
    wp: &WorkingPoint,
    freqs: impl Into<Frequencies<'a>>,
    method: Method,
    filter: SynapticFilter,
) -> Result<TransferFunction> {
    transfer_function_for_given_input(net, wp.mean_input(), wp.std_input(), freqs, method, filter)
}

/// Transfer functions of every population of `net` at given mean input `mu` and noise
/// `sigma` (NNMT `lif.exp._transfer_function(mu, sigma, tau_m, tau_s, tau_r, V_th_rel,
/// V_0_rel, omegas, method, synaptic_filter)` with the network's neuron parameters), in Hz/V.
///
/// # Equation
/// See the [module documentation](self).
///
/// # Errors
/// As [`transfer_function`]; [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if `mu` or `sigma` does not have one
/// entry per population.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::{exp::Method, transfer::{self, SynapticFilter}};
/// use nnmt::models::Microcircuit;
/// use nnmt::pop::PopVec;
/// use nnmt::units::*;
/// let net = Microcircuit::bos2016().network()?;
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let omegas = [AngularVelocity::new::<radian_per_second>(100.0)];
/// let tf = transfer::transfer_function_for_given_input(
///     &net, &PopVec::uniform(8, mv(10.0)), &PopVec::uniform(8, mv(5.0)),
///     &omegas, Method::Shift, SynapticFilter::Off)?;
/// assert_eq!(tf.n_populations(), 8);
/// # Ok(()) }
/// ```
pub fn transfer_function_for_given_input<'a>(
    net: &Network<ExpSynapses>,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
    freqs: impl Into<Frequencies<'a>>,
    method: Method,
    filter: SynapticFilter,
) -> Result<TransferFunction> {
    let net = net.si_with_tau_s();
    let (mu, sigma) = input_si(net.len(), mu, sigma)?;
    let tau_s = net.tau_s()?;
    let consts = (0..net.len())
        .map(|i| PopConsts::checked(i, method, mu[i], sigma[i], &net.neuron(i), tau_s[i]))
        .collect::<Result<Vec<_>>>()?;
    run(&consts, freqs.into(), method, filter)
}

/// White-noise transfer function of a network with delta synapses at its working point:
/// NNMT's transfer-function formulas at τ_s = 0 (its `transfer_function_delta` case; shift
/// and taylor coincide there and there is no synaptic filter), for every population.
///
/// Any network may be passed; a synaptic time constant, if present, is ignored.
///
/// # Errors
/// As [`transfer_function_for_given_input`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::{delta, transfer};
/// use nnmt::models::Microcircuit;
/// use nnmt::lif::FixpointOptions;
/// use nnmt::units::*;
/// let net = Microcircuit::bos2016().network()?;
/// let wp = delta::working_point(&net, &FixpointOptions::default())?;
/// let tf = transfer::white_noise_transfer_function(&net, &wp, &[Frequency::new::<hertz>(10.0)])?;
/// assert_eq!(tf.n_populations(), 8);
/// # Ok(()) }
/// ```
pub fn white_noise_transfer_function<'a, S>(
    net: &Network<S>,
    wp: &WorkingPoint,
    freqs: impl Into<Frequencies<'a>>,
) -> Result<TransferFunction> {
    let net = NetworkSi::from(net);
    let (mu, sigma) = input_si(net.len(), wp.mean_input(), wp.std_input())?;
    let method = Method::Shift;
    let consts = (0..net.len())
        .map(|i| PopConsts::checked(i, method, mu[i], sigma[i], &net.neuron(i), 0.0))
        .collect::<Result<Vec<_>>>()?;
    run(&consts, freqs.into(), method, SynapticFilter::Off)
}

/// Transfer function of one population of LIF neurons with synaptic time constant `tau_s`
/// at mean input `mu` and noise `sigma` (NNMT `lif.exp._transfer_function` for one
/// population), in Hz/V; the result has one population.
///
/// `tau_s = 0` is accepted and gives the white-noise (delta-synapse) transfer function, as
/// NNMT's `_transfer_function` with `tau_s = 0` (shift and taylor coincide there and the
/// filter is 1).
///
/// # Equation
/// See the [module documentation](self).
///
/// # Errors
/// - [`Error::InvalidParameter`](crate::Error::InvalidParameter) for invalid neuron parameters, τ_s < 0 or not finite,
///   σ < 0, σ = 0 with μ ≥ V_th (σ = 0 below threshold is a silent population, H = 0),
///   non-finite μ, σ or frequency;
/// - [`Error::OutOfDomain`](crate::Error::OutOfDomain), [`Error::NonFinite`](crate::Error::NonFinite) as for [`transfer_function`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::{exp::Method, transfer::{self, SynapticFilter}};
/// use nnmt::network::LifNeuron;
/// use nnmt::units::*;
/// let neuron = LifNeuron {
///     tau_m: Time::new::<millisecond>(20.0),
///     tau_r: Time::new::<millisecond>(0.0),
///     v_th: ElectricPotential::new::<millivolt>(20.0),
///     v_0: ElectricPotential::new::<millivolt>(10.0),
/// };
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let freqs = [Frequency::new::<hertz>(0.0), Frequency::new::<hertz>(1e-3)];
/// // white noise: tau_s = 0
/// let tf = transfer::population_transfer_function(
///     &neuron, Time::new::<second>(0.0), mv(15.0), mv(5.0), &freqs,
///     Method::Shift, SynapticFilter::On)?;
/// // with tau_r = 0 the ω = 0 value is the limit ω → 0⁺
/// let (h0, h1) = (tf.get(0, 0).unwrap(), tf.get(1, 0).unwrap());
/// assert!(((h1.re() - h0.re()) / h0.re()).get::<ratio>().abs() < 1e-4);
/// // without noise, below threshold: silent, H = 0
/// let silent = transfer::population_transfer_function(
///     &neuron, Time::new::<second>(0.0), mv(15.0), mv(0.0), &freqs,
///     Method::Shift, SynapticFilter::On)?;
/// assert_eq!(silent.modulus(1, 0).unwrap().get::<hertz_per_volt>(), 0.0);
/// // without noise, above threshold: no diffusion-approximation transfer function
/// assert!(transfer::population_transfer_function(
///     &neuron, Time::new::<second>(0.0), mv(25.0), mv(0.0), &freqs,
///     Method::Shift, SynapticFilter::On).is_err());
/// # Ok(()) }
/// ```
pub fn population_transfer_function<'a>(
    neuron: &LifNeuron,
    tau_s: Time,
    mu: ElectricPotential,
    sigma: ElectricPotential,
    freqs: impl Into<Frequencies<'a>>,
    method: Method,
    filter: SynapticFilter,
) -> Result<TransferFunction> {
    let n = neuron_si(neuron)?;
    let c = PopConsts::checked(0, method, mu.to_si(), sigma.to_si(), &n, tau_s.to_si())?;
    run(&[c], freqs.into(), method, filter)
}

/// Evaluates every (ω, population) pair and gives the values their units back.
fn run(
    consts: &[PopConsts],
    freqs: Frequencies<'_>,
    method: Method,
    filter: SynapticFilter,
) -> Result<TransferFunction> {
    let omegas = freqs.omegas_si();
    let values = evaluate(consts, &omegas, filter)?;
    Ok(TransferFunction::from_si(
        values,
        omegas,
        consts.len(),
        method,
        filter,
    ))
}
