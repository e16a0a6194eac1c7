//! The frame of the charts across periods: one column per period along
//! the bottom, a value axis up the left, and the marks they all share.
//!
//! The trend charts (total, category shares, survey index) are drawn in
//! this frame so that a period sits at the same place in each of them.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::canvas::Canvas;
use super::style;
use super::svg::{self, Anchor, Area, Drawn, Texts};
use super::text;
use crate::model::Site;
use crate::score::Results;

/// A plotters chart with one column per period and a value axis.
pub(crate) type Plot<'a, 'b> =
    ChartContext<'a, Canvas<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The frame's layout, in pixels, and its value range.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    /// The period labels, one per column.
    pub(crate) labels: Vec<String>,
    /// The value at the bottom of the plot.
    pub(crate) low: f64,
    /// The value at the top of the plot.
    pub(crate) high: f64,
    /// The chart's width.
    pub(crate) width: i32,
    /// The chart's height.
    pub(crate) height: i32,
    /// Room left of the plot, for the value axis.
    pub(crate) left: i32,
    /// Room right of the plot.
    pub(crate) right: i32,
    /// Room above the plot.
    pub(crate) top: i32,
    /// Room below the plot, for the period labels.
    pub(crate) bottom: i32,
}

/// A line's look: colour, dashes and marker.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Look {
    /// The colour of line and marker.
    pub(crate) color: RGBColor,
    /// Dash and gap lengths in pixels, or solid.
    pub(crate) dash: Option<(i32, i32)>,
    /// The marker drawn at each value.
    pub(crate) marker: Marker,
}

/// A marker shape; shapes tell lines apart without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    /// A filled disc.
    Circle,
    /// A filled triangle.
    Triangle,
    /// A filled square.
    Square,
    /// A hollow diamond.
    Diamond,
}

/// The looks of up to six lines, told apart by colour, lightness, dashes
/// and markers; further lines repeat them.
pub(crate) const LOOKS: [Look; 6] = [
    Look {
        color: style::DARK,
        dash: None,
        marker: Marker::Circle,
    },
    Look {
        color: RGBColor(0xb8, 0x55, 0x0e),
        dash: Some((7, 4)),
        marker: Marker::Triangle,
    },
    Look {
        color: RGBColor(0x3d, 0x7a, 0x2a),
        dash: Some((2, 3)),
        marker: Marker::Square,
    },
    Look {
        color: RGBColor(0x6a, 0x2c, 0x91),
        dash: Some((10, 3)),
        marker: Marker::Diamond,
    },
    Look {
        color: RGBColor(0x59, 0x59, 0x59),
        dash: Some((4, 4)),
        marker: Marker::Circle,
    },
    Look {
        color: RGBColor(0x1f, 0x8a, 0x8a),
        dash: Some((12, 4)),
        marker: Marker::Triangle,
    },
];

impl Frame {
    /// A frame over every period of `site`, `width` × `height` pixels,
    /// for values from `low` to `high` labelled as wide as `widest_tick`.
    pub(crate) fn new(
        site: &Site,
        size: (i32, i32),
        range: (f64, f64),
        widest_tick: &str,
    ) -> Frame {
        let small = f64::from(style::SMALL);
        Frame {
            labels: site.periods.iter().map(|p| p.label.clone()).collect(),
            low: range.0,
            high: range.1,
            width: size.0,
            height: size.1,
            left: text::width(widest_tick, small).ceil() as i32 + 8,
            right: 8,
            top: 24,
            bottom: 22,
        }
    }

    /// The plotters chart over the plot area of `root`.
    pub(crate) fn plot<'a, 'b>(
        &self,
        root: &'a Area<'b>,
    ) -> Result<Plot<'a, 'b>, DrawingAreaErrorKind<super::canvas::CanvasError>> {
        let columns = self.labels.len().max(1) as f64;
        ChartBuilder::on(root)
            .margin_left(self.left)
            .margin_right(self.right)
            .margin_top(self.top)
            .margin_bottom(self.bottom)
            .build_cartesian_2d(-0.5..columns - 0.5, self.low..self.high)
    }

    /// The width of one period's column.
    pub(crate) fn column(&self) -> f64 {
        f64::from(self.width - self.left - self.right) / self.labels.len().max(1) as f64
    }

