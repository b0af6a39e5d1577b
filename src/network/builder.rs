//! The type-state builder of [`Network`] and the types that name its states.
//!
//! [`NetworkBuilder`] has one type parameter per parameter slot. A slot is [`Unset`]
//! ([`DeltaSynapses`] for the synapse slot) until its setter is called; the setter then puts
//! the slot's own type there ([`TauM`] after [`tau_m`](NetworkBuilder::tau_m), …), so a
//! partly built builder has a type that can be named:
//!
//! ```
//! # fn main() -> nnmt::Result<()> {
//! use nnmt::network::Network;
//! use nnmt::network::builder::{InDegrees, NetworkBuilder, Unset, VTh, V0, Weights};
//! use nnmt::units::*;
//!
//! /// A one-population network with threshold and reset chosen; the rest comes later.
//! type Partial = NetworkBuilder<InDegrees, Weights, Unset, Unset, VTh, V0>;
//!
//! let mv = |v| ElectricPotential::new::<millivolt>(v);
//! let partial: Partial = Network::builder()
//!     .k([[100.0]])
//!     .j([[mv(0.1)]])
//!     .v_th(mv(20.0))
//!     .v_0(mv(10.0));
//! let net = partial
//!     .tau_m(Time::new::<millisecond>(10.0))
//!     .tau_r(Time::new::<millisecond>(2.0))
//!     .external([[100.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)])
//!     .build()?;
//! assert_eq!(net.len(), 1);
//! # Ok(()) }
//! ```
//!
//! Three kinds of trait carry the compiler's messages:
//! - `Has…` ([`HasTimeConstant`], …): the slot of a required parameter is set; a bound of
//!   [`NetworkBuilder::build`]. A missing parameter is reported by name:
//!   ```compile_fail,E0277
//!   use nnmt::network::Network;
//!   use nnmt::units::*;
//!   let mv = |v| ElectricPotential::new::<millivolt>(v);
//!   // error[E0277]: network parameter `tau_m` (membrane time constant) is missing
//!   let net = Network::builder()
//!       .k([[100.0]])
//!       .j([[mv(0.1)]])
//!       .tau_r(Time::new::<millisecond>(2.0))
//!       .v_th(mv(20.0))
//!       .v_0(mv(10.0))
//!       .external([[100.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)])
//!       .build();
//!   ```
//! - `…Unset` ([`TauMUnset`], …): the slot is still empty; a bound of the setter, so a
//!   parameter cannot be set twice:
//!   ```compile_fail,E0277
//!   use nnmt::network::Network;
//!   use nnmt::units::*;
//!   // error[E0277]: network parameter `tau_m` is already set
//!   let b = Network::builder()
//!       .tau_m(Time::new::<millisecond>(10.0))
//!       .tau_m(Time::new::<millisecond>(20.0));
//!   ```
//! - `Into…` ([`IntoVTh`], …): what a setter's argument may be: exactly the types that
//!   convert into the parameter's [`PerPopulation`], [`PopMatrix`] or [`PopVec`] of the right
//!   quantity. A value in the wrong unit is reported by the parameter's name:
//!   ```compile_fail,E0277
//!   use nnmt::network::Network;
//!   use nnmt::units::*;
//!   // error[E0277]: network parameter `v_th` must be an electric potential
//!   let b = Network::builder().v_th(Time::new::<millisecond>(20.0));
//!   ```
//!
//! Optional parameters are slots too, so they also cannot be set twice (except the delays
//! and the population sizes, [`delays`](NetworkBuilder::delays) and
//! [`population_sizes`](NetworkBuilder::population_sizes), which are outside the type
//! state: a second call replaces the first). Setting one changes
//! the builder's type, so a builder variable cannot be reassigned in a branch:
//! ```compile_fail,E0308
//! use nnmt::network::Network;
//! use nnmt::units::*;
//! let names: Option<Vec<String>> = None;
//! let mut b = Network::builder().k([[100.0]]);
//! if let Some(names) = names {
//!     b = b.populations(names); // error[E0308]: mismatched types
//! }
//! ```
//! To set one only when a value is at hand, pass an `Option` to
//! [`maybe_dc_input`](NetworkBuilder::maybe_dc_input) or
//! [`maybe_populations`](NetworkBuilder::maybe_populations):
//! `Network::builder().k([[100.0]]).maybe_populations(names)`.
//! [`tau_s`](NetworkBuilder::tau_s) changes the type of the built network (to
//! `Network<ExpSynapses>`), so it has no `maybe_` form: choose between the two types where the
//! choice is made.

use super::param::PerPopulation;
use super::{Delays, DeltaSynapses, ExpSynapses, Network, NeuronSi};
use crate::error::{Error, Result};
use crate::pop::{PopMatrix, PopVec};
use crate::units::{Capacitance, ElectricCurrent, ElectricPotential, Frequency, SiValue, Time};

/// An empty builder slot: its parameter has not been given yet.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unset;

