//! The typed side of a parameter file: the shapes [`ParamMap::get`] returns, as quantities.
//!
//! A value's numbers are converted here, and only here, from the file's unit to the uom
//! type asked for: each number times the SI factor of the unit, as the SI value of `Q`.

use super::unit::{FileQuantity, Unit};
use super::yaml::Array;
#[cfg(doc)]
use super::yaml::ParamMap;
use crate::error::IoError;
use crate::network::PerPopulation;
use crate::pop::PopMatrix;

/// A value of quantity `Q` in whichever shape the file gives it, for parameters whose
/// meaning depends on their shape (NNMT's numpy broadcasting: `J` as one value, one per
/// source population or a matrix).
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::{Shaped, parse_param_str};
/// use nnmt::units::*;
/// let p = parse_param_str("J: {val: [0.1, -0.4], unit: mV}\n", "inline.yaml")?;
/// match p.get::<Shaped<ElectricPotential>>("J")? {
///     Shaped::List(j) => assert_eq!(j[1], ElectricPotential::new::<millivolt>(-0.4)),
///     other => panic!("{other:?}"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Shaped<Q> {
    /// A single value.
    Scalar(Q),
    /// A list of values.
    List(Vec<Q>),
    /// A rectangular list of lists (row `i` is the `i`-th inner list).
    Matrix(PopMatrix<Q>),
    /// A rectangular three-level nested list (e.g. NNMT's frequency-resolved delay
    /// distribution `D`, shape `(n_freq, n, n)`), as a list of matrices.
    Array3(Vec<PopMatrix<Q>>),
}

impl<Q> Shaped<Q> {
    /// Describes the shape in words, as [`Array::describe`].
    ///
    /// # Examples
    /// ```
    /// # fn main() -> nnmt::Result<()> {
    /// use nnmt::io::{Shaped, parse_param_str};
    /// let p = parse_param_str("K: [[1, 2], [3, 4]]\n", "inline.yaml")?;
    /// assert_eq!(p.get::<Shaped<f64>>("K")?.describe(), "a 2x2 matrix");
    /// # Ok(()) }
    /// ```
    pub fn describe(&self) -> String {
        match self {
            Shaped::Scalar(_) => "a single number".to_string(),
            Shaped::List(v) => format!("a list of {} numbers", v.len()),
            Shaped::Matrix(m) => format!("a {}x{} matrix", m.nrows(), m.ncols()),
            Shaped::Array3(t) => {
                let (b, c) = t.first().map_or((0, 0), |m| (m.nrows(), m.ncols()));
                format!("a {}x{b}x{c} array", t.len())
            }
        }
    }
}

/// Rows of `cols` elements from `flat` (empty rows if `cols` is 0).
fn rows<Q: Copy>(flat: &[Q], nrows: usize, ncols: usize) -> Vec<Vec<Q>> {
    (0..nrows)
        .map(|i| {
            flat.get(i * ncols..(i + 1) * ncols)
                .unwrap_or_default()
                .to_vec()
        })
        .collect()
}

/// Types [`ParamMap::get`] can return: a quantity `Q` (a single value), `Vec<Q>` (a list),
/// [`PerPopulation<Q>`] (a single value or a list), [`PopMatrix<Q>`] (a rectangular list of
/// lists), `Vec<PopMatrix<Q>>` (a three-level nested list) and [`Shaped<Q>`] (any of
/// these), where `Q` is a [`FileQuantity`]: a uom quantity, or `f64` for pure numbers.
///
/// The trait is sealed: its implementations are exactly these.
///
/// # Examples
/// ```
/// # fn main() -> nnmt::Result<()> {
/// use nnmt::io::parse_param_str;
/// use nnmt::network::PerPopulation;
/// use nnmt::units::*;
/// let p = parse_param_str("V_th: {val: [-50, -52], unit: mV}\n", "inline.yaml")?;
/// let v: PerPopulation<ElectricPotential> = p.get("V_th")?;
/// assert!(matches!(v, PerPopulation::Each(ref e) if e.len() == 2));
/// let v: Vec<ElectricPotential> = p.get("V_th")?;
/// assert_eq!(v[1], ElectricPotential::new::<millivolt>(-52.0));
/// # Ok(()) }
/// ```
pub trait FromParam: Sized + sealed::Sealed {
    /// The quantity of the elements, whose dimension the file's unit must have.
    #[doc(hidden)]
    type Element: FileQuantity;

