"""Writes `tests/data/eigen/microcircuit_bos2016_eigen.json`: what the eigenmode and
sensitivity-measure tests (`tests/it/eigen.rs`) need from NNMT 1.3.0, in a few hundred KB.

Run from the crate root with the venv of requirements.txt (NNMT 1.3.0, numpy 1.26.4):
    PY tests/data/generate/make_eigen_fixture.py REF/microcircuit_bos2016_exp.json \
        tests/data/nnmt-1.3.0/microcircuit_bos2016_exp_tf.json \
        tests/data/eigen/microcircuit_bos2016_eigen.json
where REF is the output folder of make_reference.py. Takes a few seconds (no mpmath).

What it writes, and why it is enough to rebuild NNMT's W(omega) on the fine grid:

* The effective connectivity of the Bos 2016 microcircuit on the 500-frequency grid is
  NNMT's `_effective_connectivity(tf, D, J, K, tau_m) = tau_m * J * K * tf * D` with
  `tf` = `hl.transfer_function_taylor_fine` (already committed in the `_tf.json` subset) and
  `D` = `network_properties._delay_dist_matrix(Delay, Delay_sd, 'truncated_gaussian',
  omegas_fine)`. D_ij(omega) depends only on the presynaptic population j, and only on
  whether j is excitatory or inhibitory: the file stores the two distinct series
  (`delay_dist_matrix_series`, shape [500][2]) and which series each column uses
  (`delay_dist_matrix_series_of_column`). The script asserts that
  W_ij = (((tau_m J_ij) K_ij) tf_i) D_ij, evaluated in that order (a real times a complex
  number is the componentwise product; then numpy's complex product), is bitwise NNMT's W.
  On the machine that made the file numpy's complex product is fused (its SIMD loop):
  re = fma(a, c, -b d), im = fma(a, d, b c); elsewhere it may not be. The Rust test rebuilds
  W both ways and checks that one of them is bitwise `effective_connectivity_samples`.
* `effective_connectivity_samples`: W itself at five frequency indices, so that a test can
  check its rebuild of W bitwise.
* `eigvals_numpy`: `numpy.linalg.eigvals(W)` [500][8] in LAPACK's (zgeev) order, the input
  of NNMT's `_match_eigenvalues_across_frequencies`. The script asserts that NNMT's matching
  of these eigenvalues gives bitwise the reference mask `hl.eigenvalues_resort_mask_fine`,
  and that the resorted eigenvalues are `eigvals_numpy[f, mask[f, k]]` bitwise and agree with
  the reference `hl.eigenvalues_resorted_fine` to 1e-12 (the reference was computed on
  another run; LAPACK's round-off differs at 1e-14). So the resorted eigenvalues are not
  stored again.
* The reference sensitivity measures (`hl.sensitivity_measure_64Hz.*`,
  `hl.sensitivity_measure_all_eigenmodes.K.*`), copied unchanged. The script asserts that
  NNMT recomputed on the rebuilt W agrees with them to 1e-10.
* `match_cases`: small inputs of `_match_eigenvalues_across_frequencies` with NNMT's outputs
  (mask, frequency indices of its "Ambiguous eigenvalue resorting"
  warnings): NNMT's `minimal_ambiguous_eigenvalues.yaml`, the eigenvalues of the
  microcircuit's W on the 21-point grid of the reference (shift and taylor; these warn), and
  seeded synthetic trajectories with shuffled order at three margins.
"""
import json
import sys
import warnings

import numpy as np

from nnmt import network_properties
from nnmt.lif import exp as lif_exp

# frequency indices at which W itself is stored, to check the rebuild bitwise (64: 64.1 Hz)
W_SAMPLES = [0, 1, 64, 250, 499]
SENS_KEYS = ["eigenvalue_index", "critical_frequency", "critical_frequency_index",
             "critical_eigenvalue", "left_eigenvector", "right_eigenvector", "k", "k_per",
             "sensitivity", "sensitivity_amp", "sensitivity_freq"]


def cplx(a):
    a = np.asarray(a, dtype=float)
    return a[..., 0] + 1j * a[..., 1]


def enc(x):
    """numpy -> JSON (complex as [re, im]); all values here are finite."""
    x = np.asarray(x)
    if np.iscomplexobj(x):
        return np.stack([x.real, x.imag], axis=-1).tolist()
    return x.tolist()


