"""Copies what the low-pass fit tests of src/lif/fit.rs need from the oracle's 1 MB
`microcircuit_bos2016_exp.json` (schema nnmt-oracle/1, NNMT 1.3.0): the grids, tau_m, J, K,
the transfer functions and NNMT's fits. Values unchanged.

Run from the crate root (standard library only; REF is the output folder of make_reference.py):
    python3 tests/data/generate/make_fit_subset.py REF/microcircuit_bos2016_exp.json \\
        tests/data/fit/microcircuit_bos2016_exp_fit_subset.json
"""
import json
import sys

INPUTS = ["omegas", "omegas_fine", "tau_m", "J", "K", "frequencies_hz", "frequencies_fine_hz"]
OUTPUTS = ["hl.transfer_function_taylor_fine", "hl.fit_fine.transfer_function_fit",
           "hl.fit_fine.tau_rate", "hl.fit_fine.W_rate", "hl.fit_fine.fit_error"]
for m in ["shift", "taylor"]:
    OUTPUTS += [f"transfer_function_{m}", f"fit_{m}.transfer_function_fit", f"fit_{m}.tau_rate",
                f"fit_{m}.h0", f"fit_{m}.fit_error", f"fit_{m}.W_rate"]
CALLS = ["hl.transfer_function_taylor_fine", "hl.fit_transfer_function_fine"]
for m in ["shift", "taylor"]:
    CALLS += [f"transfer_function_{m}", f"transfer_function_{m}_0Hz",
              f"fit_transfer_function_general_{m}", f"fit_transfer_function_exp_{m}"]


def main(src, dst):
    d = json.load(open(src))
    out = {
        "schema": d["schema"],
        "case": d["case"],
        "description": "SUBSET of microcircuit_bos2016_exp.json (NNMT 1.3.0 oracle): only the "
                       "inputs/outputs needed by the low-pass fit tests",
        "nnmt_version": d["nnmt_version"],
        "inputs": {k: d["inputs"][k] for k in INPUTS},
        "outputs": {k: d["outputs"][k] for k in OUTPUTS},
        "output_shapes": {k: d["output_shapes"][k] for k in OUTPUTS},
        "calls": {k: d["calls"][k] for k in CALLS},
        "notes": d["notes"],
    }
    with open(dst, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
