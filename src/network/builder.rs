//! The type-state builder of [`Network`].
//!
//! Each required parameter occupies one type parameter of [`NetworkBuilder`], which is
//! [`Unset`] until its setter is called. [`NetworkBuilder::build`] exists only when every
//! slot is set; otherwise the compiler names the missing parameter:
//!
//! ```compile_fail
//! use nnmt::network::Network;
//! use nnmt::units::*;
//! // `tau_m` is never set: error[E0277]: network parameter `tau_m` (membrane time constant) is missing
//! let net = Network::builder()
//!     .k([[100.0]])
//!     .j([[ElectricPotential::new::<millivolt>(0.1)]])
//!     .tau_r(Time::new::<millisecond>(2.0))
//!     .v_th(ElectricPotential::new::<millivolt>(20.0))
//!     .v_0(ElectricPotential::new::<millivolt>(10.0))
//!     .external([[100.0]], [[ElectricPotential::new::<millivolt>(0.1)]], [Frequency::new::<hertz>(10.0)])
//!     .build();
//! ```

use super::param::PerPopulation;
use super::{DeltaSynapses, ExpSynapses, Network, NeuronSi};
use crate::error::{Error, Result};
use crate::pop::{PopMatrix, PopVec};
use crate::units::{Capacitance, ElectricCurrent, ElectricPotential, Frequency, SiValue, Time};

/// Marker for a builder slot whose parameter has not been given yet.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unset;

/// The external drive: in-degrees `K_ext` (n×n_ext), PSP amplitudes `J_ext` (n×n_ext) and
/// rates `nu_ext` (n_ext), as set by [`NetworkBuilder::external`].
#[derive(Clone, Debug)]
pub struct External {
    k_ext: PopMatrix<f64>,
    j_ext: PopMatrix<ElectricPotential>,
    nu_ext: PopVec<Frequency>,
}

/// Synaptic time constant slot, as set by [`NetworkBuilder::tau_s`].
#[derive(Clone, Debug)]
pub struct TauS(PerPopulation<Time>);

impl TauS {
    pub(crate) fn new(tau_s: PerPopulation<Time>) -> Self {
        Self(tau_s)
    }
}

/// Types that fill a builder slot. Sealed: only this module implements the `Has*` traits.
mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::pop::PopMatrix<f64> {}
    impl Sealed for crate::pop::PopMatrix<crate::units::ElectricPotential> {}
    impl<Q> Sealed for crate::network::PerPopulation<Q> {}
    impl Sealed for super::External {}
    impl Sealed for super::TauS {}
    impl Sealed for crate::network::DeltaSynapses {}
}

/// A builder slot holding the in-degrees `K`.
#[diagnostic::on_unimplemented(
    message = "network parameter `K` (in-degrees) is missing",
    label = "`K` was never set on this builder",
    note = "call `.k(...)` on the builder before `.build()`"
)]
pub trait HasInDegrees: sealed::Sealed {
    #[doc(hidden)]
    fn into_k(self) -> PopMatrix<f64>;
}

/// A builder slot holding the PSP amplitudes `J`.
#[diagnostic::on_unimplemented(
    message = "network parameter `J` (PSP amplitudes) is missing",
    label = "`J` was never set on this builder",
    note = "call `.j(...)` on the builder before `.build()`"
)]
pub trait HasWeights: sealed::Sealed {
    #[doc(hidden)]
    fn into_j(self) -> PopMatrix<ElectricPotential>;
}

/// A builder slot holding the membrane time constant `tau_m`.
#[diagnostic::on_unimplemented(
    message = "network parameter `tau_m` (membrane time constant) is missing",
    label = "`tau_m` was never set on this builder",
    note = "call `.tau_m(...)` on the builder before `.build()`"
)]
pub trait HasTimeConstant: sealed::Sealed {
    #[doc(hidden)]
    fn into_tau_m(self) -> PerPopulation<Time>;
}

/// A builder slot holding the refractory time `tau_r`.
#[diagnostic::on_unimplemented(
    message = "network parameter `tau_r` (refractory time) is missing",
    label = "`tau_r` was never set on this builder",
    note = "call `.tau_r(...)` on the builder before `.build()`"
)]
pub trait HasRefractoryTime: sealed::Sealed {
    #[doc(hidden)]
    fn into_tau_r(self) -> PerPopulation<Time>;
}

