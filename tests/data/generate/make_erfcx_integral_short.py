"""mpmath (40 digits) values of the integral of erfcx over short intervals [a, b] (a > b/2,
where G(b) - G(a) would cancel), inside one piece of the table of
numerics::erfcx_antiderivative and across many, for the unit test of numerics::erfcx_integral.
Usage: python make_erfcx_integral_short.py OUT.json"""
import json, sys
import mpmath as mp
mp.mp.dps = 40
f = lambda s: mp.erfc(s) * mp.exp(s * s)
As = [1e-3, 0.02, 0.3, 0.7, 1.0, 1.5, 2.0, 2.9, 4.0, 5.5, 8.0, 12.0, 20.0, 35.0, 50.0, 70.0, 90.0, 99.0]
Rs = [1e-12, 1e-7, 1e-3, 0.01, 0.05, 0.2, 0.5, 0.9]
out = []
for a in As:
    for r in Rs:
        b = a * (1 + r)
        if b == a:
            continue
        out.append({'a': a, 'b': b, 'integral': mp.nstr(mp.quad(f, [a, b]), 25)})
# piece boundaries of the table exactly (y = 400/(4 + x) = j) and around them
for j in (5, 17, 50, 99, 100):
    x = float(mp.mpf(400) / j - 4)
    for a, b in ((x, x * 1.01 + 1e-3), (x * 0.99, x), (x * 0.999, x * 1.001 + 1e-6)):
        if a < b:
            out.append({'a': a, 'b': b, 'integral': mp.nstr(mp.quad(f, [a, b]), 25)})
json.dump({'description': __doc__.splitlines()[0], 'points': out}, open(sys.argv[1], 'w'), indent=0)
print(len(out))
