//! The linear-response subcommands: `delay-matrix`, `effective-connectivity`, `propagator`,
//! `power-spectra`, `eigenvalues`, `sensitivity-measure` (Bos et al. 2016, PLoS Comput.
//! Biol. 12, e1005132), with their JSON and table renderings.

use std::io::Write;

use nalgebra::{DMatrix, DVector};
use num_complex::Complex64;
use serde_json::{Map, Value, json};

use super::output::{finish_json, insert_names};
use super::{
    EigenArgs, Failure, Format, SensitivityArgs, TrackerArg, TransferArgs, analysis_omegas,
    failure, network, parse_frequencies, solve, transfer_at,
};
use crate::lif::WorkingPoint;
use crate::lif::linear_response::{
    self as lr, EffectiveConnectivity, Eigenmodes, SensitivityMeasure, Tracker,
};
use crate::models::AnyNetwork;
use crate::network::{ExpSynapses, Network};
use crate::units::*;

/// The population label for row/column `i`.
fn name(names: Option<&[String]>, i: usize) -> String {
    names
        .and_then(|n| n.get(i))
        .cloned()
        .unwrap_or_else(|| i.to_string())
}

fn pair(z: Complex64) -> [f64; 2] {
    [z.re, z.im]
}

fn insert_frequencies(obj: &mut Map<String, Value>, freqs: &[Frequency]) {
    let f: Vec<f64> = freqs.iter().map(|f| f.get::<hertz>()).collect();
    obj.insert(
        "frequencies".into(),
        json!({ "unit": "Hz", "shape": [f.len()], "values": f }),
    );
}

/// A complex [n_freq, n, n] array as JSON, dimensionless.
fn cube(matrices: &[&DMatrix<Complex64>], n: usize) -> Value {
    let values: Vec<Vec<Vec<[f64; 2]>>> = matrices
        .iter()
        .map(|m| {
            (0..m.nrows())
                .map(|i| (0..m.ncols()).map(|j| pair(m[(i, j)])).collect())
                .collect()
        })
        .collect();
    json!({ "unit": "1", "shape": [matrices.len(), n, n], "values": values })
}

/// A complex [n_freq, n, n] array as a long table: one row per frequency and connection.
fn cube_table(
    title: &str,
    freqs: &[Frequency],
    matrices: &[&DMatrix<Complex64>],
    names: Option<&[String]>,
) -> String {
    let mut s = format!(
        "{title}\none row per frequency and connection (target i ← source j), dimensionless\n"
    );
    s.push_str(&format!(
        "{:>12} {:>8} {:>8} {:>14} {:>14}\n",
        "f [Hz]", "target", "source", "re", "im"
    ));
    for (f, m) in freqs.iter().zip(matrices) {
        for i in 0..m.nrows() {
            for j in 0..m.ncols() {
                s.push_str(&format!(
                    "{:>12.4} {:>8} {:>8} {:>14.6e} {:>14.6e}\n",
                    f.get::<hertz>(),
                    name(names, i),
                    name(names, j),
                    m[(i, j)].re,
                    m[(i, j)].im
                ));
            }
        }
    }
    s
}

/// The network with exponential synapses that `what` needs.
fn exp_net<'a>(
    net: &'a AnyNetwork,
    label: &str,
    what: &str,
) -> Result<&'a Network<ExpSynapses>, Failure> {
    net.as_exp().ok_or_else(|| {
        Failure::usage(format!(
            "{what} needs a network with exponential synapses (parameter `tau_s`), which \
             {label} does not give"
        ))
    })
}

fn missing_delays(label: &str, what: &str) -> Failure {
    Failure::usage(format!(
        "{what} needs the delays of the connections (parameters `Delay` and `Delay_sd`, or \
         the model's delay keys), which {label} does not give"
    ))
}

fn missing_sizes(label: &str, what: &str) -> Failure {
    Failure::usage(format!(
        "{what} needs the population sizes (parameter `N`), which {label} does not give"
    ))
}

/// The working point, effective connectivity and description of the arguments' network.
struct Response {
    net: AnyNetwork,
    label: String,
    setup: String,
    wp: WorkingPoint,
    w: EffectiveConnectivity,
}

/// Working point → transfer function → D → W, checking first that the network has what
/// `what` needs (exp synapses, delays and, with `need_sizes`, N).
fn response(args: &TransferArgs, what: &str, need_sizes: bool) -> Result<Response, Failure> {
    let omegas = analysis_omegas(args)?;
    let (net, label) = network(&args.network)?;
    let exp_network = exp_net(&net, &label, what)?;
    let delays = exp_network
        .delays()
        .ok_or_else(|| missing_delays(&label, what))?;
    if need_sizes && exp_network.population_sizes().is_none() {
        return Err(missing_sizes(&label, what));
    }
    let d = crate::network::delay_matrix(delays, &omegas[..]).map_err(|e| failure(&e))?;
    let (wp, setup) = solve(&args.network, &net, &label)?;
    let tf = transfer_at(args, &net, &wp, &omegas)?;
    let w = lr::effective_connectivity(exp_network, &tf, &d).map_err(|e| failure(&e))?;
    let setup = format!(
        "{setup}, synaptic filter {}",
        if args.no_synaptic_filter { "off" } else { "on" }
    );
    Ok(Response {
        net,
        label,
        setup,
        wp,
        w,
    })
}