/// A builder slot holding the threshold `V_th_rel`.
#[diagnostic::on_unimplemented(
    message = "network parameter `V_th_rel` (threshold relative to rest) is missing",
    label = "`V_th_rel` was never set on this builder",
    note = "call `.v_th(...)` on the builder before `.build()`"
)]
pub trait HasThreshold: sealed::Sealed {
    #[doc(hidden)]
    fn into_v_th(self) -> PerPopulation<ElectricPotential>;
}

/// A builder slot holding the reset potential `V_0_rel`.
#[diagnostic::on_unimplemented(
    message = "network parameter `V_0_rel` (reset potential relative to rest) is missing",
    label = "`V_0_rel` was never set on this builder",
    note = "call `.v_0(...)` on the builder before `.build()`"
)]
pub trait HasResetPotential: sealed::Sealed {
    #[doc(hidden)]
    fn into_v_0(self) -> PerPopulation<ElectricPotential>;
}

/// A builder slot holding the external drive `K_ext`, `J_ext`, `nu_ext`.
#[diagnostic::on_unimplemented(
    message = "network parameter `K_ext, J_ext, nu_ext` (external input) is missing",
    label = "`K_ext, J_ext, nu_ext` was never set on this builder",
    note = "call `.external(k_ext, j_ext, nu_ext)` on the builder before `.build()`"
)]
pub trait HasExternalInput: sealed::Sealed {
    #[doc(hidden)]
    fn into_external(self) -> External;
}

impl HasInDegrees for PopMatrix<f64> {
    fn into_k(self) -> PopMatrix<f64> {
        self
    }
}
impl HasWeights for PopMatrix<ElectricPotential> {
    fn into_j(self) -> PopMatrix<ElectricPotential> {
        self
    }
}
impl HasTimeConstant for PerPopulation<Time> {
    fn into_tau_m(self) -> PerPopulation<Time> {
        self
    }
}
impl HasRefractoryTime for PerPopulation<Time> {
    fn into_tau_r(self) -> PerPopulation<Time> {
        self
    }
}
impl HasThreshold for PerPopulation<ElectricPotential> {
    fn into_v_th(self) -> PerPopulation<ElectricPotential> {
        self
    }
}
impl HasResetPotential for PerPopulation<ElectricPotential> {
    fn into_v_0(self) -> PerPopulation<ElectricPotential> {
        self
    }
}
impl HasExternalInput for External {
    fn into_external(self) -> External {
        self
    }
}

/// The synapse slot: [`DeltaSynapses`] (default) or a synaptic time constant.
pub trait SynapseSlot: sealed::Sealed {
    /// The synapse model of the built network.
    type Synapses;
    #[doc(hidden)]
    fn finish(self, n: usize) -> Result<Self::Synapses>;
}

impl SynapseSlot for DeltaSynapses {
    type Synapses = DeltaSynapses;
    fn finish(self, _n: usize) -> Result<DeltaSynapses> {
        Ok(DeltaSynapses)
    }
}

impl SynapseSlot for TauS {
    type Synapses = ExpSynapses;
    fn finish(self, n: usize) -> Result<ExpSynapses> {
        let tau_s = self.0.broadcast("tau_s", n)?;
        for (i, t) in tau_s.si().iter().enumerate() {
            if !(t.is_finite() && *t > 0.0) {
                return Err(Error::invalid(
                    "tau_s",
                    Some(i),
                    format!("must be finite and > 0 s, got {t} s"),
                ));
            }
        }
        Ok(ExpSynapses { tau_s })
    }
}

/// Type-state builder of [`Network`]; start with [`Network::builder`].
///
/// Required: [`k`](Self::k), [`j`](Self::j), [`tau_m`](Self::tau_m), [`tau_r`](Self::tau_r),
/// [`v_th`](Self::v_th), [`v_0`](Self::v_0), [`external`](Self::external). Optional:
/// [`dc_input`](Self::dc_input), [`populations`](Self::populations), and
/// [`tau_s`](Self::tau_s), which makes the network one with exponential synapses.
#[must_use = "a builder does nothing until `.build()` is called"]
#[derive(Clone, Debug)]
pub struct NetworkBuilder<
    K = Unset,
    J = Unset,
    TM = Unset,
    TR = Unset,
    VT = Unset,
    V0 = Unset,
    EX = Unset,
    S = DeltaSynapses,
