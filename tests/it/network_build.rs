//! Run-time validation by `NetworkBuilder::build`: every invalid parameter gives a typed
//! error that names it.

use nnmt::Error;
use nnmt::network::builder::{External, InDegrees, TauM, TauR, TauS, Unset, V0, VTh, Weights};
use nnmt::network::{DeltaSynapses, ExpSynapses, Network, NetworkBuilder};
use nnmt::pop::PopMatrix;
use nnmt::units::*;

fn mv(v: f64) -> ElectricPotential {
    ElectricPotential::new::<millivolt>(v)
}
fn ms(v: f64) -> Time {
    Time::new::<millisecond>(v)
}
fn hz(v: f64) -> Frequency {
    Frequency::new::<hertz>(v)
}

/// The valid two-population network's value of a required parameter, set on builder `$b`.
macro_rules! default {
    ($b:expr, k) => {
        $b.k([[100.0, 25.0], [100.0, 25.0]])
    };
    ($b:expr, j) => {
        $b.j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]])
    };
    ($b:expr, tau_m) => {
        $b.tau_m(ms(20.0))
    };
    ($b:expr, tau_r) => {
        $b.tau_r(ms(2.0))
    };
    ($b:expr, v_th) => {
        $b.v_th(mv(20.0))
    };
    ($b:expr, v_0) => {
        $b.v_0(mv(10.0))
    };
    ($b:expr, external) => {
        $b.external([[100.0], [100.0]], [[mv(0.1)], [mv(0.1)]], [hz(10.0)])
    };
}

/// Builds the valid network with the listed required parameters at their defaults and then
/// the one `setter` call, if any.
macro_rules! build_with {
    ([$($required:ident),*] $($setter:ident($($arg:expr),*))?) => {{
        let b = Network::builder();
        $(let b = default!(b, $required);)*
        b$(.$setter($($arg),*))?.build()
    }};
}

/// A valid two-population network with one parameter replaced (a required one: given
/// instead of its default, as each parameter is given once) or added (an optional one).
macro_rules! network_with {
    (k($($a:expr),*)) => { build_with!([j, tau_m, tau_r, v_th, v_0, external] k($($a),*)) };
    (j($($a:expr),*)) => { build_with!([k, tau_m, tau_r, v_th, v_0, external] j($($a),*)) };
    (tau_m($($a:expr),*)) => { build_with!([k, j, tau_r, v_th, v_0, external] tau_m($($a),*)) };
    (tau_r($($a:expr),*)) => { build_with!([k, j, tau_m, v_th, v_0, external] tau_r($($a),*)) };
    (v_th($($a:expr),*)) => { build_with!([k, j, tau_m, tau_r, v_0, external] v_th($($a),*)) };
    (v_0($($a:expr),*)) => { build_with!([k, j, tau_m, tau_r, v_th, external] v_0($($a),*)) };
    (external($($a:expr),*)) => { build_with!([k, j, tau_m, tau_r, v_th, v_0] external($($a),*)) };
    ($($optional:ident($($a:expr),*))?) => {
        build_with!([k, j, tau_m, tau_r, v_th, v_0, external] $($optional($($a),*))?)
    };
}

fn assert_names(
    result: nnmt::Result<impl std::fmt::Debug>,
    parameter: &str,
    population: Option<usize>,
) {
    let err = result.expect_err("invalid network must not build");
    match &err {
        Error::InvalidParameter {
            parameter: p,
            population: q,
            ..
        } => {
            assert_eq!(*p, parameter, "{err}");
            assert_eq!(*q, population, "{err}");
        }
        Error::ShapeMismatch { parameter: p, .. } => assert_eq!(*p, parameter, "{err}"),
        other => panic!("unexpected error {other}"),
    }
    assert!(
        err.to_string().contains(parameter),
        "message names the parameter: {err}"
    );
}

#[test]
fn valid_network_builds() {
    let net = network_with!().unwrap();
    assert_eq!(net.len(), 2);
    assert_eq!(net.n_ext(), 1);
    assert_eq!(net.tau_m().get(1), Some(ms(20.0)));
}

