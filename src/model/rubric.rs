//! Rubrics: the scoring tables of the measures (表1, 表2).
//!
//! A rubric is read from `data/rubrics/<table-id>.csv`, one row per
//! requirement. Categories are taken in order of first appearance and
//! each is worth the sum of its rows' points; the rubric as a whole must
//! be worth 100. An empty category or group cell repeats the one above,
//! as a merged cell exported from a spreadsheet does.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::number;
use crate::load::csv_file::{Column, CsvFile};
use crate::problem::Problems;

/// One requirement row: what is required and what it is worth.
#[derive(Clone, Debug)]
pub struct Item {
    /// The item's id, such as `P05`.
    pub id: String,
    /// The index of its category in the rubric's `categories`.
    pub category: usize,
    /// The group (分项) it belongs to.
    pub group: String,
    /// The requirement (要求).
    pub requirement: String,
    /// The points (分数) it is worth.
    pub points: Decimal,
    /// The scoring rule (评分规则).
    pub rule: String,
}

/// A category (类别), such as 服务质量, and its maximum.
#[derive(Clone, Debug)]
pub struct Category {
    /// The category's name.
    pub name: String,
    /// The sum of its items' points.
    pub points: Decimal,
}

/// A table's rubric.
#[derive(Clone, Debug)]
pub struct Rubric {
    /// The file it was read from, relative to the site root.
    pub path: String,
    /// Its categories, in order of first appearance.
    pub categories: Vec<Category>,
    /// Its items, in file order.
    pub items: Vec<Item>,
}

/// The columns of a rubric file; sheets may carry the same columns as a
/// reference for the person filling them in.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "id",
        aliases: &["编号", "item"],
    },
    Column {
        name: "category",
        aliases: &["类别"],
    },
    Column {
        name: "group",
        aliases: &["分项"],
    },
    Column {
        name: "requirement",
        aliases: &["要求"],
    },
    Column {
        name: "points",
        aliases: &["分数", "分值"],
    },
    Column {
        name: "rule",
        aliases: &["评分规则", "评分标准"],
    },
];

const ID: usize = 0;
const CATEGORY: usize = 1;
const GROUP: usize = 2;
const REQUIREMENT: usize = 3;
const POINTS: usize = 4;
const RULE: usize = 5;

/// The path of table `id`'s rubric, relative to the site root.
pub fn path(id: &str) -> String {
    format!("data/rubrics/{id}.csv")
}

impl Rubric {
    /// Reads a rubric file, recording every problem in it.
    pub fn parse(path: &str, text: &str, problems: &mut Problems) -> Option<Rubric> {
        let start = problems.len();
        let file = CsvFile::parse(path, text, COLUMNS, &[], problems)?;
        for (index, column) in COLUMNS.iter().enumerate() {
            if !file.has(index) && index != GROUP && index != RULE {
                problems.add(path, 1, format!("missing column {}", column.label()));
            }
        }
        if problems.len() > start {
            return None;
        }
        let mut rubric = Rubric {
            path: path.to_string(),
            categories: Vec::new(),
            items: Vec::new(),
        };
        let (mut category, mut group) = (String::new(), String::new());
        let mut seen = HashMap::new();
        for row in &file.rows {
            let id = row.cell(file.columns[ID]);
            let cell = |i: usize| row.cell(file.columns[i]).to_string();
            if !cell(CATEGORY).is_empty() {
                category = cell(CATEGORY);
            }
            if !cell(GROUP).is_empty() {
                group = cell(GROUP);
            }
            if id.is_empty() {
                problems.add(
                    path,
                    row.line,
                    "empty id; every row needs an item id such as P01",
                );
                continue;
            }
            if let Some(first) = seen.get(id) {
                problems.add(
                    path,
                    row.line,
                    format!("duplicate id {id} (first on line {first}); expected each id once"),
                );
                continue;
            }
            seen.insert(id.to_string(), row.line);
            if category.is_empty() {
                problems.add(
                    path,
                    row.line,
                    format!(
                        "item {id}: empty category; expected the category (类别) it belongs to"
                    ),
                );
                continue;
            }
            let raw_points = cell(POINTS);
            let Some(points) = number::parse(&raw_points) else {
                problems.add(
                    path,
                    row.line,
                    format!(
                        "item {id}: points \"{raw_points}\" {}; expected a number above 0",
                        number::complaint(&raw_points)
                    ),
                );
                continue;
            };
            if points <= Decimal::ZERO {
                problems.add(
                    path,
                    row.line,
                    format!("item {id}: points {raw_points} is not above 0"),
                );
                continue;
            }
            let category = rubric.category_index(&category);
            rubric.categories[category].points += points;
            rubric.items.push(Item {
                id: id.to_string(),
                category,
                group: group.clone(),
                requirement: cell(REQUIREMENT),
                points,
                rule: cell(RULE),
            });
        }
        let total = rubric.points();
        if problems.len() == start && rubric.items.is_empty() {
            problems.add(
                path,
                1,
                "has no items; expected one row per requirement, worth 100 points in all",
            );
        } else if problems.len() == start && total != Decimal::ONE_HUNDRED {
            let by_category: Vec<String> = rubric
                .categories
                .iter()
                .map(|c| format!("{} {}", c.name, c.points.normalize()))
                .collect();
            problems.add(
                path,
                file.rows.last().map_or(1, |r| r.line),
                format!(
                    "points total {} ({}); expected 100",
                    total.normalize(),
                    by_category.join(" + ")
                ),
            );
        }
        (problems.len() == start).then_some(rubric)
    }

    /// The total of all items' points.
    pub fn points(&self) -> Decimal {
        self.items.iter().map(|i| i.points).sum()
    }

    /// The index of item `id`.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }

    /// The index of category `name`, added at the end if new.
    fn category_index(&mut self, name: &str) -> usize {
        match self.categories.iter().position(|c| c.name == name) {
            Some(index) => index,
            None => {
                self.categories.push(Category {
                    name: name.to_string(),
                    points: Decimal::ZERO,
                });
                self.categories.len() - 1
            }
        }
    }
}
