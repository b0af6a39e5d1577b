//! The `nnmt` command line (feature `cli`): mean-field quantities of LIF networks from NNMT
//! parameter files. The binary `src/bin/nnmt.rs` only calls [`main`].
//!
//! ```text
//! nnmt working-point [--model plain|basic|microcircuit] [--network FILE]
//!                    [--synapse delta|exp] [--method shift|taylor]
//!                    [--fixpoint relaxation|least-squares] [--nu-0 RATES] [--tolerance HZ]
//!                    [--format table|json]
//! nnmt transfer-function     ... same options ... [--analysis FILE] [--no-synaptic-filter]
//! nnmt fit-transfer-function ... same options ... [--analysis FILE] [--no-synaptic-filter]
//! nnmt delay-matrix          ... same options ... [--analysis FILE]
//! nnmt effective-connectivity ... same options ... [--analysis FILE] [--no-synaptic-filter]
//! nnmt propagator            ... same options ... [--analysis FILE] [--no-synaptic-filter]
//! nnmt power-spectra         ... same options ... [--analysis FILE] [--no-synaptic-filter]
//! nnmt eigenvalues           ... same options ... [--tracker overlap|nnmt]
//! nnmt sensitivity-measure   ... same options ... (--frequency F | --all-eigenmodes)
//!                            [--tracker overlap|nnmt]
//! ```
//!
//! The linear-response subcommands (Bos et al. 2016, PLoS Comput. Biol. 12, e1005132) follow
//! NNMT's pipeline: working point → transfer function (the method `--method` selects; the
//! default is `shift`, NNMT's Bos 2016 pipeline uses `--method taylor`) → delay matrix D →
//! effective connectivity W → propagator, power spectra, eigenmodes, sensitivity measure.
//! They need a network with exponential synapses and delays; `power-spectra` also needs the
//! population sizes `N`. Their JSON output uses NNMT's names (`delay_dist_matrix`,
//! `effective_connectivity`, `propagator`, `power_spectra`, `eigenvalues`,
//! `sensitivity_measure`, `sensitivity_measure_all_eigenmodes`) beside `frequencies`.
//!
//! Without `--network` the built-in microcircuit of Bos et al. (2016) is used; without
//! `--analysis` the frequencies are 0.1, 1.1, ..., 499.1 Hz (NNMT's `f_min = 0.1 Hz`,
//! `f_max = 500 Hz`, `df = 1 Hz`). An analysis file gives `f_min`, `f_max`, `df`, or an
//! explicit list: `frequencies` (any frequency unit) or NNMT's angular `omegas` (see
//! [`analysis_omegas`](crate::models::analysis::analysis_omegas)). `--nu-0` gives the fixed-point search its initial rates:
//! one value for all populations or one per population, comma-separated, and a frequency
//! unit after the last number (`--nu-0 5Hz`, `--nu-0 "0.5, 2, 4.1 Hz"`; the unit is read by
//! [`parse_unit`](crate::io::unit::parse_unit)).
//!
//! Exit codes: 0 success (also when the reader of the output closes the pipe early, as
//! `nnmt ... | head` does: the program then ends quietly); 1 a computation failed, or the
//! output could not be written (a full disk); 2 bad usage or bad input. Errors go to
//! stderr; a parameter file that repeats a key with the identical value is read with a
//! warning on stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::lif::transfer::{self, SynapticFilter};
use crate::lif::{FixpointMethod, FixpointOptions};
use crate::lif::{WorkingPoint, delta, exp};
use crate::models::{AnyNetwork, Microcircuit, ModelKind, network_from_params};
use crate::units::*;
use clap::{Args, Parser, Subcommand, ValueEnum};

mod linear;
mod output;

