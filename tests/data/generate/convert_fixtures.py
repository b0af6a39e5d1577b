"""Convert the reference data used by the tests of src/numerics/pcfu.rs into small JSON files.

1. NNMT's unit fixtures Psi.npz, d_Psi.npz, d_2_Psi.npz (same zs, xs in all three):
   keeps the points with |Re z| <= 1 and writes tests/data/pcfu/nnmt_psi.json with rows
   [re_z, im_z, x, Psi(z,x) re, im, Psi(z+1,x) re, im, Psi(z+2,x) re, im]
   where Psi(z, x) = exp(x^2/4) U(z, -x) (as NNMT's `pcfus`/`psis` columns; Psi from
   Psi.npz 'outputs', Psi(z+1) from d_Psi.npz 'psis', Psi(z+2) from d_2_Psi.npz 'psis').
2. the output of make_pcfu_table.py -> tests/data/pcfu/pcfu_table.json in compact rows
   [re_a, im_a, x, U_re, U_im, ratio_re, ratio_im] (decimal strings, 25 digits, unchanged).
Run from the crate root (needs numpy):
    PYTHON tests/data/generate/convert_fixtures.py tests/data/nnmt-params/fixtures/unit/data \
        PCFU_TABLE tests/data/pcfu
"""
import json, sys
import numpy as np

fix, table, out = sys.argv[1:4]
p0 = np.load(fix + '/Psi.npz')
p1 = np.load(fix + '/d_Psi.npz')
p2 = np.load(fix + '/d_2_Psi.npz')
assert (p0['zs'] == p1['zs']).all() and (p0['xs'] == p2['xs']).all()
rows = []
for i, (z, x) in enumerate(zip(p0['zs'], p0['xs'])):
    if abs(z.real) > 1:
        continue
    # consistency of NNMT's own columns: d_Psi = (1/2 + z) Psi(z+1)
    assert abs(p1['outputs'][i] - (0.5 + z) * p1['psis'][i]) <= 1e-12 * abs(p1['outputs'][i]) + 1e-300
    v = [p0['outputs'][i], p1['psis'][i], p2['psis'][i]]
    rows.append([float(z.real), float(z.imag), float(x)] + [t for c in v for t in (float(c.real), float(c.imag))])
json.dump({'description': 'NNMT unit fixtures (|Re z| <= 1): Psi(z,x), Psi(z+1,x), Psi(z+2,x), Psi = exp(x^2/4) U(z,-x)',
           'columns': ['re_z', 'im_z', 'x', 'psi0_re', 'psi0_im', 'psi1_re', 'psi1_im', 'psi2_re', 'psi2_im'],
           'points': rows}, open(out + '/nnmt_psi.json', 'w'), separators=(',', ':'))
t = json.load(open(table))
rows = [[p['a'][0], p['a'][1], p['x']] + p['U'] + p['ratio_U_a1_over_U_a'] for p in t['points'] if 'error' not in p]
json.dump({'description': t['description'] + ' (compact copy of shared/reference/mpmath/pcfu_table.json)',
           'mpmath_version': t['mpmath_version'],
           'columns': ['re_a', 'im_a', 'x', 'U_re', 'U_im', 'ratio_re', 'ratio_im'],
           'points': rows}, open(out + '/pcfu_table.json', 'w'), separators=(',', ':'))
print(len(rows))
