//! Distributions of synaptic delays and their characteristic functions on SI `f64`.
//!
//! The delay factor of a connection is the characteristic function of its delay X,
//!
//! D(ω) = E[e^{−iωX}],
//!
//! with ONE Fourier sign for all four distributions, the sign of NNMT's other conventions
//! (a fixed delay d gives e^{−iωd}; the synaptic low-pass is 1/(1 + iωτ_s)). NNMT 1.3's
//! lognormal option returns E[e^{+iωX}] instead, the complex conjugate (its quadrature of
//! Beaulieu 2008, Eqs. 6a/6b, integrates cos and sin with a plus sign); that is not
//! reproduced: compare NNMT's lognormal `D` with the conjugate of this one.
//!
//! | distribution | X | D(ω) |
//! |---|---|---|
//! | `None` | d (fixed) | e^{−iωd} |
//! | `Gaussian` | N(d, s²) | e^{−ω²s²/2} e^{−iωd} |
//! | `TruncatedGaussian` | N(d, s²) conditioned on X ≥ 0 | see below |
//! | `Lognormal` | e^{M + S Z}, Z ~ N(0, 1), with mean d and standard deviation s | see below |
//!
//! `Delay` (d) and `Delay_sd` (s) are the parameters as NNMT names them: the mean and
//! standard deviation of the Gaussian *before* truncation, and the mean and standard
//! deviation of the lognormal itself (M = ln(d²/√(d² + s²)), S² = ln(1 + s²/d²), Beaulieu
//! 2008). s = 0 is the point mass at d for every distribution (NNMT's truncated Gaussian
//! gives NaN there).
//!
//! # Truncated Gaussian
//! With α = d/s ≥ 0 and β = ωs, the characteristic function of N(d, s²) truncated to
//! [0, ∞) is e^{−iωd − β²/2} erfc(−(α − iβ)/√2) / erfc(−α/√2) (NNMT's formula with the
//! complex erf). Written with the Faddeeva function w(z) = e^{−z²} erfc(−iz) and
//! w(−z) = 2e^{−z²} − w(z):
//!
//! D(ω) = [2 e^{−β²/2} e^{−iωd} − e^{−α²/2} w((β + iα)/√2)] / [2 − e^{−α²/2} erfcx(α/√2)],
//!
//! where w is evaluated in the upper half-plane (|w| ≤ 1) and the denominator lies in
//! [1, 2]: no term overflows and nothing cancels catastrophically for any ω s, where the
//! complex erf of NNMT's formula overflows (e^{β²/2} erfc …) once ω s ≳ 38. w and erfcx are
//! those of the `errorfunctions` crate (Faddeeva-package algorithms).
//!
//! # Lognormal
//! No closed form is known and no crate computes it; the integral is hand-written here. With
//! a = ω e^M > 0 (ω < 0 by D(−ω) = conj D(ω)), the integral
//! D = (2π)^{−1/2} ∫ exp(−ia e^{S z} − z²/2) dz is moved onto the horizontal line through its
//! saddle point u* = −W₀(i a S²) in u = S z (W₀: principal branch of the Lambert W function;
//! the shift is allowed because the integrand is entire and decays at both ends of the
//! strip). With t = (u − u*)/S this gives (the Laplace-transform formula of Asmussen,
//! Jensen & Rojas-Nandayapa 2016, Methodol. Comput. Appl. Probab. 18, 441, Eq. 2, continued
//! to imaginary argument)
//!
//! D = exp(−W(W + 2)/(2S²)) · (2π)^{−1/2} ∫ exp(−t²/2 − (W/S²)(e^{St} − 1 − St)) dt,
//! W = W₀(i a S²).
//!
//! Re W > 0, so the real part of the exponent has its maximum 0 at t = 0 and is concave:
//! the integrand neither overflows nor oscillates fast near its peak (its phase changes by
//! less than Im W/(2(1 + Re W)) < 1 over its width), which is what makes this right where
//! the oscillatory real-axis quadrature of NNMT fails (e.g. (M, S, ω) = (10, 1, π),
//! (1, 10, π), (1, 1, 10π) of NNMT's xfail test). When the saddle lies closer to the real
//! axis than θ = min(S, π/2) (a S² small with S not small: a wide distribution at a low
//! frequency), the tail e^{St} of that line still oscillates fast; the line Im u = −θ is
//! used instead, on which the integrand is |·| ≤ e^{θ²/(2S²)} ≤ e^{1/2} times its value on
//! the saddle line and decays where e^{St} grows (same form, with the real
//! w_r = W₀(a S² sin θ) in place of W). The integral is evaluated by the trapezoidal rule,
//! which converges geometrically for such integrands, halving the step until two
//! successive values agree to 1e-15 of ∫|·|. W₀ is found by Newton's method on
//! W + ln W = ln(iaS²) (no overflow for any a S²), with its Taylor series for a S² < 10⁻³.
//!
//! # Accuracy
//! Against mpmath (40 digits, `tests/data/mpmath/delay_characteristic.json`: spreads from
//! 1e-6 to 30 times the mean, f from 0.1 Hz to 100 kHz, NNMT's three failing points) the
//! lognormal agrees to ≤ 1.3e-13 relative and the truncated Gaussian (ω s up to 1e5) to
//! ≤ 2.4e-15 (test `delay_factors_match_mpmath_where_nnmt_fails` in
//! `tests/it/linear_response.rs`).

