//! The Potjans–Diesmann microcircuit (NNMT `nnmt.models.Microcircuit`).

use super::params::{
    ambiguous_external_rates, positive_capacitance, square, uniform, unique_names, unsupported,
};
use crate::error::{Error, Result};
use crate::io::{ParamMap, Shaped};
use crate::network::{DelayDistribution, Delays, ExpSynapses, Network, PerPopulation};
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
///   which equals the resting potential in this model);
/// - an optional DC input `I_ext` into neurons of capacitance `C`.
///
/// - the delays ([`Delays`]) as NNMT derives `Delay` and `Delay_sd`: `d_e` ± `d_e_sd` for
///   excitatory (even) source columns, `d_i` ± `d_i_sd` for inhibitory (odd) ones,
///   distributed as `delay_dist`;
/// - the population sizes `N`, if given (the power spectra need them).
///
/// # References
/// Potjans & Diesmann (2014), Cereb. Cortex 24, 785; Bos, Diesmann & Helias (2016), PLoS
/// Comput. Biol. 12, e1005132.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::models::Microcircuit;
/// use nnmt::units::*;
/// let mut mc = Microcircuit::bos2016();
/// mc.g = 5.0; // stronger inhibition
/// let net = mc.network()?;
/// let j_inh = net.j().get(0, 1).unwrap();
/// assert!((j_inh.get::<millivolt>() + 5.0 * 0.1756).abs() < 1e-12);
/// # Ok(()) }
/// ```
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
    /// Membrane time constant τ_m (one for all populations or one per population).
    pub tau_m: PerPopulation<Time>,
    /// Refractory time τ_r (one for all populations or one per population).
    pub tau_r: PerPopulation<Time>,
    /// Synaptic time constant τ_s.
    pub tau_s: Time,
    /// Reset potential (absolute), `V_0_abs`.
    pub v_0_abs: PerPopulation<ElectricPotential>,
    /// Threshold (absolute), `V_th_abs`.
    pub v_th_abs: PerPopulation<ElectricPotential>,
    /// Excitatory PSC amplitude `w`.
    pub w: ElectricCurrent,
    /// External PSC amplitude `w_ext`.
    pub w_ext: ElectricCurrent,
    /// Relative strength of inhibition `g` (inhibitory weights are −g·w).
    pub g: f64,
    /// Rate of the external Poisson input `nu_ext`.
    pub nu_ext: Frequency,
    /// Optional DC input current `I_ext` (into neurons of capacitance `C`).
    pub i_ext: Option<PerPopulation<ElectricCurrent>>,
    /// Mean delay of excitatory connections `d_e`.
    pub d_e: Time,
    /// Mean delay of inhibitory connections `d_i`.
    pub d_i: Time,
    /// Standard deviation of excitatory delays `d_e_sd`.
    pub d_e_sd: Time,
    /// Standard deviation of inhibitory delays `d_i_sd`.
    pub d_i_sd: Time,
    /// Delay distribution `delay_dist`.
    pub delay_dist: DelayDistribution,
    /// Numbers of neurons `N` per population, if known (NNMT's file gives them; only the
    /// power spectra use them).
    pub n: Option<PopVec<f64>>,
}