use output::{
    finish_json, fit_table, insert_fit, insert_names, insert_transfer, insert_working_point,
    table_output, tf_table,
};

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
    /// Transfer functions at the analysis frequencies, at the working point (NNMT
    /// `transfer_function`).
    TransferFunction(TransferArgs),
    /// Low-pass fit of the transfer function: tau_rate, h0, W_rate, fit_error (NNMT
    /// `fit_transfer_function`).
    FitTransferFunction(TransferArgs),
    /// Delay factors D_ij(ω) of every connection (NNMT `delay_dist_matrix`); JSON key
    /// `delay_dist_matrix`, shape [n_freq, n, n].
    DelayMatrix(TransferArgs),
    /// Effective connectivity W_ij(ω) = τ_m J_ij K_ij H_i(ω) D_ij(ω) (NNMT
    /// `effective_connectivity`), shape [n_freq, n, n]. The transfer function is the one
    /// --method selects (default shift; NNMT's Bos 2016 pipeline uses taylor).
    EffectiveConnectivity(TransferArgs),
    /// Propagator P(ω) = (1 − W)⁻¹ W (NNMT `propagator`), shape [n_freq, n, n]. Transfer
    /// function by --method (default shift; Bos 2016 uses taylor).
    Propagator(TransferArgs),
    /// Power spectra of the population activities, diag(Q A Qᴴ), in Hz (NNMT
    /// `power_spectra`), shape [n_freq, n]; needs the population sizes N. Transfer function
    /// by --method (default shift; Bos 2016 uses taylor).
    PowerSpectra(TransferArgs),
    /// Eigenvalues of W(ω) linked into trajectories (NNMT `eigenvalues`, matched across
    /// frequencies), shape [n_freq, n]. Transfer function by --method (default shift; Bos
    /// 2016 uses taylor).
    Eigenvalues(EigenArgs),
    /// Sensitivity measure (Bos et al. 2016, Eq. 7) at one frequency (--frequency, the
    /// eigenmode closest to 1) or of every eigenvalue trajectory at its critical frequency
    /// (--all-eigenmodes). Transfer function by --method (default shift; Bos 2016 uses
    /// taylor).
    SensitivityMeasure(SensitivityArgs),
}

#[derive(Args, Debug)]
struct EigenArgs {
    #[command(flatten)]
    transfer: TransferArgs,
    /// How eigenvalues are linked across frequencies: overlap (this crate's tracker:
    /// eigenvalue distance plus eigenvector overlap) or nnmt (NNMT 1.3's algorithm, margin
    /// 1e-5).
    #[arg(long, value_enum, default_value = "overlap")]
    tracker: TrackerArg,
}

#[derive(Args, Debug)]
struct SensitivityArgs {
    #[command(flatten)]
    eigen: EigenArgs,
    /// The frequency, with a unit, e.g. `64Hz` or `"0.064 kHz"`: the nearest analysis
    /// frequency is used, and the eigenmode whose eigenvalue is closest to 1 there.
    #[arg(
        long,
        value_name = "F",
        allow_hyphen_values = true,
        required_unless_present = "all_eigenmodes",
        conflicts_with = "all_eigenmodes"
    )]
    frequency: Option<String>,
    /// Every eigenvalue trajectory at its critical frequency (where it comes closest to 1).
    #[arg(long)]
    all_eigenmodes: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum TrackerArg {
    Overlap,
    Nnmt,
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
    /// Initial rates of the fixed-point search: one value for all populations or one per
    /// population, comma-separated, with a frequency unit after the last number, e.g.
    /// `5Hz`, `"5 Hz"`, `"1, 2.5, 3 Hz"` (default: 0 Hz).
    #[arg(long = "nu-0", value_name = "RATES", allow_hyphen_values = true)]
    nu_0: Option<String>,
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
fn code_of(e: &crate::Error) -> u8 {
    match e {
        crate::Error::NotConverged { .. }
        | crate::Error::NegativeRate { .. }
        | crate::Error::NonFinite { .. } => 1,
        _ => 2,
    }
}

/// Runs the `nnmt` program on the process's arguments and returns its exit code: 0 success,
/// 1 a computation failed, 2 bad usage or bad input (with a message on stderr).
pub fn main() -> ExitCode {
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
        Command::TransferFunction(args) => transfer(args, false),
        Command::FitTransferFunction(args) => transfer(args, true),
        Command::DelayMatrix(args) => linear::delay_matrix(args),
        Command::EffectiveConnectivity(args) => linear::effective_connectivity(args),
        Command::Propagator(args) => linear::propagator(args),
        Command::PowerSpectra(args) => linear::power_spectra(args),
        Command::Eigenvalues(args) => linear::eigenvalues(args),
        Command::SensitivityMeasure(args) => linear::sensitivity(args),
    };
    match result.and_then(|text| write_output(&mut std::io::stdout().lock(), &text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let _ = writeln!(std::io::stderr(), "nnmt: error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// Writes the output: a failed write (a full disk) is a failure with exit code 1; a closed
/// pipe (`nnmt ... | head`) ends the program quietly, as Unix tools do.
fn write_output(out: &mut impl Write, text: &str) -> Result<(), Failure> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write the output: {e}"),
        }),
    }
}

/// Warns on stderr about keys a parameter file repeats with the identical value.
fn warn_duplicates(params: &crate::io::ParamMap) {
    if !params.duplicate_keys().is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "nnmt: warning: {}: repeated keys with identical values: {}",
            params.source_name(),
            params.duplicate_keys().join(", ")
        );
    }
}

/// The message of an error about the file `path`, naming the file once.
fn about_file(path: &std::path::Path, e: &crate::Error) -> Failure {
    let name = path.display().to_string();
    let message = e.to_string();
    Failure {
        code: code_of(e),
        message: if message.starts_with(&name) {
            message
        } else {
            format!("{name}: {message}")
        },
    }
}