use std::f64::consts::{FRAC_1_SQRT_2, PI};
use std::fmt;
use std::str::FromStr;

use errorfunctions::{ComplexErrorFunctions, RealErrorFunctions};
use nalgebra::DMatrix;
use num_complex::Complex64;
use rayon::prelude::*;

use crate::error::{Error, Result};

/// The distribution of synaptic delays (NNMT `delay_dist`), given a mean `Delay` and a
/// standard deviation `Delay_sd` per connection.
///
/// Each has the characteristic function D(ω) = E[e^{−iωX}] of its delay X (Bos et al. 2016,
/// Eq. 12 ff.; one Fourier sign for all four, see
/// [`delay_matrix`](crate::network::delay_matrix)).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::network::DelayDistribution;
/// let d: DelayDistribution = "truncated_gaussian".parse()?;
/// assert_eq!(d, DelayDistribution::TruncatedGaussian);
/// assert_eq!(d.to_string(), "truncated_gaussian");
/// assert!("uniform".parse::<DelayDistribution>().is_err());
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DelayDistribution {
    /// Fixed delays d (`none`): D(ω) = e^{−iωd}; `Delay_sd` is not used.
    #[default]
    None,
    /// Gaussian delays N(d, s²) (`gaussian`): D(ω) = e^{−ω²s²/2} e^{−iωd} (negative delays
    /// have non-zero probability; NNMT's model).
    Gaussian,
    /// Gaussian delays N(d, s²) truncated at zero (`truncated_gaussian`); d and s are the
    /// parameters of the Gaussian before truncation.
    TruncatedGaussian,
    /// Lognormal delays with mean d and standard deviation s (`lognormal`); d > 0 where
    /// s > 0.
    Lognormal,
}

impl DelayDistribution {
    /// NNMT's name: `none`, `gaussian`, `truncated_gaussian` or `lognormal`.
    ///
    /// # Examples
    /// ```
    /// use nnmt::network::DelayDistribution;
    /// assert_eq!(DelayDistribution::Lognormal.name(), "lognormal");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Gaussian => "gaussian",
            Self::TruncatedGaussian => "truncated_gaussian",
            Self::Lognormal => "lognormal",
        }
    }
}

