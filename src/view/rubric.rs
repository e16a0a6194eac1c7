//! A table's rubric (评分表), laid out as the measures print it: one row
//! per requirement, with the category and group cells merged over the
//! rows they cover.

use serde::Serialize;

use super::{Shared, TableRef, fee_text, table_ref};
use crate::model::Site;
use crate::model::rubric::Rubric;
use crate::model::site::Grade;
use crate::score::{format_fee, format_points};

/// What a rubric page shows.
#[derive(Clone, Debug, Serialize)]
pub struct RubricView {
    /// The table.
    pub table: TableRef,
    /// The categories, each with its rows.
    pub categories: Vec<CategoryRows<RubricRow>>,
    /// The rubric's total points.
    pub points: String,
    /// The grade bands and their fee deductions.
    pub grades: Vec<GradeView>,
}

/// What the page listing every table's rubric shows.
#[derive(Clone, Debug, Serialize)]
pub struct RubricIndexView {
    /// Each table's rubric in brief, in the site's order.
    pub tables: Vec<RubricSummary>,
}

/// One table's rubric in brief.
#[derive(Clone, Debug, Serialize)]
pub struct RubricSummary {
    /// The table, with the link to its rubric.
    pub table: TableRef,
    /// The rubric's total points.
    pub points: String,
    /// The number of requirements.
    pub items: usize,
    /// Each category's name and points.
    pub categories: Vec<CategoryPoints>,
}

/// A category's name and points.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryPoints {
    /// The category's name.
    pub name: String,
    /// Its points.
    pub points: String,
}