/// The slot of the in-degrees `K`, as set by [`NetworkBuilder::k`].
#[derive(Clone, Debug)]
pub struct InDegrees(PopMatrix<f64>);

/// The slot of the PSP amplitudes `J`, as set by [`NetworkBuilder::j`].
#[derive(Clone, Debug)]
pub struct Weights(PopMatrix<ElectricPotential>);

/// The slot of the membrane time constant τ_m, as set by [`NetworkBuilder::tau_m`].
#[derive(Clone, Debug)]
pub struct TauM(PerPopulation<Time>);

/// The slot of the refractory time τ_r, as set by [`NetworkBuilder::tau_r`].
#[derive(Clone, Debug)]
pub struct TauR(PerPopulation<Time>);

/// The slot of the threshold `V_th_rel`, as set by [`NetworkBuilder::v_th`].
#[derive(Clone, Debug)]
pub struct VTh(PerPopulation<ElectricPotential>);

/// The slot of the reset potential `V_0_rel`, as set by [`NetworkBuilder::v_0`].
#[derive(Clone, Debug)]
pub struct V0(PerPopulation<ElectricPotential>);

/// The slot of the external drive `K_ext`, `J_ext`, `nu_ext`, as set by
/// [`NetworkBuilder::external`].
#[derive(Clone, Debug)]
pub struct External {
    k_ext: PopMatrix<f64>,
    j_ext: PopMatrix<ElectricPotential>,
    nu_ext: PopVec<Frequency>,
}

/// The synapse slot after [`NetworkBuilder::tau_s`]: exponential synapses with time
/// constant τ_s (the empty synapse slot is [`DeltaSynapses`]).
#[derive(Clone, Debug)]
pub struct TauS(PerPopulation<Time>);

impl TauS {
    pub(crate) fn new(tau_s: PerPopulation<Time>) -> Self {
        Self(tau_s)
    }
}

/// The slot of the DC input, as set by [`NetworkBuilder::dc_input`] or
/// [`NetworkBuilder::maybe_dc_input`] (the latter possibly with no value).
#[derive(Clone, Debug)]
pub struct DcInput(Option<(PerPopulation<ElectricCurrent>, PerPopulation<Capacitance>)>);

/// The slot of the population names, as set by [`NetworkBuilder::populations`] or
/// [`NetworkBuilder::maybe_populations`] (the latter possibly with no value).
#[derive(Clone, Debug)]
pub struct Populations(Option<Vec<String>>);

/// Only this module's slot types implement the slot traits.
mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Unset {}
    impl Sealed for crate::network::DeltaSynapses {}
    impl Sealed for super::InDegrees {}
    impl Sealed for super::Weights {}
    impl Sealed for super::TauM {}
    impl Sealed for super::TauR {}
    impl Sealed for super::VTh {}
    impl Sealed for super::V0 {}
    impl Sealed for super::External {}
    impl Sealed for super::TauS {}
    impl Sealed for super::DcInput {}
    impl Sealed for super::Populations {}
}