impl fmt::Display for DelayDistribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DelayDistribution {
    type Err = Error;
    /// Parses NNMT's names (`none`, `gaussian`, `truncated_gaussian`, `lognormal`).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming `delay_dist` for any other name.
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "none" => Ok(Self::None),
            "gaussian" => Ok(Self::Gaussian),
            "truncated_gaussian" => Ok(Self::TruncatedGaussian),
            "lognormal" => Ok(Self::Lognormal),
            _ => Err(Error::invalid(
                "delay_dist",
                None,
                format!(
                    "unknown delay distribution '{s}': expected none, gaussian, \
                     truncated_gaussian or lognormal"
                ),
            )),
        }
    }
}

/// e^{−iωd}.
fn point_mass(omega: f64, d: f64) -> Complex64 {
    Complex64::from_polar(1.0, -omega * d)
}

/// D(ω) = E[e^{−iωX}] of one connection with mean delay `d` ≥ 0 and spread `sd` ≥ 0 (s),
/// at angular frequency `omega` (rad/s); for the lognormal, d > 0 where sd > 0 (checked by
/// the caller).
pub(crate) fn characteristic_function(
    dist: DelayDistribution,
    omega: f64,
    d: f64,
    sd: f64,
) -> Complex64 {
    if dist == DelayDistribution::None || sd == 0.0 || omega == 0.0 {
        return if omega == 0.0 {
            Complex64::new(1.0, 0.0)
        } else {
            point_mass(omega, d)
        };
    }
    match dist {
        DelayDistribution::None => point_mass(omega, d),
        DelayDistribution::Gaussian => {
            let beta = omega * sd;
            point_mass(omega, d) * (-0.5 * beta * beta).exp()
        }
        DelayDistribution::TruncatedGaussian => truncated_gaussian(omega, d, sd),
        DelayDistribution::Lognormal => lognormal(omega, d, sd),
    }
}

/// The truncated Gaussian's characteristic function (module docs), sd > 0, d ≥ 0.
fn truncated_gaussian(omega: f64, d: f64, sd: f64) -> Complex64 {
    let alpha = d / sd;
    let beta = omega * sd;
    let gauss = point_mass(omega, d) * (-0.5 * beta * beta).exp();
    // e^{−α²/2} < 1e-347 (0 in f64): the truncation is invisible
    if alpha >= 40.0 || alpha.is_nan() {
        return gauss;
    }
    let damp = (-0.5 * alpha * alpha).exp();
    let w = Complex64::new(beta * FRAC_1_SQRT_2, alpha * FRAC_1_SQRT_2).w();
    let denominator = 2.0 - damp * (alpha * FRAC_1_SQRT_2).erfcx();
    (2.0 * gauss - damp * w) / denominator
}

/// The lognormal's characteristic function for mean `d` > 0 and standard deviation `sd` > 0,
/// ω ≠ 0 (module docs).
fn lognormal(omega: f64, d: f64, sd: f64) -> Complex64 {
    let ratio = sd / d;
    // S² = ln(1 + r²) and e^M = d² / √(d² + s²) = d / √(1 + r²), without overflowing r²
    let (s2, e_m) = if ratio < 1e100 {
        let v = ratio * ratio;
        (v.ln_1p(), d / (1.0 + v).sqrt())
    } else {
        let inv = 1.0 / (ratio * ratio);
        (
            2.0 * ratio.ln() + inv.ln_1p(),
            d / ratio / (1.0 + inv).sqrt(),
        )
    };
    if s2 == 0.0 || !s2.is_finite() || !e_m.is_finite() {
        return point_mass(omega, d);
    }
    let a = omega.abs() * e_m;
    if a == 0.0 {
        return Complex64::new(1.0, 0.0);
    }
    let value = lognormal_underlying(a, s2.sqrt());
    if omega < 0.0 { value.conj() } else { value }
}

