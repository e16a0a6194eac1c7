//! Category bars: each category's score against its maximum, for one
//! table in one period.
//!
//! One row per category, in rubric order: the category's name and
//! `score / maximum` on a line, and under it a bar whose full length is
//! the maximum and whose dark part is the score. Long names wrap onto a
//! second line, so a rubric with any categories fits.

use plotters::prelude::*;

use super::svg::{Anchor, Svg};
use super::{fraction, style, table_result, text};
use crate::model::Site;
use crate::score::{Results, format_points, format_score};

const PAD: i32 = 2;
const LINE: i32 = 19;
const BAR: i32 = 14;
const GAP: i32 = 14;

/// The category bars of table `table` in period `period`, or `None` if
/// the table was not assessed then.
pub fn category_bars(
    site: &Site,
    results: &Results,
    period: usize,
    table: usize,
) -> Option<String> {
    let result = table_result(results, period, table)?;
    let rubric = &site.rubrics[table];
    let size = f64::from(style::LABEL);
    let width = style::WIDTH as i32;

    // Lay the rows out first: the height depends on how names wrap.
    let rows: Vec<Row> = rubric
        .categories
        .iter()
        .zip(&result.categories)
        .map(|(category, score)| {
            let value = format!(
                "{} / {}",
                format_score(*score),
                format_points(category.points)
            );
            let room = f64::from(width - 2 * PAD) - text::width(&value, size) - 12.0;
            Row {
                name: category.name.clone(),
                lines: text::wrap(&category.name, size, room, 2),
                value,
                share: fraction(*score, category.points),
            }
        })
        .collect();
    let height: i32 = rows.iter().map(Row::height).sum::<i32>() - GAP + 5;

    let mut svg = Svg::new("categories", width as u32, height.max(1) as u32);
    svg.draw(|root, texts| {
        // Room above the first line for the font's ascent.
        let mut top = 3;
        for row in &rows {
            for (i, line) in row.lines.iter().enumerate() {
                texts
                    .add(PAD, top + 15 + LINE * i as i32, line.as_str())
                    .tip(row.name.as_str());
            }
            texts
                .add(width - PAD, top + 15, row.value.as_str())
                .anchor(Anchor::End)
                .bold();
            let bar_top = top + LINE * row.lines.len() as i32 + 3;
            let (left, right) = (PAD, width - PAD);
            let filled = left + ((right - left) as f64 * row.share).round() as i32;
            root.draw(&Rectangle::new(
                [(left, bar_top), (right, bar_top + BAR)],
                style::TRACK.filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(left, bar_top), (filled, bar_top + BAR)],
                style::DARK.filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(left, bar_top), (right, bar_top + BAR)],
                style::OUTLINE,
            ))?;
            top += row.height();
        }
        Ok(())
    });

    let period_label = &site.periods[period].label;
    let table_title = &site.config.tables[table].title;
    let parts: Vec<String> = rubric
        .categories
        .iter()
        .zip(&result.categories)
        .map(|(c, s)| {
            format!(
                "{} {} / {}",
                c.name,
                format_score(*s),
                format_points(c.points)
            )
        })
        .collect();
    let desc = format!(
        "{period_label}{table_title}各类别得分（得分 / 满分）：{}。总分 {}。",
        parts.join("；"),
        format_score(result.total)
    );
    Some(svg.finish(&format!("{table_title} {period_label} 各类别得分"), &desc))
}

/// One category's row, laid out.
struct Row {
    name: String,
    lines: Vec<String>,
    value: String,
    share: f64,
}

impl Row {
    /// The row's height with the gap below it.
    fn height(&self) -> i32 {
        LINE * self.lines.len() as i32 + 3 + BAR + GAP
    }
}
