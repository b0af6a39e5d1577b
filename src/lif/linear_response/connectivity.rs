//! [`EffectiveConnectivity`]: W(ω), the result type shared by the propagator, the power
//! spectra and the eigen-analysis, and [`effective_connectivity`], which computes it.

use nalgebra::DMatrix;
use num_complex::Complex64;

use crate::error::{Error, Result};
use crate::kernel::linear_response as kernel;
use crate::lif::transfer::TransferFunction;
use crate::network::{DelayMatrix, ExpSynapses, Network};
use crate::units::{AngularVelocity, SiValue};

/// The effective connectivity W_ij(ω) of an n-population network at n_ω frequencies
/// (dimensionless, complex): the linear response of population i's rate to a modulation
/// of population j's rate (Bos et al. 2016, Eq. 12 ff.).
///
/// Indices are `(frequency index, post i, pre j)` like NNMT's `(n_freq, n, n)` arrays.
/// Computed by [`effective_connectivity`], or given with [`EffectiveConnectivity::new`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::{exp::{self, Method}, transfer::{self, SynapticFilter}, FixpointOptions};
/// use nnmt::lif::linear_response::effective_connectivity;
/// use nnmt::models::Microcircuit;
/// use nnmt::network::delay_matrix;
/// use nnmt::units::*;
/// let net = Microcircuit::bos2016().network()?;
/// let wp = exp::working_point(&net, Method::Shift, &FixpointOptions::default())?;
/// let freqs = [Frequency::new::<hertz>(64.0)];
/// let tf = transfer::transfer_function(&net, &wp, &freqs, Method::Shift, SynapticFilter::On)?;
/// let d = delay_matrix(net.delays().unwrap(), &freqs)?;
/// let w = effective_connectivity(&net, &tf, &d)?;
/// assert_eq!((w.n_frequencies(), w.n_populations()), (1, 8));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveConnectivity {
    /// one n × n matrix per frequency
    values: Vec<DMatrix<Complex64>>,
    /// rad/s
    omegas: Vec<f64>,
}

impl EffectiveConnectivity {
    /// The result from SI values: one n × n matrix per angular frequency (rad/s).
    pub(crate) fn from_si(values: Vec<DMatrix<Complex64>>, omegas: Vec<f64>) -> Self {
        debug_assert_eq!(values.len(), omegas.len());
        Self { values, omegas }
    }

    /// The effective connectivity given as matrices: one n × n matrix W(ω) per angular
    /// frequency (for a W computed elsewhere, e.g. to analyse its eigenmodes).
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] if the numbers of matrices and frequencies differ or a
    ///   matrix is not square and of the size of the first;
    /// - [`Error::NonFinite`] if an entry or a frequency is not finite.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nalgebra::DMatrix;
    /// use nnmt::lif::linear_response::EffectiveConnectivity;
    /// use nnmt::units::*;
    /// use num_complex::Complex64;
    /// let w = DMatrix::from_element(2, 2, Complex64::new(0.1, -0.2));
    /// let omegas = [AngularVelocity::new::<radian_per_second>(10.0)];
    /// let eff = EffectiveConnectivity::new(vec![w], &omegas)?;
    /// assert_eq!((eff.n_frequencies(), eff.n_populations()), (1, 2));
    /// assert!(EffectiveConnectivity::new(vec![], &omegas).is_err());
    /// # Ok(()) }
    /// ```
    pub fn new(values: Vec<DMatrix<Complex64>>, omegas: &[AngularVelocity]) -> Result<Self> {
        if values.len() != omegas.len() {
            return Err(Error::ShapeMismatch {
                parameter: "effective connectivity",
                expected: format!("one matrix per frequency ({})", omegas.len()),
                found: format!("{} matrices", values.len()),
            });
        }
        let n = values.first().map_or(0, |m| m.nrows());
        for (f, m) in values.iter().enumerate() {
            if m.shape() != (n, n) {
                return Err(Error::ShapeMismatch {
                    parameter: "effective connectivity",
                    expected: format!("{n}x{n} matrices"),
                    found: format!(
                        "a {}x{} matrix at frequency index {f}",
                        m.nrows(),
                        m.ncols()
                    ),
                });
            }
            if let Some(z) = m.iter().find(|z| !(z.re.is_finite() && z.im.is_finite())) {
                return Err(Error::NonFinite {
                    quantity: "effective connectivity",
                    population: None,
                    detail: format!("entry {z} at frequency index {f}"),
                });
            }
        }
        let omegas: Vec<f64> = omegas.iter().map(|w| w.to_si()).collect();
        if let Some(w) = omegas.iter().find(|w| !w.is_finite()) {
            return Err(Error::NonFinite {
                quantity: "angular frequency",
                population: None,
                detail: format!("{w} rad/s"),
            });
        }
        Ok(Self { values, omegas })
    }

    /// The matrices W(ω), one per frequency, and the angular frequencies (rad/s).
    pub(crate) fn si(&self) -> (&[DMatrix<Complex64>], &[f64]) {
        (&self.values, &self.omegas)
    }

    crate::units::frequency_accessors!();

    /// Number of populations n.
    pub fn n_populations(&self) -> usize {
        self.values.first().map_or(0, |m| m.nrows())
    }

    /// W_ij at frequency index `f` (post `i`, pre `j`), or `None` if out of range.
    pub fn get(&self, f: usize, i: usize, j: usize) -> Option<Complex64> {
        self.values.get(f).and_then(|m| m.get((i, j)).copied())
    }

    /// The n × n matrix W at frequency index `f`.
    pub fn matrix(&self, f: usize) -> Option<&DMatrix<Complex64>> {
        self.values.get(f)
    }
}

