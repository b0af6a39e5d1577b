"""mpmath reference points at the internal branch switches of src/numerics/pcfu.rs (same format as
make_pcfu_extra.py): a = -1/2 + delta with |delta| ~ 0.2 (switch between plain forward
integration and the connection-formula split for x < 0), small x > 0 around the switch between
forward and backward integration, and a few points close to real zeros of U for Re a < -1/2.
Run from the crate root: PYTHON tests/data/generate/make_pcfu_edges.py tests/data/pcfu/pcfu_edges.json
"""
import json, sys
import mpmath as mp

pts = []
for d in [0.17, 0.19, 0.21, 0.23]:
    for dr, di in [(1, 0), (-1, 0), (0, 1), (0.7071, 0.7071), (-0.7071, 0.7071)]:
        for x in [-0.7, -4.0, -15.0]:
            pts.append((round(-0.5 + d * dr, 6), round(d * di, 6), x))
for (r, i), xs in [((-1.0, 0.0), [2.0, 2.02, 2.04, 2.5]), ((-0.5, 0.0), [1.48, 1.5]),
                   ((0.5, 0.0), [0.46, 0.48]), ((2.5, 1.0), [0.21, 0.225]),
                   ((0.5, 100.0), [0.049, 0.051]), ((-1.0, 320.0), [0.027, 0.029]),
                   ((-0.9, 0.0), [-0.5, -1.0, -1.5, -3.0, -6.0]), ((-0.75, 0.0), [-1.0, -2.0, -3.5, -6.0])]:
    for x in xs:
        pts.append((r, i, x))

out = []
for r, im, x in pts:
    with mp.workdps(35):
        a = mp.mpc(r, im)
        u = mp.pcfu(a, x)
        q = mp.pcfu(a + 1, x) / u
    s = lambda v: mp.nstr(v, 20, min_fixed=-5, max_fixed=5)
    out.append([r, im, x, s(u.real), s(u.imag), s(q.real), s(q.imag)])
json.dump({'description': 'U(a, x) and U(a+1, x)/U(a, x) from mpmath.pcfu at 35 digits, at the branch switches of pcfu.rs',
           'mpmath_version': mp.__version__,
           'columns': ['re_a', 'im_a', 'x', 'U_re', 'U_im', 'ratio_re', 'ratio_im'],
           'points': out}, open(sys.argv[1], 'w'), separators=(',', ':'))
print(len(out), 'points')
