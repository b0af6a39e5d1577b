//! SI kernels: the formulas of the toolbox on plain `f64` in SI base units (s, V, Hz, A, F)
//! on `nalgebra`, one formula family per file.
//!
//! Kernels never see a typed quantity: a network arrives as its SI view [`NetworkSi`] (built
//! by `From<&Network<S>>` in `network::si`, the one place a network's units are stripped), a
//! neuron as [`NeuronSi`]; the typed facades of `lif` give results their units
//! back. The unit of every value is stated in its field's or argument's documentation.
//!
//! | file | contents |
//! |---|---|
//! | `neuron` | [`NeuronSi`] and its validation |
//! | `network` | [`NetworkSi`], the SI view of a network |
//! | `input` | μ(ν), σ(ν) ([`input::InputMap`]) and the checks of given inputs |
//! | `siegert` | the Siegert rate and its derivatives (white noise) |
//! | `colored` | shift and Taylor colored-noise rates ([`colored::Method`], [`colored::ALPHA`]) |
//! | `rate` | the rate models Φ(μ, σ) the fixed-point problem is generic over |
//! | `fixpoint` | the fixed-point problem F(ν) = Φ(ν) − ν as an argmin `Operator` + `Jacobian` |
//! | `transfer` | the transfer-function kernel |
//! | `low_pass` | the low-pass fit and the rate-model connectivity |
//! | `eigen` | eigendecomposition of W(ω), eigenvalue trajectories, the sensitivity measure |
//! | `delay` | delay distributions and their characteristic functions D(ω) ([`delay::DelayDistribution`]) |
//! | `linear_response` | effective connectivity W(ω), propagator, power spectra |

pub(crate) mod colored;
pub(crate) mod delay;
pub(crate) mod eigen;
pub(crate) mod fixpoint;
pub(crate) mod input;
pub(crate) mod linear_response;
pub(crate) mod low_pass;
pub(crate) mod network;
pub(crate) mod neuron;
pub(crate) mod rate;
pub(crate) mod siegert;
pub(crate) mod transfer;

pub(crate) use network::NetworkSi;
pub(crate) use neuron::NeuronSi;
