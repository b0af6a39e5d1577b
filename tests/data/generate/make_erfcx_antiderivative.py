"""mpmath (40 digits) values of G(x), the integral of erfcx over [0, x], for the unit test of
numerics::erfcx_antiderivative: at every piece boundary and piece middle of its table
(y = 400/(4 + x) = j, j + 1/2, and a point at 1/7 of each piece), on a log grid from 1e-8 to
1e8 and around x = 100. Usage: python make_erfcx_antiderivative.py OUT.json"""
import json, sys
import mpmath as mp
mp.mp.dps = 40
f = lambda s: mp.erfc(s) * mp.exp(s * s)
xs = set()
for j in range(4, 101):
    for d in (0, mp.mpf(1) / 7, mp.mpf(1) / 2):
        y = j - d
        xs.add(float(400 / y - 4))
for k in range(0, 161):
    xs.add(float(mp.mpf(10) ** (-8 + k / mp.mpf(10))))
for x in (99.0, 99.999999, 100.0, 100.000001, 101.0, 1e300):
    xs.add(x)
xs = sorted(x for x in xs if x >= 0)
knots = [0, 0.5, 1, 2, 5, 10, 30, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8]
out = []
for x in xs:
    if x > 1e8:
        # beyond the quadrature: G(x) = G(1e8) + integral of the asymptotic series
        g = mp.quad(f, knots)
        X, x_ = mp.mpf(1e8), mp.mpf(x)
        tail = lambda z: mp.log(z) + 1 / (4 * z**2)
        g += (tail(x_) - tail(X)) / mp.sqrt(mp.pi)
    else:
        g = mp.quad(f, [k for k in knots if k < x] + [x])
    out.append({'x': x, 'G': mp.nstr(g, 25)})
json.dump({'description': __doc__.splitlines()[0], 'points': out}, open(sys.argv[1], 'w'), indent=0)
print(len(out))
