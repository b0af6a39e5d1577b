//! Where the benchmarks find the multi-area model's file (`benches/scaling.rs`,
//! `benches/linear_response.rs`).

use std::path::PathBuf;

/// The MAM file `mam_network_params.yaml` in `$NNMT_MAM_DIR` (default `../shared/mam` next
/// to the crate), or `None` with a note on stderr if it is absent: the file is
/// CC BY-NC-SA 4.0 and so not part of the repository.
pub fn mam_file() -> Option<PathBuf> {
    let dir = std::env::var_os("NNMT_MAM_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/mam"),
        PathBuf::from,
    );
    let file = dir.join("mam_network_params.yaml");
    if file.is_file() {
        Some(file)
    } else {
        eprintln!(
            "note: skipping the mam/* benchmarks: {} not found (set NNMT_MAM_DIR; the file is \
             CC BY-NC-SA 4.0 and so not part of the repository)",
            file.display()
        );
        None
    }
}