    /// Converts a quantity of unit `unit` with the numbers `values` (in that unit); `err`
    /// builds the error for a value of the wrong shape from a description of the shapes
    /// that are accepted.
    #[doc(hidden)]
    fn from_array(
        values: &Array,
        unit: &Unit,
        err: &dyn Fn(&str) -> IoError,
    ) -> Result<Self, IoError>;
}

mod sealed {
    pub trait Sealed {}
    impl<Q: super::FileQuantity> Sealed for Q {}
    impl<Q: super::FileQuantity> Sealed for Vec<Q> {}
    impl<Q: super::FileQuantity> Sealed for Vec<super::PopMatrix<Q>> {}
    impl<Q: super::FileQuantity> Sealed for super::PerPopulation<Q> {}
    impl<Q: super::FileQuantity> Sealed for super::PopMatrix<Q> {}
    impl<Q: super::FileQuantity> Sealed for super::Shaped<Q> {}
}

impl<Q: FileQuantity> FromParam for Shaped<Q> {
    type Element = Q;

    fn from_array(
        values: &Array,
        unit: &Unit,
        err: &dyn Fn(&str) -> IoError,
    ) -> Result<Self, IoError> {
        // the one place where a file's numbers get their unit: each number times the SI
        // factor of the file's unit is the value of `Q` in SI base units
        let flat: Vec<Q> = values
            .numbers()
            .iter()
            .map(|&x| Q::from_si(x * unit.factor))
            .collect();
        let matrix = |rows: Vec<Vec<Q>>| {
            PopMatrix::try_from_rows("matrix", &rows).map_err(|_| err("a rectangular matrix"))
        };
        Ok(match *values.shape() {
            [] => match flat.first() {
                Some(&q) => Shaped::Scalar(q),
                None => return Err(err("a number")),
            },
            [_] => Shaped::List(flat),
            [r, c] => Shaped::Matrix(matrix(rows(&flat, r, c))?),
            [a, b, c] => Shaped::Array3(
                rows(&flat, a, b * c)
                    .into_iter()
                    .map(|m| matrix(rows(&m, b, c)))
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err(err("at most 3 levels of nesting")),
        })
    }
}

/// `FromParam` for a target type that takes some of the [`Shaped`] variants: `$want` says
/// which shapes in error messages, each arm turns an accepted variant into the target.
macro_rules! from_shaped {
    ($target:ty, $want:literal, $($pattern:pat => $value:expr),+ $(,)?) => {
        impl<Q: FileQuantity> FromParam for $target {
            type Element = Q;

            fn from_array(
                values: &Array,
                unit: &Unit,
                err: &dyn Fn(&str) -> IoError,
            ) -> Result<Self, IoError> {
                match Shaped::from_array(values, unit, &|_| err($want))? {
                    $($pattern => Ok($value),)+
                    _ => Err(err($want)),
                }
            }
        }
    };
}

from_shaped!(Q, "a single number", Shaped::Scalar(q) => q);
from_shaped!(Vec<Q>, "a list of numbers", Shaped::List(v) => v);
from_shaped!(
    PerPopulation<Q>,
    "a single number or a list of numbers",
    Shaped::Scalar(q) => PerPopulation::All(q),
    Shaped::List(v) => PerPopulation::Each(v.into()),
);
from_shaped!(PopMatrix<Q>, "a matrix (list of lists)", Shaped::Matrix(m) => m);
from_shaped!(Vec<PopMatrix<Q>>, "a three-level nested list", Shaped::Array3(t) => t);
