//! Eigenmodes of the effective connectivity, eigenvalue trajectories and the sensitivity
//! measure against NNMT 1.3.0 on the Bos et al. (2016) microcircuit (500 frequencies,
//! 0.1 … 499.1 Hz), from `tests/data/eigen/microcircuit_bos2016_eigen.json`
//! (made by `tests/data/generate/make_eigen_fixture.py`; what it holds and what the
//! generator asserts about it is in that script's docstring).

use std::sync::OnceLock;

use nalgebra::{DMatrix, DVector};
use nnmt::Error;
use nnmt::lif::linear_response::{
    EffectiveConnectivity, Eigenmodes, Mode, SensitivityMeasure, Tracker, TrackingWarning,
    eigenmodes, match_eigenvalues_across_frequencies, sensitivity_measure,
    sensitivity_measure_all_eigenmodes,
};
use nnmt::units::*;
use num_complex::Complex64;
use serde_json::Value;

use crate::common::{load, num, vec};

const FIXTURE: &str = "eigen/microcircuit_bos2016_eigen.json";

/// Eigenvalues: |λ| is up to 11 here; LAPACK's and faer's eigenvalues of the same matrix
/// differ by the backward error times the condition number (measured: at most 5.6e-14 over
/// the 500 frequencies; two LAPACK runs differ by 5e-14): 1e-10 is the bound.
const EIG_TOL: f64 = 1e-10;

fn c(v: &Value) -> Complex64 {
    let a = v.as_array().expect("[re, im]");
    Complex64::new(num(&a[0]), num(&a[1]))
}

fn cvec(v: &Value) -> Vec<Complex64> {
    v.as_array().expect("array").iter().map(c).collect()
}

fn cmat(v: &Value) -> DMatrix<Complex64> {
    let rows: Vec<Vec<Complex64>> = v.as_array().expect("rows").iter().map(cvec).collect();
    DMatrix::from_fn(rows.len(), rows[0].len(), |i, j| rows[i][j])
}

fn rmat(v: &Value) -> DMatrix<f64> {
    let rows: Vec<Vec<f64>> = v.as_array().expect("rows").iter().map(vec).collect();
    DMatrix::from_fn(rows.len(), rows[0].len(), |i, j| rows[i][j])
}

struct Fixture {
    json: Value,
    w: EffectiveConnectivity,
    /// W at the sample frequencies with the last complex product not fused
    unfused_samples: Vec<DMatrix<Complex64>>,
    /// numpy.linalg.eigvals(W), LAPACK order, [f][k]
    numpy: Vec<Vec<Complex64>>,
    /// NNMT's mask on `numpy`
    mask: Vec<Vec<usize>>,
}

impl Fixture {
    /// NNMT's resorted eigenvalues: numpy[f][mask[f][k]] (bitwise, asserted by the
    /// generator).
    fn nnmt_resorted(&self) -> Vec<Vec<Complex64>> {
        self.numpy
            .iter()
            .zip(&self.mask)
            .map(|(row, m)| m.iter().map(|&i| row[i]).collect())
            .collect()
    }

    fn sens(&self, key: &str) -> &Value {
        &self.json["outputs"][key]
    }
}

/// W(ω) rebuilt as NNMT computes it: (((τ_m J_ij) K_ij) H_i(ω)) D_ij(ω), with H from the
/// committed transfer-function subset and D from the fixture's two delay series, and the
/// last complex product fused like numpy's (checked bitwise by
/// `rebuilt_effective_connectivity_is_nnmts_bitwise`).
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let json = load(FIXTURE);
        let tf_file = load("nnmt-1.3.0/microcircuit_bos2016_exp_tf.json");
        let tf: Vec<Vec<Complex64>> = tf_file["outputs"]["hl.transfer_function_taylor_fine"]
            .as_array()
            .unwrap()
            .iter()
            .map(cvec)
            .collect();
        let inp = &json["inputs"];
        let tau_m = num(&inp["tau_m"]);
        let j = rmat(&inp["J"]);
        let k = rmat(&inp["K"]);
        let omegas = vec(&inp["omegas_fine"]);
        let series: Vec<Vec<Complex64>> = inp["delay_dist_matrix_series"]
            .as_array()
            .unwrap()
            .iter()
            .map(cvec)
            .collect();
        let of_col: Vec<usize> = vec(&inp["delay_dist_matrix_series_of_column"])
            .iter()
            .map(|&x| x as usize)
            .collect();
        let n = j.nrows();
        let rebuild = |f: usize, fused: bool| {
            DMatrix::from_fn(n, n, |a, b| {
                let pre = (tau_m * j[(a, b)]) * k[(a, b)];
                let x = Complex64::new(pre * tf[f][a].re, pre * tf[f][a].im);
                let y = series[f][of_col[b]];
                if fused {
                    // numpy's complex product on the machine that made the fixture is fused
                    // (its SIMD loop): re = fma(a, c, −b d), im = fma(a, d, b c)
                    Complex64::new(
                        x.re.mul_add(y.re, -(x.im * y.im)),
                        x.re.mul_add(y.im, x.im * y.re),
                    )
                } else {
                    x * y
                }
            })
        };
        let matrices: Vec<DMatrix<Complex64>> =
            (0..omegas.len()).map(|f| rebuild(f, true)).collect();
        let unfused_samples =
            vec(&json["outputs"]["effective_connectivity_samples"]["frequency_indices"])
                .iter()
                .map(|&f| rebuild(f as usize, false))
                .collect();
        let om: Vec<AngularVelocity> = omegas
            .iter()
            .map(|&w| AngularVelocity::new::<radian_per_second>(w))
            .collect();
        let w = EffectiveConnectivity::new(matrices, &om).unwrap();
        let out = &json["outputs"];
        let numpy = out["eigvals_numpy"]
            .as_array()
            .unwrap()
            .iter()
            .map(cvec)
            .collect();
        let mask = out["eigenvalues_resort_mask_fine"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| vec(r).iter().map(|&x| x as usize).collect())
            .collect();
        Fixture {
            json,
            w,
            unfused_samples,
            numpy,
            mask,
        }
    })
}

