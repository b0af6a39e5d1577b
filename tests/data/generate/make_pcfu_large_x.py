"""mpmath reference points for U(a, x) beyond the solver's domain, x > 50 (the large-x
expansion DLMF 12.9.1 of src/numerics/pcfu.rs): e^{x^2/4} U(a, x) and U(a+1, x)/U(a, x) at
40 digits (e^{x^2/4} U is what `pcfu_gauss_scaled_large_x` returns).
Run from the crate root: PYTHON tests/data/generate/make_pcfu_large_x.py tests/data/pcfu/pcfu_large_x.json
"""
import json, sys
import mpmath as mp

out = []
for r in [-1.0, -0.75, -0.5, 0.5, 1.5, 2.5]:
    for im in [0.0, 1e-9, 0.3, 5.0, 20.0, 50.0, 200.0]:
        for x in [50.5, 60.0, 100.0, 424.0, 1000.0, 1e5]:
            with mp.workdps(40):
                a = mp.mpc(r, im)
                u = mp.pcfu(a, x)
                g = mp.exp(mp.mpf(x) ** 2 / 4) * u
                q = mp.pcfu(a + 1, x) / u
            s = lambda v: mp.nstr(v, 22, min_fixed=-5, max_fixed=5)
            out.append([r, im, x, s(g.real), s(g.imag), s(q.real), s(q.imag)])
json.dump({'description': 'e^{x^2/4} U(a, x) and U(a+1, x)/U(a, x) from mpmath.pcfu at 40 digits, x > 50',
           'mpmath_version': mp.__version__,
           'columns': ['re_a', 'im_a', 'x', 'G_re', 'G_im', 'ratio_re', 'ratio_im'],
           'points': out}, open(sys.argv[1], 'w'), separators=(',', ':'))
print(len(out), 'points')
