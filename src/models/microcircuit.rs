//! The Potjans–Diesmann microcircuit (NNMT `nnmt.models.Microcircuit`).

use crate::error::{Error, Result};
use crate::network::{ExpSynapses, Network};
use crate::pop::{PopMatrix, PopVec};
use crate::units::*;

/// Parameters of the Potjans & Diesmann (2014) cortical microcircuit in NNMT's form:
/// populations alternate excitatory / inhibitory (L2/3E, L2/3I, L4E, ...), connection
/// weights are PSC amplitudes.
///
/// [`network`](Self::network) derives the network as NNMT's `Microcircuit` model does:
/// - PSP amplitude j = τ_s w / C; `J` = j for excitatory (even) source columns and −g·j for
///   inhibitory (odd) ones; the L4E → L2/3E entry `J[0][2]` is doubled;
/// - `J_ext` = τ_s w_ext / C for one external Poisson population of rate `nu_ext` with
///   per-target in-degrees `K_ext`;
/// - `V_th_rel` = V_th_abs − V_0_abs, `V_0_rel` = 0 (potentials relative to the reset,
///   which equals the resting potential in this model).
///
/// # References
/// Potjans & Diesmann (2014), Cereb. Cortex 24, 785; Bos, Diesmann & Helias (2016), PLoS
/// Comput. Biol. 12, e1005132.
#[derive(Clone, Debug, PartialEq)]
pub struct Microcircuit {
    /// Population names, E and I alternating.
    pub populations: Vec<String>,
    /// In-degrees `K` (n×n, row = target).
    pub k: PopMatrix<f64>,
    /// External in-degrees `K_ext`, one per target population.
    pub k_ext: PopVec<f64>,
    /// Membrane capacitance `C`.
    pub c: Capacitance,
    /// Membrane time constant τ_m.
    pub tau_m: Time,
    /// Refractory time τ_r.
    pub tau_r: Time,
    /// Synaptic time constant τ_s.
    pub tau_s: Time,
    /// Reset potential (absolute), `V_0_abs`.
    pub v_0_abs: ElectricPotential,
    /// Threshold (absolute), `V_th_abs`.
    pub v_th_abs: ElectricPotential,
    /// Excitatory PSC amplitude `w`.
    pub w: ElectricCurrent,
    /// External PSC amplitude `w_ext`.
    pub w_ext: ElectricCurrent,
    /// Relative strength of inhibition `g` (inhibitory weights are −g·w).
    pub g: f64,
    /// Rate of the external Poisson input `nu_ext`.
    pub nu_ext: Frequency,
}

impl Microcircuit {
    /// The microcircuit with the parameters of Bos et al. (2016) (NNMT's
    /// `Bos2016_network_params.yaml`: K_ext[L4E] = 1780, K[L4I ← L4I] = 675, τ_s = 0.5 ms,
    /// w = 87.8 pA, g = 4, ν_ext = 8 Hz).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// let net = nnmt::models::Microcircuit::bos2016().network()?;
    /// assert_eq!(net.len(), 8);
    /// # Ok(()) }
    /// ```
    pub fn bos2016() -> Self {
        const K: [[f64; 8]; 8] = [
            [
                2199.86486, 1079.32007, 979.241261, 467.578108, 159.240826, 0.0, 109.819852, 0.0,
            ],
            [
                2990.00583, 860.261056, 703.691807, 289.693864, 380.735859, 0.0, 60.5863901, 0.0,
            ],
            [
                159.875428,
                34.5225188,
                1117.17312,
                675.0,
                32.6043349,
                0.319552818,
                667.325211,
                0.0,
            ],
            [
                1480.97354, 16.9432378, 1813.02026, 953.325789, 16.0313926, 0.0, 1608.12283, 0.0,
            ],
            [
                2188.36598, 374.651134, 1135.62969, 31.3195876, 420.770722, 496.471959, 296.694639,
                0.0,
            ],
            [
                1165.66761, 159.083568, 570.579343, 12.0666667, 300.095775, 404.17277, 124.332394,
                0.0,
            ],
            [
                325.197985, 38.632025, 467.354637, 91.7147621, 285.670372, 21.1899271, 581.635915,
                752.183189,
            ],
            [
                766.90502, 5.83683853, 74.6380597, 2.74016282, 136.240841, 8.55427408, 979.791723,
                459.402985,
            ],
        ];
        Self {
            populations: ["23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I"]
                .map(String::from)
                .to_vec(),
            k: K.into(),
            k_ext: [
                1600.0, 1500.0, 1780.0, 1900.0, 2000.0, 1900.0, 2900.0, 2100.0,
            ]
            .into(),
            c: Capacitance::new::<picofarad>(250.0),
            tau_m: Time::new::<millisecond>(10.0),
            tau_r: Time::new::<millisecond>(2.0),
            tau_s: Time::new::<millisecond>(0.5),
            v_0_abs: ElectricPotential::new::<millivolt>(-65.0),
            v_th_abs: ElectricPotential::new::<millivolt>(-50.0),
            w: ElectricCurrent::new::<picoampere>(87.8),
            w_ext: ElectricCurrent::new::<picoampere>(87.8),
            g: 4.0,
            nu_ext: Frequency::new::<hertz>(8.0),
        }
    }

    /// Builds the network (with exponential synapses of time constant τ_s).
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] if `K` is not n×n or `K_ext` does not have n entries
    ///   (n = number of populations);
    /// - [`Error::InvalidParameter`] if `g` is not finite, or any error of
    ///   [`NetworkBuilder::build`](crate::network::NetworkBuilder::build).
    pub fn network(&self) -> Result<Network<ExpSynapses>> {
        let n = self.populations.len();
        if self.k.nrows() != n || self.k.ncols() != n {
            return Err(Error::ShapeMismatch {
                parameter: "K",
                expected: format!("{n}×{n} (one row and column per population)"),
                found: format!("{}×{}", self.k.nrows(), self.k.ncols()),
            });
        }
        if self.k_ext.len() != n {
            return Err(Error::ShapeMismatch {
                parameter: "K_ext",
                expected: n.to_string(),
                found: self.k_ext.len().to_string(),
            });
        }
        if !self.g.is_finite() {
            return Err(Error::invalid(
                "g",
                None,
                format!("{} is not finite", self.g),
            ));
        }
        let j: ElectricPotential = self.tau_s * self.w / self.c;
        let j_ext: ElectricPotential = self.tau_s * self.w_ext / self.c;
        let mut rows: Vec<Vec<ElectricPotential>> = (0..n)
            .map(|_| {
                (0..n)
                    .map(|col| if col % 2 == 1 { -self.g * j } else { j })
                    .collect()
            })
            .collect();
        if n > 2 {
            rows[0][2] = 2.0 * rows[0][2];
        }
        let k_ext: Vec<Vec<f64>> = self.k_ext.iter().map(|k| vec![k]).collect();
        Network::builder()
            .populations(self.populations.clone())
            .k(self.k.clone())
            .j(PopMatrix::try_from_rows("J", &rows)?)
            .tau_m(self.tau_m)
            .tau_r(self.tau_r)
            .v_th(self.v_th_abs - self.v_0_abs)
            .v_0(ElectricPotential::new::<volt>(0.0))
            .external(
                PopMatrix::try_from_rows("K_ext", &k_ext)?,
                PopMatrix::uniform(n, 1, j_ext),
                [self.nu_ext],
            )
            .tau_s(self.tau_s)
            .build()
    }
}