> {
    k: K,
    j: J,
    tau_m: TM,
    tau_r: TR,
    v_th: VT,
    v_0: V0,
    external: EX,
    synapses: S,
    dc: Option<(PerPopulation<ElectricCurrent>, PerPopulation<Capacitance>)>,
    names: Option<Vec<String>>,
}

impl NetworkBuilder {
    pub(crate) fn new() -> Self {
        Self {
            k: Unset,
            j: Unset,
            tau_m: Unset,
            tau_r: Unset,
            v_th: Unset,
            v_0: Unset,
            external: Unset,
            synapses: DeltaSynapses,
            dc: None,
            names: None,
        }
    }
}

impl<K, J, TM, TR, VT, V0, EX, S> NetworkBuilder<K, J, TM, TR, VT, V0, EX, S> {
    /// In-degrees `K` (n×n, dimensionless, row = postsynaptic, column = presynaptic). This
    /// matrix fixes the number of populations `n`.
    pub fn k(
        self,
        k: impl Into<PopMatrix<f64>>,
    ) -> NetworkBuilder<PopMatrix<f64>, J, TM, TR, VT, V0, EX, S> {
        NetworkBuilder {
            k: k.into(),
            j: self.j,
            tau_m: self.tau_m,
            tau_r: self.tau_r,
            v_th: self.v_th,
            v_0: self.v_0,
            external: self.external,
            synapses: self.synapses,
            dc: self.dc,
            names: self.names,
        }
    }

    /// PSP amplitudes `J` (n×n, volts, row = postsynaptic; negative for inhibitory sources).
    pub fn j(
        self,
        j: impl Into<PopMatrix<ElectricPotential>>,
    ) -> NetworkBuilder<K, PopMatrix<ElectricPotential>, TM, TR, VT, V0, EX, S> {
        NetworkBuilder {
            k: self.k,
            j: j.into(),
            tau_m: self.tau_m,
            tau_r: self.tau_r,
            v_th: self.v_th,
            v_0: self.v_0,
            external: self.external,
            synapses: self.synapses,
            dc: self.dc,
            names: self.names,
        }
    }

    /// Membrane time constant τ_m (> 0), one for all populations or one per population.
    pub fn tau_m(
        self,
        tau_m: impl Into<PerPopulation<Time>>,
    ) -> NetworkBuilder<K, J, PerPopulation<Time>, TR, VT, V0, EX, S> {
        NetworkBuilder {
            k: self.k,
            j: self.j,
            tau_m: tau_m.into(),
            tau_r: self.tau_r,
            v_th: self.v_th,
            v_0: self.v_0,
            external: self.external,
            synapses: self.synapses,
            dc: self.dc,
            names: self.names,
        }
    }

    /// Refractory time τ_r (≥ 0), one for all populations or one per population.
    pub fn tau_r(
        self,
        tau_r: impl Into<PerPopulation<Time>>,
    ) -> NetworkBuilder<K, J, TM, PerPopulation<Time>, VT, V0, EX, S> {
        NetworkBuilder {
            k: self.k,
            j: self.j,
            tau_m: self.tau_m,
            tau_r: tau_r.into(),
            v_th: self.v_th,
            v_0: self.v_0,
            external: self.external,
            synapses: self.synapses,
            dc: self.dc,
            names: self.names,
        }
    }

    /// Threshold `V_th_rel`, relative to the resting potential (must exceed `V_0_rel`).
    pub fn v_th(
        self,
        v_th: impl Into<PerPopulation<ElectricPotential>>,
    ) -> NetworkBuilder<K, J, TM, TR, PerPopulation<ElectricPotential>, V0, EX, S> {
        NetworkBuilder {
            k: self.k,
            j: self.j,
            tau_m: self.tau_m,
            tau_r: self.tau_r,
            v_th: v_th.into(),
            v_0: self.v_0,
            external: self.external,
            synapses: self.synapses,
            dc: self.dc,
            names: self.names,
        }
    }