impl Microcircuit {
    /// The microcircuit with the parameters of Bos et al. (2016) (NNMT's
    /// `Bos2016_network_params.yaml`: `K_ext[L4E]` = 1780, `K[L4I ← L4I]` = 675, τ_s = 0.5 ms,
    /// w = 87.8 pA, g = 4, ν_ext = 8 Hz; truncated Gaussian delays d_e = 1.5 ± 1.5 ms,
    /// d_i = 0.75 ± 0.75 ms).
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
            tau_m: Time::new::<millisecond>(10.0).into(),
            tau_r: Time::new::<millisecond>(2.0).into(),
            tau_s: Time::new::<millisecond>(0.5),
            v_0_abs: ElectricPotential::new::<millivolt>(-65.0).into(),
            v_th_abs: ElectricPotential::new::<millivolt>(-50.0).into(),
            w: ElectricCurrent::new::<picoampere>(87.8),
            w_ext: ElectricCurrent::new::<picoampere>(87.8),
            g: 4.0,
            nu_ext: Frequency::new::<hertz>(8.0),
            i_ext: None,
            d_e: Time::new::<millisecond>(1.5),
            d_i: Time::new::<millisecond>(0.75),
            d_e_sd: Time::new::<millisecond>(1.5),
            d_i_sd: Time::new::<millisecond>(0.75),
            delay_dist: DelayDistribution::TruncatedGaussian,
            n: Some(
                [
                    20683.0, 5834.0, 21915.0, 5479.0, 4850.0, 1065.0, 14395.0, 2948.0,
                ]
                .into(),
            ),
        }
    }

    /// The microcircuit of a parameter file, as NNMT's `Microcircuit(file)` reads it.
    ///
    /// Required keys: `populations` (n names, E and I alternating), `C`, `tau_s` (single
    /// values), `tau_m`, `tau_r`, `V_0_abs`, `V_th_abs` (one value or n), `w`, `w_ext`
    /// (currents), `g`, `K` (n × n), `K_ext` (n, or one value), `nu_ext` (one rate), `d_e`,
    /// `d_i`, `d_e_sd`, `d_i_sd` (times, ≥ 0), `delay_dist`. Optional: `I_ext` (one value
    /// or n), `N` (n population sizes). Other keys (`label`, `nu_e_ext`, `tau_m_ext`, ...)
    /// are ignored, as in NNMT.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file, the key and its line for a missing key or a wrong unit
    /// or shape; [`Error::Unsupported`], also naming file, key and line, for an unknown
    /// `delay_dist`, per-population `C` or `tau_s` that differ (NNMT would apply them to the
    /// source columns of `W`), a matrix `K_ext` (use the Basic or Plain model), or several
    /// rates `nu_ext` (NNMT's `np.dot` quirk, see [`plain`](super::plain)).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::{DelayDistribution, Microcircuit};
    /// let dir = env!("CARGO_MANIFEST_DIR");
    /// let p = nnmt::io::load_param_file(format!(
    ///     "{dir}/tests/data/nnmt-params/fixtures/integration/config/Bos2016_network_params.yaml"
    /// ))?;
    /// let mc = Microcircuit::from_params(&p)?;
    /// assert_eq!(mc.delay_dist, DelayDistribution::TruncatedGaussian);
    /// assert_eq!(mc.network()?.len(), 8);
    /// # Ok(()) }
    /// ```
    pub fn from_params(params: &ParamMap) -> Result<Self> {
        let p = params;
        const WHY: &str = "NNMT's tau_s / C * w multiplies the source columns of W by a \
            per-population tau_s / C, while tau_s and C belong to the target neuron; give a \
            single value";
        let populations = p.strings("populations")?.to_vec();
        let n = populations.len();
        if n == 0 {
            return Err(p
                .wrong_shape(
                    "populations",
                    "at least one population name",
                    "an empty list".into(),
                )
                .into());
        }
        unique_names(p, &populations)?;
        let c = positive_capacitance(p, uniform::<Capacitance>(p, "C", WHY)?)?;
        let tau_m = p.per_population::<Time>("tau_m", n)?;
        let tau_r = p.per_population::<Time>("tau_r", n)?;
        let v_0_abs = p.per_population::<ElectricPotential>("V_0_abs", n)?;
        let v_th_abs = p.per_population::<ElectricPotential>("V_th_abs", n)?;
        let tau_s = uniform::<Time>(p, "tau_s", WHY)?;
        let d_e = p.get::<Time>("d_e")?;
        let d_i = p.get::<Time>("d_i")?;
        let d_e_sd = p.get::<Time>("d_e_sd")?;
        let d_i_sd = p.get::<Time>("d_i_sd")?;
        let delay_dist = super::params::delay_distribution(p)?;
        let w = p.get::<ElectricCurrent>("w")?;
        let w_ext = p.get::<ElectricCurrent>("w_ext")?;
        let g = p.get::<f64>("g")?;
        let k = square::<f64>(p, "K", n)?;
        let k_ext: PopVec<f64> = match p.get::<Shaped<f64>>("K_ext")? {
            Shaped::Scalar(x) => PopVec::uniform(n, x),
            Shaped::List(v) if v.len() == n => v.into(),
            Shaped::Matrix(_) => {
                return Err(unsupported(
                    p,
                    "K_ext",
                    "several external populations (a matrix K_ext) are not part of the \
                     Microcircuit model; use the Basic or Plain model"
                        .into(),
                ));
            }
            other => {
                return Err(p
                    .wrong_shape(
                        "K_ext",
                        &format!("a list of {n} in-degrees (one per population)"),
                        other.describe(),
                    )
                    .into());
            }
        };
        let nu_ext = match p.get::<PerPopulation<Frequency>>("nu_ext")? {
            PerPopulation::All(x) => x,
            PerPopulation::Each(v) => match (v.len(), v.get(0)) {
                (1, Some(x)) => x,
                (len, _) => return Err(ambiguous_external_rates(p, len, n)),
            },
        };
        let sizes = if p.contains_key("N") {
            Some(p.per_population::<f64>("N", n)?)
        } else {
            None
        };
        let i_ext = if p.contains_key("I_ext") {
            Some(PerPopulation::Each(
                p.per_population::<ElectricCurrent>("I_ext", n)?,
            ))
        } else {
            None
        };
        Ok(Self {
            populations,
            k,
            k_ext,
            c,
            tau_m: tau_m.into(),
            tau_r: tau_r.into(),
            tau_s,
            v_0_abs: v_0_abs.into(),
            v_th_abs: v_th_abs.into(),
            w,
            w_ext,
            g,
            nu_ext,
            i_ext,
            d_e,
            d_i,
            d_e_sd,
            d_i_sd,
            delay_dist,
            n: sizes,
        })
    }

    /// Builds the network (with exponential synapses of time constant τ_s).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::models::Microcircuit;
    /// use nnmt::units::*;
    /// let net = Microcircuit::bos2016().network()?;
    /// // J = τ_s w / C = 0.5 ms · 87.8 pA / 250 pF, doubled for L4E → L2/3E
    /// let j = net.j().get(0, 2).unwrap().get::<millivolt>();
    /// assert!((j - 2.0 * 0.1756).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] if `K` is not n×n or `K_ext` does not have n entries
    ///   (n = number of populations);
    /// - [`Error::ShapeMismatch`] if a per-population value does not have n entries;
    /// - [`Error::InvalidParameter`] if `g` is not finite or `C` is not > 0, or any error of
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
        let c_pf = self.c.get::<picofarad>();
        if c_pf.is_nan() || c_pf <= 0.0 {
            return Err(Error::invalid(
                "C",
                None,
                format!(
                    "the membrane capacitance must be > 0 (J = tau_s w / C divides by it), got {c_pf} pF"
                ),
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
        let v_th: Vec<ElectricPotential> = self
            .v_th_abs
            .clone()
            .broadcast("V_th_abs", n)?
            .iter()
            .zip(self.v_0_abs.clone().broadcast("V_0_abs", n)?.iter())
            .map(|(t, r)| t - r)
            .collect();
        let by_source = |e: Time, i: Time| -> Vec<Vec<Time>> {
            (0..n)
                .map(|_| (0..n).map(|col| if col % 2 == 1 { i } else { e }).collect())
                .collect()
        };
        let delays = Delays::new(
            PopMatrix::try_from_rows("Delay", &by_source(self.d_e, self.d_i))?,
            PopMatrix::try_from_rows("Delay_sd", &by_source(self.d_e_sd, self.d_i_sd))?,
            self.delay_dist,
        )?;
        let mut builder = Network::builder()
            .populations(self.populations.clone())
            .k(self.k.clone())
            .j(PopMatrix::try_from_rows("J", &rows)?)
            .tau_m(self.tau_m.clone())
            .tau_r(self.tau_r.clone())
            .v_th(v_th)
            .v_0(ElectricPotential::new::<volt>(0.0))
            .external(
                PopMatrix::try_from_rows("K_ext", &k_ext)?,
                PopMatrix::uniform(n, 1, j_ext),
                [self.nu_ext],
            )
            .tau_s(self.tau_s)
            .maybe_dc_input(self.i_ext.clone().map(|i_ext| (i_ext, self.c)))
            .delays(delays);
        if let Some(sizes) = &self.n {
            builder = builder.population_sizes(sizes.clone());
        }
        builder.build()
    }
}