/// `$Has`: implemented by the set slot `$Slot` of a required parameter only; a bound of
/// `build`, so that a missing parameter is an error that names it.
macro_rules! required {
    ($($(#[$doc:meta])* $Has:ident for $Slot:ident: $message:literal, $label:literal, $note:literal;)*) => {$(
        $(#[$doc])*
        #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
        pub trait $Has: sealed::Sealed {
            #[doc(hidden)]
            fn into_slot(self) -> $Slot;
        }
        #[diagnostic::do_not_recommend]
        impl $Has for $Slot {
            fn into_slot(self) -> $Slot {
                self
            }
        }
    )*};
}

/// `$Unset`: implemented by the empty slot `$Empty` only; a bound of the setter, so that
/// setting a parameter twice is an error that names it.
macro_rules! unset {
    ($($(#[$doc:meta])* $Unset:ident for $Empty:ty: $message:literal, $label:literal;)*) => {$(
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = $message,
            label = $label,
            note = "each network parameter is given once"
        )]
        pub trait $Unset: sealed::Sealed {}
        #[diagnostic::do_not_recommend]
        impl $Unset for $Empty {}
    )*};
}

/// `$Into`: every type that converts into `$Value`, the argument type of a setter; a wrong
/// unit is an error that names the parameter instead of listing uom's dimension types.
macro_rules! argument {
    ($($(#[$doc:meta])* $Into:ident -> $Value:ty: $message:literal, $label:literal, $note:literal;)*) => {$(
        $(#[$doc])*
        #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
        pub trait $Into {
            #[doc(hidden)]
            fn into_value(self) -> $Value;
        }
        #[diagnostic::do_not_recommend]
        impl<A: Into<$Value>> $Into for A {
            fn into_value(self) -> $Value {
                self.into()
            }
        }
    )*};
}

required! {
    /// The in-degrees `K` are set (see [`NetworkBuilder::k`]).
    HasInDegrees for InDegrees:
    "network parameter `k` (in-degrees K) is missing",
    "`k` was never set on this builder",
    "call `.k(...)` on the builder before `.build()`";
    /// The PSP amplitudes `J` are set (see [`NetworkBuilder::j`]).
    HasWeights for Weights:
    "network parameter `j` (PSP amplitudes J) is missing",
    "`j` was never set on this builder",
    "call `.j(...)` on the builder before `.build()`";
    /// The membrane time constant τ_m is set (see [`NetworkBuilder::tau_m`]).
    HasTimeConstant for TauM:
    "network parameter `tau_m` (membrane time constant) is missing",
    "`tau_m` was never set on this builder",
    "call `.tau_m(...)` on the builder before `.build()`";
    /// The refractory time τ_r is set (see [`NetworkBuilder::tau_r`]).
    HasRefractoryTime for TauR:
    "network parameter `tau_r` (refractory time) is missing",
    "`tau_r` was never set on this builder",
    "call `.tau_r(...)` on the builder before `.build()`";
    /// The threshold `V_th_rel` is set (see [`NetworkBuilder::v_th`]).
    HasThreshold for VTh:
    "network parameter `v_th` (threshold V_th_rel) is missing",
    "`v_th` was never set on this builder",
    "call `.v_th(...)` on the builder before `.build()`";
    /// The reset potential `V_0_rel` is set (see [`NetworkBuilder::v_0`]).
    HasResetPotential for V0:
    "network parameter `v_0` (reset potential V_0_rel) is missing",
    "`v_0` was never set on this builder",
    "call `.v_0(...)` on the builder before `.build()`";
    /// The external drive is set (see [`NetworkBuilder::external`]).
    HasExternalInput for External:
    "network parameter `external` (K_ext, J_ext, nu_ext) is missing",
    "`external` was never set on this builder",
    "call `.external(k_ext, j_ext, nu_ext)` on the builder before `.build()`";
}

unset! {
    /// The slot of `K` is still empty (a bound of [`NetworkBuilder::k`]).
    InDegreesUnset for Unset:
    "network parameter `k` is already set",
    "second `.k(...)` on this builder";
    /// The slot of `J` is still empty (a bound of [`NetworkBuilder::j`]).
    WeightsUnset for Unset:
    "network parameter `j` is already set",
    "second `.j(...)` on this builder";
    /// The slot of τ_m is still empty (a bound of [`NetworkBuilder::tau_m`]).
    TauMUnset for Unset:
    "network parameter `tau_m` is already set",
    "second `.tau_m(...)` on this builder";
    /// The slot of τ_r is still empty (a bound of [`NetworkBuilder::tau_r`]).
    TauRUnset for Unset:
    "network parameter `tau_r` is already set",
    "second `.tau_r(...)` on this builder";
    /// The slot of `V_th_rel` is still empty (a bound of [`NetworkBuilder::v_th`]).
    VThUnset for Unset:
    "network parameter `v_th` is already set",
    "second `.v_th(...)` on this builder";
    /// The slot of `V_0_rel` is still empty (a bound of [`NetworkBuilder::v_0`]).
    V0Unset for Unset:
    "network parameter `v_0` is already set",
    "second `.v_0(...)` on this builder";
    /// The slot of the external drive is still empty (a bound of [`NetworkBuilder::external`]).
    ExternalUnset for Unset:
    "network parameter `external` is already set",
    "second `.external(...)` on this builder";
    /// The synapses are still delta synapses (a bound of [`NetworkBuilder::tau_s`]).
    TauSUnset for DeltaSynapses:
    "network parameter `tau_s` is already set",
    "second `.tau_s(...)` on this builder";
    /// The slot of the DC input is still empty (a bound of [`NetworkBuilder::dc_input`] and
    /// [`NetworkBuilder::maybe_dc_input`]).
    DcInputUnset for Unset:
    "network parameter `dc_input` is already set",
    "second `.dc_input(...)` or `.maybe_dc_input(...)` on this builder";
    /// The slot of the population names is still empty (a bound of
    /// [`NetworkBuilder::populations`] and [`NetworkBuilder::maybe_populations`]).
    PopulationsUnset for Unset:
    "network parameter `populations` is already set",
    "second `.populations(...)` or `.maybe_populations(...)` on this builder";
}

argument! {
    /// An argument of [`NetworkBuilder::k`]: anything that converts into a
    /// [`PopMatrix<f64>`] (an array of rows `[[f64; n]; n]`, a [`PopMatrix`]).
    IntoInDegrees -> PopMatrix<f64>:
    "network parameter `k` must be a matrix of in-degrees (numbers)",
    "not a `PopMatrix<f64>` or `[[f64; n]; n]`",
    "in-degrees are dimensionless: pass e.g. `[[100.0, 25.0], [100.0, 25.0]]`";
    /// An argument of [`NetworkBuilder::j`]: anything that converts into a
    /// [`PopMatrix<ElectricPotential>`] (an array of rows, a [`PopMatrix`]).
    IntoWeights -> PopMatrix<ElectricPotential>:
    "network parameter `j` must be a matrix of electric potentials",
    "not a matrix of `ElectricPotential` (V)",
    "pass e.g. `[[ElectricPotential::new::<millivolt>(0.1)]]`, or a `PopMatrix` of them";
    /// An argument of [`NetworkBuilder::tau_m`]: anything that converts into a
    /// [`PerPopulation<Time>`] (one [`Time`], an array, `Vec` or [`PopVec`] of them).
    IntoTauM -> PerPopulation<Time>:
    "network parameter `tau_m` must be a time",
    "not a `Time` (s), nor one per population",
    "pass e.g. `Time::new::<millisecond>(10.0)`, or an array, `Vec` or `PopVec` of them";
    /// An argument of [`NetworkBuilder::tau_r`]: anything that converts into a
    /// [`PerPopulation<Time>`] (one [`Time`], an array, `Vec` or [`PopVec`] of them).
    IntoTauR -> PerPopulation<Time>:
    "network parameter `tau_r` must be a time",
    "not a `Time` (s), nor one per population",
    "pass e.g. `Time::new::<millisecond>(2.0)`, or an array, `Vec` or `PopVec` of them";
    /// An argument of [`NetworkBuilder::v_th`]: anything that converts into a
    /// [`PerPopulation<ElectricPotential>`] (one [`ElectricPotential`], an array, `Vec` or
    /// [`PopVec`] of them).
    IntoVTh -> PerPopulation<ElectricPotential>:
    "network parameter `v_th` must be an electric potential",
    "not an `ElectricPotential` (V), nor one per population",
    "pass e.g. `ElectricPotential::new::<millivolt>(20.0)`, or an array, `Vec` or `PopVec` of them";
    /// An argument of [`NetworkBuilder::v_0`]: anything that converts into a
    /// [`PerPopulation<ElectricPotential>`] (one [`ElectricPotential`], an array, `Vec` or
    /// [`PopVec`] of them).
    IntoV0 -> PerPopulation<ElectricPotential>:
    "network parameter `v_0` must be an electric potential",
    "not an `ElectricPotential` (V), nor one per population",
    "pass e.g. `ElectricPotential::new::<millivolt>(10.0)`, or an array, `Vec` or `PopVec` of them";
    /// The first argument of [`NetworkBuilder::external`]: anything that converts into a
    /// [`PopMatrix<f64>`].
    IntoKExt -> PopMatrix<f64>:
    "network parameter `external`: `k_ext` must be a matrix of in-degrees (numbers)",
    "not a `PopMatrix<f64>` or `[[f64; n_ext]; n]`",
    "in-degrees are dimensionless: pass e.g. `[[100.0], [100.0]]`";
    /// The second argument of [`NetworkBuilder::external`]: anything that converts into a
    /// [`PopMatrix<ElectricPotential>`].
    IntoJExt -> PopMatrix<ElectricPotential>:
    "network parameter `external`: `j_ext` must be a matrix of electric potentials",
    "not a matrix of `ElectricPotential` (V)",
    "pass e.g. `[[ElectricPotential::new::<millivolt>(0.1)]]`, or a `PopMatrix` of them";
    /// The third argument of [`NetworkBuilder::external`]: anything that converts into a
    /// [`PopVec<Frequency>`] (an array, `Vec` or slice of [`Frequency`]).
    IntoNuExt -> PopVec<Frequency>:
    "network parameter `external`: `nu_ext` must be frequencies, one per external population",
    "not an array, `Vec` or `PopVec` of `Frequency` (Hz)",
    "pass e.g. `[Frequency::new::<hertz>(10.0)]`";
    /// An argument of [`NetworkBuilder::tau_s`]: anything that converts into a
    /// [`PerPopulation<Time>`] (one [`Time`], an array, `Vec` or [`PopVec`] of them).
    IntoTauS -> PerPopulation<Time>:
    "network parameter `tau_s` must be a time",
    "not a `Time` (s), nor one per population",
    "pass e.g. `Time::new::<millisecond>(0.5)`, or an array, `Vec` or `PopVec` of them";
    /// The first argument of [`NetworkBuilder::dc_input`]: anything that converts into a
    /// [`PerPopulation<ElectricCurrent>`].
    IntoIExt -> PerPopulation<ElectricCurrent>:
    "network parameter `dc_input`: `i_ext` must be an electric current",
    "not an `ElectricCurrent` (A), nor one per population",
    "pass e.g. `ElectricCurrent::new::<picoampere>(100.0)`, or an array, `Vec` or `PopVec` of them";
    /// The second argument of [`NetworkBuilder::dc_input`]: anything that converts into a
    /// [`PerPopulation<Capacitance>`].
    IntoC -> PerPopulation<Capacitance>:
    "network parameter `dc_input`: `c` must be a capacitance",
    "not a `Capacitance` (F), nor one per population",
    "pass e.g. `Capacitance::new::<picofarad>(250.0)`, or an array, `Vec` or `PopVec` of them";
}

/// The synapse slot: [`DeltaSynapses`] (empty) or [`TauS`]; it decides the synapse type of
/// the built network.
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

/// The slot of an optional parameter with value `T`: [`Unset`] (no value) or the set slot
/// ([`DcInput`], [`Populations`]).
pub trait OptionalSlot<T>: sealed::Sealed {
    #[doc(hidden)]
    fn into_option(self) -> Option<T>;
}

impl<T> OptionalSlot<T> for Unset {
    fn into_option(self) -> Option<T> {
        None
    }
}

impl OptionalSlot<(PerPopulation<ElectricCurrent>, PerPopulation<Capacitance>)> for DcInput {
    fn into_option(self) -> Option<(PerPopulation<ElectricCurrent>, PerPopulation<Capacitance>)> {
        self.0
    }
}

impl OptionalSlot<Vec<String>> for Populations {
    fn into_option(self) -> Option<Vec<String>> {
        self.0
    }
}

/// Type-state builder of [`Network`]; start with [`Network::builder`].
///
/// Required: [`k`](Self::k), [`j`](Self::j), [`tau_m`](Self::tau_m), [`tau_r`](Self::tau_r),
/// [`v_th`](Self::v_th), [`v_0`](Self::v_0), [`external`](Self::external). Optional:
/// [`dc_input`](Self::dc_input), [`populations`](Self::populations),
/// [`delays`](Self::delays), [`population_sizes`](Self::population_sizes), and
/// [`tau_s`](Self::tau_s), which makes the network one with exponential synapses. Each is
/// given once, in any order.
///
/// The type parameters are the slots of `k`, `j`, `tau_m`, `tau_r`, `v_th`, `v_0`,
/// `external` ([`Unset`] or [`InDegrees`], [`Weights`], [`TauM`], [`TauR`], [`VTh`], [`V0`],
/// [`External`]), `tau_s` ([`DeltaSynapses`] or [`TauS`]), `dc_input` and `populations`
/// ([`Unset`] or [`DcInput`], [`Populations`]), in this order; trailing ones may be left out
/// while they have their initial value. See the [module](self) for the errors the slots give.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::network::{ExpSynapses, Network};
/// use nnmt::units::*;
/// let mv = |v| ElectricPotential::new::<millivolt>(v);
/// let net: Network<ExpSynapses> = Network::builder()
///     .populations(["E", "I"])
///     .k([[1000.0, 250.0], [1000.0, 250.0]])
///     .j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]])
///     .tau_m(Time::new::<millisecond>(20.0))
///     .tau_r(Time::new::<millisecond>(2.0))
///     .v_th(mv(20.0))
///     .v_0(mv(10.0))
///     .external([[1000.0], [1000.0]], [[mv(0.1)], [mv(0.1)]], [Frequency::new::<hertz>(20.0)])
///     .tau_s(Time::new::<millisecond>(0.5))
///     .build()?;
/// assert_eq!(net.population_names().unwrap()[1], "I");
/// # Ok(()) }
/// ```
#[must_use = "a builder does nothing until `.build()` is called"]
#[derive(Clone, Debug)]
pub struct NetworkBuilder<
    K = Unset,
    J = Unset,
    TM = Unset,
    TR = Unset,
    VT = Unset,
    VR = Unset,
    EX = Unset,
    S = DeltaSynapses,
    DC = Unset,
    NM = Unset,
> {
    k: K,
    j: J,
    tau_m: TM,
    tau_r: TR,
    v_th: VT,
    v_0: VR,
    external: EX,
    synapses: S,
    dc: DC,
    names: NM,
    /// optional, outside the type state
    delays: Option<Delays>,
    /// optional, outside the type state
    sizes: Option<PopVec<f64>>,
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
            dc: Unset,
            names: Unset,
            delays: None,
            sizes: None,
        }
    }
}

/// For each slot `field: G`, a private method `put: fn(self, New) -> NetworkBuilder<.., New, ..>`
/// that replaces that slot and moves the others.
macro_rules! slot_replacers {
    ($($field:ident: $G:ident => $put:ident),* $(,)?) => {
        slot_replacers!(@each [] [$($field: $G => $put),*]);
    };
    (@each [$($bf:ident: $bg:ident),*] []) => {};
    (@each [$($bf:ident: $bg:ident),*]
        [$field:ident: $G:ident => $put:ident $(, $af:ident: $ag:ident => $aput:ident)*]) => {
        impl<$($bg,)* $G, $($ag,)*> NetworkBuilder<$($bg,)* $G, $($ag,)*> {
            fn $put<New>(self, $field: New) -> NetworkBuilder<$($bg,)* New, $($ag,)*> {
                NetworkBuilder {
                    $($bf: self.$bf,)* $field, $($af: self.$af,)*
                    delays: self.delays,
                    sizes: self.sizes,
                }
            }
        }
        slot_replacers!(@each [$($bf: $bg,)* $field: $G] [$($af: $ag => $aput),*]);
    };
}

slot_replacers!(
    k: K => put_k,
    j: J => put_j,
    tau_m: TM => put_tau_m,
    tau_r: TR => put_tau_r,
    v_th: VT => put_v_th,
    v_0: VR => put_v_0,
    external: EX => put_external,
    synapses: S => put_synapses,
    dc: DC => put_dc,
    names: NM => put_names,
);

impl<K, J, TM, TR, VT, VR, EX, S, DC, NM> NetworkBuilder<K, J, TM, TR, VT, VR, EX, S, DC, NM> {
    /// In-degrees `K` (n×n, dimensionless, row = postsynaptic, column = presynaptic). This
    /// matrix fixes the number of populations `n`. Required.
    ///
    /// `k` is anything that converts into a [`PopMatrix<f64>`], e.g. `[[f64; n]; n]`.
    pub fn k(
        self,
        k: impl IntoInDegrees,
    ) -> NetworkBuilder<InDegrees, J, TM, TR, VT, VR, EX, S, DC, NM>
    where
        K: InDegreesUnset,
    {
        self.put_k(InDegrees(k.into_value()))
    }

    /// PSP amplitudes `J` (n×n, volts, row = postsynaptic; negative for inhibitory sources).
    /// Required.
    ///
    /// `j` is anything that converts into a [`PopMatrix<ElectricPotential>`].
    pub fn j(self, j: impl IntoWeights) -> NetworkBuilder<K, Weights, TM, TR, VT, VR, EX, S, DC, NM>
    where
        J: WeightsUnset,
    {
        self.put_j(Weights(j.into_value()))
    }

    /// Membrane time constant τ_m (> 0, seconds), one for all populations or one per
    /// population. Required.
    ///
    /// `tau_m` is anything that converts into a [`PerPopulation<Time>`].
    pub fn tau_m(
        self,
        tau_m: impl IntoTauM,
    ) -> NetworkBuilder<K, J, TauM, TR, VT, VR, EX, S, DC, NM>
    where
        TM: TauMUnset,
    {
        self.put_tau_m(TauM(tau_m.into_value()))
    }

    /// Refractory time τ_r (≥ 0, seconds), one for all populations or one per population.
    /// Required.
    ///
    /// `tau_r` is anything that converts into a [`PerPopulation<Time>`].
    pub fn tau_r(
        self,
        tau_r: impl IntoTauR,
    ) -> NetworkBuilder<K, J, TM, TauR, VT, VR, EX, S, DC, NM>
    where
        TR: TauRUnset,
    {
        self.put_tau_r(TauR(tau_r.into_value()))
    }

    /// Threshold `V_th_rel` (volts), relative to the resting potential (must exceed
    /// `V_0_rel`), one for all populations or one per population. Required.
    ///
    /// `v_th` is anything that converts into a [`PerPopulation<ElectricPotential>`].
    pub fn v_th(self, v_th: impl IntoVTh) -> NetworkBuilder<K, J, TM, TR, VTh, VR, EX, S, DC, NM>
    where
        VT: VThUnset,
    {
        self.put_v_th(VTh(v_th.into_value()))
    }

    /// Reset potential `V_0_rel` (volts), relative to the resting potential, one for all
    /// populations or one per population. Required.
    ///
    /// `v_0` is anything that converts into a [`PerPopulation<ElectricPotential>`].
    pub fn v_0(self, v_0: impl IntoV0) -> NetworkBuilder<K, J, TM, TR, VT, V0, EX, S, DC, NM>
    where
        VR: V0Unset,
    {
        self.put_v_0(V0(v_0.into_value()))
    }

    /// External drive by `n_ext` Poisson populations: in-degrees `K_ext` (n×n_ext, ≥ 0,
    /// dimensionless), PSP amplitudes `J_ext` (n×n_ext, volts) and rates `nu_ext` (n_ext,
    /// ≥ 0, hertz). Required.
    ///
    /// Unlike NNMT, external populations are always explicit: a per-population drive is a
    /// diagonal `K_ext`, never a vector that NumPy's `dot` would sum over populations.
    pub fn external(
        self,
        k_ext: impl IntoKExt,
        j_ext: impl IntoJExt,
        nu_ext: impl IntoNuExt,
    ) -> NetworkBuilder<K, J, TM, TR, VT, VR, External, S, DC, NM>
    where
        EX: ExternalUnset,
    {
        self.put_external(External {
            k_ext: k_ext.into_value(),
            j_ext: j_ext.into_value(),
            nu_ext: nu_ext.into_value(),
        })
    }

    /// Exponential synapses with time constant τ_s (> 0, seconds), one for all populations
    /// or one per population: the built network is a `Network<ExpSynapses>`. Optional.
    ///
    /// `tau_s` is anything that converts into a [`PerPopulation<Time>`].
    pub fn tau_s(
        self,
        tau_s: impl IntoTauS,
    ) -> NetworkBuilder<K, J, TM, TR, VT, VR, EX, TauS, DC, NM>
    where
        S: TauSUnset,
    {
        self.put_synapses(TauS(tau_s.into_value()))
    }

    /// A constant input current `I_ext` (amperes) into neurons of membrane capacitance `C`
    /// (> 0, farads); it adds τ_m·I_ext/C to the mean input. Unlike NNMT, both may be given
    /// per population. Optional.
    pub fn dc_input(
        self,
        i_ext: impl IntoIExt,
        c: impl IntoC,
    ) -> NetworkBuilder<K, J, TM, TR, VT, VR, EX, S, DcInput, NM>
    where
        DC: DcInputUnset,
    {
        self.put_dc(DcInput(Some((i_ext.into_value(), c.into_value()))))
    }

    /// [`dc_input`](Self::dc_input) if `dc` is `Some((i_ext, c))`; no DC input if `None`.
    /// Either way the DC slot counts as set.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::network::Network;
    /// use nnmt::units::*;
    /// let mv = |v| ElectricPotential::new::<millivolt>(v);
    /// // e.g. read from a file that may or may not give a DC input
    /// let dc = Some((ElectricCurrent::new::<picoampere>(100.0), Capacitance::new::<picofarad>(250.0)));
    /// let net = Network::builder()
    ///     .k([[100.0]]).j([[mv(0.1)]])
    ///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
    ///     .v_th(mv(20.0)).v_0(mv(10.0))
    ///     .external([[100.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)])
    ///     .maybe_dc_input(dc)
    ///     .build()?;
    /// assert!(net.dc_input().is_some());
    /// # Ok(()) }
    /// ```
    pub fn maybe_dc_input<I: IntoIExt, C: IntoC>(
        self,
        dc: Option<(I, C)>,
    ) -> NetworkBuilder<K, J, TM, TR, VT, VR, EX, S, DcInput, NM>
    where
        DC: DcInputUnset,
    {
        self.put_dc(DcInput(
            dc.map(|(i_ext, c)| (i_ext.into_value(), c.into_value())),
        ))
    }

    /// Population names (for tables and messages); one per population. Optional.
    pub fn populations(
        self,
        names: impl IntoIterator<Item = impl Into<String>>,
    ) -> NetworkBuilder<K, J, TM, TR, VT, VR, EX, S, DC, Populations>
    where
        NM: PopulationsUnset,
    {
        self.maybe_populations(Some(names))
    }

    /// [`populations`](Self::populations) if `names` is `Some`; no names if `None`. Either
    /// way the names slot counts as set.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::network::Network;
    /// use nnmt::units::*;
    /// let mv = |v| ElectricPotential::new::<millivolt>(v);
    /// let names: Option<Vec<String>> = None;
    /// let net = Network::builder()
    ///     .maybe_populations(names)
    ///     .k([[100.0]]).j([[mv(0.1)]])
    ///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
    ///     .v_th(mv(20.0)).v_0(mv(10.0))
    ///     .external([[100.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)])
    ///     .build()?;
    /// assert!(net.population_names().is_none());
    /// # Ok(()) }
    /// ```
    pub fn maybe_populations<I>(
        self,
        names: Option<I>,
    ) -> NetworkBuilder<K, J, TM, TR, VT, VR, EX, S, DC, Populations>
    where
        I: IntoIterator<Item: Into<String>>,
        NM: PopulationsUnset,
    {
        self.put_names(Populations(
            names.map(|n| n.into_iter().map(Into::into).collect()),
        ))
    }

    /// Synaptic delays (`Delay`, `Delay_sd`, `delay_dist`, n × n, validated by
    /// [`Delays::new`]). Optional; the delay factors of
    /// [`delay_matrix`](crate::network::delay_matrix) are computed from them.
    ///
    /// Unlike the parameters above this setter does not change the builder's type (it is
    /// outside the type state, as nothing is computed from it implicitly): it can be called
    /// in a branch, and a second call replaces the first.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::network::{Delays, Network};
    /// use nnmt::units::*;
    /// let mv = |v| ElectricPotential::new::<millivolt>(v);
    /// let mut b = Network::builder()
    ///     .k([[100.0]]).j([[mv(0.1)]])
    ///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
    ///     .v_th(mv(20.0)).v_0(mv(10.0))
    ///     .external([[100.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)]);
    /// let file_has_delays = true;
    /// if file_has_delays {
    ///     b = b.delays(Delays::fixed([[Time::new::<millisecond>(1.5)]])?);
    /// }
    /// let net = b.population_sizes([1000.0]).build()?;
    /// assert!(net.delays().is_some());
    /// # Ok(()) }
    /// ```
    pub fn delays(mut self, delays: Delays) -> Self {
        self.delays = Some(delays);
        self
    }

    /// The number of neurons N of each population (> 0, one per population; needed by the
    /// power spectra). Optional, outside the type state like [`delays`](Self::delays).
    ///
    /// `sizes` is anything that converts into a [`PopVec<f64>`], e.g. `[f64; n]`.
    pub fn population_sizes(mut self, sizes: impl Into<PopVec<f64>>) -> Self {
        self.sizes = Some(sizes.into());
        self
    }

    /// Validates the parameters and builds the network.
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] if `K` is not square with n ≥ 1, `J` is not n×n, a
    ///   per-population value does not have n entries, `K_ext`/`J_ext` are not n×n_ext, or
    ///   `nu_ext` does not have n_ext entries, the population names are not n, the delays
    ///   are not n×n (`Delay`) or the population sizes not n (`N`);
    /// - [`Error::InvalidParameter`] naming the parameter and population if a value is not
    ///   finite, `tau_m ≤ 0`, `tau_r < 0`, `tau_s ≤ 0`, `C ≤ 0`, `V_th_rel ≤ V_0_rel`, or an
    ///   entry of `K`, `K_ext` or `nu_ext` is negative, or a population size `N` is not
    ///   finite and > 0.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::network::Network;
    /// use nnmt::units::*;
    /// let mv = |v| ElectricPotential::new::<millivolt>(v);
    /// let builder = Network::builder()
    ///     .k([[100.0]]).j([[mv(0.1)]])
    ///     .tau_m(Time::new::<millisecond>(10.0)).tau_r(Time::new::<millisecond>(2.0))
    ///     .external([[100.0]], [[mv(0.1)]], [Frequency::new::<hertz>(10.0)]);
    /// let net = builder.clone().v_th(mv(20.0)).v_0(mv(10.0)).build()?;
    /// assert_eq!(net.len(), 1);
    /// // a threshold below the reset compiles, but does not build
    /// assert!(builder.v_th(mv(5.0)).v_0(mv(10.0)).build().is_err());
    /// # Ok(()) }
    /// ```
    // The bounds sit on the method (not the impl) so that a missing parameter is reported
    // as an unsatisfied bound (E0277) with the `on_unimplemented` message naming it.
    pub fn build(self) -> Result<Network<S::Synapses>>
    where
        K: HasInDegrees,
        J: HasWeights,
        TM: HasTimeConstant,
        TR: HasRefractoryTime,
        VT: HasThreshold,
        VR: HasResetPotential,
        EX: HasExternalInput,
        S: SynapseSlot,
        DC: OptionalSlot<(PerPopulation<ElectricCurrent>, PerPopulation<Capacitance>)>,
        NM: OptionalSlot<Vec<String>>,
    {
        let InDegrees(k) = self.k.into_slot();
        let n = k.nrows();
        if n == 0 || k.ncols() != n {
            return Err(Error::ShapeMismatch {
                parameter: "K",
                expected: "n×n with n ≥ 1".into(),
                found: k.shape_string(),
            });
        }
        let Weights(j) = self.j.into_slot();
        check_shape("J", &j, n, n)?;
        let External {
            k_ext,
            j_ext,
            nu_ext,
        } = self.external.into_slot();
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
        let tau_m = self.tau_m.into_slot().0.broadcast("tau_m", n)?;
        let tau_r = self.tau_r.into_slot().0.broadcast("tau_r", n)?;
        let v_th = self.v_th.into_slot().0.broadcast("V_th_rel", n)?;
        let v_0 = self.v_0.into_slot().0.broadcast("V_0_rel", n)?;
        for i in 0..n {
            NeuronSi {
                tau_m: tau_m.si()[i],
                tau_r: tau_r.si()[i],
                v_th: v_th.si()[i],
                v_0: v_0.si()[i],
            }
            .validate(Some(i))?;
        }
        let dc = match self.dc.into_option() {
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
        let names = self.names.into_option();
        if let Some(names) = &names
            && names.len() != n
        {
            return Err(Error::ShapeMismatch {
                parameter: "populations",
                expected: n.to_string(),
                found: names.len().to_string(),
            });
        }
        if let Some(d) = &self.delays
            && d.len() != n
        {
            return Err(Error::ShapeMismatch {
                parameter: "Delay",
                expected: format!("{n}×{n}"),
                found: d.mean().shape_string(),
            });
        }
        if let Some(sizes) = &self.sizes {
            if sizes.len() != n {
                return Err(Error::ShapeMismatch {
                    parameter: "N",
                    expected: format!("{n} (one per population)"),
                    found: sizes.len().to_string(),
                });
            }
            for (i, v) in sizes.si().iter().enumerate() {
                if !(v.is_finite() && *v > 0.0) {
                    return Err(Error::invalid(
                        "N",
                        Some(i),
                        format!("the population size must be finite and > 0, got {v}"),
                    ));
                }
            }
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
            names,
            delays: self.delays,
            sizes: self.sizes,
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