/// `delay-matrix`: D(ω) of the network's delays (no working point needed).
pub(super) fn delay_matrix(args: &TransferArgs) -> Result<String, Failure> {
    let what = "delay-matrix";
    let omegas = analysis_omegas(args)?;
    let (net, label) = network(&args.network)?;
    let delays = match &net {
        AnyNetwork::Exp(n) => n.delays(),
        AnyNetwork::Delta(n) => n.delays(),
    }
    .ok_or_else(|| missing_delays(&label, what))?;
    let d = crate::network::delay_matrix(delays, &omegas[..]).map_err(|e| failure(&e))?;
    let matrices: Vec<&DMatrix<Complex64>> =
        (0..d.n_frequencies()).filter_map(|f| d.matrix(f)).collect();
    let names = net.population_names();
    Ok(match args.network.format {
        Format::Json => {
            let mut obj = Map::new();
            insert_names(&mut obj, names);
            insert_frequencies(&mut obj, &d.frequencies());
            obj.insert("delay_dist_matrix".into(), cube(&matrices, net.len()));
            finish_json(obj)
        }
        Format::Table => cube_table(
            &format!(
                "delay factors D of {label} ({:?} distribution)",
                delays.distribution()
            ),
            &d.frequencies(),
            &matrices,
            names,
        ),
    })
}

/// `effective-connectivity`: W(ω).
pub(super) fn effective_connectivity(args: &TransferArgs) -> Result<String, Failure> {
    let r = response(args, "effective-connectivity", false)?;
    let matrices: Vec<&DMatrix<Complex64>> = (0..r.w.n_frequencies())
        .filter_map(|f| r.w.matrix(f))
        .collect();
    let names = r.net.population_names();
    Ok(match args.network.format {
        Format::Json => {
            let mut obj = Map::new();
            insert_names(&mut obj, names);
            insert_frequencies(&mut obj, &r.w.frequencies());
            obj.insert(
                "effective_connectivity".into(),
                cube(&matrices, r.net.len()),
            );
            finish_json(obj)
        }
        Format::Table => cube_table(
            &format!("effective connectivity W of {}: {}", r.label, r.setup),
            &r.w.frequencies(),
            &matrices,
            names,
        ),
    })
}

/// `propagator`: P(ω) = (1 − W)⁻¹ W.
pub(super) fn propagator(args: &TransferArgs) -> Result<String, Failure> {
    let r = response(args, "propagator", false)?;
    let p = lr::propagator(&r.w).map_err(|e| failure(&e))?;
    let matrices: Vec<&DMatrix<Complex64>> = (0..p.n_frequencies())
        .filter_map(|f| p.p_matrix(f))
        .collect();
    let names = r.net.population_names();
    Ok(match args.network.format {
        Format::Json => {
            let mut obj = Map::new();
            insert_names(&mut obj, names);
            insert_frequencies(&mut obj, &p.frequencies());
            obj.insert("propagator".into(), cube(&matrices, r.net.len()));
            finish_json(obj)
        }
        Format::Table => cube_table(
            &format!("propagator P = (1 − W)⁻¹ W of {}: {}", r.label, r.setup),
            &p.frequencies(),
            &matrices,
            names,
        ),
    })
}

/// `power-spectra`: diag(Q A Qᴴ) in Hz.
pub(super) fn power_spectra(args: &TransferArgs) -> Result<String, Failure> {
    let what = "power-spectra";
    let r = response(args, what, true)?;
    let sizes = r
        .net
        .as_exp()
        .and_then(|n| n.population_sizes())
        .ok_or_else(|| missing_sizes(&r.label, what))?;
    let c = lr::power_spectra(&r.w, r.wp.firing_rates(), sizes).map_err(|e| failure(&e))?;
    let names = r.net.population_names();
    let n = c.n_populations();
    let rows: Vec<Vec<f64>> = (0..c.n_frequencies())
        .map(|f| {
            (0..n)
                .filter_map(|i| c.get(f, i))
                .map(|x| x.get::<hertz>())
                .collect()
        })
        .collect();
    let freqs = c.frequencies();
    Ok(match args.network.format {
        Format::Json => {
            let mut obj = Map::new();
            insert_names(&mut obj, names);
            insert_frequencies(&mut obj, &freqs);
            obj.insert(
                "power_spectra".into(),
                json!({ "unit": "Hz", "shape": [freqs.len(), n], "values": rows }),
            );
            finish_json(obj)
        }
        Format::Table => {
            let mut s = format!(
                "power spectra of {}: {}\nC_ii(ω) = Σ_k |Q_ik|² ν_k/N_k in Hz\n{:>12}",
                r.label, r.setup, "f [Hz]"
            );
            for i in 0..n {
                s.push_str(&format!(" {:>12}", name(names, i)));
            }
            s.push('\n');
            for (f, row) in freqs.iter().zip(&rows) {
                s.push_str(&format!("{:>12.4}", f.get::<hertz>()));
                for x in row {
                    s.push_str(&format!(" {x:>12.5e}"));
                }
                s.push('\n');
            }
            s
        }
    })
}

