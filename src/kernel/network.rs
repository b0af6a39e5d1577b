//! [`NetworkSi`]: the SI view of a network, the one form in which kernels see a network.

use nalgebra::{DMatrix, DVector};

use super::neuron::NeuronSi;
use crate::error::{Error, Result};

/// A network's parameters as plain `f64` in SI base units (built from a typed
/// `network::Network` by its `From` impl in `network::si`, the one place a
/// network's units are stripped).
///
/// `n` populations, `n_ext` external populations; matrices have the postsynaptic population
/// as row, as in NNMT.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NetworkSi {
    /// in-degrees K, n×n, dimensionless
    pub k: DMatrix<f64>,
    /// PSP amplitudes J, n×n, V
    pub j: DMatrix<f64>,
    /// membrane time constants τ_m, n, s
    pub tau_m: DVector<f64>,
    /// refractory times τ_r, n, s
    pub tau_r: DVector<f64>,
    /// thresholds V_th (relative to rest), n, V
    pub v_th: DVector<f64>,
    /// reset potentials V_0 (relative to rest), n, V
    pub v_0: DVector<f64>,
    /// external in-degrees K_ext, n×n_ext, dimensionless
    pub k_ext: DMatrix<f64>,
    /// external PSP amplitudes J_ext, n×n_ext, V
    pub j_ext: DMatrix<f64>,
    /// external rates ν_ext, n_ext, Hz
    pub nu_ext: DVector<f64>,
    /// DC input: current I_ext (n, A) and membrane capacitance C (n, F), if given
    pub dc: Option<(DVector<f64>, DVector<f64>)>,
    /// synaptic time constants τ_s, n, s (exponential synapses only)
    pub tau_s: Option<DVector<f64>>,
}

impl NetworkSi {
    /// Number of populations n.
    pub(crate) fn len(&self) -> usize {
        self.k.nrows()
    }

    /// The neuron parameters of population `i` (< n).
    pub(crate) fn neuron(&self, i: usize) -> NeuronSi {
        NeuronSi {
            tau_m: self.tau_m[i],
            tau_r: self.tau_r[i],
            v_th: self.v_th[i],
            v_0: self.v_0[i],
        }
    }

    /// The neuron parameters of every population.
    pub(crate) fn neurons(&self) -> Vec<NeuronSi> {
        (0..self.len()).map(|i| self.neuron(i)).collect()
    }

    /// The synaptic time constants τ_s (s).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] (`tau_s`) if the network has delta synapses.
    pub(crate) fn tau_s(&self) -> Result<&DVector<f64>> {
        self.tau_s.as_ref().ok_or_else(|| {
            Error::invalid(
                "tau_s",
                None,
                "the network has delta synapses (no synaptic time constant)",
            )
        })
    }
}