#[test]
fn shapes() {
    assert_names(network_with!(k([[1.0, 2.0]])), "K", None);
    assert_names(network_with!(j([[mv(0.1)]])), "J", None);
    assert_names(
        network_with!(tau_m([ms(10.0), ms(10.0), ms(10.0)])),
        "tau_m",
        None,
    );
    assert_names(network_with!(tau_r([ms(1.0)])), "tau_r", None);
    assert_names(network_with!(v_th(vec![mv(20.0); 3])), "V_th_rel", None);
    assert_names(network_with!(v_0(vec![mv(0.0); 1])), "V_0_rel", None);
    assert_names(
        network_with!(external([[1.0]], [[mv(0.1)], [mv(0.1)]], [hz(1.0)])),
        "K_ext",
        None,
    );
    assert_names(
        network_with!(external(
            [[1.0], [1.0]],
            [[mv(0.1), mv(0.1)], [mv(0.1), mv(0.1)]],
            [hz(1.0)]
        )),
        "J_ext",
        None,
    );
    assert_names(
        network_with!(external(
            [[1.0], [1.0]],
            [[mv(0.1)], [mv(0.1)]],
            [hz(1.0), hz(2.0)]
        )),
        "nu_ext",
        None,
    );
    assert_names(network_with!(populations(["E"])), "populations", None);
    assert_names(
        network_with!(dc_input(
            [ElectricCurrent::new::<picoampere>(1.0); 3],
            Capacitance::new::<picofarad>(250.0)
        )),
        "I_ext",
        None,
    );
    let empty: Vec<Vec<f64>> = vec![];
    assert_names(
        network_with!(k(PopMatrix::try_from_rows("K", &empty).unwrap())),
        "K",
        None,
    );
}

#[test]
fn values() {
    assert_names(network_with!(tau_m([ms(10.0), ms(0.0)])), "tau_m", Some(1));
    assert_names(network_with!(tau_m(ms(-1.0))), "tau_m", Some(0));
    assert_names(network_with!(tau_r([ms(1.0), ms(-1.0)])), "tau_r", Some(1));
    assert_names(
        network_with!(v_th([mv(20.0), mv(5.0)])),
        "V_th_rel",
        Some(1),
    );
    assert_names(network_with!(v_0(mv(20.0))), "V_th_rel", Some(0));
    assert_names(
        network_with!(k([[100.0, -1.0], [100.0, 25.0]])),
        "K",
        Some(0),
    );
    assert_names(
        network_with!(external([[1.0], [-1.0]], [[mv(0.1)], [mv(0.1)]], [hz(1.0)])),
        "K_ext",
        Some(1),
    );
    assert_names(
        network_with!(external([[1.0], [1.0]], [[mv(0.1)], [mv(0.1)]], [hz(-1.0)])),
        "nu_ext",
        None,
    );
    assert_names(network_with!(tau_s(ms(0.0))), "tau_s", Some(0));
    assert_names(network_with!(tau_s([ms(1.0), ms(-0.5)])), "tau_s", Some(1));
    assert_names(
        network_with!(dc_input(
            ElectricCurrent::new::<picoampere>(1.0),
            Capacitance::new::<picofarad>(0.0)
        )),
        "C",
        Some(0),
    );
}

#[test]
fn non_finite_values() {
    let nan = f64::NAN;
    assert_names(network_with!(k([[nan, 1.0], [1.0, 1.0]])), "K", Some(0));
    assert_names(
        network_with!(j([[mv(0.1), mv(0.1)], [mv(f64::INFINITY), mv(0.1)]])),
        "J",
        Some(1),
    );
    assert_names(network_with!(tau_m(ms(nan))), "tau_m", Some(0));
    assert_names(network_with!(tau_r(ms(f64::INFINITY))), "tau_r", Some(0));
    assert_names(network_with!(v_th(mv(nan))), "V_th_rel", Some(0));
    assert_names(
        network_with!(v_0(mv(f64::NEG_INFINITY))),
        "V_0_rel",
        Some(0),
    );
    assert_names(
        network_with!(external([[1.0], [1.0]], [[mv(nan)], [mv(0.1)]], [hz(1.0)])),
        "J_ext",
        Some(0),
    );
    assert_names(
        network_with!(external([[1.0], [1.0]], [[mv(0.1)], [mv(0.1)]], [hz(nan)])),
        "nu_ext",
        None,
    );
    assert_names(network_with!(tau_s(ms(nan))), "tau_s", Some(0));
    assert_names(
        network_with!(dc_input(
            ElectricCurrent::new::<picoampere>(nan),
            Capacitance::new::<picofarad>(250.0)
        )),
        "I_ext",
        Some(0),
    );
}

