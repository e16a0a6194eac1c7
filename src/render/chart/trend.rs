//! Trends of one table across periods: the total against the grade
//! bands, each category as a share of its maximum, and a small trend for
//! the home page.
//!
//! Every period of the site has a column, so the charts of all tables
//! line up; a period that did not assess the table leaves a gap. A change
//! of provider is marked between the two periods, and a vetoed period is
//! marked at its point.

use rust_decimal::{Decimal, RoundingStrategy};

use super::frame::{self, Frame, LOOKS, Look, Plot};
use super::svg::{self, Anchor, Drawn, Svg, Texts};
use super::{float, style, table_result, text};
use crate::model::Site;
use crate::score::{Results, TableResult, format_points, format_score};
use plotters::prelude::*;

/// The height of a full-size trend chart.
const HEIGHT: i32 = 250;

/// The results of table `table` in every period, `None` where the period
/// did not assess it.
fn history(results: &Results, table: usize) -> Vec<Option<&TableResult>> {
    (0..results.periods.len())
        .map(|period| table_result(results, period, table))
        .collect()
}

/// The trend of table `table`'s total across periods, drawn over the
/// site's grade bands, or `None` if no period assessed the table.
pub fn total_trend(site: &Site, results: &Results, table: usize) -> Option<String> {
    let history = history(results, table);
    if history.iter().all(Option::is_none) {
        return None;
    }
    let totals: Vec<Option<f64>> = history.iter().map(|r| r.map(|r| float(r.total))).collect();
    let grades = &site.config.grades;
    let pass = grades.iter().rev().nth(1).map_or(0.0, |g| float(g.min));
    let low = frame::low_end(totals.iter().flatten().copied(), pass);

    let small = f64::from(style::SMALL);
    let mut layout = Frame::new(site, (style::WIDTH as i32, HEIGHT), (low, 100.0), "100");
    let notes = provisional_notes(site);
    if notes.iter().any(Option::is_some) {
        layout.bottom += 16;
    }
    layout.right = grades
        .iter()
        .map(|g| text::width(&g.name, small))
        .fold(0.0, f64::max)
        .ceil() as i32
        + 10;
    let changes = frame::provider_changes(results, table);

    let mut svg = Svg::new("trend", layout.width as u32, layout.height as u32);
    svg.draw(|root, texts| {
        let mut plot = layout.plot(root)?;
        grade_bands(site, &layout, &mut plot, texts)?;
        layout.axis(&mut plot)?;
        layout.provider_changes(&mut plot, texts, &changes)?;
        layout.line(&mut plot, &totals, LOOKS[0])?;
        let labels: Vec<Option<(f64, String)>> = history
            .iter()
            .map(|r| r.map(|r| (float(r.total), format_score(r.total))))
            .collect();
        layout.value_labels(&plot, texts, &labels);
        veto_marks(&mut plot, texts, &history)?;
        layout.period_labels(&plot, texts, &notes);
        Ok(())
    });

    let title = &site.config.tables[table].title;
    let desc = total_desc(site, title, &history, &changes);
    Some(svg.finish(&format!("{title} 历年总分"), &desc))
}

/// Under each period whose results are not final, its status (审核中).
fn provisional_notes(site: &Site) -> Vec<Option<String>> {
    site.periods
        .iter()
        .map(|p| {
            p.status
                .is_provisional()
                .then(|| p.status.label().to_string())
        })
        .collect()
}

/// A period's label in a description, with its status where its
/// results are not final: 2025年度（审核中）.
fn period_name(site: &Site, period: usize) -> String {
    let period = &site.periods[period];
    if period.status.is_provisional() {
        format!("{}（{}）", period.label, period.status.label())
    } else {
        period.label.clone()
    }
}

