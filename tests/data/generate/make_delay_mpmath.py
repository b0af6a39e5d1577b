"""Characteristic functions D(w) = E[exp(-i w X)] of delay distributions from mpmath.

Usage: python make_delay_mpmath.py OUT.json      (about a minute; needs only mpmath)

Every point is given by the double-precision inputs the Rust tests pass (mean d and
standard deviation sd of the delay in s, angular frequency w in rad/s), converted exactly to
mpmath numbers; the results are rounded to doubles.

* lognormal (mean d, sd sd; underlying M = ln(d^2/sqrt(d^2+sd^2)), S^2 = ln(1+sd^2/d^2),
  Beaulieu 2008): the integral (2 pi)^(-1/2) int exp(-i a e^(S z) - z^2/2) dz, a = w e^M,
  moved to the horizontal line Im u = -theta in u = S z, theta = max(theta*, min(S, pi/2)),
  theta* = Im W0(i a S^2) (the line through the saddle u* = -W0(i a S^2)); mpmath.lambertw,
  tanh-sinh quadrature at 40 digits on panels of the integrand's width.
  As a check independent of that choice, every point is also integrated on a second line,
  half-way to the saddle's or to the real axis (another contour of the same entire
  integrand, at 60 digits because the
  integrand there is larger than the result and cancels); the two must agree to 1e-16
  relative (below the rounding of the stored doubles) or the script stops. The points include NNMT 1.3's xfail cases
  (M, S, w) = (10, 1, pi), (1, 10, pi), (1, 1, 10 pi), converted to (d, sd).
* truncated_gaussian (N(d, sd^2) truncated to [0, inf)):
  exp(-i w d - (w sd)^2/2) erfc(-(d/sd - i w sd)/sqrt 2) / erfc(-d/(sd sqrt 2)) with
  mpmath's complex erfc at 50 digits, up to w sd = 1e5, where NNMT's double-precision erf
  overflows.
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 40


def lognormal_parts(d, sd, w):
    d, sd, w = mp.mpf(d), mp.mpf(sd), mp.mpf(w)
    s2 = mp.log(1 + (sd / d) ** 2)
    M = mp.log(d ** 2 / mp.sqrt(d ** 2 + sd ** 2))
    a = w * mp.exp(M)
    W = mp.lambertw(1j * a * s2)
    return a, s2, W


def lognormal_on_line(d, sd, w, theta):
    """The integral on the line Im u = -theta (0 < theta <= pi/2)."""
    a, s2, _ = lognormal_parts(d, sd, w)
    S = mp.sqrt(s2)
    def g(x):
        u = mp.mpc(x, -theta)
        return mp.exp(-1j * a * mp.exp(u) - u ** 2 / (2 * s2)) / (S * mp.sqrt(2 * mp.pi))
    # |g| is largest at x_m = -W0(a S^2 sin theta) (real branch); the real part of the
    # exponent is concave with curvature >= 1/S^2 left and >= (1 + w_r)/S^2 right of x_m,
    # so 40 widths are e^-800 below the maximum
    wr = mp.lambertw(a * s2 * mp.sin(theta))
    x0 = -mp.re(wr)
    width = S / mp.sqrt(1 + mp.re(wr))
    left = x0 - 40 * S
    pts = [left] + [x0 + k * width for k in range(-40, 41, 2) if x0 + k * width > left]
    return mp.quad(g, pts)


def lognormal(d, sd, w):
    _, s2, W = lognormal_parts(d, sd, w)
    theta_saddle = mp.im(W)
    theta = max(theta_saddle, min(mp.sqrt(s2), mp.pi / 2))
    v1 = lognormal_on_line(d, sd, w, theta)
    with mp.workdps(60):
        v2 = lognormal_on_line(d, sd, w, (theta + theta_saddle) / 2 if theta > theta_saddle
                               else theta / 2)
    if abs(v1 - v2) > mp.mpf("1e-16") * abs(v1):
        raise SystemExit(f"contours disagree at {(d, sd, w)}: {v1} vs {v2}")
    return v1


def truncated_gaussian(d, sd, w):
    with mp.workdps(50):
        d, sd, w = mp.mpf(d), mp.mpf(sd), mp.mpf(w)
        alpha, beta = d / sd, w * sd
        num = mp.erfc(-(alpha - 1j * beta) / mp.sqrt(2))
        den = mp.erfc(-alpha / mp.sqrt(2))
        return mp.exp(-1j * w * d - beta ** 2 / 2) * num / den


def pair(z):
    return [float(mp.re(z)), float(mp.im(z))]


def main(out):
    lognormal_points = []
    d = 1.5e-3
    for ratio in [1e-6, 0.01, 0.5, 1.0, 3.0, 30.0]:
        for f in [0.1, 10.0, 100.0, 1e3, 1e5]:
            lognormal_points.append((d, d * ratio, 2 * float(mp.pi) * f))
    # NNMT's xfail cases (M, S, w) -> (d, sd, w)
    for M, S, w in [(10, 1, float(mp.pi)), (1, 10, float(mp.pi)), (1, 1, 10 * float(mp.pi))]:
        dd = float(mp.exp(M + mp.mpf(S) ** 2 / 2))
        sdd = float(mp.exp(M + mp.mpf(S) ** 2 / 2) * mp.sqrt(mp.expm1(mp.mpf(S) ** 2)))
        lognormal_points.append((dd, sdd, w))
    tg_points = []
    for d in [0.0, 1e-4, 1.5e-3]:
        for sd in [1.5e-3, 0.75e-3]:
            for beta in [1e-3, 1.0, 10.0, 38.0, 40.0, 100.0, 1e3, 1e5]:
                tg_points.append((d, sd, beta / sd))
    data = {
        "description": __doc__,
        "units": {"d": "s", "sd": "s", "omega": "rad/s", "D": "1 (complex as [re, im])"},
        "lognormal": [
            {"d": d, "sd": sd, "omega": w, "D": pair(lognormal(d, sd, w))}
            for d, sd, w in lognormal_points
        ],
        "truncated_gaussian": [
            {"d": d, "sd": sd, "omega": w, "D": pair(truncated_gaussian(d, sd, w))}
            for d, sd, w in tg_points
        ],
    }
    json.dump(data, open(out, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
