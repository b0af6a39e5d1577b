//! Rendering results as JSON objects (NNMT's names, values in SI units) and as text tables.

use serde_json::{Value, json};

use crate::lif::WorkingPoint;
use crate::lif::fit::NetworkFit;
use crate::lif::transfer::TransferFunction;
use crate::units::*;

/// `x` right-aligned in `width` columns: fixed-point with `prec` decimals for moderate
/// magnitudes, scientific notation (`prec` digits after the point) for |x| ≥ 1e9 or
/// 0 < |x| < 1e-3, so that neither a 300-digit number nor a lone `0.000` appears.
fn num(x: f64, width: usize, prec: usize) -> String {
    let a = x.abs();
    if a == 0.0 || !a.is_finite() || (1e-3..1e9).contains(&a) {
        format!("{x:>width$.prec$}")
    } else {
        format!("{x:>width$.prec$e}")
    }
}

fn quantity(unit: &str, values: Vec<f64>) -> Value {
    json!({ "unit": unit, "shape": [values.len()], "values": values })
}

/// As [`quantity`], with `null` for an undefined entry.
fn optional_quantity(unit: &str, values: Vec<Option<f64>>) -> Value {
    json!({ "unit": unit, "shape": [values.len()], "values": values })
}

pub(super) fn insert_names(obj: &mut serde_json::Map<String, Value>, names: Option<&[String]>) {
    if let Some(names) = names {
        obj.insert("populations".into(), json!(names));
    }
}

pub(super) fn finish_json(obj: serde_json::Map<String, Value>) -> String {
    let mut s = Value::Object(obj).to_string();
    s.push('\n');
    s
}

pub(super) fn insert_transfer(obj: &mut serde_json::Map<String, Value>, tf: &TransferFunction) {
    let freqs: Vec<f64> = tf.frequencies().iter().map(|f| f.get::<hertz>()).collect();
    obj.insert("frequencies".into(), quantity("Hz", freqs));
    let values: Vec<Vec<[f64; 2]>> = (0..tf.n_frequencies())
        .map(|f| {
            (0..tf.n_populations())
                .filter_map(|p| tf.get(f, p))
                .map(|h| h.get::<hertz_per_volt>())
                .map(|h| [h.re, h.im])
                .collect()
        })
        .collect();
    obj.insert(
        "transfer_function".into(),
        json!({ "unit": "Hz/V", "shape": [tf.n_frequencies(), tf.n_populations()], "values": values }),
    );
}

pub(super) fn insert_fit(
    obj: &mut serde_json::Map<String, Value>,
    fit: &NetworkFit,
    n_freq: usize,
) {
    let n = fit.fits().len();
    obj.insert(
        "tau_rate".into(),
        optional_quantity(
            "s",
            fit.tau_rate()
                .iter()
                .map(|t| t.map(|t| t.get::<second>()))
                .collect(),
        ),
    );
    obj.insert(
        "h0".into(),
        quantity(
            "Hz/V",
            fit.h0().iter().map(|h| h.get::<hertz_per_volt>()).collect(),
        ),
    );
    obj.insert("fit_error".into(), optional_quantity("1", fit.fit_error()));
    let w: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).filter_map(|j| fit.w_rate().get(i, j)).collect())
        .collect();
    obj.insert(
        "W_rate".into(),
        json!({ "unit": "1", "shape": [n, n], "values": w }),
    );
    let curve: Vec<Vec<[f64; 2]>> = (0..n_freq)
        .map(|k| {
            fit.fits()
                .iter()
                .filter_map(|f| f.fitted().get(k))
                .map(|h| h.get::<hertz_per_volt>())
                .map(|h| [h.re, h.im])
                .collect()
        })
        .collect();
    obj.insert(
        "transfer_function_fit".into(),
        json!({ "unit": "Hz/V", "shape": [n_freq, n], "values": curve }),
    );
}