/// Shades the grade bands, draws their thresholds and names them.
fn grade_bands(site: &Site, layout: &Frame, plot: &mut Plot, texts: &mut Texts) -> Drawn {
    let grades = &site.config.grades;
    let right = layout.labels.len() as f64 - 0.5;
    let mut ticks = vec![(100.0, "100".to_string())];
    for (index, grade) in grades.iter().enumerate() {
        let top = if index == 0 {
            100.0
        } else {
            float(grades[index - 1].min)
        };
        let bottom = float(grade.min).max(layout.low);
        if top <= layout.low {
            break;
        }
        if index % 2 == 1 {
            plot.draw_series(std::iter::once(Rectangle::new(
                [(-0.5, bottom), (right, top)],
                style::BAND.filled(),
            )))?;
        }
        if bottom > layout.low {
            ticks.push((bottom, format_points(grade.min)));
        }
        let (_, y_top) = plot.backend_coord(&(right, top));
        let (x, y_bottom) = plot.backend_coord(&(right, bottom));
        if y_bottom - y_top >= style::SMALL as i32 {
            texts
                .add(x + 5, (y_top + y_bottom) / 2 + 4, grade.name.as_str())
                .size(style::SMALL)
                .color(style::MUTED);
        }
    }
    layout.value_ticks(plot, texts, &ticks)
}

/// Marks the points of vetoed periods with a cross and a note.
fn veto_marks(plot: &mut Plot, texts: &mut Texts, history: &[Option<&TableResult>]) -> Drawn {
    for (index, result) in history.iter().enumerate() {
        let Some(result) = result.filter(|r| r.vetoed) else {
            continue;
        };
        let point = (index as f64, float(result.total));
        plot.draw_series(std::iter::once(Cross::new(
            point,
            6,
            style::VETO.stroke_width(3),
        )))?;
        let (x, y) = plot.backend_coord(&point);
        texts
            .add(x, y + 18, "一票否决")
            .size(style::SMALL)
            .anchor(Anchor::Middle)
            .color(style::VETO_TEXT)
            .bold()
            .halo();
    }
    Ok(())
}

/// The total trend's text: every total with its grade, the changes of
/// provider and the vetoes.
fn total_desc(
    site: &Site,
    title: &str,
    history: &[Option<&TableResult>],
    changes: &[(usize, usize)],
) -> String {
    let mut parts = Vec::new();
    for (index, result) in history.iter().enumerate() {
        let label = period_name(site, index);
        let Some(result) = result else {
            parts.push(format!("{label} 未考核"));
            continue;
        };
        let mut part = format!(
            "{label} {}（{}）",
            format_score(result.total),
            site.config.grades[result.grade].name
        );
        if result.vetoed {
            part.push_str("，一票否决");
        }
        if changes.iter().any(|&(_, after)| after == index) {
            part.push_str(&format!("，更换服务商为{}", result.provider));
        }
        parts.push(part);
    }
    let grades = &site.config.grades;
    let bands: Vec<String> = grades
        .iter()
        .enumerate()
        .map(|(index, g)| match index.checked_sub(1) {
            Some(above) if g.min.is_zero() => {
                format!("{} <{}", g.name, format_points(grades[above].min))
            }
            _ => format!("{} ≥{}", g.name, format_points(g.min)),
        })
        .collect();
    format!(
        "{title}历年总分：{}。等次分界：{}。",
        parts.join("；"),
        bands.join("，")
    )
}