fn modes(tracker: Tracker) -> &'static Eigenmodes {
    static OVERLAP: OnceLock<Eigenmodes> = OnceLock::new();
    static NNMT: OnceLock<Eigenmodes> = OnceLock::new();
    let cell = match tracker {
        Tracker::Overlap => &OVERLAP,
        _ => &NNMT,
    };
    cell.get_or_init(|| eigenmodes(&fixture().w, tracker).unwrap())
}

/// The rebuilt W equals NNMT's W, stored at five frequencies, bit for bit (the same
/// floating-point operations in the same order). numpy multiplies complex numbers with
/// fused multiply-adds where its SIMD loop has them (so on the machine that made the
/// fixture) and without elsewhere: a fixture rebuilt on another machine must match one of
/// the two; the other tests use the fused W, within 1 ulp of either.
#[test]
fn rebuilt_effective_connectivity_is_nnmts_bitwise() {
    let fx = fixture();
    let s = &fx.json["outputs"]["effective_connectivity_samples"];
    let idx = vec(&s["frequency_indices"]);
    let values = s["values"].as_array().unwrap();
    let mut fused = 0;
    for ((&f, v), unfused) in idx.iter().zip(values).zip(&fx.unfused_samples) {
        let want = cmat(v);
        let got = fx.w.matrix(f as usize).unwrap();
        assert!(got == &want || unfused == &want, "frequency index {f}");
        fused += usize::from(got == &want);
    }
    assert!(
        fused == 0 || fused == idx.len(),
        "fused at some samples only"
    );
}