/// E[exp(−i a e^{S Z})], Z ~ N(0, 1), for a > 0, S > 0: the characteristic function at
/// ω = 1 of the lognormal with underlying parameters (ln a, S).
pub(crate) fn lognormal_underlying(a: f64, s: f64) -> Complex64 {
    let c = a * s * s;
    let (w, r) = lambert_w_imaginary(c);
    // the line Im u = −θ: through the saddle (θ* = Im W) unless that is closer to the real
    // axis than min(S, π/2) (module docs)
    let theta = s.min(0.5 * PI);
    if w.im >= theta {
        // W/S² = a r, so  −W(W + 2)/(2S²) = −a r (1 + W/2)
        let ar = a * r;
        let log_prefactor = -ar * (1.0 + 0.5 * w);
        let j = trapezoid(
            |t| Complex64::new(-0.5 * t * t, 0.0) - ar * exp_m1_minus_x(s * t),
            0.5 / (1.0 + w).norm().sqrt(),
        );
        scaled(log_prefactor, j)
    } else {
        // on u = x − iθ the real part of the exponent is largest at x_m = −w_r,
        // w_r = W₀(a S² sin θ) (real branch)
        let s2 = s * s;
        let (sin, cos) = theta.sin_cos();
        let wr = lambert_w_real(c * sin);
        let cot = cos / sin;
        let log_prefactor = Complex64::new(
            -wr / s2 - (wr * wr - theta * theta) / (2.0 * s2),
            -wr * cot / s2 - wr * theta / s2,
        );
        let j = trapezoid(
            |t| {
                let x = s * t;
                Complex64::new(
                    -0.5 * t * t - wr / s2 * exp_m1_minus_x(x),
                    -wr * cot / s2 * x.exp_m1() + t * theta / s,
                )
            },
            0.5 / (1.0 + wr).sqrt(),
        );
        scaled(log_prefactor, j)
    }
}

/// e^{log_prefactor} · j, 0 where the prefactor underflows.
fn scaled(log_prefactor: Complex64, j: Complex64) -> Complex64 {
    if log_prefactor.re < -745.0 {
        return Complex64::new(0.0, 0.0);
    }
    log_prefactor.exp() * j
}

/// W₀(b) for b ≥ 0 (real principal branch), by Newton's method on w + ln w = ln b.
fn lambert_w_real(b: f64) -> f64 {
    if b < 1e-8 {
        return b * (1.0 - b);
    }
    let ln_b = b.ln();
    let mut w = b.ln_1p();
    for _ in 0..100 {
        let step = (w + w.ln() - ln_b) * w / (1.0 + w);
        w -= step;
        if step.abs() <= 4.0 * f64::EPSILON * w {
            break;
        }
    }
    w
}

/// (W₀(ic), W₀(ic)/c) for c ≥ 0 (principal branch of Lambert's W).
fn lambert_w_imaginary(c: f64) -> (Complex64, Complex64) {
    let z = Complex64::new(0.0, c);
    if c < 1e-3 {
        // W(z)/z = Σ (−n)^{n−1} z^{n−1}/n!, error < (e·1e-3)^7
        const COEF: [f64; 7] = [
            1.0,
            -1.0,
            1.5,
            -8.0 / 3.0,
            125.0 / 24.0,
            -54.0 / 5.0,
            16807.0 / 720.0,
        ];
        let mut rho = Complex64::new(0.0, 0.0);
        for &k in COEF.iter().rev() {
            rho = rho * z + k;
        }
        // W/c = i ρ
        return (z * rho, Complex64::new(0.0, 1.0) * rho);
    }
    let ln_z = Complex64::new(c.ln(), 0.5 * PI);
    let mut w = if c < 3.0 {
        (z + 1.0).ln()
    } else {
        let l2 = ln_z.ln();
        ln_z - l2 + l2 / ln_z
    };
    for _ in 0..100 {
        let step = (w + w.ln() - ln_z) * w / (w + 1.0);
        w -= step;
        if step.norm() <= 4.0 * f64::EPSILON * w.norm() {
            break;
        }
    }
    (w, w / c)
}

/// e^x − 1 − x without cancellation.
fn exp_m1_minus_x(x: f64) -> f64 {
    if x.abs() < 0.5 {
        // Σ_{k≥2} x^k/k!, 20 terms: error < 0.5^22/22! ≈ 2e-28
        let mut term = 0.5 * x * x;
        let mut sum = term;
        for k in 3..22 {
            term *= x / k as f64;
            sum += term;
        }
        sum
    } else {
        x.exp_m1() - x
    }
}

