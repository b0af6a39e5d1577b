"""Copies the few keys the tests need from the oracle's 1 MB
`microcircuit_bos2016_exp.json` (schema nnmt-oracle/1, NNMT 1.3.0) into
`nnmt-1.3.0/microcircuit_bos2016_exp_rates.json`.

Run from the crate root (standard library only):
    python3 tests/data/generate/make_bos2016_exp_subset.py REF/microcircuit_bos2016_exp.json \
        tests/data/nnmt-1.3.0/microcircuit_bos2016_exp_rates.json
where REF is the output folder of make_reference.py.
"""
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
d = json.load(open(src))
outputs = ["firing_rates_shift_ode_tight", "firing_rates_taylor_ode_tight"]
inputs = ["populations", "analysis_f_min", "analysis_f_max", "analysis_df", "omegas_fine"]
subset = {
    "schema": d["schema"],
    "case": d["case"],
    "source": "subset of microcircuit_bos2016_exp.json made by make_bos2016_exp_subset.py",
    "nnmt_version": d["nnmt_version"],
    "inputs": {k: d["inputs"][k] for k in inputs},
    "units": {k: d["units"][k] for k in inputs},
    "outputs": {k: d["outputs"][k] for k in outputs},
    "output_units": {k: d["output_units"][k] for k in outputs},
    "calls": {k: d["calls"][k] for k in outputs},
    "notes": d["notes"],
}
with open(dst, "w") as f:
    json.dump(subset, f, indent=1)
    f.write("\n")
