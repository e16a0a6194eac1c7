//! Charts, drawn as SVG.
//!
//! Each chart is a pure function of the site and its results that returns
//! one `<svg>` document, ready to be placed inline in a page. The shapes
//! are drawn with plotters on kaohe's own SVG canvas; labels are laid out here from an
//! estimate of their width (`text`), since no font is at hand when the
//! site is built. The numbers drawn are the ones the scoring computed:
//! category subtotals, totals, survey indices and counts.

mod bars;
mod canvas;
mod deductions;
mod frame;
mod style;
mod survey;
mod svg;
pub mod text;
mod trend;

pub use bars::category_bars;
pub use deductions::{ItemChange, PeriodChanges, biggest_changes, deduction_heatmap};
pub use survey::{survey_bars, survey_trend};
pub use trend::{category_trend, sparkline, total_trend};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::score::{Results, TableResult};

/// The result of table `table` in period `period`, if it was assessed.
fn table_result(results: &Results, period: usize, table: usize) -> Option<&TableResult> {
    results.periods.get(period)?.tables.get(table)?.as_ref()
}

/// `part / whole` as a number from 0 to 1, for drawing only.
fn fraction(part: Decimal, whole: Decimal) -> f64 {
    if whole.is_zero() {
        return 0.0;
    }
    (part / whole).to_f64().unwrap_or(0.0).clamp(0.0, 1.0)
}

/// `value` as a float, for drawing only.
fn float(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}
