//! Special functions and quadrature on plain `f64` (SI-free numerics).
//!
//! - [`erfcx_integral`]: ∫ₐᵇ erfcx(s) ds for 0 ≤ a ≤ b, accurate to ≤ 2e-15 relative for any
//!   finite range (the building block of the Siegert formula);
//! - [`erfcx_antiderivative`]: G(x) = ∫₀ˣ erfcx(s) ds from a generated piecewise polynomial
//!   table (one division and a degree-12 polynomial), so that ∫ₐᵇ erfcx = G(b) − G(a) costs
//!   two table look-ups where the difference does not cancel;
//! - [`exp_neg_sq`]: e^{−y²} without the rounding error of forming y² first, and
//!   [`exp_diff_sq`]: e^{p² − q²} likewise;
//! - [`gauss_legendre`]: 12-point Gauss–Legendre quadrature (constant node table);
//! - [`pcfu`]: the parabolic cylinder function U(a, x) for complex order a.
//!
//! erfcx and Dawson's function come from the `errorfunctions` crate (a port of the
//! Faddeeva package). No crate provides the integral of erfcx, which the Siegert formula
//! needs on every call: it is hand-written here, as a table generated with mpmath
//! (`tests/data/generate/make_erfcx_integral_table.py`) in the manner of the Faddeeva
//! package's piecewise Chebyshev erfcx (Johnson, Faddeeva Package, `erfcx_y100`).

mod erfcx_integral_table;
pub(crate) mod pcfu;

use errorfunctions::RealErrorFunctions;

/// Number of Gauss–Legendre nodes per panel.
const GL_ORDER: usize = 12;

/// Nodes of the 12-point Gauss–Legendre rule on [−1, 1] (the zeros of the Legendre
/// polynomial P₁₂), correctly rounded from 50-digit values (mpmath `polyroots` of P₁₂;
/// Abramowitz & Stegun, Table 25.4).
const GL_NODES: [f64; GL_ORDER] = [
    -0.981_560_634_246_719_2,
    -0.904_117_256_370_474_9,
    -0.769_902_674_194_304_7,
    -0.587_317_954_286_617_5,
    -0.367_831_498_998_180_2,
    -0.125_233_408_511_468_9,
    0.125_233_408_511_468_9,
    0.367_831_498_998_180_2,
    0.587_317_954_286_617_5,
    0.769_902_674_194_304_7,
    0.904_117_256_370_474_9,
    0.981_560_634_246_719_2,
];

/// Weights w_i = 2 / ((1 − x_i²) P₁₂'(x_i)²) of the 12-point Gauss–Legendre rule, correctly
/// rounded from 50-digit values.
const GL_WEIGHTS: [f64; GL_ORDER] = [
    0.047_175_336_386_511_83,
    0.106_939_325_995_318_43,
    0.160_078_328_543_346_22,
    0.203_167_426_723_065_92,
    0.233_492_536_538_354_8,
    0.249_147_045_813_402_77,
    0.249_147_045_813_402_77,
    0.233_492_536_538_354_8,
    0.203_167_426_723_065_92,
    0.160_078_328_543_346_22,
    0.106_939_325_995_318_43,
    0.047_175_336_386_511_83,
];

/// Gauss–Legendre quadrature of `f` on [a, b] with [`GL_ORDER`] nodes.
#[inline]
pub(crate) fn gauss_legendre(a: f64, b: f64, f: impl Fn(f64) -> f64) -> f64 {
    let half = 0.5 * (b - a);
    let mid = 0.5 * (b + a);
    let mut s = 0.0;
    for (xi, wi) in GL_NODES.iter().zip(&GL_WEIGHTS) {
        s += wi * f(mid + half * xi);
    }
    s * half
}

/// e^{−y²}, with y² split exactly into y·y = h + l (fused multiply-add), so that the result
/// has full relative accuracy even where y² is large (where forming y² first would lose
/// digits: its rounding error is multiplied by y²).
#[inline]
pub(crate) fn exp_neg_sq(y: f64) -> f64 {
    let h = y * y;
    // e^{−h} is below the smallest subnormal double (≈ e^{−744.4}) from here on; without this
    // test, for |y| ≳ 3e9 the rounding error l of y² exceeds 709 in size and e^{−l} overflows,
    // giving 0 · ∞ = NaN.
    if h > 746.0 {
        return 0.0;
    }
    let l = y.mul_add(y, -h);
    (-h).exp() * (-l).exp()
}