/// Parses initial rates for `n` populations: numbers separated by commas, the last one
/// followed by a unit of frequency (`5Hz`, `5 Hz`, `1, 2.5, 3 Hz`, `0.002 kHz`), read by
/// [`parse_unit`](crate::io::unit::parse_unit). One number is used for every population;
/// otherwise there must be one per population. Every rate must be finite and ≥ 0.
fn parse_rates(text: &str, n: usize) -> Result<Vec<Frequency>, String> {
    const SYNTAX: &str = "write one rate for all populations or one per population, \
        comma-separated, with a frequency unit after the last number, e.g. 5Hz or \"1, 2.5, 3 Hz\"";
    let values = parse_frequencies("--nu-0", text, SYNTAX)?;
    match values.len() {
        1 => Ok(vec![values[0]; n]),
        m if m == n => Ok(values),
        m => Err(format!(
            "--nu-0 '{text}' gives {m} rates, but the network has {n} populations: {SYNTAX}"
        )),
    }
}

/// Parses comma-separated numbers followed by one frequency unit (the value of the option
/// `flag`; `syntax` explains the form in messages); every value finite and ≥ 0.
fn parse_frequencies(flag: &str, text: &str, syntax: &str) -> Result<Vec<Frequency>, String> {
    use crate::io::unit::{FileQuantity, parse_unit};
    #[allow(non_snake_case)]
    let SYNTAX = syntax;
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    let (last, rest) = items
        .split_last()
        .ok_or_else(|| format!("{flag} is empty: {SYNTAX}"))?;
    // the longest prefix of the last item that is a number; the rest is the unit
    let split = (1..=last.len())
        .rev()
        .filter(|&i| last.is_char_boundary(i))
        .find(|&i| {
            last.get(..i)
                .is_some_and(|p| p.trim().parse::<f64>().is_ok())
        })
        .ok_or_else(|| {
            format!("{flag} '{text}': '{last}' does not start with a number: {SYNTAX}")
        })?;
    let (number, unit_text) = last.split_at(split);
    let unit_text = unit_text.trim();
    if unit_text.is_empty() {
        return Err(format!("{flag} '{text}' has no unit: {SYNTAX}"));
    }
    let unit = parse_unit(unit_text)
        .map_err(|e| format!("{flag} '{text}': cannot parse unit '{unit_text}': {e}"))?;
    if unit.exponents != Frequency::EXPONENTS {
        return Err(format!(
            "{flag} '{text}': the unit '{unit_text}' is not a unit of frequency (such as Hz)"
        ));
    }
    let mut values = Vec::with_capacity(items.len());
    for item in rest.iter().chain(std::iter::once(&number)) {
        let v: f64 = item
            .trim()
            .parse()
            .map_err(|_| format!("{flag} '{text}': '{item}' is not a number: {SYNTAX}"))?;
        let hz = v * unit.factor;
        if !(hz.is_finite() && hz >= 0.0) {
            return Err(format!(
                "{flag} '{text}': every value must be a finite number ≥ 0, got {item} {unit_text}"
            ));
        }
        values.push(Frequency::new::<hertz>(hz));
    }
    Ok(values)
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
            let params =
                crate::io::load_param_file(path).map_err(|e| about_file(path, &e.into()))?;
            warn_duplicates(&params);
            let (kind, net) =
                network_from_params(&params, model).map_err(|e| about_file(path, &e))?;
            Ok((net, format!("{} ({kind} model)", path.display())))
        }
    }
}

fn working_point(args: &NetworkArgs) -> Result<String, Failure> {
    let (net, label) = network(args)?;
    let (wp, setup) = solve(args, &net, &label)?;
    let names = net.population_names();
    Ok(match args.format {
        Format::Json => {
            let mut obj = serde_json::Map::new();
            insert_working_point(&mut obj, &wp, names);
            finish_json(obj)
        }
        Format::Table => table_output(&wp, names, &label, &setup),
    })
}

fn failure(e: &crate::Error) -> Failure {
    Failure {
        code: code_of(e),
        message: e.to_string(),
    }
}

/// The working point for the arguments, and a description of the synapse setup.
fn solve(
    args: &NetworkArgs,
    net: &AnyNetwork,
    label: &str,
) -> Result<(WorkingPoint, String), Failure> {
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
    if let Some(text) = &args.nu_0 {
        options = options.start(parse_rates(text, net.len()).map_err(Failure::usage)?);
    }
    let synapse = synapse_of(args, net);
    let method = match args.method {
        Method::Shift => exp::Method::Shift,
        Method::Taylor => exp::Method::Taylor,
    };
    let computed = match (net, synapse) {
        (AnyNetwork::Delta(n), Synapse::Delta) => delta::working_point(n, &options),
        (AnyNetwork::Exp(n), Synapse::Delta) => delta::working_point(n, &options),
        (AnyNetwork::Exp(n), Synapse::Exp) => exp::working_point(n, method, &options),
        (AnyNetwork::Delta(_), Synapse::Exp) => {
            return Err(Failure::usage(format!(
                "--synapse exp needs a synaptic time constant tau_s, which {label} does not give"
            )));
        }
    };
    let wp = computed.map_err(|e| failure(&e))?;
    let setup = match synapse {
        Synapse::Delta => "delta synapses".to_string(),
        Synapse::Exp => format!("exp synapses, {:?} method", args.method).to_lowercase(),
    };
    Ok((wp, setup))
}

