"""mpmath (50 digits) Siegert rates of one-population networks without recurrence (K = 0),
whose working point is the Siegert rate of the external input: rates from ~10 Hz down to
1e-300 Hz.

Each case is a network with one external population, K_ext = 100, J_ext = sigma^2/mu and
nu_ext = mu^2/(sigma^2 tau_m K_ext) for a target (mu, sigma); the reference rate is computed
from the double values of J_ext and nu_ext as stored (mu = tau_m K_ext J_ext nu_ext,
sigma^2 = tau_m K_ext J_ext^2 nu_ext in 50 digits), so it is the exact rate of the network
the test builds.

Usage: python make_working_point_no_recurrence.py OUT.json   (needs mpmath; SI units)
"""
import json, sys
import mpmath as mp
mp.mp.dps = 50
f = lambda u: mp.exp(u * u) * mp.erfc(-u)

TAU_M, TAU_R, V_TH, V_0, K_EXT = 0.02, 0.002, 0.02, 0.01, 100.0

def siegert(mu, sigma):
    yth, yr = (mp.mpf(V_TH) - mu) / sigma, (mp.mpf(V_0) - mu) / sigma
    pts = [yr, 0, yth] if yr < 0 < yth else [yr, yth]
    fine = []  # split long ranges so that the tanh-sinh rule sees smooth pieces
    for a, b in zip(pts[:-1], pts[1:]):
        m = 1 + int(min(abs(b - a), 200))
        fine += list(mp.linspace(a, b, m + 1))[:-1]
    fine.append(pts[-1])
    return 1 / (TAU_R + TAU_M * mp.sqrt(mp.pi) * mp.quad(f, fine))

targets = [('issue_mu_-5mV_sigma_5mV', -0.005, 0.005), ('issue_mu_-20mV_sigma_5mV', -0.020, 0.005)]
for s_mv in (1.0, 2.0, 5.0, 10.0):
    for x in (1.0, 3.0, 6.0, 10.0, 14.0, 18.0, 22.0, 25.0, 26.2, 26.4, 26.6):
        mu_mv = 20.0 - x * s_mv
        if mu_mv == 0.0:
            continue
        targets.append((f'sigma_{s_mv:g}mV_xth_{x:g}', mu_mv * 1e-3, s_mv * 1e-3))
out = []
for label, mu_t, sigma_t in targets:
    j_ext = sigma_t ** 2 / mu_t
    nu_ext = mu_t ** 2 / (sigma_t ** 2 * TAU_M * K_EXT)
    mu = mp.mpf(TAU_M) * mp.mpf(K_EXT) * mp.mpf(j_ext) * mp.mpf(nu_ext)
    sigma = mp.sqrt(mp.mpf(TAU_M) * mp.mpf(K_EXT) * mp.mpf(j_ext) ** 2 * mp.mpf(nu_ext))
    nu = siegert(mu, sigma)
    if nu < mp.mpf('2.2250738585072014e-308'):
        continue  # below the smallest normal double
    out.append({'label': label, 'J_ext': j_ext, 'nu_ext': nu_ext, 'mu': mp.nstr(mu, 25),
                'sigma': mp.nstr(sigma, 25), 'nu': mp.nstr(nu, 25)})
json.dump({'description': __doc__.strip().splitlines()[0],
           'units': 'SI: V, s, Hz', 'network': {'tau_m': TAU_M, 'tau_r': TAU_R, 'V_th_rel': V_TH,
                                                'V_0_rel': V_0, 'K': 0.0, 'K_ext': K_EXT},
           'mpmath_version': mp.__version__, 'points': out}, open(sys.argv[1], 'w'), indent=0)
print(len(out), 'points')