fn tracker(arg: TrackerArg) -> Tracker {
    match arg {
        TrackerArg::Overlap => Tracker::Overlap,
        TrackerArg::Nnmt => Tracker::nnmt(),
    }
}

fn tracker_name(arg: TrackerArg) -> &'static str {
    match arg {
        TrackerArg::Overlap => "overlap",
        TrackerArg::Nnmt => "nnmt",
    }
}

/// Tracking warnings, on stderr and as strings for the JSON output.
fn warn_tracking(modes: &Eigenmodes) -> Vec<String> {
    let warnings: Vec<String> = modes.warnings().iter().map(|w| w.to_string()).collect();
    for w in &warnings {
        let _ = writeln!(std::io::stderr(), "nnmt: warning: {w}");
    }
    warnings
}

/// `eigenvalues`: the eigenvalue trajectories of W(ω).
pub(super) fn eigenvalues(args: &EigenArgs) -> Result<String, Failure> {
    let r = response(&args.transfer, "eigenvalues", false)?;
    let modes = lr::eigenmodes(&r.w, tracker(args.tracker)).map_err(|e| failure(&e))?;
    let warnings = warn_tracking(&modes);
    let freqs = modes.frequencies();
    let n = modes.n_modes();
    Ok(match args.transfer.network.format {
        Format::Json => {
            let mut obj = Map::new();
            insert_names(&mut obj, r.net.population_names());
            insert_frequencies(&mut obj, &freqs);
            let values: Vec<Vec<[f64; 2]>> = modes
                .eigenvalues()
                .iter()
                .map(|row| row.iter().copied().map(pair).collect())
                .collect();
            obj.insert(
                "eigenvalues".into(),
                json!({ "unit": "1", "shape": [freqs.len(), n], "values": values }),
            );
            obj.insert("tracker".into(), json!(tracker_name(args.tracker)));
            obj.insert("tracking_warnings".into(), json!(warnings));
            finish_json(obj)
        }
        Format::Table => {
            let mut s = format!(
                "eigenvalue trajectories of W of {}: {}, {} tracker\n{:>12}",
                r.label,
                r.setup,
                tracker_name(args.tracker),
                "f [Hz]"
            );
            for k in 0..n {
                s.push_str(&format!(
                    " {:>12} {:>12}",
                    format!("re λ{k}"),
                    format!("im λ{k}")
                ));
            }
            s.push('\n');
            for (f, row) in freqs.iter().zip(modes.eigenvalues()) {
                s.push_str(&format!("{:>12.4}", f.get::<hertz>()));
                for z in row {
                    s.push_str(&format!(" {:>12.6} {:>12.6}", z.re, z.im));
                }
                s.push('\n');
            }
            s
        }
    })
}

fn complex_vector(v: &DVector<Complex64>) -> Value {
    json!(v.iter().copied().map(pair).collect::<Vec<_>>())
}

fn real_matrix(m: &DMatrix<f64>) -> Value {
    let rows: Vec<Vec<f64>> = (0..m.nrows())
        .map(|i| (0..m.ncols()).map(|j| m[(i, j)]).collect())
        .collect();
    json!({ "unit": "1", "shape": [m.nrows(), m.ncols()], "values": rows })
}

/// NNMT's keys of one sensitivity measure (plus `grid_frequency`, the analysis frequency
/// used).
fn sensitivity_json(s: &SensitivityMeasure) -> Value {
    let t = s.sensitivity();
    let rows: Vec<Vec<[f64; 2]>> = (0..t.nrows())
        .map(|i| (0..t.ncols()).map(|j| pair(t[(i, j)])).collect())
        .collect();
    json!({
        "eigenvalue_index": s.eigenvalue_index(),
        "critical_frequency": { "unit": "Hz", "shape": [], "values": s.critical_frequency().get::<hertz>() },
        "critical_frequency_index": s.critical_frequency_index(),
        "grid_frequency": { "unit": "Hz", "shape": [], "values": s.grid_frequency().get::<hertz>() },
        "critical_eigenvalue": pair(s.critical_eigenvalue()),
        "left_eigenvector": complex_vector(s.left_eigenvector()),
        "right_eigenvector": complex_vector(s.right_eigenvector()),
        "k": s.k(),
        "k_per": s.k_per(),
        "sensitivity": { "unit": "1", "shape": [t.nrows(), t.ncols()], "values": rows },
        "sensitivity_amp": real_matrix(s.sensitivity_amp()),
        "sensitivity_freq": real_matrix(s.sensitivity_freq()),
    })
}