    /// Reset potential `V_0_rel`, relative to the resting potential.
    pub fn v_0(
        self,
        v_0: impl Into<PerPopulation<ElectricPotential>>,
    ) -> NetworkBuilder<K, J, TM, TR, VT, PerPopulation<ElectricPotential>, EX, S> {
        NetworkBuilder {
            k: self.k,
            j: self.j,
            tau_m: self.tau_m,
            tau_r: self.tau_r,
            v_th: self.v_th,
            v_0: v_0.into(),
            external: self.external,
            synapses: self.synapses,
            dc: self.dc,
            names: self.names,
        }
    }

    /// External drive by `n_ext` Poisson populations: in-degrees `K_ext` (n×n_ext, ≥ 0),
    /// PSP amplitudes `J_ext` (n×n_ext) and rates `nu_ext` (n_ext, ≥ 0).
    ///
    /// Unlike NNMT, external populations are always explicit: a per-population drive is a
    /// diagonal `K_ext`, never a vector that `np.dot` would collapse (NNMT map, Q13).
    pub fn external(
        self,
        k_ext: impl Into<PopMatrix<f64>>,
        j_ext: impl Into<PopMatrix<ElectricPotential>>,
        nu_ext: impl Into<PopVec<Frequency>>,
    ) -> NetworkBuilder<K, J, TM, TR, VT, V0, External, S> {
        NetworkBuilder {
            k: self.k,
            j: self.j,
            tau_m: self.tau_m,
            tau_r: self.tau_r,
            v_th: self.v_th,
            v_0: self.v_0,
            external: External {
                k_ext: k_ext.into(),
                j_ext: j_ext.into(),
                nu_ext: nu_ext.into(),
            },
            synapses: self.synapses,
            dc: self.dc,
            names: self.names,
        }
    }

    /// Exponential synapses with time constant τ_s (> 0): the built network is a
    /// `Network<ExpSynapses>`.
    pub fn tau_s(
        self,
        tau_s: impl Into<PerPopulation<Time>>,
    ) -> NetworkBuilder<K, J, TM, TR, VT, V0, EX, TauS> {
        NetworkBuilder {
            k: self.k,
            j: self.j,
            tau_m: self.tau_m,
            tau_r: self.tau_r,
            v_th: self.v_th,
            v_0: self.v_0,
            external: self.external,
            synapses: TauS(tau_s.into()),
            dc: self.dc,
            names: self.names,
        }
    }

    /// A constant input current `I_ext` into neurons of membrane capacitance `C` (> 0); it
    /// adds τ_m·I_ext/C to the mean input. Unlike NNMT, both may be given per population.
    pub fn dc_input(
        mut self,
        i_ext: impl Into<PerPopulation<ElectricCurrent>>,
        c: impl Into<PerPopulation<Capacitance>>,
    ) -> Self {
        self.dc = Some((i_ext.into(), c.into()));
        self
    }

    /// Population names (for tables and messages); one per population.
    pub fn populations<I, T>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.names = Some(names.into_iter().map(Into::into).collect());
        self
    }
}

