//! Benchmarks of reading parameter files (criterion; `cargo bench --bench io`).
//!
//! - `io/parse_param_str/plain_256` and `io/load_param_file/plain_256`: a Plain network
//!   file of 256 populations with two full 256 × 256 matrices (`K` and `J`, 131,072
//!   numbers) of random numbers written with 16–17 significant digits (Rust's shortest
//!   round-trip form, as NumPy writes them), one matrix row per line as in the
//!   multi-area model's file; from memory and from a file.
//! - `io/load_param_file/mam`: the multi-area model's file (254 populations, four
//!   254 × 254 matrices), if present: its path is `NNMT_MAM_FILE`, by default
//!   `<CARGO_MANIFEST_DIR>/../shared/mam/mam_network_params.yaml` (not in the repository:
//!   its licence differs); skipped with a note when absent.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use nnmt::io::{load_param_file, parse_param_str};

/// SplitMix64: a fixed-seed generator, so that every run reads the same file.
struct SplitMix(u64);

impl SplitMix {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A Plain network file of `n` populations: `K` (in-degrees 0–2000, a plain matrix) and
/// `J` (−2 to 2 mV, `{val, unit}`), each row a flow list on its own line.
fn plain_file_text(n: usize) -> String {
    let mut rng = SplitMix(20_181_005);
    let mut s = String::with_capacity(40 * n * n + 1000);
    let names: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    s.push_str(&format!("populations: [{}]\n", names.join(", ")));
    let mut matrix = |s: &mut String, indent: &str, scale: f64, offset: f64| {
        for _ in 0..n {
            let row: Vec<String> = (0..n)
                .map(|_| format!("{}", offset + scale * rng.next_f64()))
                .collect();
            s.push_str(&format!("{indent}- [{}]\n", row.join(", ")));
        }
    };
    s.push_str("K:\n");
    matrix(&mut s, "  ", 2000.0, 0.0);
    s.push_str("J:\n  val:\n");
    matrix(&mut s, "    ", 4.0, -2.0);
    s.push_str("  unit: mV\n");
    s.push_str(
        "tau_m: {val: 10, unit: ms}\ntau_r: {val: 2, unit: ms}\n\
         V_th_rel: {val: 15, unit: mV}\nV_0_rel: {val: 0, unit: mV}\n\
         K_ext: 2000\nJ_ext: {val: 0.15, unit: mV}\nnu_ext: {val: 10, unit: Hz}\n",
    );
    s
}

fn io(c: &mut Criterion) {
    let text = plain_file_text(256);
    let dir = std::env::temp_dir().join(format!("nnmt-bench-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let path = dir.join("plain_256.yaml");
    std::fs::write(&path, &text).expect("temporary file");
    println!(
        "plain_256: {} bytes, {} numbers",
        text.len(),
        2 * 256 * 256 + 7
    );

    let mut group = c.benchmark_group("io");
    group.bench_function("parse_param_str/plain_256", |b| {
        b.iter(|| parse_param_str(black_box(&text), "plain_256.yaml").expect("valid file"))
    });
    group.bench_function("load_param_file/plain_256", |b| {
        b.iter(|| load_param_file(black_box(&path)).expect("valid file"))
    });
    let mam = std::env::var_os("NNMT_MAM_FILE").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/mam/mam_network_params.yaml"),
        PathBuf::from,
    );
    if mam.is_file() {
        group.bench_function("load_param_file/mam", |b| {
            b.iter(|| load_param_file(black_box(&mam)).expect("valid file"))
        });
    } else {
        println!(
            "io/load_param_file/mam skipped: {} not found (set NNMT_MAM_FILE)",
            mam.display()
        );
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, io);
criterion_main!(benches);
