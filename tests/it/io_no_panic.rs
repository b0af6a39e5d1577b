//! Robustness: mutated versions of NNMT's real parameter files, and arbitrary
//! input, must give `Ok` or `Err`, never a panic (or a stack overflow).

use crate::common::yaml_files;
use std::path::Path;
use std::sync::OnceLock;

use nnmt::io::unit::{FileQuantity, parse_unit};
use nnmt::io::{ParamMap, ParamValue, Shaped, parse_param_str};
use nnmt::network::PerPopulation;
use nnmt::pop::PopMatrix;
use nnmt::units::*;
use proptest::prelude::*;
use uom::si::{ISQ, Quantity, SI};
use uom::typenum::{N1, Z0};

/// Texts of the real files, small ones only (the three 20k-line covariance
/// fixtures would make each case slow; they are truncated separately below).
fn corpus() -> &'static [(String, String)] {
    static C: OnceLock<Vec<(String, String)>> = OnceLock::new();
    C.get_or_init(|| {
        let mut files = Vec::new();
        yaml_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nnmt-params"),
            &mut files,
        );
        files
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p.display().to_string(), text)
            })
            .filter(|(_, t)| t.len() < 40_000)
            .collect()
    })
}

/// Parses, and on success calls every accessor on every key with several dimensions.
fn exercise(text: &str) {
    if let Ok(map) = parse_param_str(text, "mutated.yaml") {
        exercise_map(&map);
    }
    // PyYAML's reading of repeated keys: every input parses or errs without a panic too
    if let Ok(map) =
        nnmt::io::parse_param_str_with(text, "mutated.yaml", nnmt::io::DuplicateKeys::LastWins)
    {
        exercise_map(&map);
    }
}

/// m⁻¹
type InverseLength = Quantity<ISQ<N1, Z0, Z0, Z0, Z0, Z0, Z0>, SI<f64>, f64>;

/// Calls every typed accessor on `key`, reading it as quantity `Q`.
fn exercise_as<Q: FileQuantity + std::fmt::Debug>(map: &ParamMap, key: &str) {
    let _ = map
        .get::<Shaped<Q>>(key)
        .map(|a| (a.describe(), format!("{a:?}")));
    let _ = map.get::<Q>(key);
    let _ = map.get::<Vec<Q>>(key);
    let _ = map.get::<PerPopulation<Q>>(key);
    let _ = map.per_population::<Q>(key, 3);
    let _ = map.get::<PopMatrix<Q>>(key);
    let _ = map.get::<Vec<PopMatrix<Q>>>(key);
}

fn exercise_map(map: &ParamMap) {
    let _ = map.duplicate_keys();
    for (key, value) in map.iter() {
        exercise_as::<f64>(map, key);
        exercise_as::<Time>(map, key);
        exercise_as::<ElectricPotential>(map, key);
        exercise_as::<Frequency>(map, key);
        exercise_as::<ElectricCurrent>(map, key);
        exercise_as::<Capacitance>(map, key);
        exercise_as::<InverseLength>(map, key);
        let _ = map.line(key);
        let _ = map.string(key);
        let _ = map.strings(key);
        let _ = map.boolean(key);
        let _ = map.unit_str(key);
        let _ = value.describe();
        if let Ok(inner) = map.map(key) {
            exercise_map(inner);
        }
        if let ParamValue::Quantity { unit, values, .. } = value {
            let _ = (
                unit.exponents.to_string(),
                values.shape(),
                values.describe(),
            );
        }
    }
    let _ = map.get::<Time>("no such key").map_err(|e| e.to_string());
}

const UNITS: &[&str] = &[
    "ms",
    "mV",
    "pF",
    "pA",
    "Hz",
    "1/mm",
    "1 / mm",
    "hertz / millivolt",
    "millivolt",
    "s",
    "V",
    "kHz",
    "mV**2",
    "mV^2",
    "1/s",
    "",
    " ",
    "/",
    "**",
    "(",
    ")",
    "mv",
    "foo",
    "1e999",
    "0",
    "s**-128",
    "s**127 * s",
    "((((((((((((((((((((((((((((((((((((ms))))))))))))))))))))))))))))))))))))",
    "µs",
    "Ω",
    "'ms'",
    "[ms]",
    "{ms}",
    ": ms",
    "ms # c",
    "&a ms",
    "*a",
    "!!str ms",
];

const SNIPPETS: &[&str] = &[
    ".nan",
    ".inf",
    "-.inf",
    "1e999",
    "~",
    "null",
    "[",
    "]",
    "{",
    "}",
    "- ",
    ": ",
    "\t",
    "\n",
    "'",
    "\"",
    "&a ",
    "*a",
    "!!binary ",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">\n",
    "#",
    "val",
    "unit",
    "[[[[1]]]]",
    "[[1], [2, 3]]",
    "true",
    "yes",
    "N",
    "0x10",
    "1_0",
    "\u{feff}",
    "\u{0}",
];

