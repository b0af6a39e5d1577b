#!/usr/bin/env python3
"""Times NNMT 1.3's linear response of the multi-area model (MAM, 254 populations) on 100
frequencies, for comparison with the `mam` group of `benches/linear_response.rs`.

The MAM file is read from $NNMT_MAM_DIR (default <repo>/../shared/mam); without it the
script stops with a note. Steps, on the same 100 frequencies as the benchmark
(f = 1, 6, ..., 496 Hz, `np.arange(1, 500, 5)`), exp synapses, shift method:

- `nnmt.models.Plain(file)` and `nnmt.lif.exp.working_point(net, method='shift')`
  (prerequisites, timed once);
- `nnmt.lif.exp.transfer_function(net, method='shift')` and
  `nnmt.network_properties.delay_dist_matrix(net)` (prerequisites of W);
- `nnmt.lif.exp.effective_connectivity(net)`, `nnmt.lif.exp.power_spectra(net)` and the
  eigenvalues and eigenvectors of W at every frequency with `np.linalg.eig` (the linear
  response proper: the figure to compare with the crate's).

Each figure is the median of a few repeats (wall-clock and CPU time), on a fresh result
cache for the step timed. The peak memory of the process (`resource.getrusage` maxrss) is
written at the end. Only timings are written: the MAM's data are CC BY-NC-SA and nothing
derived from its numbers goes into the repository.

Usage (from the repository root):

    /tmp/venv/bin/python benches/nnmt/time_nnmt_linear_response.py \
        [--out benches/nnmt/nnmt_linear_response_times.json]
"""

import argparse
import datetime
import json
import os
import resource
import statistics
import sys
import time
import warnings

import numpy as np
import nnmt

from time_nnmt import cpu_name  # the same directory

FREQS_HZ = np.arange(1.0, 500.0, 5.0)  # 100 frequencies, 1 ... 496 Hz
REPEATS = {"transfer_function": 1, "delay_dist_matrix": 3, "effective_connectivity": 3,
           "power_spectra": 3, "eig": 3}


def median_time(fn, repeats):
    times, cpu = [], []
    result = None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpu), result


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(repo, "benches/nnmt/nnmt_linear_response_times.json"))
    args = ap.parse_args()
    mam_dir = os.environ.get("NNMT_MAM_DIR", os.path.join(repo, "..", "shared", "mam"))
    path = os.path.join(mam_dir, "mam_network_params.yaml")
    if not os.path.isfile(path):
        print(f"note: {path} not found (set NNMT_MAM_DIR); nothing timed", file=sys.stderr)
        return 0
    warnings.simplefilter("ignore")
    report = {
        "what": "NNMT 1.3 linear response of the multi-area model (254 populations) on the 100 "
        "frequencies np.arange(1, 500, 5) Hz, exp synapses, shift method. Medians of `repeats` "
        "runs, wall-clock (s) and CPU (cpu_s) time; linear_response_s = effective_connectivity "
        "+ power_spectra + eig (np.linalg.eig of W at every frequency). Prerequisites "
        "(load, working point, transfer function, delay matrix) timed separately. "
        "peak_rss_mib: resource.getrusage(RUSAGE_SELF).ru_maxrss of the whole script.",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu_name(),
        "nnmt_version": nnmt.__version__ if hasattr(nnmt, "__version__") else "1.3.0",
        "numpy_version": np.__version__,
        "load_average_start": os.getloadavg(),
        "n_frequencies": len(FREQS_HZ),
    }
    t0 = time.perf_counter()
    net = nnmt.models.Plain(path)
    report["load_plain_s"] = time.perf_counter() - t0
    net.analysis_params["omegas"] = 2 * np.pi * FREQS_HZ
    t0 = time.perf_counter()
    nnmt.lif.exp.working_point(net, method="shift")
    report["working_point_s"] = time.perf_counter() - t0

    def step(key, fn, clear):
        def run():
            net.clear_results(clear)
            return fn()
        wall, cpu, result = median_time(run, REPEATS[key])
        report[f"{key}_s"] = wall
        report[f"{key}_cpu_s"] = cpu
        report[f"{key}_repeats"] = REPEATS[key]
        print(f"{key}: {wall:.3f} s (cpu {cpu:.3f} s)", file=sys.stderr)
        return result

    step("transfer_function", lambda: nnmt.lif.exp.transfer_function(net, method="shift"),
         ["lif.exp.transfer_function"])
    # NNMT caches the delay matrix under the result key 'D'
    step("delay_dist_matrix", lambda: nnmt.network_properties.delay_dist_matrix(net),
         ["D"])
    w = step("effective_connectivity", lambda: nnmt.lif.exp.effective_connectivity(net),
             ["lif.exp.effective_connectivity"])
    step("power_spectra", lambda: nnmt.lif.exp.power_spectra(net), ["lif.exp.power_spectra"])
    step("eig", lambda: [np.linalg.eig(m) for m in w], [])
    report["linear_response_s"] = (report["effective_connectivity_s"]
                                   + report["power_spectra_s"] + report["eig_s"])
    report["linear_response_cpu_s"] = (report["effective_connectivity_cpu_s"]
                                       + report["power_spectra_cpu_s"] + report["eig_cpu_s"])
    report["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["load_average_end"] = os.getloadavg()
    with open(args.out, "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