pub(super) fn tf_table(
    tf: &TransferFunction,
    names: Option<&[String]>,
    label: &str,
    setup: &str,
) -> String {
    let mut s = format!("transfer function of {label}: {setup}\n|H| in Hz/mV, phase in rad\n");
    s.push_str(&format!("{:>12}", "f [Hz]"));
    for p in 0..tf.n_populations() {
        let name = names
            .and_then(|n| n.get(p))
            .cloned()
            .unwrap_or_else(|| p.to_string());
        s.push_str(&format!(" {:>11} {:>7}", format!("|H| {name}"), "phase"));
    }
    s.push('\n');
    for f in 0..tf.n_frequencies() {
        s.push_str(&num(
            tf.frequency(f).map_or(f64::NAN, |x| x.get::<hertz>()),
            12,
            4,
        ));
        for p in 0..tf.n_populations() {
            s.push_str(&format!(
                " {} {:>7.4}",
                num(
                    tf.modulus(f, p)
                        .map_or(f64::NAN, |m| m.get::<hertz_per_millivolt>()),
                    11,
                    4
                ),
                tf.phase(f, p).unwrap_or(f64::NAN)
            ));
        }
        s.push('\n');
    }
    s
}

pub(super) fn fit_table(
    fit: &NetworkFit,
    names: Option<&[String]>,
    label: &str,
    setup: &str,
    n_freq: usize,
) -> String {
    let mut s = format!(
        "low-pass fit of the transfer function of {label}: {setup}, {n_freq} frequencies\n"
    );
    s.push_str(&format!(
        "{:<12} {:>14} {:>14} {:>12}\n",
        "population", "tau_rate", "h0", "fit_error"
    ));
    let n = fit.fits().len();
    let name = |i: usize| {
        names
            .and_then(|v| v.get(i))
            .cloned()
            .unwrap_or_else(|| i.to_string())
    };
    for (i, f) in fit.fits().iter().enumerate() {
        // a population whose |H| is 0 at every frequency has h0 = 0 and no τ_rate
        let tau = f.tau_rate().map_or_else(
            || format!("{:>14}", "undefined"),
            |t| format!("{:>11.5} ms", t.get::<millisecond>()),
        );
        let err = f
            .fit_error()
            .map_or_else(|| format!("{:>12}", "undefined"), |e| format!("{e:>12.3e}"));
        s.push_str(&format!(
            "{:<12} {tau} {:>8.3} Hz/mV {err}\n",
            name(i),
            f.h0().get::<hertz_per_millivolt>(),
        ));
    }
    s.push_str("W_rate (row = target, dimensionless):\n");
    for i in 0..n {
        s.push_str(&format!("{:<12}", name(i)));
        for j in 0..n {
            s.push_str(&format!(
                " {:>9.4}",
                fit.w_rate().get(i, j).unwrap_or(f64::NAN)
            ));
        }
        s.push('\n');
    }
    s
}

pub(super) fn insert_working_point(
    obj: &mut serde_json::Map<String, Value>,
    wp: &WorkingPoint,
    names: Option<&[String]>,
) {
    insert_names(obj, names);
    obj.insert(
        "firing_rates".into(),
        quantity(
            "Hz",
            wp.firing_rates().iter().map(|f| f.get::<hertz>()).collect(),
        ),
    );
    obj.insert(
        "mean_input".into(),
        quantity(
            "V",
            wp.mean_input().iter().map(|v| v.get::<volt>()).collect(),
        ),
    );
    obj.insert(
        "std_input".into(),
        quantity(
            "V",
            wp.std_input().iter().map(|v| v.get::<volt>()).collect(),
        ),
    );
}

pub(super) fn table_output(
    wp: &WorkingPoint,
    names: Option<&[String]>,
    label: &str,
    setup: &str,
) -> String {
    let mut s = format!("working point of {label}: {setup}\n");
    s.push_str(&format!(
        "{:<12} {:>18} {:>16} {:>16}\n",
        "population", "firing_rates", "mean_input", "std_input"
    ));
    let rows = wp
        .firing_rates()
        .iter()
        .zip(wp.mean_input().iter())
        .zip(wp.std_input().iter());
    for (i, ((nu, mu), sigma)) in rows.enumerate() {
        let name = names
            .and_then(|n| n.get(i))
            .cloned()
            .unwrap_or_else(|| i.to_string());
        s.push_str(&format!(
            "{:<12} {} Hz {} mV {} mV\n",
            name,
            num(nu.get::<hertz>(), 15, 9),
            num(mu.get::<millivolt>(), 13, 6),
            num(sigma.get::<millivolt>(), 13, 6)
        ));
    }
    s.push_str(&format!(
        "max |Φ(ν) − ν| = {:.3e} Hz after {} iterations\n",
        wp.residual().get::<hertz>(),
        wp.iterations()
    ));
    s
}