/// (2π)^{−1/2} ∫ exp(e(t)) dt for an exponent e whose real part is concave with maximum
/// ≈ 0 at t = 0, by the trapezoidal rule from step `h0`, halving the step until two values
/// agree to 1e-15 of ∫|exp e| (module docs); |result| ≤ 1 up to rounding.
fn trapezoid(exponent: impl Fn(f64) -> Complex64, h0: f64) -> Complex64 {
    // the exponent falls below −CUT (e^{−50} ≈ 2e-22) outside the summed range
    const CUT: f64 = 50.0;
    // sum of f over t = offset + k h for k ∈ ℤ, marching out from 0 while f is not negligible
    let lattice = |h: f64, offset: f64| -> (Complex64, f64) {
        let mut sum = Complex64::new(0.0, 0.0);
        let mut abs = 0.0;
        for dir in [1.0, -1.0] {
            // offset 0: t = 0 belongs to the positive side only
            let first = if offset == 0.0 && dir < 0.0 { 1 } else { 0 };
            for k in first.. {
                let e = exponent(dir * (offset + k as f64 * h));
                if e.re <= -CUT || e.re.is_nan() {
                    break;
                }
                let f = e.exp();
                sum += f;
                abs += f.norm();
            }
        }
        (sum, abs)
    };
    let mut h = h0;
    let (mut sum, mut abs) = lattice(h, 0.0);
    let mut value = sum * h;
    for _ in 0..16 {
        let (mid, mid_abs) = lattice(h, 0.5 * h);
        sum += mid;
        abs += mid_abs;
        h *= 0.5;
        let next = sum * h;
        let converged = (next - value).norm() <= 1e-15 * abs * h;
        value = next;
        if converged {
            break;
        }
    }
    value / (2.0 * PI).sqrt()
}