/// e^{p² − q²}, with the exponent (p − q)(p + q) formed exactly (the sum and difference by
/// TwoSum, the product by a fused multiply-add) and its low part applied as a factor
/// 1 + l, so that the result has full relative accuracy also where |p² − q²| is large (where
/// the rounding of p + q alone would put an error of |p² − q²|·1e-16 into the result).
#[inline]
pub(crate) fn exp_diff_sq(p: f64, q: f64) -> f64 {
    let two_sum = |a: f64, b: f64| {
        let s = a + b;
        let bb = s - a;
        (s, (a - (s - bb)) + (b - bb))
    };
    let (d, dd) = two_sum(p, -q);
    let (s, ds) = two_sum(p, q);
    let h = d * s;
    if !h.is_finite() {
        return h.exp();
    }
    let l = d.mul_add(s, -h) + d * ds + dd * s;
    h.exp() * (1.0 + l)
}

/// erfcx(s) = e^{s²} erfc(s).
#[inline]
pub(crate) fn erfcx(s: f64) -> f64 {
    RealErrorFunctions::erfcx(s)
}

/// Dawson's integral F(s) = e^{−s²} ∫₀ˢ e^{t²} dt.
#[inline]
pub(crate) fn dawson(s: f64) -> f64 {
    RealErrorFunctions::dawson(s)
}

/// Lower end of the region integrated in the logarithmic variable.
const LOG_REGION_START: f64 = 2.0;
/// Start of the region where the asymptotic expansion of erfcx is integrated term by term.
const ASYMPTOTIC_START: f64 = 100.0;
/// Largest width of one Gauss–Legendre panel in t = ln s (12 nodes reach full double
/// accuracy on it: tested against mpmath).
const LOG_PANEL_WIDTH: f64 = 2.0;

/// Upper end of the polynomial table of [`erfcx_antiderivative`].
const TABLE_END: f64 = 100.0;

/// G(x) = ∫₀ˣ erfcx(s) ds for x ≥ 0 (finite), with ≤ 4e-16 relative accuracy (measured
/// against mpmath at 40 digits, `tests/data/mpmath/erfcx_antiderivative.json`: see the test).
///
/// # Formula
/// - 0 ≤ x < 100: G(x) = x R(x), with R = G/x smooth and positive (R(0) = 1). The variable
///   y = 400/(4 + x) ∈ (3.85, 100] (the map of the Faddeeva package's erfcx) is cut into
///   unit pieces [j, j + 1]; on each, R is the degree-12 Chebyshev interpolant at 40 digits
///   (dropped coefficients ≤ 3e-18 of R), stored as a polynomial in t = 2(y − j) − 1 ∈
///   [−1, 1] and evaluated by Estrin's scheme;
/// - x ≥ 100: G(x) = C + (1/√π)[ln x + 1/(4x²) − 3/(16x⁴) + 5/(16x⁶)], the term-wise
///   integrated asymptotic series of erfcx (DLMF 7.12.1; next term < 2e-17 relative), with
///   C = lim (G(x) − ln(x)/√π) from mpmath.
#[inline]
pub(crate) fn erfcx_antiderivative(x: f64) -> f64 {
    use erfcx_integral_table::{FIRST_PIECE, LOG_CONSTANT, PIECES};
    if x >= TABLE_END {
        let r2 = 1.0 / (x * x);
        let series = r2 * (0.25 + r2 * (-3.0 / 16.0 + r2 * (5.0 / 16.0)));
        return LOG_CONSTANT + (x.ln() + series) / std::f64::consts::PI.sqrt();
    }
    let (j, t) = table_point(x);
    x * table_poly(&PIECES[j - FIRST_PIECE], t)
}

/// The piece j and the variable t = 2(y − j) − 1 of x ∈ [0, 100) in the table of
/// [`erfcx_antiderivative`], y = 400/(4 + x).
#[inline]
fn table_point(x: f64) -> (usize, f64) {
    use erfcx_integral_table::{FIRST_PIECE, PIECES};
    let (y, dy) = table_y(x);
    // y ∈ (3.85, 100] for 0 ≤ x < 100; the clamp keeps the index in the table for any input
    let j = (y as usize).clamp(FIRST_PIECE, FIRST_PIECE + PIECES.len() - 1);
    (j, 2.0 * ((y - j as f64) + dy) - 1.0)
}

