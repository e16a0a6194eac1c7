//! Recurring deductions: which items lose points, period after period.
//!
//! The heatmap has one row per item that lost points in any period and
//! one column per period; each cell is shaded by the share of the item's
//! points lost and carries the points lost, so a problem that costs points
//! year after year shows as a dark row. Beside it, `biggest_changes` lists
//! for each period the items whose score moved most since the period
//! before.

use plotters::prelude::*;
use rust_decimal::Decimal;

use super::svg::{Anchor, Svg};
use super::{fraction, style, table_result, text};
use crate::model::Site;
use crate::score::{Results, TableResult, format_points};

/// The shades of a cell by share of points lost, light to dark: up to a
/// quarter, a half, three quarters, and more.
const SHADES: [RGBColor; 4] = [
    RGBColor(0xfc, 0xe3, 0xcc),
    RGBColor(0xf0, 0xa0, 0x74),
    RGBColor(0xc8, 0x4f, 0x3a),
    RGBColor(0x7a, 0x16, 0x12),
];

/// The text colour on each shade.
const ON_SHADE: [&str; 4] = [style::INK, style::INK, style::ON_DARK, style::ON_DARK];

/// The legend's words for each shade.
const SHADE_NAMES: [&str; 4] = ["≤25%", "≤50%", "≤75%", ">75%"];

const ROW: i32 = 22;
const HEAD: i32 = 26;
const CELL_MIN: i32 = 44;

/// The room for the item labels left of the cells.
const LABELS: i32 = 230;

/// The shade index for losing `share` (above 0, at most 1) of an item.
fn shade(share: f64) -> usize {
    match share {
        s if s <= 0.25 => 0,
        s if s <= 0.5 => 1,
        s if s <= 0.75 => 2,
        _ => 3,
    }
}

/// The points an item lost: its points less its score.
fn lost(site: &Site, table: usize, result: &TableResult, item: usize) -> Decimal {
    site.rubrics[table].items[item].points - result.items[item].score
}

/// The heatmap of points lost by table `table`'s items across periods,
/// or `None` if no item lost points in any period.
pub fn deduction_heatmap(site: &Site, results: &Results, table: usize) -> Option<String> {
    let rubric = &site.rubrics[table];
    let history: Vec<Option<&TableResult>> = (0..results.periods.len())
        .map(|p| table_result(results, p, table))
        .collect();
    let rows: Vec<usize> = (0..rubric.items.len())
        .filter(|&i| {
            history
                .iter()
                .flatten()
                .any(|r| lost(site, table, r, i) > Decimal::ZERO)
        })
        .collect();
    if rows.is_empty() {
        return None;
    }

    // Columns as wide as the widest period label; the item labels get the rest.
    let small = f64::from(style::SMALL);
    let header = |p: &crate::model::period::Period| p.label.clone();
    let cell = site
        .periods
        .iter()
        .map(|p| text::width(&header(p), small).ceil() as i32 + 8)
        .fold(CELL_MIN, i32::max);
    let count_width = text::width("期数", small).ceil() as i32 + 8;
    let columns = site.periods.len() as i32;
    let width = (style::WIDTH as i32).max(LABELS + columns * cell + count_width);
    let grid_left = width - count_width - columns * cell;
    let legend_top = HEAD + ROW * rows.len() as i32 + 10;
    let height = legend_top + 22;

    let mut svg = Svg::new("deductions", width as u32, height as u32);
    svg.draw(|root, texts| {
        for (column, period) in site.periods.iter().enumerate() {
            let x = grid_left + cell * column as i32 + cell / 2;
            texts
                .add(x, HEAD - 9, header(period))
                .size(style::SMALL)
                .anchor(Anchor::Middle);
        }
        texts
            .add(width - count_width / 2, HEAD - 9, "期数")
            .size(style::SMALL)
            .anchor(Anchor::Middle)
            .color(style::MUTED);
        for (row, &item) in rows.iter().enumerate() {
            let top = HEAD + ROW * row as i32;
            let label = format!(
                "{} {}",
                rubric.items[item].id, rubric.items[item].requirement
            );
            let cut = text::truncate(&label, small, f64::from(grid_left - 8));
            texts.add(2, top + 15, cut).size(style::SMALL).tip(label);
            let mut times = 0;
            for (column, result) in history.iter().enumerate() {
                let left = grid_left + cell * column as i32;
                let area = [(left + 1, top + 1), (left + cell - 1, top + ROW - 1)];
                let middle = left + cell / 2;
                let Some(result) = result else {
                    root.draw(&Rectangle::new(area, style::TRACK.filled()))?;
                    texts
                        .add(middle, top + 15, "未考核")
                        .size(style::SMALL - 2)
                        .anchor(Anchor::Middle)
                        .color(style::MUTED);
                    continue;
                };
                let points = rubric.items[item].points;
                let lost = lost(site, table, result, item);
                if lost <= Decimal::ZERO {
                    root.draw(&Rectangle::new(area, style::GRID))?;
                    continue;
                }
                times += 1;
                let shade = shade(fraction(lost, points));
                root.draw(&Rectangle::new(area, SHADES[shade].filled()))?;
                texts
                    .add(middle, top + 15, "-".to_string() + &format_points(lost))
                    .size(style::SMALL)
                    .anchor(Anchor::Middle)
                    .color(ON_SHADE[shade]);
            }
            texts
                .add(width - count_width / 2, top + 15, times.to_string())
                .size(style::SMALL)
                .anchor(Anchor::Middle)
                .bold();
        }

        // The legend: what each shade means.
        let mut x = 2;
        let note = "扣分占该项分值：";
        texts
            .add(x, legend_top + 14, note)
            .size(style::SMALL)
            .color(style::MUTED);
        x += text::width(note, small).ceil() as i32 + 4;
        for (shade, name) in SHADES.iter().zip(SHADE_NAMES) {
            root.draw(&Rectangle::new(
                [(x, legend_top + 3), (x + 14, legend_top + 17)],
                shade.filled(),
            ))?;
            texts.add(x + 18, legend_top + 14, name).size(style::SMALL);
            x += 18 + text::width(name, small).ceil() as i32 + 12;
        }
        Ok(())
    });

    let title = &site.config.tables[table].title;
    Some(svg.finish(
        &format!("{title} 历年扣分条目"),
        &heatmap_desc(site, table, &rows, &history),
    ))
}