/// Frequencies of two results agree if they are equal up to rounding (4 ulp relative), so
/// that ω computed from the same Hz values in another order still matches.
pub(crate) fn same_frequencies(a: &[f64], b: &[f64]) -> Option<usize> {
    if a.len() != b.len() {
        return Some(a.len().min(b.len()));
    }
    a.iter()
        .zip(b)
        .position(|(x, y)| (x - y).abs() > 4.0 * f64::EPSILON * x.abs().max(y.abs()))
}

/// The effective connectivity W_ij(ω) = τ_m,i J_ij K_ij H_i(ω) D_ij(ω) of a network with
/// exponential synapses (NNMT `lif.exp.effective_connectivity`; Bos et al. 2016, Eq. 12 ff.):
/// the linear response of population i's rate to a modulation of population j's rate.
///
/// `tf` is the transfer function H (Hz/V) of every population at the working point and `d`
/// the delay factors D at the same frequencies (e.g. from
/// [`delay_matrix`](crate::network::delay_matrix)); J (V), K and τ_m (s) come from `net`.
///
/// # Equation
/// W_ij(ω) = τ_m,i J_ij K_ij H_i(ω) D_ij(ω), with τ_m and H of the **postsynaptic**
/// population i: τ_m J_ij is the charge of one input spike in units of the membrane's
/// integration (dμ_i/dν_j = τ_m,i K_ij J_ij), so it belongs to the neuron receiving it.
/// NNMT 1.3 multiplies a per-population τ_m onto the *presynaptic* columns (numpy's
/// broadcasting of `tau_m * J * K`); both agree when τ_m is the same for all populations
/// (all of NNMT's examples), and differ otherwise (test
/// `heterogeneous_tau_m_uses_the_postsynaptic_one` in `tests/it/linear_response.rs`).
///
/// # References
/// Bos, Diesmann & Helias (2016), PLoS Comput. Biol. 12, e1005132, Eq. 12 ff.; Senk et al.
/// (2020), Phys. Rev. Research 2, 023174.
///
/// # Errors
/// - [`Error::ShapeMismatch`] if `tf` or `d` does not have n populations, or their numbers
///   of frequencies differ;
/// - [`Error::InvalidParameter`] (`frequencies`) if their frequencies differ (beyond
///   rounding), naming the first frequency index that does;
/// - [`Error::NonFinite`] if an entry is not finite (not expected for finite inputs).
///
/// # Examples
/// See [`EffectiveConnectivity`].
pub fn effective_connectivity(
    net: &Network<ExpSynapses>,
    tf: &TransferFunction,
    d: &DelayMatrix,
) -> Result<EffectiveConnectivity> {
    let n = net.len();
    // a delay matrix at no frequency has no matrix to count populations in
    let d_pops = if d.n_frequencies() == 0 {
        n
    } else {
        d.n_populations()
    };
    for (parameter, found) in [
        ("transfer function", tf.n_populations()),
        ("delay matrix", d_pops),
    ] {
        if found != n {
            return Err(Error::ShapeMismatch {
                parameter,
                expected: format!("{n} populations (the network's)"),
                found: format!("{found} populations"),
            });
        }
    }
    let (h, tf_omegas) = tf.si();
    let (dm, d_omegas) = d.si();
    if tf_omegas.len() != d_omegas.len() {
        return Err(Error::ShapeMismatch {
            parameter: "delay matrix",
            expected: format!("{} frequencies (the transfer function's)", tf_omegas.len()),
            found: format!("{} frequencies", d_omegas.len()),
        });
    }
    if let Some(f) = same_frequencies(tf_omegas, d_omegas) {
        return Err(Error::invalid(
            "frequencies",
            None,
            format!(
                "the transfer function is at ω = {} rad/s but the delay matrix at ω = {} rad/s \
                 (frequency index {f}); compute both at the same frequencies",
                tf_omegas[f], d_omegas[f]
            ),
        ));
    }
    let values = kernel::effective_connectivity(net.tau_m.si(), net.j.si(), net.k.si(), &h, dm);
    for (f, m) in values.iter().enumerate() {
        if let Some(z) = m.iter().find(|z| !(z.re.is_finite() && z.im.is_finite())) {
            return Err(Error::NonFinite {
                quantity: "effective connectivity",
                population: None,
                detail: format!("entry {z} at frequency index {f}"),
            });
        }
    }
    Ok(EffectiveConnectivity::from_si(values, tf_omegas.to_vec()))
}