fn char_floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn truncated_files(idx in any::<prop::sample::Index>(), frac in 0.0f64..1.0) {
        let files = corpus();
        let (_, text) = &files[idx.index(files.len())];
        let cut = char_floor(text, (text.len() as f64 * frac) as usize);
        exercise(&text[..cut]);
    }

    #[test]
    fn byte_flips(
        idx in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let files = corpus();
        let (_, text) = &files[idx.index(files.len())];
        let mut bytes = text.clone().into_bytes();
        if bytes.is_empty() {
            return Ok(());
        }
        for (pos, b) in flips {
            let i = pos.index(bytes.len());
            bytes[i] = b;
        }
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn snippet_insertions(
        idx in any::<prop::sample::Index>(),
        inserts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..6),
    ) {
        let files = corpus();
        let (_, text) = &files[idx.index(files.len())];
        let mut s = text.clone();
        for (pos, which) in inserts {
            let at = char_floor(&s, pos.index(s.len() + 1));
            s.insert_str(at, SNIPPETS[which.index(SNIPPETS.len())]);
        }
        exercise(&s);
    }

    #[test]
    fn swapped_units(
        idx in any::<prop::sample::Index>(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..40),
        random_unit in "\\PC{0,16}",
    ) {
        let files = corpus();
        let (_, text) = &files[idx.index(files.len())];
        let mut picks = picks.into_iter().cycle();
        let mut out = String::new();
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("unit:") {
                let _ = rest;
                let indent = &line[..line.len() - line.trim_start().len()];
                let which = picks.next().map_or(0, |p| p.index(UNITS.len() + 1));
                let unit = UNITS.get(which).copied().unwrap_or(random_unit.as_str());
                out.push_str(&format!("{indent}unit: {unit}\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        exercise(&out);
    }

    #[test]
    fn line_shuffles(
        idx in any::<prop::sample::Index>(),
        ops in prop::collection::vec((0u8..4, any::<prop::sample::Index>()), 1..10),
    ) {
        let files = corpus();
        let (_, text) = &files[idx.index(files.len())];
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for (op, pos) in ops {
            if lines.is_empty() {
                break;
            }
            let i = pos.index(lines.len());
            match op {
                0 => { lines.remove(i); }
                1 => { let l = lines[i].clone(); lines.insert(i, l); }
                2 => { lines[i] = format!("  {}", lines[i]); }
                _ => { lines[i] = lines[i].trim_start().to_string(); }
            }
        }
        exercise(&lines.join("\n"));
    }

    #[test]
    fn arbitrary_text(s in "\\PC{0,200}") {
        exercise(&s);
    }

    #[test]
    fn arbitrary_yamlish_text(s in "[a-zA-Z0-9_ :\\-\\[\\]{},.#\n'\"&*!|>~?^/()µ]{0,300}") {
        exercise(&s);
    }

    /// Near-numeric text: lines of flow lists of number-like tokens, as read by the
    /// reader's fast path for lists of numbers.
    #[test]
    fn near_numeric_lists(
        s in "([ ]{0,4}(- |- - |k[0-9]: |v: |x: \\{val: |\\? )?\\[[0-9eE.,+\\- \\[\\]]{0,60}\\]?(, unit: ms\\}| #.*|:| x)?\n){1,6}",
    ) {
        exercise(&s);
    }

    #[test]
    fn arbitrary_unit_strings(s in "\\PC{0,40}") {
        let _ = parse_unit(&s).map_err(|e| e.to_string());
    }

    #[test]
    fn unit_like_strings(s in "[munpkMGcµ]?(s|V|A|F|Hz|m|Ω|S|ohm|volt|hertz)( ?(\\*\\*|\\^|\\*|/) ?[-(]?[0-9]{0,4}\\)?)*") {
        let _ = parse_unit(&s).map_err(|e| e.to_string());
    }
}

#[test]
fn truncations_of_large_files() {
    let mut files = Vec::new();
    yaml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nnmt-params"),
        &mut files,
    );
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        if text.len() < 40_000 {
            continue;
        }
        for k in 1..8 {
            let cut = char_floor(&text, text.len() * k / 8);
            exercise(&text[..cut]);
        }
    }
}

#[test]
fn hostile_documents() {
    let deep_seq = format!("x: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_map = format!("x: {}1{}\n", "{a: ".repeat(50_000), "}".repeat(50_000));
    let deep_block: String = (0..5_000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        laughs.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            [prev.as_str(); 9].join(", ")
        ));
    }
    let long_key = format!("{}: 1\n", "k".repeat(1_000_000));
    let many_keys: String = (0..20_000).map(|i| format!("k{i}: {i}\n")).collect();
    let wide_ragged = format!("x: [[{}], []]\n", vec!["1"; 100_000].join(","));
    let unit_parens = format!(
        "x: {{val: 1, unit: '{}ms{}'}}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    for doc in [
        deep_seq,
        deep_map,
        deep_block,
        laughs,
        long_key,
        many_keys,
        wide_ragged,
        unit_parens,
    ] {
        exercise(&doc);
    }
}