    /// Every how many columns a label of width `widest` fits.
    pub(crate) fn label_step(&self, widest: f64) -> usize {
        ((widest + 6.0) / self.column()).ceil().max(1.0) as usize
    }

    /// True if and only if column `index` is labelled when labels need
    /// `step` columns each; the latest period is always labelled.
    pub(crate) fn labelled(&self, index: usize, step: usize) -> bool {
        (self.labels.len() - 1 - index) % step == 0
    }

    /// Labels the columns under the plot, skipping some where they do not
    /// fit, and adds `notes` (such as response counts) under them.
    pub(crate) fn period_labels(&self, plot: &Plot, texts: &mut Texts, notes: &[Option<String>]) {
        let small = f64::from(style::SMALL);
        let widest = self
            .labels
            .iter()
            .chain(notes.iter().flatten())
            .map(|l| text::width(l, small))
            .fold(0.0, f64::max);
        let step = self.label_step(widest);
        let baseline = self.height - self.bottom + 15;
        for (index, label) in self.labels.iter().enumerate() {
            if !self.labelled(index, step) {
                continue;
            }
            let (x, _) = plot.backend_coord(&(index as f64, self.low));
            let x = self.keep_inside(x, text::width(label, small));
            texts
                .add(x, baseline, label.as_str())
                .size(style::SMALL)
                .anchor(Anchor::Middle);
            if let Some(Some(note)) = notes.get(index) {
                texts
                    .add(x, baseline + 14, note.as_str())
                    .size(style::SMALL)
                    .anchor(Anchor::Middle)
                    .color(style::MUTED);
            }
        }
    }

    /// `x` moved so that a centred label `width` wide stays in the chart.
    pub(crate) fn keep_inside(&self, x: i32, width: f64) -> i32 {
        let half = (width / 2.0).ceil() as i32;
        x.clamp(half, (self.width - half).max(half))
    }

    /// Writes `ticks` up the value axis, each with a faint grid line.
    pub(crate) fn value_ticks(
        &self,
        plot: &mut Plot,
        texts: &mut Texts,
        ticks: &[(f64, String)],
    ) -> Drawn {
        let right = self.labels.len() as f64 - 0.5;
        for (value, label) in ticks {
            plot.draw_series(std::iter::once(PathElement::new(
                vec![(-0.5, *value), (right, *value)],
                style::GRID,
            )))?;
            let (_, y) = plot.backend_coord(&(-0.5, *value));
            texts
                .add(self.left - 5, y + 4, label.as_str())
                .size(style::SMALL)
                .anchor(Anchor::End)
                .color(style::MUTED);
        }
        Ok(())
    }

    /// Draws the axis line along the bottom of the plot.
    pub(crate) fn axis(&self, plot: &mut Plot) -> Drawn {
        let right = self.labels.len() as f64 - 0.5;
        plot.draw_series(std::iter::once(PathElement::new(
            vec![(-0.5, self.low), (right, self.low)],
            style::AXIS,
        )))?;
        Ok(())
    }

    /// Marks each change of provider with a dashed line between the two
    /// periods and a note at the foot of the plot.
    pub(crate) fn provider_changes(
        &self,
        plot: &mut Plot,
        texts: &mut Texts,
        changes: &[(usize, usize)],
    ) -> Drawn {
        for &(before, after) in changes {
            let x = (before + after) as f64 / 2.0;
            plot.draw_series(DashedLineSeries::new(
                vec![(x, self.low), (x, self.high)],
                4,
                3,
                style::AXIS.stroke_width(1),
            ))?;
            let (px, py) = plot.backend_coord(&(x, self.low));
            let note = "更换服务商";
            let px = self.keep_inside(px, text::width(note, f64::from(style::SMALL)));
            texts
                .add(px, py - 5, note)
                .size(style::SMALL)
                .anchor(Anchor::Middle)
                .color(style::INK)
                .halo();
        }
        Ok(())
    }

