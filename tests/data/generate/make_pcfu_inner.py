"""Random mpmath reference points in the inner region (Re a in {-1/2, 1/2, 3/2}, 0 <= Im a <= 100,
|x| <= 12), where src/numerics/pcfu.rs promises 1e-12; same format as make_pcfu_extra.py.
Run from the crate root: PYTHON tests/data/generate/make_pcfu_inner.py tests/data/pcfu/pcfu_inner.json
"""
import json, random, sys
import mpmath as mp

random.seed(4711)
out = []
for i in range(240):
    r = [-0.5, 0.5, 1.5][i % 3]
    u = random.random()
    im = 0.0 if u < 0.05 else (10 ** random.uniform(-8, 2) if u < 0.5 else random.uniform(0, 100))
    im = float('%.8g' % im)
    x = float('%.8g' % random.uniform(-12, 12))
    with mp.workdps(35):
        a = mp.mpc(r, im)
        v = mp.pcfu(a, x)
        q = mp.pcfu(a + 1, x) / v
    s = lambda w: mp.nstr(w, 20, min_fixed=-5, max_fixed=5)
    out.append([r, im, x, s(v.real), s(v.imag), s(q.real), s(q.imag)])
json.dump({'description': 'U(a, x) and U(a+1, x)/U(a, x) from mpmath.pcfu at 35 digits, random points of the inner region',
           'mpmath_version': mp.__version__,
           'columns': ['re_a', 'im_a', 'x', 'U_re', 'U_im', 'ratio_re', 'ratio_im'],
           'points': out}, open(sys.argv[1], 'w'), separators=(',', ':'))
print(len(out), 'points')
