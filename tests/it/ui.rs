//! Compile-fail tests: the errors the type system promises, and that they fit on a screen.
//!
//! Each `tests/ui/*.rs` is compiled by `rustc` directly (`$RUSTC`, else `rustc`) against the
//! `nnmt` library cargo built for this test run (the newest `libnnmt-*.rlib` next to this
//! test binary), type-checking only (`--emit=metadata`): no second build of the dependency
//! graph. The expectations sit in the case file itself, as comment lines:
//!
//! - `//@ error: TEXT` — the first line of the compiler's output contains `TEXT` (the
//!   line that names what is wrong);
//! - `//@ contains: TEXT` — the output contains `TEXT` somewhere;
//! - `//@ errors: N` — the output reports exactly `N` errors (default 1);
//! - `//@ max-lines: N`, `//@ max-chars: N` — the output is at most that long (defaults
//!   [`MAX_LINES`], [`MAX_CHARS`]).
//!
//! Expectations name the parameter, the unit or the types involved, never a typenum
//! expansion or a line number, so that a new compiler or a moved function keeps them valid.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Default bound on the lines of one case's compiler output (errors fit on a screen).
const MAX_LINES: usize = 30;
/// Default bound on the characters of one case's compiler output.
const MAX_CHARS: usize = 2500;

/// The `target/<profile>/deps` directory of this test run and the `nnmt` rlib in it.
fn nnmt_rlib() -> (PathBuf, PathBuf) {
    let exe = std::env::current_exe().expect("path of the test binary");
    let deps = exe.parent().expect("deps directory").to_path_buf();
    let newest = std::fs::read_dir(&deps)
        .expect("read deps directory")
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libnnmt-") && name.ends_with(".rlib")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, path)| path)
        .unwrap_or_else(|| panic!("no libnnmt-*.rlib in {}", deps.display()));
    (deps, newest)
}

/// The expectations of one case.
struct Expect {
    first: Vec<String>,
    contains: Vec<String>,
    errors: usize,
    max_lines: usize,
    max_chars: usize,
}

fn expectations(source: &str, case: &Path) -> Expect {
    let mut e = Expect {
        first: vec![],
        contains: vec![],
        errors: 1,
        max_lines: MAX_LINES,
        max_chars: MAX_CHARS,
    };
    for line in source.lines() {
        let Some(rest) = line.trim_start().strip_prefix("//@ ") else {
            continue;
        };
        let (key, value) = rest
            .split_once(':')
            .unwrap_or_else(|| panic!("{}: malformed `//@ {rest}`", case.display()));
        let value = value.trim().to_string();
        let number = || -> usize {
            value
                .parse()
                .unwrap_or_else(|_| panic!("{}: `{key}` needs a number", case.display()))
        };
        match key {
            "error" => e.first.push(value),
            "contains" => e.contains.push(value),
            "errors" => e.errors = number(),
            "max-lines" => e.max_lines = number(),
            "max-chars" => e.max_chars = number(),
            _ => panic!("{}: unknown expectation `//@ {key}`", case.display()),
        }
    }
    assert!(
        !e.first.is_empty(),
        "{}: a case states the first line of its error (`//@ error: ...`)",
        case.display()
    );
    e
}

/// Type-checks `case` against `nnmt` and returns the compiler's output (stderr).
fn compile(case: &Path, deps: &Path, rlib: &Path, out_dir: &Path) -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--emit=metadata",
        ])
        .args(["--color", "never", "-A", "warnings"])
        .arg("--out-dir")
        .arg(out_dir)
        .arg("--extern")
        .arg(format!("nnmt={}", rlib.display()))
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg(case)
        .output()
        .expect("run rustc");
    assert!(
        !output.status.success(),
        "{} compiled, but must not",
        case.display()
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Checks one case; returns what is wrong with it, if anything.
fn check(case: &Path, stderr: &str) -> Vec<String> {
    let source = std::fs::read_to_string(case).expect("read case");
    let e = expectations(&source, case);
    let mut wrong = vec![];
    if stderr.contains("E0463") || stderr.contains("E0514") || stderr.contains("E0432") {
        wrong.push("`nnmt` or an item it imports was not found (stale rlib or moved path)".into());
    }
    let first = stderr.lines().next().unwrap_or("");
    for text in &e.first {
        if !first.contains(text.as_str()) {
            wrong.push(format!("first line `{first}` does not contain `{text}`"));
        }
    }
    for text in &e.contains {
        if !stderr.contains(text.as_str()) {
            wrong.push(format!("output does not contain `{text}`"));
        }
    }
    let errors = stderr.lines().filter(|l| l.starts_with("error[")).count();
    if errors != e.errors {
        wrong.push(format!("{errors} errors, expected {}", e.errors));
    }
    let lines = stderr.lines().count();
    if lines > e.max_lines {
        wrong.push(format!("{lines} lines, at most {} allowed", e.max_lines));
    }
    let chars = stderr.chars().count();
    if chars > e.max_chars {
        wrong.push(format!(
            "{chars} characters, at most {} allowed",
            e.max_chars
        ));
    }
    wrong
}

#[test]
fn compile_errors() {
    let (deps, rlib) = nnmt_rlib();
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ui");
    std::fs::create_dir_all(&out_dir).expect("create output directory");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("tests/ui"))
        .expect("read tests/ui")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            p.strip_prefix(root)
                .expect("under the manifest dir")
                .to_path_buf()
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "UI cases missing: {cases:?}");
    let mut failures = String::new();
    for case in &cases {
        let stderr = compile(case, &deps, &rlib, &out_dir);
        let wrong = check(&root.join(case), &stderr);
        if !wrong.is_empty() {
            failures += &format!("\n=== {}: {}\n{stderr}", case.display(), wrong.join("; "));
        }
    }
    assert!(
        failures.is_empty(),
        "UI cases failed (rlib {}):{failures}",
        rlib.display()
    );
}
