"""Extra mpmath reference points for src/numerics/pcfu.rs tests (U(a, x) and U(a+1, x)/U(a, x), DLMF 12.2).

Random points stratified over (Re a) x (Im a range) x (|x| range), plus a few special cases
(a near -1/2, Re a = -1 and 5/2, Im a up to 400, |x| up to 50). Computed with mpmath.pcfu at
35 digits; every 8th point is recomputed at 50 digits and must agree to 1e-25.

Output (compact JSON): {"columns": [...], "points": [[re_a, im_a, x, U_re, U_im, R_re, R_im], ...]}
with the values as decimal strings (20 significant digits; may exceed the double range).
Run from the crate root: PYTHON tests/data/generate/make_pcfu_extra.py tests/data/pcfu/pcfu_extra.json
"""
import json, random, sys
import mpmath as mp

random.seed(20240611)
re_choices = [-1.0, -0.5, 0.5, 1.5, 2.5, None]  # None: uniform in [-1, 2.5]
im_ranges = [(0.0, 1e-3), (1e-3, 1.0), (1.0, 10.0), (10.0, 100.0), (100.0, 320.0), (320.0, 400.0)]
x_ranges = [(0.0, 1.0), (1.0, 12.0), (12.0, 40.0), (40.0, 50.0)]
pts = []
for ra in re_choices:
    for lo, hi in im_ranges:
        for xlo, xhi in x_ranges:
            for _ in range(2):
                r = ra if ra is not None else round(random.uniform(-1.0, 2.5), 6)
                if lo == 0.0:
                    im = random.choice([0.0, 10 ** random.uniform(-9, -3)])
                elif hi <= 1.0:
                    im = 10 ** random.uniform(-3, 0)
                else:
                    im = random.uniform(lo, hi)
                im = float('%.6g' % im)
                x = float('%.6g' % random.uniform(xlo, xhi)) * random.choice([-1, 1])
                pts.append((r, im, x))
# special: a extremely close to -1/2, and exact integers/halves
for im in [0.0, 1e-12, 1e-8, 1e-4]:
    for x in [-50.0, -20.0, -7.5, -2.0, -0.1, 0.1, 2.0, 30.0]:
        pts.append((-0.5, im, x))
for x in [-50.0, -25.0, 0.0, 25.0, 50.0]:
    pts.append((2.5, 400.0, x))
    pts.append((-1.0, 400.0, x))


def val(a, x, dps):
    with mp.workdps(dps):
        a = mp.mpc(a[0], a[1])
        u = mp.pcfu(a, x)
        u1 = mp.pcfu(a + 1, x)
        return u, u1 / u


out = []
for i, (r, im, x) in enumerate(pts):
    u, q = val((r, im), x, 35)
    if i % 8 == 0:
        u2, q2 = val((r, im), x, 50)
        with mp.workdps(50):
            e = max(abs(u - u2) / abs(u2), abs(q - q2) / abs(q2))
        assert e < 1e-25, (r, im, x, e)
    s = lambda v: mp.nstr(v, 20, min_fixed=-5, max_fixed=5)
    out.append([r, im, x, s(u.real), s(u.imag), s(q.real), s(q.imag)])
    print(i, len(pts), r, im, x, flush=True)
json.dump({'description': 'U(a, x) (DLMF 12.2) and U(a+1, x)/U(a, x) from mpmath.pcfu at 35 digits',
           'mpmath_version': mp.__version__,
           'columns': ['re_a', 'im_a', 'x', 'U_re', 'U_im', 'ratio_re', 'ratio_im'],
           'points': out}, open(sys.argv[1], 'w'), separators=(',', ':'))
print(len(out), 'points')
