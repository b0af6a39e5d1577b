"""mpmath (50 digits) Siegert rate and dnu/dmu at the points where NNMT 1.3.0 returns NaN,
0 or raises (single_pop_hard_corners, grid points with |y| > 5, wide-range |y|).

Usage: python make_siegert_extra.py OUT.json   (needs mpmath; SI units in and out)
"""
import json, sys
import mpmath as mp
mp.mp.dps = 50
f = lambda u: mp.exp(u * u) * mp.erfc(-u)

def point(mu, sigma, vth, v0, tau_m, tau_r):
    mu, sigma = mp.mpf(mu), mp.mpf(sigma)
    yth, yr = (mp.mpf(vth) - mu) / sigma, (mp.mpf(v0) - mu) / sigma
    pts = [yr, 0, yth] if yr < 0 < yth else [yr, yth]
    # split long ranges so that the tanh-sinh rule sees smooth pieces
    fine = []
    for a, b in zip(pts[:-1], pts[1:]):
        m = 1 + int(min(abs(b - a), 200))
        fine += list(mp.linspace(a, b, m + 1))[:-1]
    fine.append(pts[-1])
    nu = 1 / (tau_r + tau_m * mp.sqrt(mp.pi) * mp.quad(f, fine))
    dnu = mp.sqrt(mp.pi) * tau_m * nu ** 2 / sigma * (f(yth) - f(yr))
    return nu, dnu

cases = [  # (label, mu, sigma, V_th, V_0, tau_m, tau_r)
    ('tiny_sigma_suprathreshold', 0.021, 1e-06, 0.02, 0.01, 0.02, 0.002),
    ('tiny_sigma_at_threshold', 0.02, 1e-06, 0.02, 0.01, 0.02, 0.002),
    ('huge_mu', 1.0, 0.005, 0.02, 0.01, 0.02, 0.002),
    ('huge_mu_no_refractory', 1.0, 0.005, 0.02, 0.01, 0.02, 0.0),
    ('mean_driven_small_sigma', 0.03, 0.0005, 0.02, 0.01, 0.02, 0.002),
    ('halfway_tiny_sigma', 0.015, 1e-06, 0.02, 0.01, 0.02, 0.002),
    ('very_low_rate_1e-200', -0.05, 0.00327, 0.02, 0.01, 0.02, 0.002),
    ('wide_range_1e4', 0.02 + 1e-7, 1e-06, 0.02, 0.01, 0.02, 0.002),
]
out = []
for (label, mu, sigma, vth, v0, tau_m, tau_r) in cases:
    nu, dnu = point(mu, sigma, vth, v0, tau_m, tau_r)
    out.append({'label': label, 'mu': mu, 'sigma': sigma, 'V_th_rel': vth, 'V_0_rel': v0,
                'tau_m': tau_m, 'tau_r': tau_r, 'nu': mp.nstr(nu, 25), 'dnu_dmu': mp.nstr(dnu, 25)})
json.dump({'description': __doc__.strip().splitlines()[0], 'units': 'SI: V, s, Hz, Hz/V',
           'mpmath_version': mp.__version__, 'points': out}, open(sys.argv[1], 'w'), indent=0)
print(len(out), 'points')
