"""mpmath (40 digits) values of the Siegert rate nu and nu*f(y_th), nu*f(y_r),
f(y) = exp(y^2)(1 + erf y), at exact (y_th, y_r) (tau_m = 10 ms, tau_r = 2 ms), for the unit
test of kernel::siegert's evaluation in y (no conditioning of y by mu, sigma). Usage:
python make_siegert_y.py OUT.json"""
import json, sys
import mpmath as mp
mp.mp.dps = 40
tau_m, tau_r = mp.mpf('0.01'), mp.mpf('0.002')
f = lambda u: mp.exp(u * u) * mp.erfc(-u)
ths = [-30, -8, -3, -1, -0.3, 0, 0.2, 0.5, 0.7, 1.0, 1.4, 1.7, 2.0, 2.4, 2.8, 3.3, 4, 7, 15, 30, 50]
ds = [1e-3, 0.05, 0.2, 0.6, 1.0, 1.5, 2.2, 4, 10, 40]
out = []
for th in ths:
    for d in ds:
        yth, yr = mp.mpf(th), mp.mpf(float(th - d))  # y_r exactly as stored
        knots = sorted(set([yr, yth] + [k for k in (-10, -3, -1, 0, 1, 3, 10, 20, 30, 40) if yr < k < yth]))
        integral = mp.quad(f, knots)
        nu = 1 / (tau_r + tau_m * mp.sqrt(mp.pi) * integral)
        out.append({'y_th': float(yth), 'y_r': float(yr), 'nu': mp.nstr(nu, 25),
                    'nf_th': mp.nstr(nu * f(yth), 25), 'nf_r': mp.nstr(nu * f(yr), 25)})
json.dump({'description': __doc__.splitlines()[0], 'tau_m': 0.01, 'tau_r': 0.002, 'points': out},
          open(sys.argv[1], 'w'), indent=0)
print(len(out))
