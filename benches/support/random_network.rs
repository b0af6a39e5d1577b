//! Random E/I networks of n populations for the scaling benchmarks (`benches/scaling.rs`) and
//! for timing NNMT on the same networks (`examples/random_network.rs` writes them as NNMT
//! `Plain` YAML files).
//!
//! The network of a given n is fixed: every number comes from a splitmix64 generator
//! (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators", OOPSLA) seeded
//! with [`SEED`] and n, so the bench and the file agree without a dependency on a random
//! number crate.
//!
//! Construction (even populations excitatory, odd inhibitory; neurons as in the multi-area
//! model: τ_m = 10 ms, τ_r = 2 ms, θ = 15 mV, V_r = 0 mV, τ_s = 0.5 ms):
//! - target i receives in total K_E,i = 800·u excitatory and K_I,i = 200·u inhibitory
//!   inputs (u uniform on [0.95, 1.05], drawn per target and type), spread over the source
//!   populations of that type in proportions drawn uniformly from [0.8, 1.2] and
//!   normalised, so the statistics of a population's input do not depend on n;
//! - J = 0.15 mV·u from excitatory and −6·0.15 mV·u from inhibitory sources (u uniform on
//!   [0.9, 1.1] per entry);
//! - one external Poisson population at 10 Hz with J_ext = 0.15 mV and in-degree
//!   1000·u (u uniform on [0.95, 1.05]) per target.
//!
//! Inhibition dominates (mean recurrent feedback ≈ −0.6 mV per Hz) and the heterogeneity is
//! small, so the rate dynamics are stable and the working point lies at moderate rates
//! (measured: 5.8–19 Hz for n = 8, 3.3–17 Hz for n = 32, 128, 256, σ ≈ 4.0–4.5 mV). Larger
//! spreads of the in-degrees let single excitatory populations of the small networks run
//! away to 50–400 Hz.

use nnmt::io::parse_param_str;
use nnmt::models::{AnyNetwork, plain};
use nnmt::network::{ExpSynapses, Network};
use nnmt::pop::PopMatrix;
use nnmt::units::*;

/// The seed of every network (mixed with n).
pub const SEED: u64 = 0x6e6e_6d74_5eed_2026;

/// splitmix64 (Steele, Lea & Flood 2014): a 64-bit state advanced by the golden-ratio
/// increment and a bijective mixing function.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform on [lo, hi) (53 random bits).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        lo + (hi - lo) * unit
    }
}

/// A random network's parameters in SI base units (V, s, Hz), exactly as written to the file.
pub struct RandomNetwork {
    /// Population names `E0`, `I1`, `E2`, ...
    pub names: Vec<String>,
    /// In-degrees, row = target.
    pub k: Vec<Vec<f64>>,
    /// PSP amplitudes in V, row = target.
    pub j: Vec<Vec<f64>>,
    /// External in-degree per target (one external population).
    pub k_ext: Vec<f64>,
    /// External PSP amplitude in V.
    pub j_ext: f64,
    /// External rate in Hz.
    pub nu_ext: f64,
    /// Membrane time constant in s.
    pub tau_m: f64,
    /// Refractory time in s.
    pub tau_r: f64,
    /// Synaptic time constant in s.
    pub tau_s: f64,
    /// Threshold relative to rest in V.
    pub v_th: f64,
    /// Reset relative to rest in V.
    pub v_0: f64,
}