/// y = 400/(4 + x) as y + dy, to well below an ulp of y (whose ulp, 1.4e-14 at y ≈ 100,
/// would otherwise cost up to 2e-16 of R): d + e = 4 + x exactly (Fast2Sum), the residual
/// r = 400 − y d exactly (fused multiply-add), and y_true − y ≈ (r − y e)/d.
#[inline]
fn table_y(x: f64) -> (f64, f64) {
    let d = 4.0 + x;
    let e = if x <= 4.0 {
        x - (d - 4.0)
    } else {
        4.0 - (d - x)
    };
    let y = 400.0 / d;
    (y, ((-y).mul_add(d, 400.0) - y * e) * (y * 0.0025))
}

/// R = Σ c_k t^k on one piece of the table of [`erfcx_antiderivative`].
///
/// Estrin's scheme (shorter dependency chains than Horner's), with plain multiply and add:
/// without a target-wide `fma` feature `mul_add` is a library call (it was 15 % of a Siegert
/// evaluation). With |t| ≤ 1 and Σ_{k≥1} |c_k| ≤ 0.124 c₀ on every piece, R is c₀ plus a
/// correction of ≤ 1/8 of it, so either order of summation is accurate to about one ulp of
/// R (the tests measure the result).
#[inline]
fn table_poly(c: &[f64; erfcx_integral_table::DEGREE + 1], t: f64) -> f64 {
    const _: () = assert!(erfcx_integral_table::DEGREE == 12);
    let t2 = t * t;
    let t4 = t2 * t2;
    let t8 = t4 * t4;
    let p = |k: usize| c[k] + c[k + 1] * t;
    let q0 = p(0) + p(2) * t2;
    let q1 = p(4) + p(6) * t2;
    let q2 = p(8) + p(10) * t2;
    (q0 + q1 * t4) + (q2 + c[12] * t4) * t8
}

/// ∫_{x1}^{x2} erfcx(s) ds for x1 ≤ x2 in piece `j` of the table of
/// [`erfcx_antiderivative`], without the cancellation of G(x2) − G(x1).
///
/// G is split as G = g₀ + H, g₀(x) = ln(1 + √π x)/√π (whose derivative 1/(1 + √π x) has
/// erfcx's values at 0 and leading term at ∞, and is below erfcx), H = x R_H with R_H = P(t)
/// tabulated like R (dropped coefficients ≤ 3e-25 of R). Then
/// - g₀(x2) − g₀(x1) = ln(1 + √π (x2 − x1)/(1 + √π x1))/√π (ln_1p: no cancellation);
/// - H(x2) − H(x1) = (x2 − x1) [R_H(x2) − 800 x1 P[t1, t2]/((4 + x1)(4 + x2))], from
///   t₂ − t₁ = −800 (x2 − x1)/((4 + x1)(4 + x2)), where the divided difference
///   P[t1, t2] = (P(t2) − P(t1))/(t2 − t1) is the synthetic quotient of P by (t − t1) at t2.
///
/// Both parts are positive, and the terms of the bracket are below erfcx (R_H ≲ 0.4 erfcx),
/// so the rounding errors are not amplified.
fn piece_integral(j: usize, x1: f64, x2: f64) -> f64 {
    use erfcx_integral_table::{DEGREE, FIRST_PIECE, PIECES_H};
    let c = &PIECES_H[j - FIRST_PIECE];
    // t relative to piece j (an end point on a piece boundary may round into the next piece)
    let t = |x: f64| {
        let (y, dy) = table_y(x);
        2.0 * ((y - j as f64) + dy) - 1.0
    };
    let (t1, t2) = (t(x1), t(x2));
    let mut b = c[DEGREE];
    let mut dd = b;
    for k in (1..DEGREE).rev() {
        b = c[k] + t1 * b;
        dd = dd * t2 + b;
    }
    let dh = (x2 - x1) * (table_poly(c, t2) - 800.0 * x1 * dd / ((4.0 + x1) * (4.0 + x2)));
    let sqrt_pi = std::f64::consts::PI.sqrt();
    let dg0 = (sqrt_pi * (x2 - x1) / (1.0 + sqrt_pi * x1)).ln_1p() / sqrt_pi;
    dg0 + dh
}

