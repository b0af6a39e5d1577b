//! The parameters of one population's LIF neurons in SI units, and their validation.

use crate::error::{Error, Result};

/// One population's LIF neuron parameters in SI base units (the SI view of
/// `network::LifNeuron`). Potentials are relative to the resting
/// potential, as in NNMT (`V_th_rel`, `V_0_rel`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct NeuronSi {
    /// membrane time constant τ_m, s
    pub tau_m: f64,
    /// refractory time τ_r, s
    pub tau_r: f64,
    /// threshold V_th, V
    pub v_th: f64,
    /// reset potential V_0, V
    pub v_0: f64,
}

impl NeuronSi {
    /// Checks τ_m > 0, τ_r ≥ 0, V_th > V_0, all finite.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming the offending parameter in NNMT's spelling
    /// (`tau_m`, `tau_r`, `V_th_rel`, `V_0_rel`) and `population`.
    pub(crate) fn validate(&self, population: Option<usize>) -> Result<()> {
        for (name, v) in [
            ("tau_m", self.tau_m),
            ("tau_r", self.tau_r),
            ("V_th_rel", self.v_th),
            ("V_0_rel", self.v_0),
        ] {
            if !v.is_finite() {
                return Err(Error::invalid(
                    name,
                    population,
                    format!("{v} is not finite"),
                ));
            }
        }
        if self.tau_m <= 0.0 {
            return Err(Error::invalid(
                "tau_m",
                population,
                format!("must be > 0 s, got {} s", self.tau_m),
            ));
        }
        if self.tau_r < 0.0 {
            return Err(Error::invalid(
                "tau_r",
                population,
                format!("must be ≥ 0 s, got {} s", self.tau_r),
            ));
        }
        if self.v_th <= self.v_0 {
            return Err(Error::invalid(
                "V_th_rel",
                population,
                format!(
                    "threshold {} V must be above the reset V_0_rel = {} V",
                    self.v_th, self.v_0
                ),
            ));
        }
        Ok(())
    }

    /// The same neuron with threshold and reset both raised by `dv` (V): the effective
    /// boundaries of the colored-noise shift (Fourcaud & Brunel 2002).
    pub(crate) fn shifted(&self, dv: f64) -> Self {
        Self {
            v_th: self.v_th + dv,
            v_0: self.v_0 + dv,
            ..*self
        }
    }
}