impl<K, J, TM, TR, VT, V0, EX, S> NetworkBuilder<K, J, TM, TR, VT, V0, EX, S> {
    /// Validates the parameters and builds the network.
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] if `K` is not square with n ≥ 1, `J` is not n×n, a
    ///   per-population value does not have n entries, `K_ext`/`J_ext` are not n×n_ext, or
    ///   `nu_ext` does not have n_ext entries, or the population names are not n;
    /// - [`Error::InvalidParameter`] naming the parameter and population if a value is not
    ///   finite, `tau_m ≤ 0`, `tau_r < 0`, `tau_s ≤ 0`, `C ≤ 0`, `V_th_rel ≤ V_0_rel`, or an
    ///   entry of `K`, `K_ext` or `nu_ext` is negative.
    // The bounds sit on the method (not the impl) so that a missing parameter is reported
    // as an unsatisfied bound (E0277) with the `on_unimplemented` message naming it.
    pub fn build(self) -> Result<Network<S::Synapses>>
    where
        K: HasInDegrees,
        J: HasWeights,
        TM: HasTimeConstant,
        TR: HasRefractoryTime,
        VT: HasThreshold,
        V0: HasResetPotential,
        EX: HasExternalInput,
        S: SynapseSlot,
    {
        let k = self.k.into_k();
        let n = k.nrows();
        if n == 0 || k.ncols() != n {
            return Err(Error::ShapeMismatch {
                parameter: "K",
                expected: "n×n with n ≥ 1".into(),
                found: k.shape_string(),
            });
        }
        let j = self.j.into_j();
        check_shape("J", &j, n, n)?;
        let External {
            k_ext,
            j_ext,
            nu_ext,
        } = self.external.into_external();
        let n_ext = k_ext.ncols();
        check_shape("K_ext", &k_ext, n, n_ext)?;
        check_shape("J_ext", &j_ext, n, n_ext)?;
        if nu_ext.len() != n_ext {
            return Err(Error::ShapeMismatch {
                parameter: "nu_ext",
                expected: format!("{n_ext} (columns of K_ext)"),
                found: nu_ext.len().to_string(),
            });
        }
        check_matrix("K", &k, true)?;
        check_matrix("J", &j, false)?;
        check_matrix("K_ext", &k_ext, true)?;
        check_matrix("J_ext", &j_ext, false)?;
        for (e, v) in nu_ext.si().iter().enumerate() {
            if !(v.is_finite() && *v >= 0.0) {
                return Err(Error::invalid(
                    "nu_ext",
                    None,
                    format!("external population {e}: must be finite and ≥ 0 Hz, got {v} Hz"),
                ));
            }
        }
        let tau_m = self.tau_m.into_tau_m().broadcast("tau_m", n)?;
        let tau_r = self.tau_r.into_tau_r().broadcast("tau_r", n)?;
        let v_th = self.v_th.into_v_th().broadcast("V_th_rel", n)?;
        let v_0 = self.v_0.into_v_0().broadcast("V_0_rel", n)?;
        for i in 0..n {
            NeuronSi {
                tau_m: tau_m.si()[i],
                tau_r: tau_r.si()[i],
                v_th: v_th.si()[i],
                v_0: v_0.si()[i],
            }
            .validate(Some(i))?;
        }
        let dc = match self.dc {
            None => None,
            Some((i_ext, c)) => {
                let i_ext = i_ext.broadcast("I_ext", n)?;
                let c = c.broadcast("C", n)?;
                for p in 0..n {
                    let (iv, cv) = (i_ext.si()[p], c.si()[p]);
                    if !iv.is_finite() {
                        return Err(Error::invalid(
                            "I_ext",
                            Some(p),
                            format!("{iv} A is not finite"),
                        ));
                    }
                    if !(cv.is_finite() && cv > 0.0) {
                        return Err(Error::invalid(
                            "C",
                            Some(p),
                            format!("must be finite and > 0 F, got {cv} F"),
                        ));
                    }
                }
                Some((i_ext, c))
            }
        };
        if let Some(names) = &self.names
            && names.len() != n
        {
            return Err(Error::ShapeMismatch {
                parameter: "populations",
                expected: n.to_string(),
                found: names.len().to_string(),
            });
        }
        let synapses = self.synapses.finish(n)?;
        Ok(Network {
            k,
            j,
            tau_m,
            tau_r,
            v_th,
            v_0,
            k_ext,
            j_ext,
            nu_ext,
            dc,
            names: self.names,
            synapses,
        })
    }
}

fn check_shape<Q>(
    parameter: &'static str,
    m: &PopMatrix<Q>,
    rows: usize,
    cols: usize,
) -> Result<()> {
    if m.nrows() != rows || m.ncols() != cols {
        return Err(Error::ShapeMismatch {
            parameter,
            expected: format!("{rows}×{cols}"),
            found: m.shape_string(),
        });
    }
    Ok(())
}

fn check_matrix<Q: SiValue>(
    parameter: &'static str,
    m: &PopMatrix<Q>,
    non_negative: bool,
) -> Result<()> {
    for i in 0..m.nrows() {
        for c in 0..m.ncols() {
            let v = m.si()[(i, c)];
            if !v.is_finite() {
                return Err(Error::invalid(
                    parameter,
                    Some(i),
                    format!("entry ({i}, {c}) is {v}, not finite"),
                ));
            }
            if non_negative && v < 0.0 {
                return Err(Error::invalid(
                    parameter,
                    Some(i),
                    format!("entry ({i}, {c}) is {v}, must be ≥ 0"),
                ));
            }
        }
    }
    Ok(())
}