/// ∫ₐᵇ erfcx(s) ds for 0 ≤ a ≤ b < 100 from the table of [`erfcx_antiderivative`]: the
/// parts of the end pieces by [`piece_integral`] plus the integrals over the whole pieces in
/// between (tabulated, correctly rounded); a sum of positive terms.
fn table_integral(a: f64, b: f64) -> f64 {
    use erfcx_integral_table::{BOUNDS, FIRST_PIECE, PIECE_INTEGRALS};
    let (ja, jb) = (table_point(a).0, table_point(b).0);
    if ja == jb {
        return piece_integral(ja, a, b);
    }
    // piece j covers x ∈ [BOUNDS[j + 1 − FIRST_PIECE], BOUNDS[j − FIRST_PIECE]]; jb < ja
    let mut total = piece_integral(ja, a, BOUNDS[ja - FIRST_PIECE]);
    for j in jb + 1..ja {
        total += PIECE_INTEGRALS[j - FIRST_PIECE];
    }
    total + piece_integral(jb, BOUNDS[jb + 1 - FIRST_PIECE], b)
}

/// ∫ₐᵇ erfcx(s) ds for 0 ≤ a ≤ b (finite), with ≤ 2e-15 relative accuracy.
///
/// # Formula
/// Where G(a) ≤ G(b)/2 (G = [`erfcx_antiderivative`]) the integral is G(b) − G(a), whose
/// relative error is then at most (G(b) + G(a))/(G(b) − G(a)) ≤ 3 times G's (≤ 1e-15).
/// Otherwise (a short interval relative to a), for b < 100, the table of G integrated piece
/// by piece without cancellation ([`piece_integral`]; measured worst 3.8e-16 against mpmath
/// on short intervals, `tests/data/mpmath/erfcx_integral_short.json`, where the 12-point
/// Gauss–Legendre quadrature below measured 5.2e-16 and costs 12 erfcx evaluations); for
/// b ≥ 100 the range is split into three parts:
/// - s ∈ [0, 2]: 12-point Gauss–Legendre (erfcx is entire and mild there);
/// - s ∈ [2, 100]: substitution s = eᵗ, ∫ erfcx(eᵗ) eᵗ dt, where the integrand is smooth
///   and nearly constant (→ 1/√π), on 12-point panels of width ≤ 2 in t (t measured from
///   the lower end, so short intervals keep their relative accuracy);
/// - s ≥ 100: the asymptotic series erfcx(s) ~ (1/√π) Σ (−1)ⁿ (2n−1)!!/(2s²)ⁿ / s
///   (DLMF 7.12.1) integrated term by term up to n = 3 (next term < 1e-15 relative):
///   (1/√π) [ln s + 1/(4s²) − 3/(16s⁴) + 5/(16s⁶)], with the differences formed so that
///   they stay accurate when a ≈ b and do not overflow for huge a, b.
///
/// Unlike NNMT's Siegert integration with one global Gauss–Legendre order, this never fails
/// for wide ranges (|y| up to 1e300) or for a = b.
pub(crate) fn erfcx_integral(a: f64, b: f64) -> f64 {
    debug_assert!(
        0.0 <= a && a <= b,
        "erfcx_integral needs 0 ≤ a ≤ b: {a} {b}"
    );
    // G is concave (G'' = erfcx' < 0) with G(0) = 0, so G(a) ≥ (a/b) G(b): for a > b/2 the
    // difference would cancel, and G is not evaluated at all
    if 2.0 * a <= b {
        let (ga, gb) = (erfcx_antiderivative(a), erfcx_antiderivative(b));
        if ga <= 0.5 * gb {
            return gb - ga;
        }
    }
    if b < TABLE_END {
        return table_integral(a, b);
    }
    let mut total = 0.0;
    // Region 1: [a, min(b, 2)].
    if a < LOG_REGION_START {
        let hi = b.min(LOG_REGION_START);
        total += gauss_legendre(a, hi, erfcx);
    }
    // Region 2: [max(a, 2), min(b, 100)] in t = ln s.
    let lo = a.max(LOG_REGION_START);
    let hi = b.min(ASYMPTOTIC_START);
    if lo < hi {
        // t = ln(s/lo) ∈ [0, ln(hi/lo)], with ln(hi/lo) formed accurately for hi ≈ lo.
        let t1 = ((hi - lo) / lo).ln_1p();
        let panels = (t1 / LOG_PANEL_WIDTH).ceil().max(1.0);
        let width = t1 / panels;
        let panels = panels as usize;
        for p in 0..panels {
            let ta = p as f64 * width;
            let tb = if p + 1 == panels { t1 } else { ta + width };
            total += gauss_legendre(ta, tb, |t| {
                let s = lo * t.exp();
                erfcx(s) * s
            });
        }
    }
    // Region 3: [max(a, 100), b], asymptotic.
    let lo = a.max(ASYMPTOTIC_START);
    if lo < b {
        total += erfcx_integral_asymptotic(lo, b);
    }
    total
}