/// D(ω) for every connection at every angular frequency: one n × n matrix per ω (rad/s),
/// from the mean delays `d` and spreads `sd` (n × n, s, validated by the caller: finite,
/// ≥ 0, and d > 0 where sd > 0 for the lognormal). Each distinct (d, sd) pair is evaluated
/// once per frequency; frequencies in parallel.
///
/// # Errors
/// [`Error::NonFinite`] if a value is not finite (not expected for valid input).
pub(crate) fn delay_matrix(
    dist: DelayDistribution,
    d: &DMatrix<f64>,
    sd: &DMatrix<f64>,
    omegas: &[f64],
) -> Result<Vec<DMatrix<Complex64>>> {
    let (nr, nc) = d.shape();
    // distinct (d, sd) pairs and, per entry, the index of its pair
    let mut pairs: Vec<(f64, f64)> = Vec::new();
    let mut index = Vec::with_capacity(nr * nc);
    let mut seen = std::collections::HashMap::new();
    for (x, y) in d.iter().zip(sd.iter()) {
        let key = (x.to_bits(), y.to_bits());
        let k = *seen.entry(key).or_insert_with(|| {
            pairs.push((*x, *y));
            pairs.len() - 1
        });
        index.push(k);
    }
    omegas
        .par_iter()
        .enumerate()
        .map(|(f, &omega)| {
            let values: Vec<Complex64> = pairs
                .iter()
                .map(|&(x, y)| characteristic_function(dist, omega, x, y))
                .collect();
            if let Some(p) = values
                .iter()
                .position(|z| !(z.re.is_finite() && z.im.is_finite()))
            {
                let (x, y) = pairs[p];
                return Err(Error::NonFinite {
                    quantity: "delay distribution matrix D",
                    population: None,
                    detail: format!(
                        "{dist} delays with mean {x} s and sd {y} s at ω = {omega} rad/s \
                         (frequency index {f})"
                    ),
                });
            }
            // column-major, as `index` was built from nalgebra's column-major iterator
            Ok(DMatrix::from_iterator(
                nr,
                nc,
                index.iter().map(|&k| values[k]),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values from mpmath (40 digits) of E[exp(−i a e^{S Z})] on the horizontal line through
    /// the saddle (tests/data/generate/make_delay_mpmath.py computes the full table the
    /// integration tests use); a few here for the kernel alone.
    #[test]
    fn lognormal_matches_mpmath_at_nnmt_failures() {
        // (M, S, ω) of NNMT's xfail test: a = ω e^M
        let cases = [
            // (a, S, re, im)
            (
                PI * 10f64.exp(),
                1.0,
                4.40015298742133e-24,
                -4.905506208667366e-22,
            ),
            (1.0, 0.5, 0.40018015545751623, -0.7532640448709357),
        ];
        for (a, s, re, im) in cases {
            let got = lognormal_underlying(a, s);
            let want = Complex64::new(re, im);
            let rel = (got - want).norm() / want.norm();
            // tolerance: the phase of the result is a-times conditioned (≈ a·ε ≈ 1.5e-11
            // at a = 69198); 1e-10 leaves a margin
            assert!(rel < 1e-10, "a={a} S={s}: {got} vs {want}: {rel:e}");
        }
    }

    #[test]
    fn lambert_w_solves_its_equation() {
        for c in [1e-12, 1e-4, 1e-3, 0.5, 1.0, 3.0, 10.0, 1e6, 1e300] {
            let (w, r) = lambert_w_imaginary(c);
            let z = Complex64::new(0.0, c);
            // W e^W = z, checked in logarithmic form where e^W would overflow
            let res = if c < 1e3 {
                (w * w.exp() - z).norm() / c
            } else {
                (w + w.ln() - z.ln()).norm()
            };
            assert!(res < 1e-14, "c={c}: residual {res:e}");
            assert!((r * c - w).norm() <= 1e-15 * w.norm());
            assert!(w.re >= 0.0 && w.im > 0.0 && w.im < 0.5 * PI);
        }
    }

    #[test]
    fn truncated_gaussian_limits() {
        // d ≫ sd: the Gaussian; ω s huge: finite and small, no overflow
        let g = characteristic_function(DelayDistribution::TruncatedGaussian, 100.0, 1.0, 0.01);
        let want = characteristic_function(DelayDistribution::Gaussian, 100.0, 1.0, 0.01);
        assert!((g - want).norm() < 1e-15);
        for beta in [1e2, 1e5, 1e10, 1e200] {
            let z = characteristic_function(DelayDistribution::TruncatedGaussian, beta, 1.0, 1.0);
            assert!(
                z.re.is_finite() && z.im.is_finite() && z.norm() <= 1.0,
                "{beta}: {z}"
            );
        }
        // sd = 0: the point mass
        let z = characteristic_function(DelayDistribution::TruncatedGaussian, 3.0, 0.5, 0.0);
        assert!((z - point_mass(3.0, 0.5)).norm() < 1e-16);
    }

    #[test]
    fn lognormal_extreme_spreads_are_finite_and_bounded() {
        // sd/d up to 1e300 (S² ≈ 1382) and down to 1e-200 (S² underflows: the point mass)
        for ratio in [1e-200, 1e-12, 1e50, 1e99, 1e101, 1e300] {
            for omega in [1e-6, 1.0, 1e6] {
                let z = characteristic_function(
                    DelayDistribution::Lognormal,
                    omega,
                    1e-3,
                    1e-3 * ratio,
                );
                assert!(z.re.is_finite() && z.im.is_finite(), "{ratio} {omega}: {z}");
                assert!(z.norm() <= 1.0 + 1e-14, "{ratio} {omega}: {z}");
            }
        }
        let z = characteristic_function(DelayDistribution::Lognormal, 3.0, 0.5, 0.5e-200);
        assert!((z - point_mass(3.0, 0.5)).norm() < 1e-15);
    }
}