/// For each eigenvalue in `got`, the nearest in `want`; asserts the pairing is one to one
/// and returns the largest distance.
fn set_distance(got: &[Complex64], want: &[Complex64]) -> f64 {
    let mut used = vec![false; want.len()];
    let mut worst: f64 = 0.0;
    for g in got {
        let (i, d) = want
            .iter()
            .enumerate()
            .map(|(i, w)| (i, (g - w).norm()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        assert!(!used[i], "two eigenvalues pair with NNMT's {}", want[i]);
        used[i] = true;
        worst = worst.max(d);
    }
    worst
}

/// faer's eigenvalues are LAPACK's (as sets) at every frequency, to 1e-10.
#[test]
fn eigenvalues_match_nnmt_as_sets_at_every_frequency() {
    let fx = fixture();
    let m = modes(Tracker::Overlap);
    assert_eq!((m.n_frequencies(), m.n_modes()), (500, 8));
    let mut worst: f64 = 0.0;
    for (f, want) in fx.nnmt_resorted().iter().enumerate() {
        worst = worst.max(set_distance(m.eigenvalues_at(f).unwrap(), want));
    }
    assert!(worst <= EIG_TOL, "max |λ − λ_NNMT| = {worst:e}");
}

/// Eigenvectors: right W u = λ u and left uᴴ W = λ uᴴ, compared with NNMT's (scipy's) at
/// 64 Hz up to a complex factor: |⟨u, u_NNMT⟩| = 1 for unit vectors. The eigenvector of
/// a mode with condition number κ is accurate to about κ ε; 1e-9 leaves room for κ ≤ 1e6
/// (measured: 1 − |⟨u, u_NNMT⟩| ≤ 4.4e-16).
#[test]
fn eigenvectors_match_nnmt_up_to_a_complex_factor() {
    let fx = fixture();
    let m = modes(Tracker::Overlap);
    let s = fx.sens("sensitivity_measure_64Hz");
    let f = num(&s["critical_frequency_index"]) as usize;
    let lam = c(&s["critical_eigenvalue"]);
    let k = (0..8)
        .min_by(|&a, &b| {
            (m.eigenvalue(f, a).unwrap() - lam)
                .norm()
                .total_cmp(&(m.eigenvalue(f, b).unwrap() - lam).norm())
        })
        .unwrap();
    for (ours, key) in [
        (m.right_eigenvector(f, k).unwrap(), "right_eigenvector"),
        (m.left_eigenvector(f, k).unwrap(), "left_eigenvector"),
    ] {
        let theirs = DVector::from_vec(cvec(&s[key]));
        let overlap = ours.dotc(&theirs).norm();
        assert!(
            (overlap - 1.0).abs() < 1e-9,
            "{key}: |<u, u_NNMT>| = {overlap}"
        );
        assert!((ours.norm() - 1.0).abs() < 1e-14);
    }
}

/// NNMT's matching algorithm, fed numpy's eigenvalues in LAPACK's order, reproduces NNMT's
/// mask on the 500-frequency grid exactly, its resorted eigenvalues bitwise, and (like
/// NNMT) warns nowhere.
#[test]
fn nnmt_matching_reproduces_nnmts_mask_on_lapack_order() {
    let fx = fixture();
    let m = match_eigenvalues_across_frequencies(&fx.numpy, Tracker::NNMT_DEFAULT_MARGIN).unwrap();
    assert_eq!(m.mask(), fx.mask.as_slice());
    assert_eq!(m.resorted(), fx.nnmt_resorted().as_slice());
    assert!(m.warnings().is_empty());
    assert_eq!(
        fx.json["outputs"]["ambiguous_at_fine"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // the algorithm re-sorts at all: four re-sorting points on this grid
    let changes = (1..500).filter(|&f| fx.mask[f] != fx.mask[f - 1]).count();
    assert!(changes >= 4, "{changes}");
}

/// The small cases of the generator: NNMT's ambiguous example, the 21-frequency grid of the
/// microcircuit (shift and taylor; NNMT warns there at ten frequencies) and shuffled
/// synthetic trajectories at three margins: masks and warnings exactly NNMT's.
#[test]
fn nnmt_matching_reproduces_nnmt_on_small_cases() {
    let fx = fixture();
    let mut n_warn = 0;
    for case in fx.json["match_cases"].as_array().unwrap() {
        let ev: Vec<Vec<Complex64>> = case["eigenvalues"]
            .as_array()
            .unwrap()
            .iter()
            .map(cvec)
            .collect();
        for r in case["results"].as_array().unwrap() {
            let margin = num(&r["margin"]);
            let want_mask: Vec<Vec<usize>> = r["mask"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| vec(row).iter().map(|&x| x as usize).collect())
                .collect();
            let want_warn: Vec<TrackingWarning> = vec(&r["ambiguous_at"])
                .iter()
                .map(|&f| TrackingWarning::AmbiguousResorting {
                    frequency_index: f as usize,
                })
                .collect();
            let got = match_eigenvalues_across_frequencies(&ev, margin).unwrap();
            let name = case["name"].as_str().unwrap();
            assert_eq!(got.mask(), want_mask.as_slice(), "{name} margin {margin}");
            assert_eq!(
                got.warnings(),
                want_warn.as_slice(),
                "{name} margin {margin}"
            );
            n_warn += want_warn.len();
        }
    }
    assert!(
        n_warn > 20,
        "the cases exercise the ambiguous branch: {n_warn}"
    );
}

/// For each of `ours`, the index of the NNMT trajectory it coincides with (max over all
/// frequencies ≤ `EIG_TOL`), as a permutation.
fn match_trajectories(ours: &Eigenmodes, nnmt: &[Vec<Complex64>]) -> Vec<usize> {
    let nf = nnmt.len();
    let mut perm = Vec::new();
    for k in 0..ours.n_modes() {
        let t = ours.trajectory(k).unwrap();
        let (q, d) = (0..nnmt[0].len())
            .map(|q| {
                let d = (0..nf)
                    .map(|f| (t[f] - nnmt[f][q]).norm())
                    .fold(0.0, f64::max);
                (q, d)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        assert!(
            d <= EIG_TOL,
            "trajectory {k}: nearest NNMT trajectory {q} is {d:e} away"
        );
        assert!(!perm.contains(&q), "two trajectories are NNMT's {q}");
        perm.push(q);
    }
    perm
}

/// Both trackers on faer's eigenvalues give NNMT's eigenvalue trajectories (NNMT's tracker
/// on LAPACK's order), as a set of curves: each trajectory equals one of NNMT's at all 500
/// frequencies to 1e-10. (NNMT's tracker applied to faer's order need not in general: here
/// its re-sortings happen to land on the same curves.)
#[test]
fn trajectories_equal_nnmts_as_sets_of_curves() {
    let fx = fixture();
    let nnmt = fx.nnmt_resorted();
    let p_overlap = match_trajectories(modes(Tracker::Overlap), &nnmt);
    let p_nnmt = match_trajectories(modes(Tracker::nnmt()), &nnmt);
    // numbering by decreasing |λ| at 0.1 Hz is LAPACK's order there except for the last two
    assert_eq!(p_overlap, [0, 1, 2, 3, 4, 5, 7, 6]);
    assert_eq!(modes(Tracker::Overlap).warnings(), &[]);
    let mut sorted = p_nnmt.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..8).collect::<Vec<_>>());
}

/// Largest |Δ²λ| / max(|Δλ| of the two steps) over a trajectory: of order Δω/(scale of the
/// curve) on a smooth curve, and ≥ about 1 where a trajectory jumps to another mode
/// (a jump by a separation s ≫ step gives Δ² ≈ s).
fn roughness(t: &[Complex64]) -> f64 {
    (1..t.len() - 1)
        .map(|f| {
            let d2 = (t[f + 1] - t[f] * 2.0 + t[f - 1]).norm();
            let step = (t[f + 1] - t[f]).norm().max((t[f] - t[f - 1]).norm());
            if step > 0.0 { d2 / step } else { 0.0 }
        })
        .fold(0.0, f64::max)
}

/// The overlap tracker's trajectories are smooth on the 1 Hz grid: consecutive steps differ
/// by less than 0.25 of the step (measured: at most 0.12, at the lowest frequencies where
/// the curves bend most), so no trajectory jumps between modes.
#[test]
fn overlap_trajectories_are_smooth() {
    let m = modes(Tracker::Overlap);
    for k in 0..8 {
        let r = roughness(&m.trajectory(k).unwrap());
        assert!(r < 0.25, "trajectory {k}: |Δ²λ|/|Δλ| = {r}");
    }
}

/// On a 25 times coarser grid (every 25th frequency, 25 Hz steps) the overlap tracker still
/// follows every trajectory of the fine grid, or says where it could not: a trajectory that
/// differs from the fine grid's (subsampled) must be named by a close-approach warning, and
/// the warnings are where the steps are large.
#[test]
fn overlap_tracker_on_a_coarse_grid_follows_or_warns() {
    let fx = fixture();
    let idx: Vec<usize> = (0..500).step_by(25).collect();
    let matrices: Vec<_> = idx
        .iter()
        .map(|&f| fx.w.matrix(f).unwrap().clone())
        .collect();
    let om: Vec<_> = idx
        .iter()
        .map(|&f| fx.w.angular_frequency(f).unwrap())
        .collect();
    let coarse = eigenmodes(
        &EffectiveConnectivity::new(matrices, &om).unwrap(),
        Tracker::Overlap,
    )
    .unwrap();
    let fine = modes(Tracker::Overlap);
    let mut followed = 0;
    for k in 0..8 {
        let t = coarse.trajectory(k).unwrap();
        let same = (0..8).any(|q| {
            let tf = fine.trajectory(q).unwrap();
            idx.iter()
                .enumerate()
                .all(|(c, &f)| (t[c] - tf[f]).norm() <= EIG_TOL)
        });
        if same {
            followed += 1;
        } else {
            let warned = coarse.warnings().iter().any(|w| {
                matches!(w, TrackingWarning::CloseApproach { modes: (a, b), .. } if *a == k || *b == k)
            });
            assert!(
                warned,
                "trajectory {k} left its fine-grid curve without a warning"
            );
        }
    }
    // measured: all eight followed; warnings only in the first four steps (0.1 … 100 Hz),
    // where the eigenvalues move by up to 8 per step
    assert_eq!(followed, 8);
    assert!(!coarse.warnings().is_empty());
    assert!(coarse.warnings().iter().all(|w| w.frequency_index() <= 4));
}

/// Two modes that pass each other closer than a grid step (an avoided crossing of
/// W = [[a(ω), g], [g, b(ω)]] with a − b changing sign and a small coupling g): the
/// tracker warns there, and nowhere else.
#[test]
fn overlap_tracker_warns_at_a_close_approach() {
    let c = Complex64::new;
    let n = 41;
    let om: Vec<_> = (0..n)
        .map(|f| AngularVelocity::new::<radian_per_second>(f as f64))
        .collect();
    let w: Vec<_> = (0..n)
        .map(|f| {
            let x = (f as f64 - 20.0) / 20.0; // −1 … 1
            let a = c(0.5 + 0.3 * x, 0.1);
            let b = c(0.5 - 0.3 * x, 0.1);
            let g = c(1e-4, 0.0);
            DMatrix::from_row_slice(2, 2, &[a, g, g, b])
        })
        .collect();
    let m = eigenmodes(
        &EffectiveConnectivity::new(w, &om).unwrap(),
        Tracker::Overlap,
    )
    .unwrap();
    assert!(!m.warnings().is_empty());
    for warning in m.warnings() {
        let TrackingWarning::CloseApproach {
            frequency_index,
            modes,
            separation,
            step,
            cost,
            exchanged_cost,
        } = warning
        else {
            panic!("{warning:?}");
        };
        assert_eq!(*modes, (0, 1));
        assert!((19..=21).contains(frequency_index), "{warning}");
        assert!(
            separation < step && exchanged_cost < &(2.0 * cost),
            "{warning:?}"
        );
    }
}

/// Relative tolerance of sensitivity quantities (to the largest entry): T is computed from
/// eigenvectors accurate to about κ ε; NNMT's and ours differ by at most 4.7e-15 relative
/// (measured over the nine measures); 1e-10 as for the eigenvalues.
const SENS_TOL: f64 = 1e-10;

/// Eigenvectors normalised like LAPACK's (unit norm, largest component real and positive)
/// are LAPACK's up to round-off, not only up to a phase, as long as the largest component
/// is not a near-tie: measured |u − u_NNMT| ≤ 1.3e-14 over the nine measures.
const VEC_TOL: f64 = 1e-12;

fn max_rel<T: Copy>(
    got: &DMatrix<T>,
    want: &DMatrix<T>,
    norm: impl Fn(T) -> f64,
    diff: impl Fn(T, T) -> f64,
) -> f64 {
    let scale = want.iter().map(|&x| norm(x)).fold(0.0, f64::max);
    got.iter()
        .zip(want.iter())
        .map(|(&a, &b)| diff(a, b))
        .fold(0.0, f64::max)
        / scale
}

/// Compares one sensitivity measure with NNMT's dictionary: the critical frequency index
/// and eigenvalue, k, k_⊥, T and its projections (phase-invariant quantities), and the
/// eigenvectors up to a complex factor.
fn assert_same_sensitivity(ours: &SensitivityMeasure, theirs: &Value, what: &str) {
    assert_eq!(
        ours.critical_frequency_index(),
        num(&theirs["critical_frequency_index"]) as usize,
        "{what}"
    );
    let hz = ours.critical_frequency().get::<hertz>();
    assert!(
        (hz - num(&theirs["critical_frequency"])).abs() <= 1e-12 * hz,
        "{what}: {hz}"
    );
    let d = (ours.critical_eigenvalue() - c(&theirs["critical_eigenvalue"])).norm();
    assert!(d <= EIG_TOL, "{what}: critical eigenvalue off by {d:e}");
    for (got, key) in [(ours.k(), "k"), (ours.k_per(), "k_per")] {
        let want = vec(&theirs[key]);
        for i in 0..2 {
            assert!(
                (got[i] - want[i]).abs() <= SENS_TOL,
                "{what}: {key} {got:?} {want:?}"
            );
        }
    }
    let t = cmat(&theirs["sensitivity"]);
    let e = max_rel(ours.sensitivity(), &t, |z| z.norm(), |a, b| (a - b).norm());
    assert!(e <= SENS_TOL, "{what}: T off by {e:e} relative");
    for (got, key) in [
        (ours.sensitivity_amp(), "sensitivity_amp"),
        (ours.sensitivity_freq(), "sensitivity_freq"),
    ] {
        let e = max_rel(got, &rmat(&theirs[key]), f64::abs, |a, b| (a - b).abs());
        assert!(e <= SENS_TOL, "{what}: {key} off by {e:e} relative");
    }
    for (got, key) in [
        (ours.left_eigenvector(), "left_eigenvector"),
        (ours.right_eigenvector(), "right_eigenvector"),
    ] {
        let want = DVector::from_vec(cvec(&theirs[key]));
        let overlap = got.dotc(&want).norm() / (got.norm() * want.norm());
        assert!(
            (overlap - 1.0).abs() <= 1e-9,
            "{what}: {key} overlap {overlap}"
        );
        let d = (got - &want).norm();
        assert!(d <= VEC_TOL, "{what}: {key} differs from LAPACK's by {d:e}");
    }
}

/// NNMT's `sensitivity_measure(network, frequency=64.0)`: the eigenvalue closest to 1 at
/// the grid frequency nearest to 64 Hz (64.1 Hz, index 64).
#[test]
fn sensitivity_measure_at_64_hz_matches_nnmt() {
    let fx = fixture();
    let s = sensitivity_measure(&fx.w, Frequency::new::<hertz>(64.0), Mode::ClosestToOne).unwrap();
    assert_same_sensitivity(&s, fx.sens("sensitivity_measure_64Hz"), "64 Hz");
    assert_eq!(s.critical_frequency_index(), 64);
    assert!((s.grid_frequency().get::<hertz>() - 64.1).abs() < 1e-9);
    assert_eq!(s.critical_frequency(), Frequency::new::<hertz>(64.0));
    // the same mode, asked for by its trajectory
    let m = modes(Tracker::Overlap);
    let k = (0..8)
        .find(|&k| m.eigenvalue(64, k) == Some(s.critical_eigenvalue()))
        .unwrap();
    let t = sensitivity_measure(
        &fx.w,
        Frequency::new::<hertz>(64.0),
        Mode::Trajectory {
            eigenmodes: m,
            index: k,
        },
    )
    .unwrap();
    assert_eq!(t.eigenvalue_index(), k);
    assert_same_sensitivity(
        &t,
        fx.sens("sensitivity_measure_64Hz"),
        "64 Hz by trajectory",
    );
}

/// NNMT's `sensitivity_measure_all_eigenmodes(network)`, one measure per trajectory at the
/// frequency where it comes closest to 1: the same eight measures with both trackers
/// (paired with NNMT's through the trajectories).
#[test]
fn sensitivity_measure_all_eigenmodes_matches_nnmt() {
    let fx = fixture();
    let nnmt = fx.nnmt_resorted();
    for tracker in [Tracker::Overlap, Tracker::nnmt()] {
        let all = sensitivity_measure_all_eigenmodes(&fx.w, tracker).unwrap();
        assert_eq!(all.len(), 8);
        let perm = match_trajectories(modes(tracker), &nnmt);
        for (k, s) in all.iter().enumerate() {
            assert_eq!(s.eigenvalue_index(), k);
            let key = format!("sensitivity_measure_all_eigenmodes.{}", perm[k]);
            assert_same_sensitivity(s, fx.sens(&key), &format!("{tracker:?} trajectory {k}"));
        }
    }
}

/// Bad input: a frequency outside the analysis frequencies (0.1 … 499.1 Hz) or not finite,
/// a trajectory that does not exist, eigenmodes of another W, a bad margin — typed errors
/// naming the parameter.
#[test]
fn bad_input_is_a_typed_error() {
    let fx = fixture();
    let hz = Frequency::new::<hertz>;
    for f in [0.05, 500.0, -1.0, f64::NAN, f64::INFINITY] {
        let r = sensitivity_measure(&fx.w, hz(f), Mode::ClosestToOne);
        assert!(
            matches!(
                r,
                Err(Error::InvalidParameter {
                    parameter: "frequency",
                    ..
                })
            ),
            "{f}: {r:?}"
        );
    }
    // the ends of the grid are inside
    for f in [0.1, 499.1] {
        assert!(sensitivity_measure(&fx.w, hz(f), Mode::ClosestToOne).is_ok());
    }
    let m = modes(Tracker::Overlap);
    let r = sensitivity_measure(
        &fx.w,
        hz(64.0),
        Mode::Trajectory {
            eigenmodes: m,
            index: 8,
        },
    );
    assert!(
        matches!(
            r,
            Err(Error::InvalidParameter {
                parameter: "eigenvalue_index",
                ..
            })
        ),
        "{r:?}"
    );
    // eigenmodes of another effective connectivity: same grid, W scaled by 2
    let other = EffectiveConnectivity::new(
        (0..500)
            .map(|f| fx.w.matrix(f).unwrap() * Complex64::new(2.0, 0.0))
            .collect(),
        &(0..500)
            .map(|f| fx.w.angular_frequency(f).unwrap())
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let r = sensitivity_measure(
        &other,
        hz(64.0),
        Mode::Trajectory {
            eigenmodes: m,
            index: 0,
        },
    );
    assert!(
        matches!(
            r,
            Err(Error::InvalidParameter {
                parameter: "eigenmodes",
                ..
            })
        ),
        "{r:?}"
    );
    // eigenmodes on other frequencies
    let few = EffectiveConnectivity::new(
        vec![fx.w.matrix(63).unwrap().clone()],
        &[fx.w.angular_frequency(63).unwrap()],
    )
    .unwrap();
    let r = sensitivity_measure(
        &few,
        hz(63.1),
        Mode::Trajectory {
            eigenmodes: m,
            index: 0,
        },
    );
    assert!(
        matches!(
            r,
            Err(Error::ShapeMismatch {
                parameter: "eigenmodes",
                ..
            })
        ),
        "{r:?}"
    );
    for margin in [-1e-5, f64::NAN, f64::INFINITY] {
        let r = eigenmodes(&few, Tracker::Nnmt { margin });
        assert!(
            matches!(
                r,
                Err(Error::InvalidParameter {
                    parameter: "margin",
                    ..
                })
            ),
            "{r:?}"
        );
        let r = match_eigenvalues_across_frequencies(&fx.numpy, margin);
        assert!(
            matches!(
                r,
                Err(Error::InvalidParameter {
                    parameter: "margin",
                    ..
                })
            ),
            "{r:?}"
        );
    }
    let ragged = vec![vec![Complex64::new(0.1, 0.0)], vec![]];
    let r = match_eigenvalues_across_frequencies(&ragged, 1e-5);
    assert!(
        matches!(
            r,
            Err(Error::ShapeMismatch {
                parameter: "eigenvalues",
                ..
            })
        ),
        "{r:?}"
    );
    // no frequencies, no populations
    let empty = EffectiveConnectivity::new(vec![], &[]).unwrap();
    assert!(
        eigenmodes(&empty, Tracker::Overlap)
            .unwrap()
            .n_frequencies()
            == 0
    );
    assert!(matches!(
        sensitivity_measure_all_eigenmodes(&empty, Tracker::Overlap),
        Err(Error::InvalidParameter {
            parameter: "frequency",
            ..
        })
    ));
    let none = EffectiveConnectivity::new(
        vec![DMatrix::zeros(0, 0)],
        &[fx.w.angular_frequency(0).unwrap()],
    )
    .unwrap();
    assert!(sensitivity_measure(&none, hz(0.1), Mode::ClosestToOne).is_err());
    assert!(
        sensitivity_measure_all_eigenmodes(&none, Tracker::Overlap)
            .unwrap()
            .is_empty()
    );
}

/// The connections with the largest |Z_amp| (sensitivity_amp), largest first, as
/// (post, pre) population indices.
fn top_connections(s: &SensitivityMeasure, count: usize) -> Vec<(usize, usize)> {
    let a = s.sensitivity_amp();
    let mut entries: Vec<(usize, usize)> =
        (0..8).flat_map(|i| (0..8).map(move |j| (i, j))).collect();
    entries.sort_by(|&x, &y| a[y].abs().total_cmp(&a[x].abs()));
    entries.truncate(count);
    entries
}

/// Bos, Diesmann & Helias (2016), PLoS Comput. Biol. 12, e1005132, abstract: "The low-γ
/// peak turns out to be generated in a sub-circuit located in layer 2/3 and 4, while the
/// high-γ peak emerges from the inter-neurons in layer 4. Connections within and onto
/// layer 5 are found to regulate slow rate fluctuations." (Only the abstract was read; the
/// figures are those NNMT's example `examples/bos2016/sensitivity_measure_high_gamma.py`
/// reproduces as Bos 2016 Figs. 6 and 7.) On the built-in parameters, with this crate's
/// tracker (populations 0–7 = 2/3E, 2/3I, 4E, 4I, 5E, 5I, 6E, 6I):
/// - the mode whose trajectory passes closest to 1 in the low-γ band (30–100 Hz; at
///   63.1 Hz) has its four most sensitive connections all among 2/3E, 2/3I, 4E, 4I;
/// - the high-γ modes (critical frequencies 200–300 Hz) are each governed by one layer's
///   inhibitory self-connection, and one of them by 4I → 4I (|Z_amp| > 0.9, all other
///   entries below 0.1);
/// - the slow mode (critical frequency 0.1 Hz, the lowest) has its four most sensitive
///   connections all within layer 5.
#[test]
fn sensitivity_names_the_connections_bos_2016_names() {
    let fx = fixture();
    let all = sensitivity_measure_all_eigenmodes(&fx.w, Tracker::Overlap).unwrap();
    let hz = |s: &SensitivityMeasure| s.critical_frequency().get::<hertz>();
    let dist = |s: &SensitivityMeasure| (s.critical_eigenvalue() - 1.0).norm();

    let low = all
        .iter()
        .filter(|s| (30.0..=100.0).contains(&hz(s)))
        .min_by(|a, b| dist(a).total_cmp(&dist(b)))
        .unwrap();
    assert!((hz(low) - 63.1).abs() < 1e-9, "{}", hz(low));
    for (i, j) in top_connections(low, 4) {
        assert!(
            i <= 3 && j <= 3,
            "low-γ: ({i}, {j}) outside layers 2/3 and 4"
        );
    }

    let high: Vec<&SensitivityMeasure> = all
        .iter()
        .filter(|s| (200.0..=300.0).contains(&hz(s)))
        .collect();
    assert_eq!(high.len(), 4);
    let mut layers: Vec<usize> = high
        .iter()
        .map(|s| {
            let (i, j) = top_connections(s, 1)[0];
            assert!(
                i == j && i % 2 == 1,
                "high-γ mode at {} Hz: ({i}, {j})",
                hz(s)
            );
            i
        })
        .collect();
    layers.sort_unstable();
    assert_eq!(layers, [1, 3, 5, 7]);
    let l4 = high
        .iter()
        .find(|s| top_connections(s, 1)[0] == (3, 3))
        .unwrap();
    let a = l4.sensitivity_amp();
    assert!(a[(3, 3)].abs() > 0.9);
    assert!(
        (0..64)
            .filter(|&e| e != 3 * 8 + 3)
            .all(|e| a[(e / 8, e % 8)].abs() < 0.1)
    );

    let slow = all.iter().min_by(|a, b| hz(a).total_cmp(&hz(b))).unwrap();
    assert!((hz(slow) - 0.1).abs() < 1e-12);
    for (i, j) in top_connections(slow, 4) {
        assert!(
            (4..=5).contains(&i) && (4..=5).contains(&j),
            "slow: ({i}, {j})"
        );
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// A random W(ω) of 1–5 populations at 1–6 frequencies, entries of magnitude
    /// 10^(−300 … 300) with random signs and phases, a fifth of them 0 (defective and
    /// overflowing matrices included).
    fn effective_connectivity() -> impl Strategy<Value = EffectiveConnectivity> {
        (1usize..=5, 1usize..=6).prop_flat_map(|(n, nf)| {
            let entry = (0u8..5, -300.0f64..300.0, 0.0f64..std::f64::consts::TAU).prop_map(
                |(zero, exp10, phase)| {
                    if zero == 0 {
                        Complex64::new(0.0, 0.0)
                    } else {
                        Complex64::from_polar(10f64.powf(exp10), phase)
                    }
                },
            );
            proptest::collection::vec(entry, n * n * nf).prop_map(move |v| {
                let matrices = (0..nf)
                    .map(|f| DMatrix::from_column_slice(n, n, &v[f * n * n..(f + 1) * n * n]))
                    .collect();
                let om: Vec<_> = (0..nf)
                    .map(|f| AngularVelocity::new::<radian_per_second>(10.0 * (f + 1) as f64))
                    .collect();
                EffectiveConnectivity::new(matrices, &om).unwrap()
            })
        })
    }

    fn finite(z: Complex64) -> bool {
        z.re.is_finite() && z.im.is_finite()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        /// No panic; an `Ok` holds only finite numbers; an `Err` is a typed error.
        #[test]
        fn no_panic_and_no_non_finite_in_ok(w in effective_connectivity()) {
            for tracker in [Tracker::Overlap, Tracker::nnmt()] {
                match eigenmodes(&w, tracker) {
                    Ok(m) => {
                        for f in 0..m.n_frequencies() {
                            for k in 0..m.n_modes() {
                                prop_assert!(finite(m.eigenvalue(f, k).unwrap()));
                                prop_assert!(m.right_eigenvector(f, k).unwrap().iter().all(|z| finite(*z)));
                                prop_assert!(m.left_eigenvector(f, k).unwrap().iter().all(|z| finite(*z)));
                            }
                        }
                    }
                    Err(e) => prop_assert!(matches!(e, Error::NonFinite { .. } | Error::Solver { .. }), "{e:?}"),
                }
                match sensitivity_measure_all_eigenmodes(&w, tracker) {
                    Ok(all) => {
                        for s in all {
                            prop_assert!(s.sensitivity().iter().all(|z| finite(*z)));
                            prop_assert!(s.sensitivity_amp().iter().chain(s.sensitivity_freq().iter()).all(|x| x.is_finite()));
                            prop_assert!(s.k().iter().chain(s.k_per().iter()).all(|x| x.is_finite()));
                        }
                    }
                    Err(e) => prop_assert!(matches!(e, Error::NonFinite { .. } | Error::Solver { .. }), "{e:?}"),
                }
            }
            let f = w.frequency(0).unwrap();
            match sensitivity_measure(&w, f, Mode::ClosestToOne) {
                Ok(s) => prop_assert!(s.sensitivity().iter().all(|z| finite(*z))),
                Err(e) => prop_assert!(matches!(e, Error::NonFinite { .. } | Error::Solver { .. }), "{e:?}"),
            }
        }
    }
}
