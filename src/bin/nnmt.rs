//! The `nnmt` command line: mean-field quantities of LIF networks from NNMT parameter files.
//!
//! ```text
//! nnmt working-point [--model plain|basic|microcircuit] [--network FILE]
//!                    [--synapse delta|exp] [--method shift|taylor]
//!                    [--fixpoint relaxation|least-squares] [--tolerance HZ] [--format table|json]
//! ```
//!
//! Without `--network` the built-in microcircuit of Bos et al. (2016) is used. Exit codes:
//! 0 success, 1 a computation failed, 2 bad usage or bad input. Errors go to stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use nnmt::lif::{WorkingPoint, delta, exp};
use nnmt::models::{AnyNetwork, Microcircuit, ModelKind, load_network};
use nnmt::solve::{FixpointMethod, FixpointOptions};
use nnmt::units::*;
use serde_json::{Value, json};

/// Mean-field theory of networks of leaky integrate-and-fire neurons (NNMT 1.3 in Rust).
#[derive(Parser, Debug)]
#[command(name = "nnmt", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Stationary firing rates and the mean and std of the input (NNMT `working_point`).
    WorkingPoint(NetworkArgs),
    /// Transfer functions at the analysis frequencies (not available yet in this build).
    TransferFunction(TransferArgs),
    /// Fit of the transfer function by a low pass (not available yet in this build).
    FitTransferFunction(TransferArgs),
}

#[derive(Args, Debug)]
struct NetworkArgs {
    /// Model that reads the network file (default: detected from its keys).
    #[arg(long, value_enum, requires = "network")]
    model: Option<Model>,
    /// NNMT network parameter file (YAML); default: the built-in Bos et al. (2016) microcircuit.
    #[arg(long, value_name = "FILE")]
    network: Option<PathBuf>,
    /// Synapse model (default: exp if the network has tau_s, else delta).
    #[arg(long, value_enum)]
    synapse: Option<Synapse>,
    /// Colored-noise rate approximation for exp synapses.
    #[arg(long, value_enum, default_value = "shift")]
    method: Method,
    /// Fixed-point solver.
    #[arg(long, value_enum, default_value = "relaxation")]
    fixpoint: Fixpoint,
    /// Absolute tolerance on |Φ(ν) − ν| in Hz (default 1e-12; relative 1e-12 as well).
    #[arg(long, value_name = "HZ")]
    tolerance: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Args, Debug)]
