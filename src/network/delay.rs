//! Synaptic delays of a network and their frequency-resolved delay factors (NNMT
//! `network_properties.delay_dist_matrix`).

use nalgebra::DMatrix;
use num_complex::Complex64;

pub use crate::kernel::delay::DelayDistribution;

use crate::error::{Error, Result};
use crate::kernel::delay as kernel;
use crate::pop::PopMatrix;
use crate::units::{Frequencies, SiValue, Time};

/// The delays of every connection: mean `Delay` and spread `Delay_sd` (n × n, row =
/// postsynaptic, column = presynaptic, as NNMT) and their distribution `delay_dist`.
///
/// For [`DelayDistribution::Gaussian`] and [`DelayDistribution::TruncatedGaussian`] the
/// mean and standard deviation are those of the Gaussian before truncation; for
/// [`DelayDistribution::Lognormal`] those of the lognormal itself; for
/// [`DelayDistribution::None`] the spread is not used.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::network::{DelayDistribution, Delays};
/// use nnmt::units::*;
/// let ms = |t| Time::new::<millisecond>(t);
/// let delays = Delays::new(
///     [[ms(1.5), ms(0.75)], [ms(1.5), ms(0.75)]],
///     [[ms(0.75), ms(0.375)], [ms(0.75), ms(0.375)]],
///     DelayDistribution::TruncatedGaussian,
/// )?;
/// assert_eq!(delays.mean().get(0, 1), Some(ms(0.75)));
/// // a negative delay is an error naming the parameter
/// assert!(Delays::fixed([[ms(-1.0)]]).is_err());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Delays {
    mean: PopMatrix<Time>,
    sd: PopMatrix<Time>,
    dist: DelayDistribution,
}

impl Delays {
    /// Delays with mean `mean` and spread `sd` (n × n each, seconds) distributed as `dist`.
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] (`Delay`, `Delay_sd`) if `mean` is not square or `sd` does
    ///   not have its shape;
    /// - [`Error::InvalidParameter`] naming `Delay` or `Delay_sd`, the postsynaptic
    ///   population and the entry if a value is negative or not finite, or, for the
    ///   lognormal, if a mean is 0 where its spread is not (a lognormal has a positive mean).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::network::{DelayDistribution, Delays};
    /// use nnmt::units::*;
    /// let ms = |t| Time::new::<millisecond>(t);
    /// let d = Delays::new([[ms(2.0)]], [[ms(1.0)]], DelayDistribution::Lognormal)?;
    /// assert_eq!(d.distribution(), DelayDistribution::Lognormal);
    /// let err = Delays::new([[ms(2.0)]], [[ms(f64::NAN)]], DelayDistribution::Gaussian);
    /// assert!(err.unwrap_err().to_string().contains("Delay_sd"));
    /// # Ok(()) }
    /// ```
    pub fn new(
        mean: impl Into<PopMatrix<Time>>,
        sd: impl Into<PopMatrix<Time>>,
        dist: DelayDistribution,
    ) -> Result<Self> {
        let (mean, sd) = (mean.into(), sd.into());
        let n = mean.nrows();
        if mean.ncols() != n {
            return Err(Error::ShapeMismatch {
                parameter: "Delay",
                expected: "n×n (row = postsynaptic, column = presynaptic)".into(),
                found: mean.shape_string(),
            });
        }
        if sd.nrows() != n || sd.ncols() != n {
            return Err(Error::ShapeMismatch {
                parameter: "Delay_sd",
                expected: format!("{n}×{n} (the shape of Delay)"),
                found: sd.shape_string(),
            });
        }
        for (parameter, m) in [("Delay", &mean), ("Delay_sd", &sd)] {
            for i in 0..n {
                for j in 0..n {
                    let v = m.si()[(i, j)];
                    if !(v.is_finite() && v >= 0.0) {
                        return Err(Error::invalid(
                            parameter,
                            Some(i),
                            format!(
                                "entry ({i}, {j}) (from population {j} to population {i}) \
                                 is {v} s: must be finite and ≥ 0"
                            ),
                        ));
                    }
                }
            }
        }
        if dist == DelayDistribution::Lognormal {
            for i in 0..n {
                for j in 0..n {
                    if mean.si()[(i, j)] == 0.0 && sd.si()[(i, j)] > 0.0 {
                        return Err(Error::invalid(
                            "Delay",
                            Some(i),
                            format!(
                                "entry ({i}, {j}) is 0 s with Delay_sd {} s: a lognormal \
                                 delay has a mean > 0",
                                sd.si()[(i, j)]
                            ),
                        ));
                    }
                }
            }
        }
        Ok(Self { mean, sd, dist })
    }

    /// Fixed delays (`delay_dist: none`, no spread), n × n, seconds.
    ///
    /// # Errors
    /// As [`new`](Self::new).
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::network::{DelayDistribution, Delays};
    /// use nnmt::units::*;
    /// let d = Delays::fixed([[Time::new::<millisecond>(1.5)]])?;
    /// assert_eq!(d.distribution(), DelayDistribution::None);
    /// # Ok(()) }
    /// ```
    pub fn fixed(mean: impl Into<PopMatrix<Time>>) -> Result<Self> {
        let mean = mean.into();
        let sd = PopMatrix::uniform(mean.nrows(), mean.ncols(), Time::from_si(0.0));
        Self::new(mean, sd, DelayDistribution::None)
    }

    /// Mean delays `Delay` (n × n).
    pub fn mean(&self) -> &PopMatrix<Time> {
        &self.mean
    }

    /// Spreads `Delay_sd` (n × n).
    pub fn sd(&self) -> &PopMatrix<Time> {
        &self.sd
    }

    /// The distribution `delay_dist`.
    pub fn distribution(&self) -> DelayDistribution {
        self.dist
    }

    /// Number of populations n.
    pub fn len(&self) -> usize {
        self.mean.nrows()
    }

    /// `true` if there are no populations.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The delay factors D_ij(ω) = E[e^{−iωX_ij}] of every connection at n_ω angular