def match_with_warnings(ev, margin):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        resorted, mask = lif_exp._match_eigenvalues_across_frequencies(ev, margin=margin)
    ambiguous = []
    for w in rec:
        msg = str(w.message)
        assert msg.startswith("Ambiguous eigenvalue resorting detected at frequency index "), msg
        ambiguous.append(int(msg.split("frequency index ")[1].split(".")[0]))
    return resorted, mask, ambiguous


def match_case(name, ev, margins):
    """NNMT's matching of `ev` at each margin. The resorted eigenvalues are not stored:
    they are `ev[f, mask[f, k]]` (asserted)."""
    ev = np.asarray(ev, dtype=complex)
    results = []
    for margin in margins:
        resorted, mask, ambiguous = match_with_warnings(ev, margin)
        assert np.array_equal(resorted, np.take_along_axis(ev, mask, 1))
        results.append({"margin": margin, "mask": enc(mask), "ambiguous_at": ambiguous})
    return {"name": name, "eigenvalues": enc(ev), "results": results}


def synthetic(seed, n, n_freq):
    """Smooth, partly crossing curves; the raw order is shuffled at random frequencies
    (as LAPACK's order jumps), so NNMT's multi-swap branch runs."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 1.0, n_freq)[:, None]
    a = rng.normal(size=n) + 1j * rng.normal(size=n)
    b = rng.normal(size=n) + 1j * rng.normal(size=n)
    c = rng.normal(size=n) + 1j * rng.normal(size=n)
    ev = a + b * t + c * t**2
    for f in range(n_freq):
        if rng.random() < 0.3:
            ev[f] = ev[f, rng.permutation(n)]
    return ev


def main(ref_path, tf_path, out_path):
    ref = json.load(open(ref_path))
    tf_file = json.load(open(tf_path))
    o, inp = ref["outputs"], ref["inputs"]
    tf = cplx(o["hl.transfer_function_taylor_fine"])
    assert np.array_equal(tf, cplx(tf_file["outputs"]["hl.transfer_function_taylor_fine"]))
    omegas = np.asarray(inp["omegas_fine"], dtype=float)
    freqs = np.asarray(inp["frequencies_fine_hz"], dtype=float)
    assert np.array_equal(freqs, omegas / (2 * np.pi))  # so the file stores omegas only
    J, K, tau_m = np.asarray(inp["J"]), np.asarray(inp["K"]), inp["tau_m"]
    D = network_properties._delay_dist_matrix(
        np.asarray(inp["Delay"]), np.asarray(inp["Delay_sd"]), inp["delay_dist"], omegas)
    W = lif_exp._effective_connectivity(tf, D, J, K, tau_m)

    # D by presynaptic column type, and W rebuilt in the Rust test's order
    n = J.shape[0]
    series_of_column = [j % 2 for j in range(n)]  # 0: excitatory, 1: inhibitory
    series = np.stack([D[:, 0, 0], D[:, 0, 1]], axis=1)
    for j in range(n):
        for i in range(n):
            assert np.array_equal(D[:, i, j], series[:, series_of_column[j]])
    pre = (tau_m * J) * K
    Wr = np.empty_like(W)
    for f in range(len(omegas)):
        x = pre * tf[f][:, None]            # real * complex: componentwise
        Wr[f] = x * D[f]                    # complex product
    assert np.array_equal(Wr, W), "rebuilt W is not bitwise NNMT's"

    ev = np.linalg.eigvals(W)
    resorted, mask, ambiguous = match_with_warnings(ev, 1e-5)
    ref_mask = np.asarray(o["hl.eigenvalues_resort_mask_fine"])
    assert np.array_equal(mask, ref_mask), "NNMT's mask on this machine differs from REF"
    assert np.array_equal(resorted, np.take_along_axis(ev, mask, 1))
    dev = np.max(np.abs(resorted - cplx(o["hl.eigenvalues_resorted_fine"])))
    assert dev < 1e-12, dev

    # the sensitivity measures of the reference, checked against NNMT on the rebuilt W
    sm = lif_exp._sensitivity_measure(W, 64.0, freqs, "None", "None")
    sa = lif_exp._sensitivity_measure_all_eigenmodes(W, freqs)
    sens = {}
    for prefix, got in [("hl.sensitivity_measure_64Hz", sm)] + [
            (f"hl.sensitivity_measure_all_eigenmodes.{e}", sa[str(e)]) for e in range(n)]:
        block = {k: o[f"{prefix}.{k}"] for k in SENS_KEYS}
        for k in ["critical_eigenvalue", "sensitivity", "sensitivity_amp", "sensitivity_freq",
                  "k", "k_per"]:
            r = np.asarray(block[k], dtype=float)
            g = np.asarray(enc(got[k]), dtype=float)
            assert np.max(np.abs(r - g)) < 1e-10, (prefix, k, np.max(np.abs(r - g)))
        assert block["critical_frequency_index"] == int(got["critical_frequency_index"])
        sens[prefix.removeprefix("hl.")] = block

    # small cases of the matching algorithm
    yaml_ev = [[-0.0023356653441366504, -3.8015343346558628],
               [-0.014050738467807022, -15.16636926153219],
               [-0.04999890469559887, -60.829451095304385]]
    cases = [match_case("minimal_ambiguous_eigenvalues.yaml", yaml_ev, [1e-5])]
    for tag in ["shift", "taylor"]:
        ec = cplx(o[f"effective_connectivity_{tag}"])
        ev21 = np.linalg.eigvals(ec)
        c = match_case(f"microcircuit_21_{tag}", ev21, [1e-5])
        assert np.array_equal(np.asarray(c["results"][0]["mask"]),
                              np.asarray(o[f"eigenvalues_resort_mask_{tag}"]))
        cases.append(c)
    for seed, (nn, nf) in enumerate([(3, 40), (4, 30), (5, 25)]):
        cases.append(match_case(f"synthetic_seed{seed}", synthetic(seed, nn, nf),
                                [1e-5, 0.1, 0.5]))

    out = {
        "schema": "nnmt-eigen-fixture/1",
        "case": ref["case"],
        "source": ("made by tests/data/generate/make_eigen_fixture.py from "
                   f"{ref['case']}.json (NNMT {ref['nnmt_version']}) and NNMT itself"),
        "nnmt_version": ref["nnmt_version"],
        "environment": ref["environment"],
        "notes": [
            "W(omega) = (((tau_m J_ij) K_ij) tf_i) D_ij with tf = hl.transfer_function_taylor_fine "
            "of microcircuit_bos2016_exp_tf.json and D_ij = delay_dist_matrix_series"
            "[f][delay_dist_matrix_series_of_column[j]]: bitwise NNMT's _effective_connectivity.",
            "eigvals_numpy = numpy.linalg.eigvals(W) in LAPACK order; NNMT's "
            "_match_eigenvalues_across_frequencies(eigvals_numpy, 1e-5) gives bitwise "
            "eigenvalues_resort_mask_fine, and resorted[f][k] = eigvals_numpy[f][mask[f][k]].",
            "sensitivity_measure_*: copied from the reference; NNMT on the rebuilt W agrees to 1e-10.",
            f"NNMT warned 'Ambiguous eigenvalue resorting' at {ambiguous} on the fine grid.",
        ],
        "inputs": {"tau_m": tau_m, "J": enc(J), "K": enc(K), "omegas_fine": enc(omegas),
                   "delay_dist_matrix_series": enc(series),
                   "delay_dist_matrix_series_of_column": series_of_column},
        "units": {"tau_m": "s", "J": "V", "K": "1", "omegas_fine": "rad/s",
                  "delay_dist_matrix_series": "1"},
        "outputs": {"effective_connectivity_samples": {
                        "frequency_indices": W_SAMPLES,
                        "values": enc(W[W_SAMPLES])},
                    "eigvals_numpy": enc(ev),
                    "eigenvalues_resort_mask_fine": enc(mask),
                    "ambiguous_at_fine": ambiguous,
                    **sens},
        "calls": {
            "eigvals_numpy": "numpy.linalg.eigvals(nnmt.lif.exp._effective_connectivity(tf, D, J, K, tau_m))",
            "eigenvalues_resort_mask_fine": "nnmt.lif.exp._match_eigenvalues_across_frequencies(eigvals_numpy, margin=1e-5)[1]",
            "sensitivity_measure_64Hz": ref["calls"]["hl.sensitivity_measure_64Hz"],
            "sensitivity_measure_all_eigenmodes": ref["calls"]["hl.sensitivity_measure_all_eigenmodes"],
        },
        "match_cases": cases,
    }
    with open(out_path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
