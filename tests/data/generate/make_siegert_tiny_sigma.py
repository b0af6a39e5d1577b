"""mpmath (50 digits) Siegert rate, dnu/dmu, dnu/dsigma and the colored-noise shift and taylor
rates on a sweep of sigma from 1e-300 V to 1 V at mu below, at and above threshold, with
tau_r = 2 ms and tau_r = 0.

Usage: python make_siegert_tiny_sigma.py OUT.json   (needs mpmath; SI units in and out)

The integral of erfcx is split: mpmath.quad on log-spaced pieces up to s = 1e3, and the
asymptotic series of erfcx (DLMF 7.12.1, 25 terms, > 60 digits there) integrated term by
term beyond, so that |y| up to 1e300 costs no more than |y| = 1e3. The boundary terms are
evaluated at a precision that grows with |y| (dnu/dsigma is a difference of terms of size 1 that agree to 2 log10|y|
digits). Values below 1e-400 are written as "0" with their log10 in `log10_nu`; for
y_th = (V_th - mu)/sigma > 40 every value is below 1e-690 and only the bound's log10 is
written.
"""
import json, sys
import mpmath as mp

SPLIT = mp.mpf(1000)
NTERMS = 25

def erfcx_int(a, b):
    """int_a^b erfcx(s) ds for 0 <= a <= b."""
    total = mp.mpf(0)
    if a < SPLIT:
        hi = min(b, SPLIT)
        pts = [a] + [x for x in [mp.mpf(2) ** k for k in range(-4, 11)] if a < x < hi] + [hi]
        total += mp.quad(mp.erfcx if hasattr(mp, 'erfcx') else (lambda s: mp.exp(s * s) * mp.erfc(s)), pts)
    lo = max(a, SPLIT)
    if lo < b:
        s = mp.log(b / lo)
        dfact = mp.mpf(1)  # (2n-1)!!
        for n in range(1, NTERMS):
            dfact *= 2 * n - 1
            s += (-1) ** n * dfact / mp.mpf(2) ** n * (lo ** (-2 * n) - b ** (-2 * n)) / (2 * n)
        total += s / mp.sqrt(mp.pi)
    return total

def erfcx(a):
    """erfcx(a) for a >= 0; beyond 1e3 from its asymptotic series (DLMF 7.12.1, 40 terms,
    relative error < 1e-200 there), as mpmath's erfc refuses arguments beyond ~1e150."""
    if a < SPLIT:
        return mp.exp(a * a) * mp.erfc(a)
    x, term, total = 1 / (2 * a * a), mp.mpf(1), mp.mpf(1)
    for n in range(1, 40):
        term *= -(2 * n - 1) * x
        total += term
    return total / (mp.sqrt(mp.pi) * a)

def f(y):  # e^{y^2}(1 + erf y) = erfcx(-y) = 2 e^{y^2} - erfcx(y)
    return erfcx(-y) if y <= 0 else 2 * mp.exp(y * y) - erfcx(y)

def siegert(mu, sigma, vth, v0, tau_m, tau_r, dps):
    """(nu, dnu/dmu, dnu/dsigma); the integral at 60 digits, the boundary terms at `dps`."""
    yth, yr = (vth - mu) / sigma, (v0 - mu) / sigma
    if yth > 40:
        # nu < 2 y_th e^{-y_th^2}/(sqrt(pi) tau_m) < 1e-690 and so are its derivatives times
        # any power of 1/sigma the f64 range allows: written as 0 (log10 of the bound)
        return None
    mp.mp.dps = 60
    integral = mp.mpf(0)
    if yr < 0:  # u in [yr, min(yth, 0)]: int erfcx(-u) du
        integral += erfcx_int(max(-yth, mp.mpf(0)), -yr)
    if yth > 0:  # u in [max(yr, 0), yth]: int (2 e^{u^2} - erfcx(u)) du
        p = max(yr, mp.mpf(0))
        integral += mp.sqrt(mp.pi) * (mp.erfi(yth) - mp.erfi(p)) - erfcx_int(p, yth)
    nu = 1 / (tau_r + tau_m * mp.sqrt(mp.pi) * integral)
    mp.mp.dps = dps
    c = mp.sqrt(mp.pi) * tau_m * nu ** 2 / sigma
    return nu, c * (f(yth) - f(yr)), c * (yth * f(yth) - yr * f(yr))

def s(x):
    if x != 0 and abs(x) < mp.mpf('1e-400'):
        return '0'
    return mp.nstr(x, 25)

def l10(x):
    return mp.nstr(mp.log10(abs(x)), 15) if x != 0 else None

TAU_M, VTH, V0, TAU_S = 0.02, 0.02, 0.01, 0.0005
MUS = [0.0, 0.016, 0.01999, 0.02, 0.02001, 0.025, 0.1, 2.0]
EXPS = list(range(-300, 1, 5))
out = []
for tau_r in [0.002, 0.0]:
    for mu in MUS:
        for e in EXPS:
            sigma = float(mp.mpf(10) ** e)  # the double nearest 10^e, as the test builds it
            m, sg = mp.mpf(mu), mp.mpf(sigma)
            ymax = max(abs((mp.mpf(VTH) - m) / sg), abs((mp.mpf(V0) - m) / sg), 1)
            dps = 60 + 2 * int(mp.log10(ymax))
            mp.mp.dps = dps
            vth, v0, tm, tr = mp.mpf(VTH), mp.mpf(V0), mp.mpf(TAU_M), mp.mpf(tau_r)
            full = siegert(m, sg, vth, v0, tm, tr, dps)
            if full is None:
                yth = (vth - m) / sg
                out.append({'mu': mu, 'sigma': sigma, 'V_th_rel': VTH, 'V_0_rel': V0,
                            'tau_m': TAU_M, 'tau_r': tau_r, 'tau_s': TAU_S,
                            'nu': '0', 'dnu_dmu': '0', 'dnu_dsigma': '0', 'nu_shift': '0',
                            'nu_taylor': '0',
                            'log10_nu': mp.nstr(mp.log10(2 * yth / (mp.sqrt(mp.pi) * tm))
                                                - yth ** 2 * mp.log10(mp.e), 15)})
                continue
            nu, dmu, dsig = full
            shift = mp.sqrt(2) * abs(mp.zeta(mp.mpf(1) / 2)) / 2 * mp.sqrt(mp.mpf(TAU_S) / tm)
            nu_shift = (siegert(m, sg, vth + sg * shift, v0 + sg * shift, tm, tr, dps)
                        or [mp.mpf(0)])[0]
            nu_taylor = nu - sg * shift * dmu
            mp.mp.dps = 50
            out.append({'mu': mu, 'sigma': sigma, 'V_th_rel': VTH, 'V_0_rel': V0,
                        'tau_m': TAU_M, 'tau_r': tau_r, 'tau_s': TAU_S,
                        'nu': s(nu), 'dnu_dmu': s(dmu), 'dnu_dsigma': s(dsig),
                        'nu_shift': s(nu_shift), 'nu_taylor': s(nu_taylor),
                        'log10_nu': l10(nu)})
json.dump({'description': __doc__.strip().splitlines()[0], 'units': 'SI: V, s, Hz, Hz/V',
           'mpmath_version': mp.__version__, 'points': out}, open(sys.argv[1], 'w'), indent=0)
print(len(out), 'points')
