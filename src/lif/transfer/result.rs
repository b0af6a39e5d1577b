//! [`TransferFunction`]: the result type.

use num_complex::Complex64;

use crate::kernel::colored::Method;
use crate::units::{ComplexFrequencyPerVoltage, FrequencyPerVoltage};

use crate::kernel::transfer::SynapticFilter;

/// The transfer functions H_i(ω) of `n_pop` populations at `n_freq` frequencies, in Hz/V,
/// together with the frequencies, method and filter they were computed with.
///
/// Indices are `(frequency index, population)` like NNMT's `(n_freq, n_pop)` arrays.
/// Values are complex quantities ([`ComplexFrequencyPerVoltage`]); NNMT's sign convention
/// (perturbations ∝ e^{+iωt}) gives Im H < 0 for ω > 0.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::lif::exp::Method;
/// use nnmt::lif::transfer::{self, SynapticFilter};
/// use nnmt::network::LifNeuron;
/// use nnmt::units::*;
/// let neuron = LifNeuron {
///     tau_m: Time::new::<millisecond>(20.0),
///     tau_r: Time::new::<millisecond>(2.0),
///     v_th: ElectricPotential::new::<millivolt>(20.0),
///     v_0: ElectricPotential::new::<millivolt>(10.0),
/// };
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let freqs = [Frequency::new::<hertz>(10.0), Frequency::new::<hertz>(100.0)];
/// let tf = transfer::population_transfer_function(
///     &neuron, Time::new::<millisecond>(0.5), mv(15.0), mv(5.0), &freqs,
///     Method::Shift, SynapticFilter::On)?;
/// assert_eq!((tf.n_frequencies(), tf.n_populations()), (2, 1));
/// assert_eq!(tf.frequency(1), Some(Frequency::new::<hertz>(100.0)));
/// let h = tf.get(0, 0).unwrap();
/// assert!(h.im().get::<hertz_per_volt>() < 0.0);
/// assert!(tf.modulus(1, 0).unwrap() < tf.modulus(0, 0).unwrap()); // low-pass
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TransferFunction {
    /// row-major n_freq × n_pop, Hz/V
    values: Vec<Complex64>,
    /// rad/s
    omegas: Vec<f64>,
    n_pop: usize,
    method: Method,
    filter: SynapticFilter,
}

impl TransferFunction {
    /// The result from SI values: `values` row-major n_freq × `n_pop` (Hz/V), `omegas`
    /// (rad/s).
    pub(crate) fn from_si(
        values: Vec<Complex64>,
        omegas: Vec<f64>,
        n_pop: usize,
        method: Method,
        filter: SynapticFilter,
    ) -> Self {
        debug_assert_eq!(values.len(), omegas.len() * n_pop);
        Self {
            values,
            omegas,
            n_pop,
            method,
            filter,
        }
    }

    /// The values as an n_freq × n_pop matrix, Hz/V, and the angular frequencies, rad/s.
    pub(crate) fn si(&self) -> (nalgebra::DMatrix<Complex64>, &[f64]) {
        let m = nalgebra::DMatrix::from_row_slice(self.omegas.len(), self.n_pop, &self.values);
        (m, &self.omegas)
    }

    crate::units::frequency_accessors!();

    /// Number of populations.
    pub fn n_populations(&self) -> usize {
        self.n_pop
    }

    /// The method the values were computed with.
    pub fn method(&self) -> Method {
        self.method
    }

    /// Whether the synaptic low-pass 1/(1 + iωτ_s) is included.
    pub fn synaptic_filter(&self) -> SynapticFilter {
        self.filter
    }

    /// H of population `pop` at frequency index `f`, or `None` if out of range.
    pub fn get(&self, f: usize, pop: usize) -> Option<ComplexFrequencyPerVoltage> {
        self.value_si(f, pop)
            .map(ComplexFrequencyPerVoltage::from_si)
    }

    /// |H| of population `pop` at frequency index `f`.
    pub fn modulus(&self, f: usize, pop: usize) -> Option<FrequencyPerVoltage> {
        self.get(f, pop).map(|h| h.norm())
    }

    /// Phase arg H in radians, in (−π, π].
    pub fn phase(&self, f: usize, pop: usize) -> Option<f64> {
        self.get(f, pop).map(|h| h.arg())
    }

    /// H of population `pop` at every frequency.
    pub fn population(&self, pop: usize) -> Option<Vec<ComplexFrequencyPerVoltage>> {
        (pop < self.n_pop).then(|| {
            (0..self.n_frequencies())
                .filter_map(|f| self.get(f, pop))
                .collect()
        })
    }

    /// The value as a plain complex number in Hz/V.
    fn value_si(&self, f: usize, pop: usize) -> Option<Complex64> {
        if pop >= self.n_pop {
            return None;
        }
        self.values.get(f * self.n_pop + pop).copied()
    }
}