impl RandomNetwork {
    /// The network of `n` populations (n ≥ 2 for at least one E and one I population).
    pub fn new(n: usize) -> Self {
        assert!(n >= 2, "a random E/I network needs n >= 2");
        let mut rng = SplitMix64(SEED ^ (n as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
        let j_e = 0.15e-3;
        let g = 6.0;
        let is_exc = |s: usize| s.is_multiple_of(2);
        let mut k = vec![vec![0.0; n]; n];
        let mut j = vec![vec![0.0; n]; n];
        for i in 0..n {
            for (total, exc) in [(800.0, true), (200.0, false)] {
                let total = total * rng.uniform(0.95, 1.05);
                let sources: Vec<usize> = (0..n).filter(|&s| is_exc(s) == exc).collect();
                let w: Vec<f64> = sources.iter().map(|_| rng.uniform(0.8, 1.2)).collect();
                let sum: f64 = w.iter().sum();
                for (s, w) in sources.iter().zip(&w) {
                    k[i][*s] = total * w / sum;
                    let sign = if exc { 1.0 } else { -g };
                    j[i][*s] = sign * j_e * rng.uniform(0.9, 1.1);
                }
            }
        }
        let k_ext = (0..n).map(|_| 1000.0 * rng.uniform(0.95, 1.05)).collect();
        let names = (0..n)
            .map(|s| format!("{}{s}", if is_exc(s) { 'E' } else { 'I' }))
            .collect();
        Self {
            names,
            k,
            j,
            k_ext,
            j_ext: j_e,
            nu_ext: 10.0,
            tau_m: 10e-3,
            tau_r: 2e-3,
            tau_s: 0.5e-3,
            v_th: 15e-3,
            v_0: 0.0,
        }
    }

    /// Number of populations.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The network, built with the typed builder.
    pub fn network(&self) -> nnmt::Result<Network<ExpSynapses>> {
        let n = self.len();
        let volts = |rows: &[Vec<f64>]| -> Vec<Vec<ElectricPotential>> {
            rows.iter()
                .map(|r| {
                    r.iter()
                        .map(|&x| ElectricPotential::new::<volt>(x))
                        .collect()
                })
                .collect()
        };
        let k_ext: Vec<Vec<f64>> = self.k_ext.iter().map(|&x| vec![x]).collect();
        let j_ext = vec![vec![self.j_ext]; n];
        Network::builder()
            .k(PopMatrix::try_from_rows("K", &self.k)?)
            .j(PopMatrix::try_from_rows("J", &volts(&self.j))?)
            .tau_m(Time::new::<second>(self.tau_m))
            .tau_r(Time::new::<second>(self.tau_r))
            .v_th(ElectricPotential::new::<volt>(self.v_th))
            .v_0(ElectricPotential::new::<volt>(self.v_0))
            .external(
                PopMatrix::try_from_rows("K_ext", &k_ext)?,
                PopMatrix::try_from_rows("J_ext", &volts(&j_ext))?,
                vec![Frequency::new::<hertz>(self.nu_ext)],
            )
            .tau_s(Time::new::<second>(self.tau_s))
            .populations(self.names.clone())
            .build()
    }

    /// The network as an NNMT `Plain` parameter file (`nnmt.models.Plain(path)`), in SI
    /// base units so that neither reader converts a value.
    pub fn yaml(&self) -> String {
        let n = self.len();
        let row = |r: &[f64]| -> String {
            let items: Vec<String> = r.iter().map(|&x| yaml_float(x)).collect();
            format!("[{}]", items.join(", "))
        };
        let matrix = |m: &[Vec<f64>]| -> String {
            m.iter()
                .map(|r| format!("    - {}\n", row(r)))
                .collect::<String>()
        };
        let per_pop = |x: f64| row(&vec![x; n]);
        let names: Vec<String> = self.names.iter().map(|s| format!("'{s}'")).collect();
        let k_ext: Vec<Vec<f64>> = self.k_ext.iter().map(|&x| vec![x]).collect();
        let j_ext = vec![vec![self.j_ext]; n];
        let mut s = String::new();
        s.push_str(&format!(
            "# Random E/I network of {n} populations (nnmt benches/support/random_network.rs,\n\
             # seed {SEED:#x}); NNMT 1.3 format: nnmt.models.Plain(path).\n\
             # Rows = postsynaptic (target), columns = presynaptic (source). SI base units.\n"
        ));
        s.push_str(&format!("populations: [{}]\n", names.join(", ")));
        s.push_str(&format!("K:\n{}", matrix(&self.k)));
        s.push_str(&format!("J:\n  val:\n{}  unit: V\n", matrix(&self.j)));
        for (key, value, unit) in [
            ("tau_m", self.tau_m, "s"),
            ("tau_r", self.tau_r, "s"),
            ("tau_s", self.tau_s, "s"),
            ("V_th_rel", self.v_th, "V"),
            ("V_0_rel", self.v_0, "V"),
        ] {
            s.push_str(&format!(
                "{key}:\n  val: {}\n  unit: {unit}\n",
                per_pop(value)
            ));
        }
        s.push_str(&format!("K_ext:\n{}", matrix(&k_ext)));
        s.push_str(&format!("J_ext:\n  val:\n{}  unit: V\n", matrix(&j_ext)));
        s.push_str(&format!(
            "nu_ext:\n  val: [{}]\n  unit: Hz\n",
            yaml_float(self.nu_ext)
        ));
        s
    }

    /// The network read back from [`yaml`](Self::yaml) with the crate's `Plain` reader.
    pub fn network_from_yaml(&self) -> nnmt::Result<AnyNetwork> {
        plain(&parse_param_str(&self.yaml(), "random_network.yaml")?)
    }
}

/// `x` as a YAML 1.1 float that PyYAML also reads as a float (a `.` in the mantissa and a
/// signed exponent), with Rust's shortest round-trip digits.
fn yaml_float(x: f64) -> String {
    let s = format!("{x:?}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let mantissa = if mantissa.contains('.') {
                mantissa.to_string()
            } else {
                format!("{mantissa}.0")
            };
            let exp = if exp.starts_with('-') {
                exp.to_string()
            } else {
                format!("+{exp}")
            };
            format!("{mantissa}e{exp}")
        }
        None => s,
    }
}
