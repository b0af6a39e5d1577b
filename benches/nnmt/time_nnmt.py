#!/usr/bin/env python3
"""Times NNMT 1.3 on the networks of the `scaling` benchmark and checks that its results
equal the crate's.

For n in 8, 32, 128, 256 the random E/I network of `benches/support/random_network.rs` is
written as an NNMT `Plain` file by `examples/random_network.rs`; the multi-area model (MAM)
is read from $NNMT_MAM_DIR (default <repo>/../shared/mam) if present. For each network:

- `nnmt.models.Plain(file)`: load time;
- `nnmt.lif.exp.working_point(net, method='shift')` (default ODE fixed point, nu_0 = 0);
- `nnmt.lif.exp.transfer_function(net, freqs, method='shift')` (synaptic filter on) at the
  20 frequencies 1, 51, ..., 951 Hz (`np.arange(1, 1000, 50)`, as `benches/scaling.rs`).

Each figure is the median of a few repeats on a fresh result cache (`clear_results`), as
wall-clock and as CPU time of the process (the latter hardly changes when other programs load
the machine); the number of repeats is written next to it, with the load average. The crate's working point
and transfer function (the release `nnmt` binary, same method and frequencies) are compared
with NNMT's: the largest relative differences are printed and, for the random networks,
written to the output (for the MAM only timings are written: its data are CC BY-NC-SA).

Usage (from the repository root; builds the release binary and example first):

    /tmp/venv/bin/python benches/nnmt/time_nnmt.py [--out benches/nnmt/nnmt_times.json]
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import nnmt

SIZES = [8, 32, 128, 256]
FREQS_HZ = np.arange(1.0, 1000.0, 50.0)  # 20 frequencies, 1 ... 951 Hz
ANALYSIS_YAML = "f_min: {val: 1, unit: Hz}\nf_max: {val: 1000, unit: Hz}\ndf: {val: 50, unit: Hz}\n"

# repeats (median of): fewer for the slow cases
REPEATS_WP = {8: 5, 32: 5, 128: 3, 256: 3, "mam": 2}
REPEATS_TF = {8: 5, 32: 3, 128: 2, 256: 2, "mam": 1}
REPEATS_LOAD = {8: 5, 32: 5, 128: 3, 256: 2, "mam": 2}


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def median_time(fn, repeats):
    """Median wall-clock time of `repeats` calls, all wall-clock and CPU times, and the last
    call's result."""
    times, cpu = [], []
    result = None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), {"wall": times, "cpu": cpu}, result


def load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nnmt.models.Plain(str(path))


def time_network(path, key):
    """Timings and results of NNMT on one file."""
    t_load, loads, net = median_time(lambda: load(path), REPEATS_LOAD[key])

    def wp():
        net.clear_results()
        return nnmt.lif.exp.working_point(net, method="shift")

    t_wp, wps, result = median_time(wp, REPEATS_WP[key])

    def tf():
        net.clear_results(["lif.exp.transfer_function"])
        return nnmt.lif.exp.transfer_function(net, freqs=FREQS_HZ, method="shift")

    t_tf, tfs, transfer = median_time(tf, REPEATS_TF[key])
    timings = {
        "load_plain_s": t_load,
        "load_plain_cpu_s": statistics.median(loads["cpu"]),
        "load_plain_repeats": len(loads["wall"]),
        "working_point_s": t_wp,
        "working_point_cpu_s": statistics.median(wps["cpu"]),
        "working_point_repeats": len(wps["wall"]),
        "transfer_function_s": t_tf,
        "transfer_function_cpu_s": statistics.median(tfs["cpu"]),
        "transfer_function_repeats": len(tfs["wall"]),
        "all_runs_s": {"load": loads, "working_point": wps, "transfer_function": tfs},
    }
    return timings, result, np.asarray(transfer)