fn sensitivity_table(s: &SensitivityMeasure, names: Option<&[String]>) -> String {
    let lam = s.critical_eigenvalue();
    let mut out = format!(
        "eigenmode {} at {:.4} Hz (analysis frequency index {}, asked {:.4} Hz): \
         λ = {:.6} {:+.6}i\n",
        s.eigenvalue_index(),
        s.grid_frequency().get::<hertz>(),
        s.critical_frequency_index(),
        s.critical_frequency().get::<hertz>(),
        lam.re,
        lam.im
    );
    for (title, m) in [
        (
            "sensitivity_amp (change of the peak's height; row = target)",
            s.sensitivity_amp(),
        ),
        (
            "sensitivity_freq (shift of the peak's frequency; row = target)",
            s.sensitivity_freq(),
        ),
    ] {
        out.push_str(title);
        out.push('\n');
        out.push_str(&format!("{:<8}", ""));
        for j in 0..m.ncols() {
            out.push_str(&format!(" {:>10}", name(names, j)));
        }
        out.push('\n');
        for i in 0..m.nrows() {
            out.push_str(&format!("{:<8}", name(names, i)));
            for j in 0..m.ncols() {
                out.push_str(&format!(" {:>10.4}", m[(i, j)]));
            }
            out.push('\n');
        }
    }
    out
}

/// `sensitivity-measure --frequency F` or `--all-eigenmodes`.
pub(super) fn sensitivity(args: &SensitivityArgs) -> Result<String, Failure> {
    const SYNTAX: &str = "write one frequency with a unit, e.g. 64Hz or \"0.064 kHz\"";
    let frequency = match &args.frequency {
        Some(text) => {
            let f = parse_frequencies("--frequency", text, SYNTAX).map_err(Failure::usage)?;
            match f.as_slice() {
                [one] => Some(*one),
                _ => {
                    return Err(Failure::usage(format!(
                        "--frequency '{text}' gives {} values: {SYNTAX}",
                        f.len()
                    )));
                }
            }
        }
        None => None,
    };
    let transfer = &args.eigen.transfer;
    let r = response(transfer, "sensitivity-measure", false)?;
    let names = r.net.population_names();
    let header = format!("sensitivity measure of {}: {}\n", r.label, r.setup);
    match frequency {
        Some(f) => {
            let s = lr::sensitivity_measure(&r.w, f, lr::Mode::ClosestToOne)
                .map_err(|e| failure(&e))?;
            Ok(match transfer.network.format {
                Format::Json => {
                    let mut obj = Map::new();
                    insert_names(&mut obj, names);
                    insert_frequencies(&mut obj, &r.w.frequencies());
                    obj.insert("sensitivity_measure".into(), sensitivity_json(&s));
                    finish_json(obj)
                }
                Format::Table => header + &sensitivity_table(&s, names),
            })
        }
        None => {
            let t = tracker(args.eigen.tracker);
            // the warnings of the tracking the measures follow
            let modes = lr::eigenmodes(&r.w, t).map_err(|e| failure(&e))?;
            let warnings = warn_tracking(&modes);
            let all = lr::sensitivity_measure_all_eigenmodes(&r.w, t).map_err(|e| failure(&e))?;
            Ok(match transfer.network.format {
                Format::Json => {
                    let mut obj = Map::new();
                    insert_names(&mut obj, names);
                    insert_frequencies(&mut obj, &r.w.frequencies());
                    obj.insert(
                        "sensitivity_measure_all_eigenmodes".into(),
                        Value::Array(all.iter().map(sensitivity_json).collect()),
                    );
                    obj.insert("tracker".into(), json!(tracker_name(args.eigen.tracker)));
                    obj.insert("tracking_warnings".into(), json!(warnings));
                    finish_json(obj)
                }
                Format::Table => {
                    let mut s = header;
                    s.push_str(&format!(
                        "every eigenvalue trajectory at its critical frequency ({} tracker)\n",
                        tracker_name(args.eigen.tracker)
                    ));
                    for m in &all {
                        s.push('\n');
                        s.push_str(&sensitivity_table(m, names));
                    }
                    s
                }
            })
        }
    }
}