/// The trend of each of table `table`'s categories as a share of its
/// maximum, or `None` if no period assessed the table.
pub fn category_trend(site: &Site, results: &Results, table: usize) -> Option<String> {
    let history = history(results, table);
    if history.iter().all(Option::is_none) {
        return None;
    }
    let rubric = &site.rubrics[table];
    let shares: Vec<Vec<Option<f64>>> = rubric
        .categories
        .iter()
        .enumerate()
        .map(|(c, category)| {
            history
                .iter()
                .map(|r| r.map(|r| float(percent(r.categories[c], category.points))))
                .collect()
        })
        .collect();
    let low = frame::low_end(shares.iter().flatten().flatten().copied(), 100.0);
    let names: Vec<&str> = rubric.categories.iter().map(|c| c.name.as_str()).collect();
    let legend = Legend::new(&names, style::WIDTH as i32);

    let mut layout = Frame::new(site, (style::WIDTH as i32, 0), (low, 100.0), "100%");
    layout.top = legend.height + 22;
    let notes = provisional_notes(site);
    if notes.iter().any(Option::is_some) {
        layout.bottom += 16;
    }
    layout.height = layout.top + HEIGHT - 40 + layout.bottom - 22;
    let changes = frame::provider_changes(results, table);
    let step = if 100.0 - low > 50.0 { 20.0 } else { 10.0 };
    let ticks: Vec<(f64, String)> = (0..)
        .map(|i| 100.0 - step * f64::from(i))
        .take_while(|v| *v >= low)
        .map(|v| (v, format!("{v}%")))
        .collect();

    let mut svg = Svg::new("shares", layout.width as u32, layout.height as u32);
    svg.draw(|root, texts| {
        legend.draw(root, texts)?;
        let mut plot = layout.plot(root)?;
        vetoed_columns(&layout, &mut plot, texts, &history)?;
        layout.value_ticks(&mut plot, texts, &ticks)?;
        layout.axis(&mut plot)?;
        layout.provider_changes(&mut plot, texts, &changes)?;
        for (index, values) in shares.iter().enumerate() {
            layout.line(&mut plot, values, LOOKS[index % LOOKS.len()])?;
        }
        layout.period_labels(&plot, texts, &notes);
        Ok(())
    });

    let title = &site.config.tables[table].title;
    let mut parts = Vec::new();
    for (index, result) in history.iter().enumerate() {
        let Some(result) = result else { continue };
        let shares: Vec<String> = rubric
            .categories
            .iter()
            .zip(&result.categories)
            .map(|(c, score)| format!("{} {}%", c.name, percent(*score, c.points)))
            .collect();
        let veto = if result.vetoed {
            "（一票否决）"
        } else {
            ""
        };
        parts.push(format!(
            "{}{veto} {}",
            site.periods[index].label,
            shares.join("，")
        ));
    }
    let desc = format!(
        "{title}各类别得分率（得分占该类别满分的比例）：{}。",
        parts.join("；")
    );
    Some(svg.finish(&format!("{title} 各类别得分率"), &desc))
}

/// `score` as a percentage of `points`, to one decimal.
fn percent(score: Decimal, points: Decimal) -> Decimal {
    if points.is_zero() {
        return Decimal::ZERO;
    }
    (score * Decimal::ONE_HUNDRED / points)
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Shades the columns of vetoed periods and names them at the top.
fn vetoed_columns(
    layout: &Frame,
    plot: &mut Plot,
    texts: &mut Texts,
    history: &[Option<&TableResult>],
) -> Drawn {
    for (index, result) in history.iter().enumerate() {
        if !result.is_some_and(|r| r.vetoed) {
            continue;
        }
        let x = index as f64;
        plot.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.4, layout.low), (x + 0.4, layout.high)],
            style::BAND.filled(),
        )))?;
        let (px, py) = plot.backend_coord(&(x, layout.high));
        let note = "一票否决";
        let px = layout.keep_inside(px, text::width(note, f64::from(style::SMALL)));
        texts
            .add(px, py - 5, note)
            .size(style::SMALL)
            .anchor(Anchor::Middle)
            .color(style::VETO_TEXT)
            .bold();
    }
    Ok(())
}

/// A legend of line looks and names, flowing into as many rows as needed.
struct Legend {
    /// Each entry's name and top-left corner.
    entries: Vec<(String, i32, i32)>,
    /// The legend's height.
    height: i32,
}

/// The width of a legend swatch and the room after it.
const SWATCH: i32 = 30;

/// The height of a legend row.
const ROW: i32 = 20;

impl Legend {
    /// Lays out `names` across `width` pixels, below room for the
    /// font's ascent.
    fn new(names: &[&str], width: i32) -> Legend {
        let size = f64::from(style::LABEL);
        let entries: Vec<(String, i32, i32)> = text::flow(names, size, SWATCH, width)
            .into_iter()
            .map(|(name, x, row)| (name, x, 3 + ROW * row))
            .collect();
        let rows = entries.last().map_or(0, |(_, _, y)| (y - 3) / ROW + 1);
        Legend {
            entries,
            height: 3 + ROW * rows,
        }
    }