impl RubricIndexView {
    /// The rubrics of every table of `site`.
    pub fn new(site: &Site) -> RubricIndexView {
        RubricIndexView {
            tables: site
                .rubrics
                .iter()
                .enumerate()
                .map(|(table, rubric)| RubricSummary {
                    table: table_ref(site, table),
                    points: format_points(rubric.points()),
                    items: rubric.items.len(),
                    categories: rubric
                        .categories
                        .iter()
                        .map(|c| CategoryPoints {
                            name: c.name.clone(),
                            points: format_points(c.points),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A category and the rows under it.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryRows<R> {
    /// The category's name.
    pub name: String,
    /// Its points.
    pub points: String,
    /// Its subtotal, on scorecards.
    pub score: Option<String>,
    /// The number of rows it spans.
    pub span: usize,
    /// Its rows.
    pub rows: Vec<R>,
    /// Its rows as HTML, on scorecards: see [`crate::render::rows`]. The
    /// value is marked safe, so templates place it without `| safe`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<Shared>,
}

/// One requirement of a rubric.
#[derive(Clone, Debug, Serialize)]
pub struct RubricRow {
    /// The item's id, such as `P05`.
    pub id: String,
    /// True if and only if this row opens its category (and carries the
    /// merged category cell).
    pub first: bool,
    /// The group (分项).
    pub group: String,
    /// The rows the group cell spans from this row; 0 when this row is
    /// covered by the cell of a row above.
    pub group_span: usize,
    /// The requirement (要求).
    pub requirement: String,
    /// The points (分数).
    pub points: String,
    /// The scoring rule (评分规则).
    pub rule: String,
}

/// A grade band, as shown under the rubric.
#[derive(Clone, Debug, Serialize)]
pub struct GradeView {
    /// The grade's name, such as 良好.
    pub name: String,
    /// The totals it covers, in words.
    pub range: String,
    /// Its fee deduction, in words.
    pub fee_text: String,
}

impl RubricView {
    /// The rubric page of table `table`.
    pub fn new(site: &Site, table: usize) -> RubricView {
        let rubric = &site.rubrics[table];
        RubricView {
            table: table_ref(site, table),
            categories: rubric_rows(rubric),
            points: format_points(rubric.points()),
            grades: grade_views(&site.config.grades),
        }
    }
}

/// The rubric's items grouped by category, in category order, with the
/// merged cells worked out; `order` gives the rubric item of each row.
pub fn rubric_rows(rubric: &Rubric) -> Vec<CategoryRows<RubricRow>> {
    let mut categories: Vec<CategoryRows<RubricRow>> = rubric
        .categories
        .iter()
        .map(|category| CategoryRows {
            name: category.name.clone(),
            points: format_points(category.points),
            score: None,
            span: 0,
            rows: Vec::new(),
            html: None,
        })
        .collect();
    for item in &rubric.items {
        let block = &mut categories[item.category];
        block.rows.push(RubricRow {
            id: item.id.clone(),
            first: block.rows.is_empty(),
            group: item.group.clone(),
            group_span: 1,
            requirement: item.requirement.clone(),
            points: format_points(item.points),
            rule: item.rule.clone(),
        });
        block.span += 1;
    }
    for block in &mut categories {
        merge_groups(&mut block.rows);
    }
    categories
}

/// The rubric's item indices in the order `rubric_rows` lists them.
pub fn order(rubric: &Rubric) -> Vec<Vec<usize>> {
    let mut order = vec![Vec::new(); rubric.categories.len()];
    for (index, item) in rubric.items.iter().enumerate() {
        order[item.category].push(index);
    }
    order
}

/// Merges the group cells of consecutive rows with the same group.
fn merge_groups(rows: &mut [RubricRow]) {
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].group != rows[start].group {
            rows[start].group_span = i - start;
            for row in &mut rows[start + 1..i] {
                row.group_span = 0;
            }
            start = i;
        }
    }
}

/// The grade bands in words: 90 分及以上, 80 分及以上、不足 90 分, ….
pub fn grade_views(grades: &[Grade]) -> Vec<GradeView> {
    grades
        .iter()
        .enumerate()
        .map(|(i, grade)| {
            let min = format_points(grade.min);
            let range = match (i, grade.min.is_zero()) {
                (0, _) => format!("{min} 分及以上"),
                (_, true) => format!("不足 {} 分", format_points(grades[i - 1].min)),
                _ => format!(
                    "{min} 分及以上、不足 {} 分",
                    format_points(grades[i - 1].min)
                ),
            };
            GradeView {
                name: grade.name.clone(),
                range,
                fee_text: fee_text(&format_fee(grade.fee_deduction)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Problems;

    fn rubric(csv: &str) -> Rubric {
        let mut problems = Problems::default();
        Rubric::parse("r.csv", csv, &mut problems).expect("a valid rubric")
    }

    #[test]
    fn group_cells_merge_over_consecutive_rows() {
        let r = rubric(
            "id,category,group,requirement,points,rule\n\
             A1,甲,g1,r,40,x\nA2,,,r,10,x\nA3,,g2,r,10,x\nB1,乙,g1,r,40,x\n",
        );
        let blocks = rubric_rows(&r);
        let spans: Vec<usize> = blocks[0].rows.iter().map(|r| r.group_span).collect();
        assert_eq!(spans, [2, 0, 1]);
        assert_eq!(blocks[0].span, 3);
        assert!(blocks[0].rows[0].first && !blocks[0].rows[1].first);
        assert_eq!(blocks[1].rows[0].group_span, 1);
    }

    #[test]
    fn grade_bands_read_in_words() {
        let config = crate::model::site::SiteConfig::parse(
            "[[tables]]\nid = \"t\"\ntitle = \"T\"\n",
            &mut Problems::default(),
        )
        .unwrap();
        let views = grade_views(&config.grades);
        assert_eq!(views[0].range, "90 分及以上");
        assert_eq!(views[1].range, "80 分及以上、不足 90 分");
        assert_eq!(views[4].range, "不足 60 分");
        assert_eq!(views[0].fee_text, "不扣服务费");
        assert_eq!(views[4].fee_text, "扣除服务费 50%–100%");
    }
}