/// frequencies (dimensionless, complex; NNMT's `D`, shape (n_ω, n, n)).
///
/// Indices are `(frequency index, post i, pre j)`. |D| ≤ 1 and D(0) = 1.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::network::{delay_matrix, Delays};
/// use nnmt::units::*;
/// let d = Delays::fixed([[Time::new::<millisecond>(1.0)]])?;
/// let m = delay_matrix(&d, &[Frequency::new::<hertz>(250.0)])?;
/// // a quarter period: e^{−iπ/2} = −i
/// let z = m.get(0, 0, 0).unwrap();
/// assert!(z.re.abs() < 1e-15 && (z.im + 1.0).abs() < 1e-15);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DelayMatrix {
    /// one n × n matrix per frequency
    values: Vec<DMatrix<Complex64>>,
    /// rad/s
    omegas: Vec<f64>,
}

impl DelayMatrix {
    /// The matrices D(ω), one per frequency, and the angular frequencies (rad/s).
    pub(crate) fn si(&self) -> (&[DMatrix<Complex64>], &[f64]) {
        (&self.values, &self.omegas)
    }

    crate::units::frequency_accessors!();

    /// Number of populations n.
    pub fn n_populations(&self) -> usize {
        self.values.first().map_or(0, |m| m.nrows())
    }

    /// D_ij at frequency index `f` (post `i`, pre `j`), or `None` if out of range.
    pub fn get(&self, f: usize, i: usize, j: usize) -> Option<Complex64> {
        self.values.get(f).and_then(|m| m.get((i, j)).copied())
    }

    /// The n × n matrix D at frequency index `f`.
    pub fn matrix(&self, f: usize) -> Option<&DMatrix<Complex64>> {
        self.values.get(f)
    }
}

/// The delay factors D_ij(ω) = E[e^{−iωX_ij}] of every connection at the frequencies
/// `freqs` (NNMT `network_properties.delay_dist_matrix(network, freqs)`; Bos et al. 2016,
/// Eq. 12 ff.).
///
/// `freqs` are [`Frequencies`]: a slice, array or `Vec` of [`Frequency`](crate::units::Frequency) (Hz) or of
/// [`AngularVelocity`](crate::units::AngularVelocity) (rad/s).
///
/// # Equation
/// One Fourier sign for all four distributions (a fixed delay d gives e^{−iωd}):
/// - `None`: e^{−iωd};
/// - `Gaussian`: e^{−ω²s²/2} e^{−iωd};
/// - `TruncatedGaussian` (at 0): e^{−iωd − ω²s²/2} erfc(−(d/s − iωs)/√2) / erfc(−d/(s√2)),
///   evaluated through the Faddeeva function so that it neither overflows nor cancels
///   for large ωs (NNMT's complex-erf formula overflows from ωs ≈ 38);
/// - `Lognormal`: E[e^{−iωX}], X lognormal with mean d and standard deviation s, by a
///   saddle-point contour integral (accurate where NNMT's quadrature fails).
///
/// s = 0 gives the point mass e^{−iωd} for every distribution (NNMT's truncated Gaussian
/// gives NaN). **NNMT's lognormal returns the complex conjugate** E[e^{+iωX}] (its
/// Beaulieu 2008 quadrature has the other sign); this function does not.
///
/// # References
/// Bos, Diesmann & Helias (2016), PLoS Comput. Biol. 12, e1005132; Beaulieu (2008), IEEE
/// Trans. Commun. 56, 1440 (lognormal parameters); Asmussen, Jensen & Rojas-Nandayapa (2016),
/// Methodol. Comput. Appl. Probab. 18, 441 (the saddle-point form of the lognormal
/// transform).
///
/// # Errors
/// - [`Error::InvalidParameter`] (`omegas`) if a frequency is not finite;
/// - [`Error::NonFinite`] if a value cannot be represented (not expected).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::network::{delay_matrix, DelayDistribution, Delays};
/// use nnmt::units::*;
/// let ms = |t| Time::new::<millisecond>(t);
/// let delays = Delays::new([[ms(1.5)]], [[ms(1.5)]], DelayDistribution::TruncatedGaussian)?;
/// let omegas = [AngularVelocity::new::<radian_per_second>(0.0),
///               AngularVelocity::new::<radian_per_second>(1000.0)];
/// let d = delay_matrix(&delays, &omegas)?;
/// assert_eq!(d.get(0, 0, 0).unwrap().re, 1.0); // D(0) = 1
/// assert!(d.get(1, 0, 0).unwrap().norm() < 1.0); // the spread damps
/// # Ok(()) }
/// ```
pub fn delay_matrix<'a>(delays: &Delays, freqs: impl Into<Frequencies<'a>>) -> Result<DelayMatrix> {
    let omegas = freqs.into().omegas_si();
    if let Some(w) = omegas.iter().find(|w| !w.is_finite()) {
        return Err(Error::invalid(
            "omegas",
            None,
            format!("{w} rad/s is not finite"),
        ));
    }
    let values = kernel::delay_matrix(delays.dist, delays.mean.si(), delays.sd.si(), &omegas)?;
    Ok(DelayMatrix { values, omegas })
}