#[test]
fn tau_s_makes_an_exp_network() {
    let net: Network<nnmt::network::ExpSynapses> = network_with!(tau_s(ms(0.5))).unwrap();
    assert_eq!(net.synapses().tau_s().get(1), Some(ms(0.5)));
}

/// The builder's type is nameable, for users who assemble it in steps.
#[test]
fn builder_type_is_public() {
    let b: NetworkBuilder = Network::builder();
    let _ = b.k([[1.0]]);
}

/// A partly built builder has a type that can be named, e.g. in a helper's signature.
#[test]
fn partial_builder_types_are_nameable() {
    /// Sets the neuron parameters of any builder that has none of them yet.
    fn neurons<K, J, EX>(
        b: NetworkBuilder<K, J, Unset, Unset, Unset, Unset, EX>,
    ) -> NetworkBuilder<K, J, TauM, TauR, VTh, V0, EX> {
        b.tau_m(ms(20.0))
            .tau_r(ms(2.0))
            .v_th(mv(20.0))
            .v_0(mv(10.0))
    }
    let connected: NetworkBuilder<InDegrees, Weights> = Network::builder()
        .k([[100.0, 25.0], [100.0, 25.0]])
        .j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]]);
    let ready: NetworkBuilder<InDegrees, Weights, TauM, TauR, VTh, V0, External> =
        neurons(connected).external([[100.0], [100.0]], [[mv(0.1)], [mv(0.1)]], [hz(10.0)]);
    let with_tau_s: NetworkBuilder<InDegrees, Weights, TauM, TauR, VTh, V0, External, TauS> =
        ready.clone().tau_s(ms(0.5));
    let delta: Network<DeltaSynapses> = ready.build().unwrap();
    let exp: Network<ExpSynapses> = with_tau_s.build().unwrap();
    assert_eq!(delta, network_with!().unwrap());
    assert_eq!(exp, network_with!(tau_s(ms(0.5))).unwrap());
}

/// Parameters may be given in any order; the network is the same.
#[test]
fn setter_order_does_not_matter() {
    let reversed = Network::builder()
        .external([[100.0], [100.0]], [[mv(0.1)], [mv(0.1)]], [hz(10.0)])
        .v_0(mv(10.0))
        .v_th(mv(20.0))
        .tau_r(ms(2.0))
        .tau_m(ms(20.0))
        .j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]])
        .k([[100.0, 25.0], [100.0, 25.0]])
        .build()
        .unwrap();
    assert_eq!(reversed, network_with!().unwrap());
}

/// `maybe_dc_input` and `maybe_populations` set an optional parameter from an `Option`:
/// `Some` as the plain setter does, `None` as if it were never called.
#[test]
fn maybe_setters() {
    let i = ElectricCurrent::new::<picoampere>(100.0);
    let c = Capacitance::new::<picofarad>(250.0);
    let dc = network_with!(dc_input(i, c)).unwrap();
    assert_eq!(network_with!(maybe_dc_input(Some((i, c)))).unwrap(), dc);
    let (dc_i, dc_c) = dc.dc_input().expect("DC input given");
    assert_eq!(dc_i.get(1), Some(i));
    assert_eq!(dc_c.get(1), Some(c));
    let no_dc: Option<(ElectricCurrent, Capacitance)> = None;
    let plain = network_with!(maybe_dc_input(no_dc)).unwrap();
    assert_eq!(plain, network_with!().unwrap());
    assert!(plain.dc_input().is_none());

    let named = network_with!(maybe_populations(Some(["E", "I"]))).unwrap();
    assert_eq!(named, network_with!(populations(["E", "I"])).unwrap());
    assert_eq!(
        named.population_names(),
        Some(&["E".to_string(), "I".to_string()][..])
    );
    let unnamed = network_with!(maybe_populations(None::<Vec<String>>)).unwrap();
    assert!(unnamed.population_names().is_none());

    // the `maybe_` forms validate as the plain ones do
    assert_names(
        network_with!(maybe_dc_input(Some((
            i,
            Capacitance::new::<picofarad>(-1.0)
        )))),
        "C",
        Some(0),
    );
    assert_names(
        network_with!(maybe_populations(Some(["E"]))),
        "populations",
        None,
    );
}

