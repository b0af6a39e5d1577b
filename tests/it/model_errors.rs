//! Bad parameter files: every error class names the key (or the file and line), and no
//! mutation of a parameter file makes loading, a model or the network build panic.

use std::path::Path;
use std::sync::OnceLock;

use nnmt::io::parse_param_str;
use nnmt::models::ModelKind;
use proptest::prelude::*;

const SRC: &str = "bad.yaml";

fn bos2016_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let f = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/nnmt-params/fixtures/integration/config/Bos2016_network_params.yaml");
        std::fs::read_to_string(f).unwrap()
    })
}

/// Loads `text` and builds the microcircuit; returns the error message.
fn microcircuit_error(text: &str) -> String {
    let r = parse_param_str(text, SRC)
        .map_err(nnmt::Error::from)
        .and_then(|p| ModelKind::Microcircuit.network(&p));
    match r {
        Ok(_) => panic!("expected an error for\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// The Bos 2016 file with the block of `key` replaced by `replacement`.
fn with(key: &str, replacement: &str) -> String {
    let text = bos2016_text();
    let start = text
        .find(&format!("\n{key}:"))
        .unwrap_or_else(|| panic!("{key}"))
        + 1;
    let end = text[start + 1..].find('\n').map(|i| start + 1 + i).unwrap();
    // the block ends at the next line that starts a new top-level key or comment
    let mut stop = end;
    for line in text[end + 1..].split_inclusive('\n') {
        if line.starts_with(' ') || line.starts_with('-') {
            stop += line.len();
        } else {
            break;
        }
    }
    format!("{}{replacement}\n{}", &text[..start], &text[stop + 1..])
}

#[track_caller]
fn assert_names(msg: &str, parts: &[&str]) {
    assert!(msg.starts_with(SRC), "does not name the file: {msg}");
    for p in parts {
        assert!(msg.contains(p), "lacks {p:?}: {msg}");
    }
}

#[test]
fn unmodified_file_builds() {
    ModelKind::Microcircuit
        .network(&parse_param_str(bos2016_text(), SRC).unwrap())
        .unwrap();
    // and the helper replaces a block without touching the rest
    ModelKind::Microcircuit
        .network(&parse_param_str(&with("tau_m", "tau_m: {val: 12, unit: ms}"), SRC).unwrap())
        .unwrap();
}

#[test]
fn unknown_unit_names_the_key() {
    let msg = microcircuit_error(&with("tau_m", "tau_m: {val: 10, unit: fortnights}"));
    assert_names(&msg, &["key 'tau_m'", "fortnights"]);
}

#[test]
fn wrong_dimension_names_the_key() {
    let msg = microcircuit_error(&with("tau_m", "tau_m: {val: 10, unit: mV}"));
    assert_names(&msg, &["key 'tau_m'", "mV"]);
    let msg = microcircuit_error(&with("w", "w: 87.8"));
    assert_names(&msg, &["key 'w'", "without unit"]);
}

#[test]
fn wrong_shape_names_the_key() {
    let msg = microcircuit_error(&with("tau_m", "tau_m: {val: [10, 10, 10], unit: ms}"));
    assert_names(&msg, &["key 'tau_m'", "list of 8"]);
    let msg = microcircuit_error(&with("K_ext", "K_ext: [1, 2, 3]"));
    assert_names(&msg, &["key 'K_ext'"]);
    let msg = microcircuit_error(&with("K", "K: [[1, 2], [3, 4]]"));
    assert_names(&msg, &["key 'K'", "8x8"]);
    let msg = microcircuit_error(&with("K", "K: [[1, 2], [3]]"));
    assert_names(&msg, &["key 'K'", "rectangular"]);
}

#[test]
fn missing_key_is_named() {
    let msg = microcircuit_error(&with("w", "# no w"));
    assert_names(&msg, &["missing required key 'w'"]);
}

#[test]
fn malformed_yaml_names_the_line() {
    let msg = microcircuit_error(&with("tau_m", "tau_m: {val: 10, unit: ms"));
    assert_names(&msg, &["malformed YAML", "line"]);
}

#[test]
fn non_finite_value_names_the_key() {
    let msg = microcircuit_error(&with("tau_m", "tau_m: {val: .nan, unit: ms}"));
    assert_names(&msg, &["key 'tau_m'", "not finite"]);
    let msg = microcircuit_error(&with("g", "g: .inf"));
    assert_names(&msg, &["key 'g'", "not finite"]);
}

#[test]
fn empty_file_is_named() {
    for text in ["", "# only a comment\n", "   \n"] {
        let msg = microcircuit_error(text);
        assert_names(&msg, &["empty"]);
    }
}

#[test]
fn invalid_values_name_the_parameter() {
    let msg = microcircuit_error(&with("V_th_abs", "V_th_abs: {val: -70, unit: mV}"));
    assert!(msg.contains("V_th_rel"), "{msg}");
    let msg = microcircuit_error(&with("delay_dist", "delay_dist: uniform"));
    assert_names(&msg, &["key 'delay_dist'", "uniform"]);
    let msg = microcircuit_error(&with(
        "nu_ext",
        "nu_ext: {val: [1, 2, 3, 4, 5, 6, 7, 8], unit: Hz}",
    ));
    assert_names(&msg, &["key 'nu_ext'", "np.dot(K_ext * J_ext, nu_ext)"]);
    let msg = microcircuit_error(&with(
        "C",
        "C: {val: [250, 250, 250, 250, 250, 250, 250, 200], unit: pF}",
    ));
    assert_names(&msg, &["key 'C'", "not supported"]);
}

fn corpus() -> &'static [String] {
    static C: OnceLock<Vec<String>> = OnceLock::new();
    C.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        [
            "nnmt-params/fixtures/integration/config/Bos2016_network_params.yaml",
            "nnmt-params/examples/minimal_usage_example/network_params.yaml",
            "nnmt-params/fixtures/integration/config/lif_exp/firing_rates_with_external_dc_current.yaml",
            "nnmt-params/fixtures/unit/config/lif/external_rates/fully_vectorized.yaml",
            "nnmt-params/fixtures/integration/config/Bos2016_analysis_params.yaml",
            "plain_brunel_a.yaml",
        ]
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap())
        .collect()
    })
}