def ours(repo, command, path, analysis):
    args = [os.path.join(repo, "target/release/nnmt"), command, "--network", str(path),
            "--format", "json"]
    if command == "transfer-function":
        args += ["--analysis", str(analysis)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def max_rel(got, want):
    got, want = np.asarray(got), np.asarray(want)
    return float(np.max(np.abs(got - want) / np.abs(want)))


def compare(repo, path, analysis, result, transfer):
    """Largest relative differences crate vs NNMT: rates, mu, sigma, transfer function."""
    wp = ours(repo, "working-point", path, analysis)
    tf = ours(repo, "transfer-function", path, analysis)
    ours_tf = np.array(tf["transfer_function"]["values"])  # [freq][pop][re, im]
    ours_tf = ours_tf[..., 0] + 1j * ours_tf[..., 1]
    return {
        "firing_rates": max_rel(wp["firing_rates"]["values"], result["firing_rates"]),
        "mean_input": max_rel(wp["mean_input"]["values"], result["mean_input"]),
        "std_input": max_rel(wp["std_input"]["values"], result["std_input"]),
        "transfer_function": max_rel(ours_tf, transfer),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo_default = os.path.dirname(os.path.dirname(here))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repo", default=repo_default, help="the nnmt crate's root")
    p.add_argument("--out", default=os.path.join(here, "nnmt_times.json"))
    p.add_argument("--sizes", type=int, nargs="*", default=SIZES)
    p.add_argument("--no-build", action="store_true", help="use the existing release build")
    args = p.parse_args()
    repo = args.repo
    mam_dir = os.environ.get("NNMT_MAM_DIR", os.path.join(repo, "..", "shared", "mam"))

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--bin", "nnmt", "--example",
                        "random_network"], cwd=repo, check=True)
    tmp = tempfile.mkdtemp(prefix="nnmt-scaling-")
    analysis = os.path.join(tmp, "analysis.yaml")
    with open(analysis, "w") as f:
        f.write(ANALYSIS_YAML)

    report = {
        "description": "NNMT 1.3 wall-clock times (median of the given number of repeats) on "
        "the networks of benches/scaling.rs: random E/I networks of n populations "
        "(examples/random_network.rs) and the multi-area model (timings only). "
        "*_s: median wall-clock time; *_cpu_s: median CPU time of the process (less "
        "sensitive to other load on the machine, see load_average_*); all_runs_s: every run. "
        "working_point = nnmt.lif.exp.working_point(net, method='shift') (default ODE "
        "fixed point); transfer_function = nnmt.lif.exp.transfer_function(net, freqs, "
        "method='shift') (synaptic filter on) at the frequencies below; load_plain = "
        "nnmt.models.Plain(file). max_rel_diff_vs_crate: largest |crate - NNMT| / |NNMT| "
        "over populations (and frequencies), crate = the release `nnmt` binary.",
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu": cpu_name(),
        "cpus_available": os.cpu_count(),
        "load_average_1_5_15_min_at_start": list(os.getloadavg()),
        "python": platform.python_version(),
        "nnmt_version": getattr(nnmt, "__version__", "1.3.0"),
        "numpy": np.__version__,
        "frequencies_hz": FREQS_HZ.tolist(),
        "random": {},
    }
    def write():
        report["load_average_1_5_15_min_at_end"] = list(os.getloadavg())
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1)
            f.write("\n")

    ok = True
    for n in args.sizes:
        path = os.path.join(tmp, f"random_{n}.yaml")
        with open(path, "w") as f:
            subprocess.run([os.path.join(repo, "target/release/examples/random_network"), str(n)],
                           check=True, stdout=f)
        timings, result, transfer = time_network(path, n)
        diffs = compare(repo, path, analysis, result, transfer)
        rates = np.asarray(result["firing_rates"])
        passed = max(diffs.values()) <= 1e-9
        ok &= passed
        report["random"][str(n)] = {
            **timings,
            "rates_hz_min_median_max": [float(rates.min()), float(np.median(rates)),
                                        float(rates.max())],
            "max_rel_diff_vs_crate": diffs,
            "check_max_rel_diff_le_1e-9": passed,
        }
        print(f"n = {n:3}: load {timings['load_plain_s']:.4g} s, working point "
              f"{timings['working_point_s']:.4g} s, transfer function "
              f"{timings['transfer_function_s']:.4g} s; crate vs NNMT max rel diff "
              + ", ".join(f"{k} {v:.2e}" for k, v in diffs.items())
              + (" OK (<= 1e-9)" if passed else " FAILED (> 1e-9)"), flush=True)
        write()  # after each network, so that an interrupted run keeps what it measured

    mam = os.path.join(mam_dir, "mam_network_params.yaml")
    if os.path.exists(mam):
        timings, result, transfer = time_network(mam, "mam")
        diffs = compare(repo, mam, analysis, result, transfer)
        passed = max(diffs.values()) <= 1e-9
        ok &= passed
        # only timings: the MAM's data (CC BY-NC-SA) stay out of the repository
        report["mam"] = {**timings, "populations": len(result["firing_rates"]),
                         "check_max_rel_diff_le_1e-9": passed}
        print(f"MAM: load {timings['load_plain_s']:.4g} s, working point "
              f"{timings['working_point_s']:.4g} s, transfer function "
              f"{timings['transfer_function_s']:.4g} s; crate vs NNMT max rel diff "
              + ", ".join(f"{k} {v:.2e}" for k, v in diffs.items())
              + (" OK (<= 1e-9)" if passed else " FAILED (> 1e-9)"), flush=True)
    else:
        print(f"MAM skipped: {mam} not found (set NNMT_MAM_DIR; the file is CC BY-NC-SA "
              "and not part of the repository)")

    write()
    print(f"wrote {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