    /// Draws the swatches and names.
    fn draw(&self, root: &super::svg::Area, texts: &mut Texts) -> Drawn {
        for (index, (name, x, y)) in self.entries.iter().enumerate() {
            let look: Look = LOOKS[index % LOOKS.len()];
            let middle = y + ROW / 2;
            let stroke = look.color.stroke_width(2);
            match look.dash {
                None => root.draw(&PathElement::new(
                    vec![(*x, middle), (x + 24, middle)],
                    stroke,
                ))?,
                Some((dash, gap)) => root.draw(&plotters::element::DashedPathElement::new(
                    vec![(*x, middle), (x + 24, middle)],
                    dash,
                    gap,
                    stroke,
                ))?,
            }
            frame::marker(root, (x + 12, middle), look)?;
            texts.add(x + SWATCH, middle + 5, name.as_str());
        }
        Ok(())
    }
}

/// A small trend of table `table`'s total for the home page: the line,
/// the top grade's band and the latest total, or `None` if no period
/// assessed the table.
pub fn sparkline(site: &Site, results: &Results, table: usize) -> Option<String> {
    let history = history(results, table);
    let last = history.iter().rposition(Option::is_some)?;
    let totals: Vec<Option<f64>> = history.iter().map(|r| r.map(|r| float(r.total))).collect();
    let grades = &site.config.grades;
    // A tighter range than the full trend's, so that the shape shows.
    let lowest = totals.iter().flatten().copied().fold(100.0, f64::min);
    let low = ((lowest / 10.0).floor() * 10.0).min(90.0);
    let top_grade = grades.first().map_or(100.0, |g| float(g.min));
    let small = f64::from(style::SMALL);
    let label = format_score(history[last].map_or(Decimal::ZERO, |r| r.total));
    let (width, height) = (200, 48);
    let right = text::width(&label, small).ceil() as i32 + 10;
    let columns = history.len() as f64;

    let mut svg = Svg::new("sparkline", width as u32, height as u32);
    svg.draw(|root, texts| {
        let mut plot = ChartBuilder::on(root)
            .margin_left(4)
            .margin_right(right)
            .margin_top(6)
            .margin_bottom(6)
            .build_cartesian_2d(-0.5..columns - 0.5, low..100.0)?;
        plot.draw_series(std::iter::once(Rectangle::new(
            [(-0.5, top_grade), (columns - 0.5, 100.0)],
            style::BAND.filled(),
        )))?;
        let stroke = style::DARK.stroke_width(2);
        for run in frame::runs(&totals) {
            plot.draw_series(LineSeries::new(run.clone(), stroke))?;
            plot.draw_series(
                run.into_iter()
                    .map(|p| Circle::new(p, 2, style::DARK.filled())),
            )?;
        }
        for (index, result) in history.iter().enumerate() {
            if let Some(result) = result.filter(|r| r.vetoed) {
                let point = (index as f64, float(result.total));
                plot.draw_series(std::iter::once(Cross::new(
                    point,
                    4,
                    style::VETO.stroke_width(2),
                )))?;
            }
        }
        let (x, y) = plot.backend_coord(&(last as f64, totals[last].unwrap_or(low)));
        plot.draw_series(std::iter::once(Circle::new(
            (last as f64, totals[last].unwrap_or(low)),
            3,
            style::DARK.filled(),
        )))?;
        let y = svg::baseline_within(y + 4, style::SMALL, height);
        texts
            .add(x + 6, y, label.as_str())
            .size(style::SMALL)
            .bold();
        Ok(())
    });

    let title = &site.config.tables[table].title;
    let changes = frame::provider_changes(results, table);
    let desc = total_desc(site, title, &history, &changes);
    Some(svg.finish(&format!("{title} 总分走势"), &desc))
}
