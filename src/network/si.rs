//! The SI view of a network: the one place where a network's units are stripped.
//!
//! [`NetworkSi`] (the kernels' form of a network) is built from a typed [`Network`] here, and
//! [`NeuronSi`] from a [`LifNeuron`]; the kernels in `crate::kernel` never see a typed value.

use super::{ExpSynapses, LifNeuron, Network};
use crate::kernel::{NetworkSi, NeuronSi};
use crate::units::SiValue;

/// The SI view of any network, delta or exponential synapses, without τ_s (`tau_s: None`;
/// see [`Network::si_with_tau_s`] for networks with exponential synapses).
impl<S> From<&Network<S>> for NetworkSi {
    fn from(net: &Network<S>) -> Self {
        Self {
            k: net.k.si().clone(),
            j: net.j.si().clone(),
            tau_m: net.tau_m.si().clone(),
            tau_r: net.tau_r.si().clone(),
            v_th: net.v_th.si().clone(),
            v_0: net.v_0.si().clone(),
            k_ext: net.k_ext.si().clone(),
            j_ext: net.j_ext.si().clone(),
            nu_ext: net.nu_ext.si().clone(),
            dc: net
                .dc
                .as_ref()
                .map(|(i, c)| (i.si().clone(), c.si().clone())),
            tau_s: None,
        }
    }
}

impl Network<ExpSynapses> {
    /// The SI view of a network with exponential synapses, including τ_s.
    pub(crate) fn si_with_tau_s(&self) -> NetworkSi {
        NetworkSi {
            tau_s: Some(self.synapses.tau_s.si().clone()),
            ..NetworkSi::from(self)
        }
    }
}

impl From<&LifNeuron> for NeuronSi {
    fn from(n: &LifNeuron) -> Self {
        Self {
            tau_m: n.tau_m.to_si(),
            tau_r: n.tau_r.to_si(),
            v_th: n.v_th.to_si(),
            v_0: n.v_0.to_si(),
        }
    }
}