/// The heatmap's text: each item's points lost in each period.
fn heatmap_desc(
    site: &Site,
    table: usize,
    rows: &[usize],
    history: &[Option<&TableResult>],
) -> String {
    let rubric = &site.rubrics[table];
    let lines: Vec<String> = rows
        .iter()
        .map(|&item| {
            let losses: Vec<String> = history
                .iter()
                .zip(&site.periods)
                .filter_map(|(result, period)| {
                    let lost = lost(site, table, result.as_ref()?, item);
                    (lost > Decimal::ZERO)
                        .then(|| format!("{} 扣 {}", period.label, format_points(lost)))
                })
                .collect();
            let it = &rubric.items[item];
            format!(
                "{} {}（{} 分）：{}",
                it.id,
                it.requirement,
                format_points(it.points),
                losses.join("，")
            )
        })
        .collect();
    format!(
        "{}历年扣分条目（其余条目各期均得满分）：{}。",
        site.config.tables[table].title,
        lines.join("；")
    )
}

/// For one period, the items whose score moved most since the period
/// before that assessed the same table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodChanges {
    /// The period's index.
    pub period: usize,
    /// The index of the period compared against.
    pub previous: usize,
    /// The items that changed, the biggest change first.
    pub items: Vec<ItemChange>,
}

/// One item's score in two periods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemChange {
    /// The item's index in the rubric.
    pub item: usize,
    /// Its score in the period before.
    pub before: Decimal,
    /// Its score in the period.
    pub after: Decimal,
}

impl ItemChange {
    /// The change of score: positive when the item gained points.
    pub fn delta(&self) -> Decimal {
        self.after - self.before
    }
}

/// For each period after the first that assessed table `table`, up to
/// `limit` items whose score changed most against the period before, in
/// period order; ties keep rubric order.
pub fn biggest_changes(results: &Results, table: usize, limit: usize) -> Vec<PeriodChanges> {
    let mut out = Vec::new();
    let mut previous: Option<(usize, &TableResult)> = None;
    for period in 0..results.periods.len() {
        let Some(result) = table_result(results, period, table) else {
            continue;
        };
        if let Some((before_index, before)) = previous {
            let mut items: Vec<ItemChange> = before
                .items
                .iter()
                .zip(&result.items)
                .enumerate()
                .filter(|(_, (b, a))| b.score != a.score)
                .map(|(item, (b, a))| ItemChange {
                    item,
                    before: b.score,
                    after: a.score,
                })
                .collect();
            // A stable sort keeps rubric order among equal changes.
            items.sort_by_key(|change| std::cmp::Reverse(change.delta().abs()));
            items.truncate(limit);
            out.push(PeriodChanges {
                period,
                previous: before_index,
                items,
            });
        }
        previous = Some((period, result));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_split_the_share_lost_in_quarters() {
        assert_eq!(shade(0.1), 0);
        assert_eq!(shade(0.25), 0);
        assert_eq!(shade(0.5), 1);
        assert_eq!(shade(0.6), 2);
        assert_eq!(shade(1.0), 3);
    }
}
