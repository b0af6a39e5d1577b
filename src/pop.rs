//! Typed per-population containers.
//!
//! [`PopVec<Q>`] holds one value per population, [`PopMatrix<Q>`] one value per pair of
//! populations (row = postsynaptic, column = presynaptic, as in NNMT). Both store plain `f64`
//! in SI base units inside `nalgebra` and carry the quantity `Q` in their type: they are built
//! from quantities and [`get`](PopVec::get) returns quantities.
//!
//! ```
//! use nnmt::pop::{PopMatrix, PopVec};
//! use nnmt::units::*;
//! let rates: PopVec<Frequency> = PopVec::from([Frequency::new::<hertz>(1.0), Frequency::new::<hertz>(2.5)]);
//! assert_eq!(rates.len(), 2);
//! assert_eq!(rates.get(1), Some(Frequency::new::<hertz>(2.5)));
//! let k: PopMatrix<f64> = PopMatrix::from([[100.0, 25.0], [100.0, 25.0]]);
//! assert_eq!(k.get(0, 1), Some(25.0));
//! ```

use std::fmt;
use std::marker::PhantomData;

use nalgebra::{DMatrix, DVector};

use crate::error::{Error, Result};
use crate::units::SiValue;

/// One value of quantity `Q` per population, stored in SI base units.
pub struct PopVec<Q> {
    si: DVector<f64>,
    _q: PhantomData<fn() -> Q>,
}

impl<Q> Clone for PopVec<Q> {
    fn clone(&self) -> Self {
        Self::from_si(self.si.clone())
    }
}

impl<Q> PartialEq for PopVec<Q> {
    fn eq(&self, other: &Self) -> bool {
        self.si == other.si
    }
}

impl<Q> fmt::Debug for PopVec<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.si.iter()).finish()
    }
}

impl<Q> PopVec<Q> {
    /// Wraps SI values (the unit of `Q`'s SI base).
    pub(crate) fn from_si(si: DVector<f64>) -> Self {
        Self {
            si,
            _q: PhantomData,
        }
    }

    /// The values in SI base units.
    pub(crate) fn si(&self) -> &DVector<f64> {
        &self.si
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.si.len()
    }

    /// `true` if there are no entries.
    pub fn is_empty(&self) -> bool {
        self.si.is_empty()
    }
}

impl<Q: SiValue> PopVec<Q> {
    /// `n` copies of `value`.
    pub fn uniform(n: usize, value: Q) -> Self {
        Self::from_si(DVector::from_element(n, value.to_si()))
    }

    /// The value of population `i`, or `None` if `i` is out of range.
    pub fn get(&self, i: usize) -> Option<Q> {
        self.si.get(i).map(|&v| Q::from_si(v))
    }

    /// The values in population order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Q> + '_ {
        self.si.iter().map(|&v| Q::from_si(v))
    }

    /// The values as a `Vec`.
    pub fn to_vec(&self) -> Vec<Q> {
        self.iter().collect()
    }
}

impl<Q: SiValue> FromIterator<Q> for PopVec<Q> {
    fn from_iter<I: IntoIterator<Item = Q>>(iter: I) -> Self {
        let v: Vec<f64> = iter.into_iter().map(SiValue::to_si).collect();
        Self::from_si(DVector::from_vec(v))
    }
}

impl<Q: SiValue> From<Vec<Q>> for PopVec<Q> {
    fn from(v: Vec<Q>) -> Self {
        v.into_iter().collect()
    }
}

impl<Q: SiValue> From<&[Q]> for PopVec<Q> {
    fn from(v: &[Q]) -> Self {
        v.iter().copied().collect()
    }
}

impl<Q: SiValue, const N: usize> From<[Q; N]> for PopVec<Q> {
    fn from(v: [Q; N]) -> Self {
        v.into_iter().collect()
    }
}

/// One value of quantity `Q` per pair of populations (row = postsynaptic target, column =
/// presynaptic source), stored in SI base units.
pub struct PopMatrix<Q> {
    si: DMatrix<f64>,
    _q: PhantomData<fn() -> Q>,
}

impl<Q> Clone for PopMatrix<Q> {
    fn clone(&self) -> Self {
        Self::from_si(self.si.clone())
    }
}

impl<Q> PartialEq for PopMatrix<Q> {
    fn eq(&self, other: &Self) -> bool {
        self.si == other.si
    }
}

impl<Q> fmt::Debug for PopMatrix<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<Vec<f64>> = self
            .si
            .row_iter()
            .map(|r| r.iter().copied().collect())
            .collect();
        f.debug_list().entries(rows).finish()
    }
}

impl<Q> PopMatrix<Q> {
    pub(crate) fn from_si(si: DMatrix<f64>) -> Self {
        Self {
            si,
            _q: PhantomData,
        }
    }

    /// The values in SI base units.
    pub(crate) fn si(&self) -> &DMatrix<f64> {
        &self.si
    }

    /// Number of rows (postsynaptic populations).
    pub fn nrows(&self) -> usize {
        self.si.nrows()
    }

    /// Number of columns (presynaptic populations).
    pub fn ncols(&self) -> usize {
        self.si.ncols()
    }

    pub(crate) fn shape_string(&self) -> String {
        format!("{}×{}", self.nrows(), self.ncols())
    }
}

impl<Q: SiValue> PopMatrix<Q> {
    /// An `nrows × ncols` matrix filled with `value`.
    pub fn uniform(nrows: usize, ncols: usize, value: Q) -> Self {
        Self::from_si(DMatrix::from_element(nrows, ncols, value.to_si()))
    }

    /// Builds a matrix from rows of equal length.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] (naming `parameter`) if the rows differ in length.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::pop::PopMatrix;
    /// let k: PopMatrix<f64> = PopMatrix::try_from_rows("K", &[vec![1.0, 2.0], vec![3.0, 4.0]])?;
    /// assert_eq!(k.get(1, 0), Some(3.0));
    /// assert!(PopMatrix::<f64>::try_from_rows("K", &[vec![1.0], vec![3.0, 4.0]]).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_from_rows(parameter: &'static str, rows: &[Vec<Q>]) -> Result<Self> {
        let nrows = rows.len();
        let ncols = rows.first().map_or(0, Vec::len);
        if let Some(bad) = rows.iter().find(|r| r.len() != ncols) {
            return Err(Error::ShapeMismatch {
                parameter,
                expected: format!("rows of length {ncols}"),
                found: format!("a row of length {}", bad.len()),
            });
        }
        Ok(Self::from_si(DMatrix::from_fn(nrows, ncols, |i, j| {
            rows[i][j].to_si()
        })))
    }

    /// The value at (`row`, `col`), or `None` if out of range.
    pub fn get(&self, row: usize, col: usize) -> Option<Q> {
        self.si.get((row, col)).map(|&v| Q::from_si(v))
    }

    /// Row `i` as a vector (the inputs of postsynaptic population `i`), if in range.
    pub fn row(&self, i: usize) -> Option<PopVec<Q>> {
        (i < self.nrows()).then(|| PopVec::from_si(self.si.row(i).transpose()))
    }
}

impl<Q: SiValue, const R: usize, const C: usize> From<[[Q; C]; R]> for PopMatrix<Q> {
    fn from(rows: [[Q; C]; R]) -> Self {
        Self::from_si(DMatrix::from_fn(R, C, |i, j| rows[i][j].to_si()))
    }
}
