"""Copy a reference JSON keeping only some outputs (the originals are up to 1 MB).

Usage: python slim_reference.py IN.json OUT.json KEY [KEY ...]
Keeps every identity/input field and the named outputs with their units, shapes, kinds,
calls and timings. Standard library only.
"""
import json, sys

src, dst, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
d = json.load(open(src))
for field in ('outputs', 'output_units', 'output_shapes', 'output_kinds', 'calls', 'timings_s', 'timing_runs'):
    d[field] = {k: v for k, v in d.get(field, {}).items() if k in keys}
d['notes'] = list(d.get('notes', [])) + [f'slimmed copy: only outputs {keys}']
json.dump(d, open(dst, 'w'), separators=(',', ':'))
