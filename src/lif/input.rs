//! Mean and standard deviation of the input (Fourcaud & Brunel 2002, Eq. 3.4).

use nalgebra::{DMatrix, DVector};

use crate::error::{Error, Result};
use crate::network::Network;
use crate::pop::PopVec;
use crate::units::{ElectricPotential, Frequency};

/// The affine maps ν ↦ μ(ν) and ν ↦ σ²(ν) of a network, precomputed in SI units.
///
/// μ_i = τ_m,i (Σ_j K_ij J_ij ν_j + Σ_k K_ext,ik J_ext,ik ν_ext,k + I_ext,i/C_i),
/// σ_i² = τ_m,i (Σ_j K_ij J_ij² ν_j + Σ_k K_ext,ik J_ext,ik² ν_ext,k).
#[derive(Clone, Debug)]
pub(crate) struct InputMap {
    /// τ_m,i K_ij J_ij, V·s
    pub mean_coupling: DMatrix<f64>,
    /// τ_m,i K_ij J_ij², V²·s
    pub var_coupling: DMatrix<f64>,
    /// external and DC part of μ, V
    pub mean_offset: DVector<f64>,
    /// external part of σ², V²
    pub var_offset: DVector<f64>,
}

impl InputMap {
    pub(crate) fn new<S>(net: &Network<S>) -> Self {
        let tau_m = net.tau_m.si();
        let k = net.k.si();
        let j = net.j.si();
        let n = net.len();
        let mean_coupling = DMatrix::from_fn(n, n, |a, b| tau_m[a] * k[(a, b)] * j[(a, b)]);
        let var_coupling =
            DMatrix::from_fn(n, n, |a, b| tau_m[a] * k[(a, b)] * j[(a, b)] * j[(a, b)]);
        let (ke, je, nue) = (net.k_ext.si(), net.j_ext.si(), net.nu_ext.si());
        let mut mean_offset = DVector::zeros(n);
        let mut var_offset = DVector::zeros(n);
        for a in 0..n {
            let (mut m, mut v) = (0.0, 0.0);
            for e in 0..nue.len() {
                let kj = ke[(a, e)] * je[(a, e)];
                m += kj * nue[e];
                v += kj * je[(a, e)] * nue[e];
            }
            if let Some((i_ext, c)) = &net.dc {
                m += i_ext.si()[a] / c.si()[a];
            }
            mean_offset[a] = tau_m[a] * m;
            var_offset[a] = tau_m[a] * v;
        }
        Self {
            mean_coupling,
            var_coupling,
            mean_offset,
            var_offset,
        }
    }

    /// μ(ν) in V, for rates ν in Hz.
    pub(crate) fn mean(&self, nu: &DVector<f64>) -> DVector<f64> {
        &self.mean_coupling * nu + &self.mean_offset
    }

    /// σ(ν) in V, for rates ν in Hz (σ² clamped at 0 against rounding).
    pub(crate) fn std(&self, nu: &DVector<f64>) -> DVector<f64> {
        (&self.var_coupling * nu + &self.var_offset).map(|v| v.max(0.0).sqrt())
    }
}

/// Checks that typed rates fit the network: n entries, finite, ≥ 0.
pub(crate) fn checked_rates<S>(net: &Network<S>, rates: &PopVec<Frequency>) -> Result<()> {
    if rates.len() != net.len() {
        return Err(Error::ShapeMismatch {
            parameter: "nu",
            expected: net.len().to_string(),
            found: rates.len().to_string(),
        });
    }
    for (i, v) in rates.si().iter().enumerate() {
        if !(v.is_finite() && *v >= 0.0) {
            return Err(Error::invalid(
                "nu",
                Some(i),
                format!("rate must be finite and ≥ 0 Hz, got {v} Hz"),
            ));
        }
    }
    Ok(())
}

/// Checks that μ and σ have one entry per population (`n`).
pub(crate) fn check_input_shapes(
    n: usize,
    mu: &PopVec<ElectricPotential>,
    sigma: &PopVec<ElectricPotential>,
) -> Result<()> {
    for (parameter, v) in [("mu", mu), ("sigma", sigma)] {
        if v.len() != n {
            return Err(Error::ShapeMismatch {
                parameter,
                expected: n.to_string(),
                found: v.len().to_string(),
            });
        }
    }
    Ok(())
}

/// Mean input μ of each population for given firing rates (NNMT `_mean_input`).
///
/// # Equation
/// μ_i = τ_m,i (Σ_j K_ij J_ij ν_j + Σ_k K_ext,ik J_ext,ik ν_ext,k + I_ext,i / C_i)
///
/// # References
/// Fourcaud & Brunel (2002), Neural Comput. 14, Eq. 3.4.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `rates` does not have one entry per population;
/// [`Error::InvalidParameter`] (`nu`) if a rate is negative or not finite.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif, network::Network, pop::PopVec, units::*};
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net = Network::builder()
///     .k([[100.0]]).j([[mv(0.2)]])
///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(20.0)).v_0(mv(10.0))
///     .external([[0.0]], [[mv(0.0)]], [Frequency::new::<hertz>(0.0)])
///     .build()?;
/// let mu = lif::mean_input(&net, &PopVec::from([Frequency::new::<hertz>(5.0)]))?;
/// // 10 ms · 100 · 0.2 mV · 5 Hz = 1 mV
/// assert!((mu.get(0).unwrap().get::<millivolt>() - 1.0).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn mean_input<S>(
    net: &Network<S>,
    rates: &PopVec<Frequency>,
) -> Result<PopVec<ElectricPotential>> {
    checked_rates(net, rates)?;
    Ok(PopVec::from_si(InputMap::new(net).mean(rates.si())))
}

/// Standard deviation σ of the input of each population for given firing rates (NNMT
/// `_std_input`; no factor ½: σ² = τ_m Σ K J² ν, the convention of Brunel 2000).
///
/// # Equation
/// σ_i² = τ_m,i (Σ_j K_ij J_ij² ν_j + Σ_k K_ext,ik J_ext,ik² ν_ext,k)
///
/// # References
/// Fourcaud & Brunel (2002), Neural Comput. 14, Eq. 3.4.
///
/// # Errors
/// As [`mean_input`].
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::{lif, network::Network, pop::PopVec, units::*};
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net = Network::builder()
///     .k([[100.0]]).j([[mv(0.2)]])
///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(20.0)).v_0(mv(10.0))
///     .external([[0.0]], [[mv(0.0)]], [Frequency::new::<hertz>(0.0)])
///     .build()?;
/// let sigma = lif::std_input(&net, &PopVec::from([Frequency::new::<hertz>(5.0)]))?;
/// // sqrt(10 ms · 100 · (0.2 mV)² · 5 Hz) = sqrt(0.2) mV
/// assert!((sigma.get(0).unwrap().get::<millivolt>() - 0.2f64.sqrt()).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn std_input<S>(
    net: &Network<S>,
    rates: &PopVec<Frequency>,
) -> Result<PopVec<ElectricPotential>> {
    checked_rates(net, rates)?;
    Ok(PopVec::from_si(InputMap::new(net).std(rates.si())))
}
