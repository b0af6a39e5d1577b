//! Per-population parameters given either once for all populations or per population.

use crate::error::{Error, Result};
use crate::pop::PopVec;
use crate::units::SiValue;

/// A neuron parameter given once for all populations or once per population.
///
/// Builder methods take `impl Into<PerPopulation<Q>>`, so a single quantity, an array, a
/// `Vec` or a [`PopVec`] can be passed directly.
///
/// ```
/// use nnmt::network::PerPopulation;
/// use nnmt::units::*;
/// let all: PerPopulation<Time> = Time::new::<millisecond>(10.0).into();
/// let each: PerPopulation<Time> =
///     [Time::new::<millisecond>(10.0), Time::new::<millisecond>(20.0)].into();
/// # let _ = (all, each);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum PerPopulation<Q> {
    /// The same value for every population.
    All(Q),
    /// One value per population.
    Each(PopVec<Q>),
}

impl<Q: SiValue> PerPopulation<Q> {
    /// Broadcasts to `n` populations.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if a per-population value does not have `n` entries.
    pub(crate) fn broadcast(self, parameter: &'static str, n: usize) -> Result<PopVec<Q>> {
        match self {
            Self::All(q) => Ok(PopVec::uniform(n, q)),
            Self::Each(v) if v.len() == n => Ok(v),
            Self::Each(v) => Err(Error::ShapeMismatch {
                parameter,
                expected: format!("{n} (one per population) or a single value"),
                found: v.len().to_string(),
            }),
        }
    }
}

impl<Q: SiValue> From<Q> for PerPopulation<Q> {
    fn from(q: Q) -> Self {
        Self::All(q)
    }
}

impl<Q: SiValue> From<PopVec<Q>> for PerPopulation<Q> {
    fn from(v: PopVec<Q>) -> Self {
        Self::Each(v)
    }
}

impl<Q: SiValue> From<Vec<Q>> for PerPopulation<Q> {
    fn from(v: Vec<Q>) -> Self {
        Self::Each(v.into())
    }
}

impl<Q: SiValue, const N: usize> From<[Q; N]> for PerPopulation<Q> {
    fn from(v: [Q; N]) -> Self {
        Self::Each(v.into())
    }
}