    /// Writes each value's label above its point: all of them where they
    /// fit side by side, otherwise only the latest.
    pub(crate) fn value_labels(
        &self,
        plot: &Plot,
        texts: &mut Texts,
        values: &[Option<(f64, String)>],
    ) {
        let small = f64::from(style::SMALL);
        let widest = values
            .iter()
            .flatten()
            .map(|(_, label)| text::width(label, small))
            .fold(0.0, f64::max);
        let fits = self.column() >= widest + 4.0;
        let last = values.iter().rposition(Option::is_some);
        for (index, value) in values.iter().enumerate() {
            let Some((value, label)) = value else {
                continue;
            };
            if !fits && Some(index) != last {
                continue;
            }
            let (x, y) = plot.backend_coord(&(index as f64, *value));
            let x = self.keep_inside(x, text::width(label, small));
            let y = svg::baseline_within(y - 8, style::SMALL, self.height);
            texts
                .add(x, y, label.as_str())
                .size(style::SMALL)
                .anchor(Anchor::Middle)
                .bold()
                .halo();
        }
    }

    /// Draws `values` (one per column, missing where not assessed) as a
    /// line broken at the gaps, with a marker at each value.
    pub(crate) fn line(&self, plot: &mut Plot, values: &[Option<f64>], look: Look) -> Drawn {
        let stroke = look.color.stroke_width(2);
        for run in runs(values) {
            match look.dash {
                None => {
                    plot.draw_series(LineSeries::new(run.clone(), stroke))?;
                }
                Some((dash, gap)) => {
                    plot.draw_series(DashedLineSeries::new(run.clone(), dash, gap, stroke))?;
                }
            }
            for point in run {
                marker(plot.plotting_area(), point, look)?;
            }
        }
        Ok(())
    }
}

/// Draws `look`'s marker at `point`.
/// Draws `look`'s marker at `at`, in the coordinates of `area`: a
/// point of a plot or a pixel of a legend.
pub(crate) fn marker<CT: CoordTranslate>(
    area: &DrawingArea<Canvas, CT>,
    at: CT::From,
    look: Look,
) -> Drawn
where
    CT::From: Clone,
{
    let fill = look.color.filled();
    let at = EmptyElement::at(at);
    match look.marker {
        Marker::Circle => area.draw(&(at + Circle::new((0, 0), 4, fill))),
        Marker::Triangle => area.draw(&(at + TriangleMarker::new((0, 0), 5, fill))),
        Marker::Square => area.draw(&(at + Rectangle::new([(-4, -4), (4, 4)], fill))),
        Marker::Diamond => {
            let outline = look.color.stroke_width(2);
            let diamond = vec![(0, -5), (5, 0), (0, 5), (-5, 0), (0, -5)];
            area.draw(&(at + PathElement::new(diamond, outline)))
        }
    }
}

/// The runs of consecutive values, as points (column, value).
pub(crate) fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (index, value) in values.iter().enumerate() {
        match value {
            Some(v) => current.push((index as f64, *v)),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// The periods at which table `table` changed provider, as pairs of
/// (the period before, the period after), skipping unassessed periods.
pub(crate) fn provider_changes(results: &Results, table: usize) -> Vec<(usize, usize)> {
    let mut changes = Vec::new();
    let mut last: Option<(usize, &str)> = None;
    for (index, period) in results.periods.iter().enumerate() {
        let Some(result) = period.tables.get(table).and_then(Option::as_ref) else {
            continue;
        };
        match last {
            Some((before, provider)) if provider != result.provider => {
                changes.push((before, index));
            }
            _ => {}
        }
        last = Some((index, &result.provider));
    }
    changes
}

/// A value-axis bottom: ten below the lower of `floor` and the lowest of
/// `values`, rounded down to ten, and never below zero.
pub(crate) fn low_end(values: impl Iterator<Item = f64>, floor: f64) -> f64 {
    let lowest = values.fold(floor, f64::min);
    ((lowest / 10.0).floor() * 10.0 - 10.0).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_break_at_unassessed_periods() {
        let runs = runs(&[Some(1.0), Some(2.0), None, Some(4.0)]);
        assert_eq!(runs, vec![vec![(0.0, 1.0), (1.0, 2.0)], vec![(3.0, 4.0)]]);
    }

    #[test]
    fn low_end_leaves_a_band_below_the_lowest_value() {
        assert_eq!(low_end([77.7, 93.0].into_iter(), 60.0), 50.0);
        assert_eq!(low_end([45.0].into_iter(), 60.0), 30.0);
        assert_eq!(low_end([3.0].into_iter(), 60.0), 0.0);
    }
}