fn synapse_of(args: &NetworkArgs, net: &AnyNetwork) -> Synapse {
    args.synapse.unwrap_or(match net {
        AnyNetwork::Exp(_) => Synapse::Exp,
        AnyNetwork::Delta(_) => Synapse::Delta,
    })
}

/// `transfer-function` (and with `fit`, `fit-transfer-function`).
/// The analysis angular frequencies: from `--analysis` (`frequencies`, `omegas` or `f_min`,
/// `f_max`, `df`), else NNMT's default grid 0.1, 1.1, ..., 499.1 Hz.
fn analysis_omegas(args: &TransferArgs) -> Result<Vec<AngularVelocity>, Failure> {
    Ok(match &args.analysis {
        Some(path) => {
            let params = crate::io::load_param_file(path)
                .map_err(|e| Failure::usage(about_file(path, &e.into()).message))?;
            warn_duplicates(&params);
            crate::models::analysis::analysis_omegas(&params)
                .map_err(|e| Failure::usage(about_file(path, &e).message))?
        }
        None => (0..500)
            .map(|k| {
                AngularVelocity::new::<radian_per_second>(
                    2.0 * std::f64::consts::PI * 0.1 + k as f64 * 2.0 * std::f64::consts::PI,
                )
            })
            .collect(),
    })
}

/// The transfer function at the working point for the arguments' synapse, method and filter.
fn transfer_at(
    args: &TransferArgs,
    net: &AnyNetwork,
    wp: &WorkingPoint,
    omegas: &[AngularVelocity],
) -> Result<transfer::TransferFunction, Failure> {
    let method = match args.network.method {
        Method::Shift => exp::Method::Shift,
        Method::Taylor => exp::Method::Taylor,
    };
    let filter = if args.no_synaptic_filter {
        SynapticFilter::Off
    } else {
        SynapticFilter::On
    };
    match (net, synapse_of(&args.network, net)) {
        (AnyNetwork::Exp(n), Synapse::Exp) => {
            transfer::transfer_function(n, wp, omegas, method, filter)
        }
        // Delta synapses: the white-noise transfer function (NNMT's exp formulas at τ_s = 0).
        (AnyNetwork::Exp(n), Synapse::Delta) => {
            transfer::white_noise_transfer_function(n, wp, omegas)
        }
        (AnyNetwork::Delta(n), _) => transfer::white_noise_transfer_function(n, wp, omegas),
    }
    .map_err(|e| failure(&e))
}

fn transfer(args: &TransferArgs, fit: bool) -> Result<String, Failure> {
    let omegas = analysis_omegas(args)?;
    let (net, label) = network(&args.network)?;
    let (wp, setup) = solve(&args.network, &net, &label)?;
    let tf = transfer_at(args, &net, &wp, &omegas)?;
    let names = net.population_names();
    // delta synapses have no synaptic filter to switch on or off
    let setup = match synapse_of(&args.network, &net) {
        Synapse::Delta => setup,
        Synapse::Exp => format!(
            "{setup}, synaptic filter {}",
            if args.no_synaptic_filter { "off" } else { "on" }
        ),
    };
    if !fit {
        return Ok(match args.network.format {
            Format::Json => {
                let mut obj = serde_json::Map::new();
                insert_names(&mut obj, names);
                insert_transfer(&mut obj, &tf);
                finish_json(obj)
            }
            Format::Table => tf_table(&tf, names, &label, &setup),
        });
    }
    let fitted = match &net {
        AnyNetwork::Exp(n) => crate::lif::fit::fit_transfer_function(n, &tf),
        AnyNetwork::Delta(n) => crate::lif::fit::fit_transfer_function(n, &tf),
    }
    .map_err(|e| failure(&e))?;
    Ok(match args.network.format {
        Format::Json => {
            let mut obj = serde_json::Map::new();
            insert_names(&mut obj, names);
            insert_transfer(&mut obj, &tf);
            insert_fit(&mut obj, &fitted, tf.n_frequencies());
            finish_json(obj)
        }
        Format::Table => fit_table(&fitted, names, &label, &setup, tf.n_frequencies()),
    })
}