/// Loads, detects and builds with every model, and makes the analysis grid; must not panic.
fn exercise(text: &str) {
    if let Ok(p) = parse_param_str(text, SRC) {
        let _ = ModelKind::detect(&p);
        for kind in [ModelKind::Plain, ModelKind::Basic, ModelKind::Microcircuit] {
            let _ = kind.network(&p);
        }
        let _ = nnmt::models::analysis::omegas(&p);
    }
}

const SNIPPETS: &[&str] = &[
    "-1",
    "0",
    "1e308",
    "-1e308",
    "1e-320",
    ".nan",
    ".inf",
    "[]",
    "[1, 2]",
    "[[1], [2, 3]]",
    "{val: 1}",
    "{val: 1, unit: kHz}",
    "{val: [1, 2], unit: mV}",
    "{unit: ms}",
    "null",
    "''",
    "none",
    "[a, b]",
    "true",
    "{val: -5, unit: pF}",
    "{val: 1e12, unit: GHz}",
];

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A value of one key replaced by a hostile snippet.
    #[test]
    fn replaced_values(file in 0usize..6, line in 0usize..400, snip in 0..SNIPPETS.len()) {
        let text = &corpus()[file];
        let lines: Vec<&str> = text.lines().collect();
        let i = line % lines.len();
        let mut out = String::new();
        for (j, l) in lines.iter().enumerate() {
            if j == i {
                match l.find(':') {
                    Some(c) => {
                        out.push_str(&l[..=c]);
                        out.push(' ');
                        out.push_str(SNIPPETS[snip]);
                    }
                    None => out.push_str(SNIPPETS[snip]),
                }
            } else {
                out.push_str(l);
            }
            out.push('\n');
        }
        exercise(&out);
    }

    /// Lines deleted.
    #[test]
    fn deleted_lines(file in 0usize..6, a in 0usize..400, len in 1usize..20) {
        let lines: Vec<&str> = corpus()[file].lines().collect();
        let a = a % lines.len();
        let b = (a + len).min(lines.len());
        let out: Vec<&str> = lines[..a].iter().chain(&lines[b..]).copied().collect();
        exercise(&out.join("\n"));
    }

    /// Numbers rewritten: every digit run at a random place changed.
    #[test]
    fn changed_numbers(file in 0usize..6, at in 0.0f64..1.0, with in "-?[0-9]{0,4}(\\.[0-9]{0,3})?(e-?[0-9]{1,3})?") {
        let text = &corpus()[file];
        let i = char_floor(text, (at * text.len() as f64) as usize);
        let rest = &text[i..];
        let start = rest.find(|c: char| c.is_ascii_digit()).map_or(text.len(), |s| i + s);
        let end = text[start..].find(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(text.len(), |e| start + e);
        exercise(&format!("{}{}{}", &text[..start], with, &text[end..]));
    }

    /// Truncated files.
    #[test]
    fn truncated(file in 0usize..6, at in 0.0f64..1.0) {
        let text = &corpus()[file];
        exercise(&text[..char_floor(text, (at * text.len() as f64) as usize)]);
    }
}

/// `C: 0 pF` is reported as `C` (it used to surface as an infinite `J`); a population name
/// given twice is an error naming it (Microcircuit, Basic and Plain).
#[test]
fn zero_capacitance_and_repeated_population_names_are_named() {
    let msg = microcircuit_error(&with("C", "C: {val: 0, unit: pF}"));
    assert_names(&msg, &["key 'C'", "must be > 0", "got 0 pF"]);
    assert!(!msg.contains("`J`"), "{msg}");
    let text = bos2016_text();
    assert!(text.starts_with("populations:\n  - 23E\n"));
    let msg = microcircuit_error(&text.replacen("  - 6E\n", "  - 23E\n", 1));
    assert_names(
        &msg,
        &["key 'populations'", "'23E' twice (at positions 0 and 6)"],
    );
    let plain = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/plain_brunel_a.yaml"),
    )
    .unwrap()
    .replace("populations: [E, I]", "populations: [E, E]");
    let err = parse_param_str(&plain, SRC)
        .map_err(nnmt::Error::from)
        .and_then(|p| ModelKind::Plain.network(&p))
        .unwrap_err()
        .to_string();
    assert_names(&err, &["key 'populations'", "'E' twice"]);
    let basic = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/nnmt-params/examples/minimal_usage_example/network_params.yaml"),
    )
    .unwrap()
    .replace("C:\n  val: 250.0", "C:\n  val: -250.0");
    let err = parse_param_str(&basic, SRC)
        .map_err(nnmt::Error::from)
        .and_then(|p| ModelKind::Basic.network(&p))
        .unwrap_err()
        .to_string();
    assert_names(&err, &["key 'C'", "must be > 0", "got -250"]);
}