/// The slot traits can be named in bounds, e.g. by helpers generic over builders.
#[test]
fn slot_traits_are_nameable() {
    use nnmt::network::PerPopulation;
    use nnmt::network::builder::{
        HasExternalInput, HasInDegrees, HasRefractoryTime, HasResetPotential, HasThreshold,
        HasTimeConstant, HasWeights, OptionalSlot, SynapseSlot, TauSUnset,
    };
    type Dc = (PerPopulation<ElectricCurrent>, PerPopulation<Capacitance>);

    /// Adds exponential synapses to any builder that has none yet.
    fn fast<K, J, TM, TR, VT, VR, EX, S: TauSUnset, DC, NM>(
        b: NetworkBuilder<K, J, TM, TR, VT, VR, EX, S, DC, NM>,
    ) -> NetworkBuilder<K, J, TM, TR, VT, VR, EX, TauS, DC, NM> {
        b.tau_s(ms(0.5))
    }
    /// Builds any complete builder.
    fn build<K, J, TM, TR, VT, VR, EX, S, DC, NM>(
        b: NetworkBuilder<K, J, TM, TR, VT, VR, EX, S, DC, NM>,
    ) -> nnmt::Result<Network<S::Synapses>>
    where
        K: HasInDegrees,
        J: HasWeights,
        TM: HasTimeConstant,
        TR: HasRefractoryTime,
        VT: HasThreshold,
        VR: HasResetPotential,
        EX: HasExternalInput,
        S: SynapseSlot,
        DC: OptionalSlot<Dc>,
        NM: OptionalSlot<Vec<String>>,
    {
        b.build()
    }
    let b = Network::builder()
        .k([[100.0]])
        .j([[mv(0.1)]])
        .tau_m(ms(10.0))
        .tau_r(ms(2.0))
        .v_th(mv(20.0))
        .v_0(mv(10.0))
        .external([[100.0]], [[mv(0.1)]], [hz(10.0)]);
    let delta: Network<DeltaSynapses> = build(b.clone()).unwrap();
    let exp: Network<ExpSynapses> = build(fast(b)).unwrap();
    assert_eq!(exp.k(), delta.k());
    assert_eq!(exp.synapses().tau_s().get(0), Some(ms(0.5)));
}

#[test]
fn delays_and_population_sizes_are_optional_and_checked() {
    use nnmt::network::{DelayDistribution, Delays};
    let builder = || {
        Network::builder()
            .k([[100.0, 25.0], [100.0, 25.0]])
            .j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]])
            .tau_m(ms(20.0))
            .tau_r(ms(2.0))
            .v_th(mv(20.0))
            .v_0(mv(10.0))
            .external([[100.0], [100.0]], [[mv(0.1)], [mv(0.1)]], [hz(10.0)])
    };
    let net = builder().build().unwrap();
    assert!(net.delays().is_none() && net.population_sizes().is_none());
    let delays = Delays::new(
        [[ms(1.5), ms(0.75)], [ms(1.5), ms(0.75)]],
        [[ms(0.5), ms(0.25)], [ms(0.5), ms(0.25)]],
        DelayDistribution::Gaussian,
    )
    .unwrap();
    // outside the type state: the builder keeps its type, a second call replaces the first
    let net = builder()
        .delays(Delays::fixed([[ms(9.0), ms(9.0)], [ms(9.0), ms(9.0)]]).unwrap())
        .delays(delays.clone())
        .population_sizes([1000.0, 250.0])
        .tau_s(ms(0.5))
        .build()
        .unwrap();
    assert_eq!(net.delays(), Some(&delays));
    assert_eq!(net.population_sizes().unwrap().get(1), Some(250.0));
    // and survive with_tau_s
    let net = builder()
        .delays(delays.clone())
        .build()
        .unwrap()
        .with_tau_s(ms(0.5))
        .unwrap();
    assert_eq!(net.delays(), Some(&delays));
    // shapes and values
    let one = Delays::fixed([[ms(1.0)]]).unwrap();
    assert!(matches!(
        builder().delays(one).build(),
        Err(Error::ShapeMismatch {
            parameter: "Delay",
            ..
        })
    ));
    assert!(matches!(
        builder().population_sizes([1000.0]).build(),
        Err(Error::ShapeMismatch { parameter: "N", .. })
    ));
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            builder().population_sizes([1000.0, bad]).build(),
            Err(Error::InvalidParameter {
                parameter: "N",
                population: Some(1),
                ..
            })
        ));
    }
}