/// ∫ₐᵇ erfcx(s) ds for 100 ≤ a ≤ b from the term-wise integrated asymptotic series.
fn erfcx_integral_asymptotic(a: f64, b: f64) -> f64 {
    let (ia, ib) = (1.0 / a, 1.0 / b);
    // ln(b/a) accurately for b ≈ a.
    let log_term = ((b - a) * ia).ln_1p();
    // ib² − ia² = (ib − ia)(ib + ia), with ib − ia = (a − b)·ia·ib.
    let d1 = (a - b) * ia * ib;
    let d2 = d1 * (ib + ia); // ib² − ia²
    let (ia2, ib2) = (ia * ia, ib * ib);
    let d4 = d2 * (ib2 + ia2); // ib⁴ − ia⁴
    let d6 = d2 * (ib2 * ib2 + ib2 * ia2 + ia2 * ia2); // ib⁶ − ia⁶
    (log_term + 0.25 * d2 - 3.0 / 16.0 * d4 + 5.0 / 16.0 * d6) / std::f64::consts::PI.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gauss–Legendre of order n integrates polynomials of degree ≤ 2n − 1 exactly.
    #[test]
    fn gauss_legendre_is_exact_for_degree_2n_minus_1() {
        let d = 2 * GL_ORDER as i32 - 1;
        let got = gauss_legendre(0.0, 1.0, |x| x.powi(d));
        assert!((got - 1.0 / f64::from(d + 1)).abs() < 1e-15, "{got}");
        let sum: f64 = GL_WEIGHTS.iter().sum();
        assert!((sum - 2.0).abs() < 1e-14);
        // the nodes are the zeros of P₁₂ to rounding: the Newton correction P₁₂/P₁₂' at each
        // (three-term recurrence; P_n' = n (x P_n − P_{n−1}) / (x² − 1)) is below 2 ulp
        for &x in &GL_NODES {
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=GL_ORDER {
                let kf = k as f64;
                (p0, p1) = (p1, ((2.0 * kf - 1.0) * x * p1 - (kf - 1.0) * p0) / kf);
            }
            let dp = GL_ORDER as f64 * (x * p1 - p0) / (x * x - 1.0);
            let dx = p1 / dp;
            assert!(
                dx.abs() <= 2.0 * f64::EPSILON * x.abs(),
                "node {x}: Newton step {dx:e}"
            );
        }
    }

    /// ∫ erfcx over intervals in every region and across region boundaries, against mpmath
    /// at 40 digits (`tests/data/mpmath/erfcx_integral.json`): the full double accuracy.
    #[test]
    fn erfcx_integral_matches_mpmath() {
        let table = crate::test_data("mpmath/erfcx_integral.json");
        /// The accuracy the module docs state.
        const TOL: f64 = 2e-15;
        let mut worst = 0.0f64;
        for p in table["points"].as_array().unwrap() {
            let (a, b) = (p["a"].as_f64().unwrap(), p["b"].as_f64().unwrap());
            let want: f64 = p["integral"].as_str().unwrap().parse().unwrap();
            let got = erfcx_integral(a, b);
            let e = ((got - want) / want).abs();
            worst = worst.max(e);
            assert!(e <= TOL, "∫_{a}^{b} erfcx: {got} vs {want} ({e:e})");
        }
        println!("worst relative error of erfcx_integral: {worst:e}");
        // Short intervals: relative accuracy is kept when a ≈ b.
        for &a in &[0.5, 3.0, 150.0, 1e6] {
            let b = a * (1.0 + 1e-9);
            let want = erfcx(a) * (b - a); // midpoint rule is exact to O((b − a)³)
            let got = erfcx_integral(a, b);
            assert!(
                ((got - want) / want).abs() < 1e-8,
                "short interval at {a}: {got} vs {want}"
            );
        }
    }

    /// ∫ₐᵇ erfcx over short intervals (a > b/2, where G(b) − G(a) cancels), inside one
    /// piece of the table and across many and at piece boundaries, against mpmath at 40 digits
    /// (`tests/data/mpmath/erfcx_integral_short.json`): the table path of `erfcx_integral`.
    #[test]
    fn erfcx_integral_of_short_intervals_matches_mpmath() {
        let table = crate::test_data("mpmath/erfcx_integral_short.json");
        /// Measured worst 5.0e-16 (on [99, 103.95], by the quadrature for b ≥ 100; 3.8e-16 by
        /// the table for b < 100), below the 2e-15 the docs of `erfcx_integral` state.
        const TOL: f64 = 6e-16;
        let mut worst = (0.0f64, 0.0, 0.0);
        let points = table["points"].as_array().unwrap();
        for p in points {
            let (a, b) = (p["a"].as_f64().unwrap(), p["b"].as_f64().unwrap());
            let want: f64 = p["integral"].as_str().unwrap().parse().unwrap();
            let got = erfcx_integral(a, b);
            let e = ((got - want) / want).abs();
            if e > worst.0 {
                worst = (e, a, b);
            }
            assert!(e <= TOL, "∫_{a}^{b} erfcx: {got} vs {want} ({e:e})");
        }
        assert!(points.len() > 150);
        println!(
            "worst relative error of erfcx_integral on short intervals: {:e} on [{}, {}]",
            worst.0, worst.1, worst.2
        );
    }

    /// G(x) = ∫₀ˣ erfcx against mpmath at 40 digits (`tests/data/mpmath/erfcx_antiderivative
    /// .json`): every piece boundary and middle of the table, x from 1e-8 to 1e8 and 1e300.
    #[test]
    #[allow(clippy::float_cmp)] // G(0) = 0 exactly
    fn erfcx_antiderivative_matches_mpmath() {
        let table = crate::test_data("mpmath/erfcx_antiderivative.json");
        /// The accuracy the docs of `erfcx_antiderivative` state.
        const TOL: f64 = 4e-16;
        let mut worst = (0.0f64, 0.0);
        let points = table["points"].as_array().unwrap();
        for p in points {
            let x = p["x"].as_f64().unwrap();
            let want: f64 = p["G"].as_str().unwrap().parse().unwrap();
            let got = erfcx_antiderivative(x);
            if want == 0.0 {
                assert!(got == 0.0, "G(0) = {got}");
                continue;
            }
            let e = ((got - want) / want).abs();
            if e > worst.0 {
                worst = (e, x);
            }
            assert!(e <= TOL, "G({x}): {got} vs {want} ({e:e})");
        }
        assert!(points.len() > 400);
        println!(
            "worst relative error of erfcx_antiderivative: {:e} at {}",
            worst.0, worst.1
        );
    }

    #[test]
    fn exp_neg_sq_matches_naive_where_exact() {
        assert!((exp_neg_sq(0.5) - (-0.25f64).exp()).abs() < 1e-16);
        // e^{−400} from mpmath (it is also U(−1/2, −40) in the pcfu table).
        let want = 1.915_169_596_714_005_7e-174;
        assert!((exp_neg_sq(20.0) / want - 1.0).abs() < 4e-16);
    }

    /// e^{p² − q²} with an exact exponent: e^{47.8² − 50²} against mpmath (40 digits), where
    /// the rounding of p + q alone would cost up to 2.4e-14; 1 at p = q; e^{−q²} at p = 0.
    #[test]
    #[allow(clippy::float_cmp)] // exact values are the point
    fn exp_diff_sq_has_an_exact_exponent() {
        let want = 3.607_441_305_637_674e-94;
        let got = exp_diff_sq(47.8, 50.0);
        assert!((got / want - 1.0).abs() < 4e-16, "{got:e} vs {want:e}");
        assert!(exp_diff_sq(3.0, 3.0) == 1.0);
        assert!((exp_diff_sq(0.0, 20.0) / exp_neg_sq(20.0) - 1.0).abs() < 4e-16);
        assert!(exp_diff_sq(0.0, 1e200) == 0.0);
        assert!(exp_diff_sq(0.0, f64::INFINITY) == 0.0);
    }

    /// e^{−y²} is 0, never NaN, however large |y| is (the rounding error of y² alone
    /// overflows e^{−l} for |y| ≳ 3e9), and it is continuous where it underflows.
    #[test]
    #[allow(clippy::float_cmp)] // exact zeros are the point
    fn exp_neg_sq_underflows_to_zero() {
        for y in [27.4, 28.0, 1e5, 3e9, 3.3e9, 1e10, 1e154, 1e200, f64::MAX] {
            assert!(exp_neg_sq(y) == 0.0, "y = {y:e}");
            assert!(exp_neg_sq(-y) == 0.0, "y = {:e}", -y);
        }
        // e^{−746} is 0 in doubles already, so the cut-off changes no value
        assert!((-746.0f64).exp() == 0.0);
        assert!(exp_neg_sq(27.28) > 0.0);
    }
}
