//! Run-time validation by `NetworkBuilder::build`: every invalid parameter gives a typed
//! error that names it.

use nnmt::Error;
use nnmt::network::{Network, NetworkBuilder};
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

/// A valid two-population network with one parameter replaced by `edit`.
macro_rules! network_with {
    ($($setter:ident($($arg:expr),*)),*) => {
        Network::builder()
            .k([[100.0, 25.0], [100.0, 25.0]])
            .j([[mv(0.1), mv(-0.5)], [mv(0.1), mv(-0.5)]])
            .tau_m(ms(20.0))
            .tau_r(ms(2.0))
            .v_th(mv(20.0))
            .v_0(mv(10.0))
            .external([[100.0], [100.0]], [[mv(0.1)], [mv(0.1)]], [hz(10.0)])
            $(.$setter($($arg),*))*
            .build()
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
