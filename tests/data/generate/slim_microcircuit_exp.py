"""Slim NNMT's microcircuit_bos2016_exp.json (1 MB) to what the transfer-function tests use.

Keeps the provenance fields (schema, case, description, nnmt_version, environment, notes,
errors) and, from inputs/outputs/units/shapes/kinds/calls, only the keys listed below.

Run from the crate root (standard library only; REF is the output folder of make_reference.py):
    python3 tests/data/generate/slim_microcircuit_exp.py REF/microcircuit_bos2016_exp.json \
        tests/data/nnmt-1.3.0/microcircuit_bos2016_exp_tf.json
"""
import json
import sys

INPUTS = ["tau_m", "tau_r", "tau_s", "V_0_rel", "V_th_rel", "frequencies_hz", "omegas",
          "frequencies_fine_hz", "omegas_fine", "populations"]
OUTPUTS = ["hl.working_point_taylor.firing_rates", "hl.working_point_taylor.mean_input",
           "hl.working_point_taylor.std_input", "hl.transfer_function_taylor_fine",
           "mean_input_shift", "std_input_shift", "mean_input_taylor", "std_input_taylor",
           "transfer_function_shift", "transfer_function_shift_0Hz",
           "transfer_function_taylor", "transfer_function_taylor_0Hz",
           "firing_rates_taylor_ode_tight", "firing_rates_shift_ode_tight"]
PROVENANCE = ["schema", "case", "description", "nnmt_version", "environment", "notes", "errors"]


def main(src, dst):
    d = json.load(open(src))
    out = {k: d[k] for k in PROVENANCE}
    out["slimmed"] = ("subset of " + d["case"] + ".json for the transfer-function tests, made by "
                      "tests/data/generate/slim_microcircuit_exp.py; values unchanged")
    out["inputs"] = {k: d["inputs"][k] for k in INPUTS}
    out["units"] = {k: d["units"][k] for k in INPUTS if k in d["units"]}
    out["outputs"] = {k: d["outputs"][k] for k in OUTPUTS}
    for key in ["output_units", "output_shapes", "output_kinds"]:
        out[key] = {k: d[key][k] for k in OUTPUTS if k in d[key]}
    calls = {}
    for k in OUTPUTS + ["mean_input_shift", "std_input_shift"]:
        c = k.replace("hl.", "hl.") if k in d["calls"] else None
        if c:
            calls[k] = d["calls"][k]
    # the high-level working point / transfer function call names
    for k, v in d["calls"].items():
        if k.startswith("hl.") and ("working_point" in k or "transfer_function_taylor" in k):
            calls[k] = v
    out["calls"] = calls
    json.dump(out, open(dst, "w"), separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
