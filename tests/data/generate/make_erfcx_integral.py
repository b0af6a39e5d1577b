"""mpmath (40 digits) values of the integral of erfcx(s) over [a, b] for the unit test of
numerics::erfcx_integral. Usage: python make_erfcx_integral.py OUT.json"""
import json, sys
import mpmath as mp
mp.mp.dps = 40
pts = [0.0, 1e-3, 0.3, 1.0, 1.9, 2.0, 2.1, 5.0, 17.0, 60.0, 99.9, 100.0, 100.1, 400.0, 5e3, 1e4]
f = lambda s: mp.erfc(s) * mp.exp(s * s)
out = []
for i, a in enumerate(pts):
    for b in pts[i + 1:]:
        knots = sorted(set([a, b] + [p for p in pts if a < p < b] + [x for x in (0.5, 1, 3, 10, 30, 1000, 3000) if a < x < b]))
        out.append({'a': a, 'b': b, 'integral': mp.nstr(mp.quad(f, knots), 25)})
json.dump({'description': __doc__.splitlines()[0], 'points': out}, open(sys.argv[1], 'w'), indent=0)
print(len(out))
