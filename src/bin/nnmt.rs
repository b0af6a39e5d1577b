//! The `nnmt` command-line program; everything it does is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    nnmt::cli::main()
}
