#!/bin/sh
# Rebuilds every file of tests/data that a script in this folder makes.
#
# Usage, from the crate root, with the python of a venv built from requirements.txt:
#   tests/data/generate/rebuild.sh PYTHON            # runs NNMT (about 1.5 min on 2 cores)
#   tests/data/generate/rebuild.sh PYTHON REFDIR     # reuses an earlier make_reference.py run
#   tests/data/generate/rebuild.sh PYTHON REFDIR --mpmath   # also the mpmath tables (slow:
#                                                           # pcfu_extra.json takes longest)
# Then `git diff --stat tests/data`: only the `timings_s`, `timing_runs` and `environment`
# fields of the copied NNMT files may change (NNMT's outputs are deterministic).
set -eu
PY=${1:?"usage: $0 PYTHON [REFDIR [--mpmath]]"}
G=tests/data/generate
D=tests/data
if [ -n "${2:-}" ]; then
    REF=$2
else
    REF=$(mktemp -d)
    "$PY" $G/make_reference.py "$REF"
fi

# NNMT 1.3.0 outputs, copied unchanged.
for f in brunel_delta_ai_g5_eta2 brunel_delta_high_rate_g3_eta2 brunel_delta_low_rate_g6_eta0p8 \
    brunel_exp_low_rate_tau0p5ms_g6_eta0p9 brunel_exp_tau0p5ms_g5_eta2 cvs_and_delay_distributions \
    fit_transfer_function_brunel fixpoint_methods microcircuit_bos2016_delta \
    schuecker2015_transfer_function single_pop_delta_grid single_pop_exp_grid \
    single_pop_hard_corners transfer_function_delta transfer_function_exp; do
    cp "$REF/$f.json" $D/nnmt-1.3.0/
done
for f in fit_transfer_function_brunel transfer_function_delta transfer_function_exp; do
    cp "$REF/$f.json" $D/fit/
done

# Subsets of the 1 MB microcircuit_bos2016_exp.json (values unchanged).
MC="$REF/microcircuit_bos2016_exp.json"
"$PY" $G/slim_microcircuit_exp.py "$MC" $D/nnmt-1.3.0/microcircuit_bos2016_exp_tf.json
"$PY" $G/make_bos2016_exp_subset.py "$MC" $D/nnmt-1.3.0/microcircuit_bos2016_exp_rates.json
"$PY" $G/slim_reference.py "$MC" $D/nnmt-1.3.0/microcircuit_bos2016_exp_wp.json \
    firing_rates_shift_ode_tight firing_rates_taylor_ode_tight firing_rates_shift_default \
    firing_rates_taylor_default mean_input_shift std_input_shift mean_input_taylor \
    std_input_taylor derivative_of_firing_rates_wrt_mean_input_shift \
    derivative_of_firing_rates_wrt_input_rate_shift \
    derivative_of_firing_rates_wrt_mean_input_taylor \
    derivative_of_firing_rates_wrt_input_rate_taylor
"$PY" $G/make_fit_subset.py "$MC" $D/fit/microcircuit_bos2016_exp_fit_subset.json
"$PY" $G/slim_reference.py "$MC" $D/nnmt-1.3.0/microcircuit_bos2016_exp_lr.json \
    delay_dist_matrix effective_connectivity_shift effective_connectivity_taylor \
    propagator_shift propagator_taylor power_spectra_shift power_spectra_taylor \
    mean_input_shift std_input_shift mean_input_taylor std_input_taylor \
    firing_rates_shift_default firing_rates_taylor_default
"$PY" $G/make_eigen_fixture.py "$MC" $D/nnmt-1.3.0/microcircuit_bos2016_exp_tf.json $D/eigen/microcircuit_bos2016_eigen.json

# The mpmath tables, and the compact pcfu tables made from them and NNMT's Psi fixtures.
if [ "${3:-}" = "--mpmath" ]; then
    "$PY" $G/make_siegert_public.py $D/mpmath/siegert_table.json
    "$PY" $G/make_siegert_extra.py $D/mpmath/siegert_extra.json
    "$PY" $G/make_siegert_tiny_sigma.py $D/mpmath/siegert_tiny_sigma.json
    "$PY" $G/make_erfcx_integral.py $D/mpmath/erfcx_integral.json
    "$PY" $G/make_erfcx_antiderivative.py $D/mpmath/erfcx_antiderivative.json
    "$PY" $G/make_erfcx_integral_short.py $D/mpmath/erfcx_integral_short.json
    "$PY" $G/make_siegert_y.py $D/mpmath/siegert_y.json
    "$PY" $G/make_working_point_no_recurrence.py $D/mpmath/working_point_no_recurrence.json
    "$PY" $G/make_pcfu_table.py "$REF/pcfu_table_full.json"
    "$PY" $G/convert_fixtures.py $D/nnmt-params/fixtures/unit/data "$REF/pcfu_table_full.json" $D/pcfu
    "$PY" $G/make_pcfu_extra.py $D/pcfu/pcfu_extra.json
    "$PY" $G/make_pcfu_inner.py $D/pcfu/pcfu_inner.json
    "$PY" $G/make_pcfu_edges.py $D/pcfu/pcfu_edges.json
    "$PY" $G/make_pcfu_large_x.py $D/pcfu/pcfu_large_x.json
    "$PY" $G/make_transfer_mpmath.py $D/mpmath/transfer_function.json
    "$PY" $G/make_delay_mpmath.py $D/mpmath/delay_characteristic.json
fi