struct TransferArgs {
    #[command(flatten)]
    network: NetworkArgs,
    /// NNMT analysis parameter file with f_min, f_max, df.
    #[arg(long, value_name = "FILE")]
    analysis: Option<PathBuf>,
    /// Leave out the synaptic low-pass filter.
    #[arg(long)]
    no_synaptic_filter: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Model {
    Plain,
    Basic,
    Microcircuit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Synapse {
    Delta,
    Exp,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Method {
    Shift,
    Taylor,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Fixpoint {
    Relaxation,
    LeastSquares,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    Table,
    Json,
}

/// A failure: message and exit code (1 computation, 2 usage or input).
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }
}

/// Exit code of a library error: bad input (2) or a failed computation (1).
fn code_of(e: &nnmt::Error) -> u8 {
    match e {
        nnmt::Error::NotConverged { .. }
        | nnmt::Error::NegativeRate { .. }
        | nnmt::Error::NonFinite { .. } => 1,
        _ => 2,
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap: usage errors exit with 2, --help / --version with 0
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match &cli.command {
        Command::WorkingPoint(args) => working_point(args),
        Command::TransferFunction(_) => Err(Failure::usage(
            "transfer-function is not available yet in this build",
        )),
        Command::FitTransferFunction(_) => Err(Failure::usage(
            "fit-transfer-function is not available yet in this build",
        )),
    };
    match result {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            // a closed pipe (`nnmt ... | head`) is not an error worth a panic
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            ExitCode::SUCCESS
        }
        Err(f) => {
            let _ = writeln!(std::io::stderr(), "nnmt: error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// The network of the arguments and a label for it.
fn network(args: &NetworkArgs) -> Result<(AnyNetwork, String), Failure> {
    match &args.network {
        None => {
            let net = Microcircuit::bos2016().network().map_err(|e| Failure {
                code: code_of(&e),
                message: e.to_string(),
            })?;
            Ok((
                AnyNetwork::Exp(net),
                "built-in microcircuit (Bos et al. 2016)".into(),
            ))
        }
        Some(path) => {
            let model = args.model.map(|m| match m {
                Model::Plain => ModelKind::Plain,
                Model::Basic => ModelKind::Basic,
                Model::Microcircuit => ModelKind::Microcircuit,
            });
            let (kind, net) = load_network(path, model).map_err(|e| Failure {
                code: code_of(&e),
                message: match e {
                    nnmt::Error::Io(_) => e.to_string(),
                    _ => format!("{}: {e}", path.display()),
                },
            })?;
            Ok((net, format!("{} ({kind} model)", path.display())))
        }
    }
}

fn working_point(args: &NetworkArgs) -> Result<String, Failure> {
    let mut options = FixpointOptions::new(match args.fixpoint {
        Fixpoint::Relaxation => FixpointMethod::Relaxation,
        Fixpoint::LeastSquares => FixpointMethod::LeastSquares,
    });
    if let Some(tol) = args.tolerance {
        if !(tol.is_finite() && tol > 0.0) {
            return Err(Failure::usage(format!(
                "--tolerance must be a finite number of Hz > 0, got {tol}"
            )));
        }
        options = options.tolerance(Frequency::new::<hertz>(tol));
    }
    let (net, label) = network(args)?;
    let synapse = args.synapse.unwrap_or(match net {
        AnyNetwork::Exp(_) => Synapse::Exp,
        AnyNetwork::Delta(_) => Synapse::Delta,
    });
    let method = match args.method {
        Method::Shift => exp::Method::Shift,
        Method::Taylor => exp::Method::Taylor,
    };
    let computed = match (&net, synapse) {
        (AnyNetwork::Delta(n), Synapse::Delta) => delta::working_point(n, &options),
        (AnyNetwork::Exp(n), Synapse::Delta) => delta::working_point(n, &options),
        (AnyNetwork::Exp(n), Synapse::Exp) => exp::working_point(n, method, &options),
        (AnyNetwork::Delta(_), Synapse::Exp) => {
            return Err(Failure::usage(format!(
                "--synapse exp needs a synaptic time constant tau_s, which {label} does not give"
            )));
        }
    };
    let wp = computed.map_err(|e| Failure {
        code: code_of(&e),
        message: e.to_string(),
    })?;
    let names = net.population_names();
    let setup = match synapse {
        Synapse::Delta => "delta synapses".to_string(),
        Synapse::Exp => format!("exp synapses, {:?} method", args.method).to_lowercase(),
    };
    Ok(match args.format {
        Format::Json => json_output(&wp, names),
        Format::Table => table_output(&wp, names, &label, &setup),
    })
}

fn quantity(unit: &str, values: Vec<f64>) -> Value {
    json!({ "unit": unit, "shape": [values.len()], "values": values })
}

fn json_output(wp: &WorkingPoint, names: Option<&[String]>) -> String {
    let mut obj = serde_json::Map::new();
    if let Some(names) = names {
        obj.insert("populations".into(), json!(names));
    }
    obj.insert(
        "firing_rates".into(),
        quantity(
            "Hz",
            wp.firing_rates().iter().map(|f| f.get::<hertz>()).collect(),
        ),
    );
    obj.insert(
        "mean_input".into(),
        quantity(
            "V",
            wp.mean_input().iter().map(|v| v.get::<volt>()).collect(),
        ),
    );
    obj.insert(
        "std_input".into(),
        quantity(
            "V",
            wp.std_input().iter().map(|v| v.get::<volt>()).collect(),
        ),
    );
    let mut s = Value::Object(obj).to_string();
    s.push('\n');
    s
}

fn table_output(wp: &WorkingPoint, names: Option<&[String]>, label: &str, setup: &str) -> String {
    let mut s = format!("working point of {label}: {setup}\n");
    s.push_str(&format!(
        "{:<12} {:>18} {:>16} {:>16}\n",
        "population", "firing_rates", "mean_input", "std_input"
    ));
    let rows = wp
        .firing_rates()
        .iter()
        .zip(wp.mean_input().iter())
        .zip(wp.std_input().iter());
    for (i, ((nu, mu), sigma)) in rows.enumerate() {
        let name = names
            .and_then(|n| n.get(i))
            .cloned()
            .unwrap_or_else(|| i.to_string());
        s.push_str(&format!(
            "{:<12} {:>15.9} Hz {:>13.6} mV {:>13.6} mV\n",
            name,
            nu.get::<hertz>(),
            mu.get::<millivolt>(),
            sigma.get::<millivolt>()
        ));
    }
    s.push_str(&format!(
        "max |Φ(ν) − ν| = {:.3e} Hz after {} iterations\n",
        wp.residual().get::<hertz>(),
        wp.iterations()
    ));
    s
}
