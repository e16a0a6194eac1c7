//! The site's settings, from `site.toml`.
//!
//! site.toml names the assessment (organizer, project, scope, basis), the
//! tables being assessed in the order they are shown, how several
//! experts' scores combine, the survey weights and the grade bands. Every
//! setting but the tables has a default taken from the measures.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::number;
use crate::load::toml_file::line_of;
use crate::problem::Problems;

/// How several experts' scores for one item combine into one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// The arithmetic mean.
    Mean,
    /// The mean after dropping one highest and one lowest score, when an
    /// item has at least three scores.
    TrimmedMean,
    /// The middle score, or the mean of the two middle ones.
    Median,
}

impl Aggregate {
    /// The name used in site.toml.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Mean => "mean",
            Aggregate::TrimmedMean => "trimmed-mean",
            Aggregate::Median => "median",
        }
    }

    /// The method in the site's language, for reports.
    pub fn label(self) -> &'static str {
        match self {
            Aggregate::Mean => "各专家评分的算术平均",
            Aggregate::TrimmedMean => "去掉一个最高分和一个最低分后的平均",
            Aggregate::Median => "各专家评分的中位数",
        }
    }
}

/// A table being assessed, such as 政务云平台.
#[derive(Clone, Debug)]
pub struct TableDef {
    /// The id used in file names, such as `platform`.
    pub id: String,
    /// The title shown, such as 政务云平台.
    pub title: String,
}

/// The share of the service fee withheld for a grade, in percent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeDeduction {
    /// The lowest share.
    pub min: Decimal,
    /// The highest share; equal to `min` unless the measures give a range.
    pub max: Decimal,
}

impl FeeDeduction {
    /// A single share, such as 10%.
    pub fn exactly(percent: Decimal) -> FeeDeduction {
        FeeDeduction {
            min: percent,
            max: percent,
        }
    }
}

/// A grade band: totals from `min` up to the next band's `min`.
#[derive(Clone, Debug)]
pub struct Grade {
    /// The grade's name, such as 优秀.
    pub name: String,
    /// The lowest total in this band.
    pub min: Decimal,
    /// The service fee withheld for this grade.
    pub fee_deduction: FeeDeduction,
}

/// The answers of the survey and the weight of each.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The column letter in tally sheets: A, B, C or D.
    pub key: &'static str,
    /// The answer as the survey form words it.
    pub label: &'static str,
    /// Its weight in the satisfaction index.
    pub weight: Decimal,
}

/// Everything site.toml says.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// The site's title.
    pub title: String,
    /// The assessing body (考核组织方).
    pub organizer: String,
    /// The project's name (项目名称).
    pub project: String,
    /// What the service covers (服务范围).
    pub scope: String,
    /// The documents the assessment rests on (考核依据), one per line.
    pub basis: Vec<String>,
    /// How several experts' scores combine.
    pub aggregate: Aggregate,
    /// The tables, in the order they are shown.
    pub tables: Vec<TableDef>,
    /// The survey's answers with their weights, best first.
    pub answers: Vec<Answer>,
    /// The grade bands, highest first; the last one is also the veto's.
    pub grades: Vec<Grade>,
    /// The site's own theme folder under themes/, if any.
    pub theme: Option<String>,
    /// True if and only if raw HTML in markdown is passed through.
    pub allow_html: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: Option<String>,
    #[serde(default)]
    organizer: String,
    #[serde(default)]
    project: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    basis: Vec<String>,
    aggregate: Option<Spanned<String>>,
    #[serde(default)]
    tables: Vec<Spanned<RawTable>>,
    survey: Option<RawSurvey>,
    grades: Option<Spanned<Vec<Spanned<RawGrade>>>>,
    theme: Option<String>,
    #[serde(default)]
    allow_html: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    id: Spanned<String>,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurvey {
    weights: Option<Spanned<BTreeMap<String, toml::Value>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    name: String,
    min: toml::Value,
    fee_deduction: toml::Value,
}

/// The survey's four answers (附件一) with the default weights.
const ANSWERS: [(&str, &str, i64); 4] = [
    ("A", "非常满意", 100),
    ("B", "满意", 80),
    ("C", "一般", 60),
    ("D", "有待改进", 40),
];

/// The five grades of the measures (第十七条) and their fee deductions.
const GRADES: [(&str, i64, i64, i64); 5] = [
    ("优秀", 90, 0, 0),
    ("良好", 80, 10, 10),
    ("一般", 70, 20, 20),
    ("合格", 60, 30, 30),
    ("不合格", 0, 50, 100),
];

/// The path of the settings file, relative to the site root.
pub const PATH: &str = "site.toml";

impl SiteConfig {
    /// Reads site.toml's `text`, recording every problem in it.
    pub fn parse(text: &str, problems: &mut Problems) -> Option<SiteConfig> {
        let raw: RawSite = crate::load::toml_file::parse(PATH, text, problems)?;
        let start = problems.len();
        let config = SiteConfig {
            title: raw
                .title
                .unwrap_or_else(|| "政务云服务质量考核".to_string()),
            organizer: raw.organizer,
            project: raw.project,
            scope: raw.scope,
            basis: raw.basis,
            aggregate: aggregate(text, raw.aggregate.as_ref(), problems),
            tables: tables(text, &raw.tables, problems),
            answers: answers(text, raw.survey.and_then(|s| s.weights).as_ref(), problems),
            grades: grades(text, raw.grades.as_ref(), problems),
            theme: raw.theme,
            allow_html: raw.allow_html,
        };
        (problems.len() == start).then_some(config)
    }

    /// The index of the table with id `id`.
    pub fn table_index(&self, id: &str) -> Option<usize> {
        self.tables.iter().position(|t| t.id == id)
    }

    /// The table ids, for messages: `platform, datacenter`.
    pub fn table_ids(&self) -> String {
        let ids: Vec<&str> = self.tables.iter().map(|t| t.id.as_str()).collect();
        ids.join(", ")
    }
}

fn aggregate(text: &str, raw: Option<&Spanned<String>>, problems: &mut Problems) -> Aggregate {
    let Some(raw) = raw else {
        return Aggregate::Mean;
    };
    let all = [Aggregate::Mean, Aggregate::TrimmedMean, Aggregate::Median];
    match all.into_iter().find(|a| a.name() == raw.get_ref()) {
        Some(aggregate) => aggregate,
        None => {
            problems.add(
                PATH,
                line_of(text, raw),
                format!(
                    "aggregate \"{}\" is unknown; expected mean, trimmed-mean or median",
                    raw.get_ref()
                ),
            );
            Aggregate::Mean
        }
    }
}

fn tables(text: &str, raw: &[Spanned<RawTable>], problems: &mut Problems) -> Vec<TableDef> {
    if raw.is_empty() {
        problems.add(
            PATH,
            1,
            "names no table; expected at least one [[tables]] entry with id and title",
        );
    }
    let mut tables: Vec<TableDef> = Vec::new();
    for table in raw {
        let id = table.get_ref().id.get_ref();
        let line = line_of(text, &table.get_ref().id);
        if !super::is_valid_id(id) {
            problems.add(
                PATH,
                line,
                format!("table id \"{id}\" is not valid; expected letters, digits, - and _ only"),
            );
        } else if tables.iter().any(|t| &t.id == id) {
            problems.add(PATH, line, format!("table id \"{id}\" appears twice"));
        }
        tables.push(TableDef {
            id: id.clone(),
            title: table.get_ref().title.clone(),
        });
    }
    tables
}

fn answers(
    text: &str,
    raw: Option<&Spanned<BTreeMap<String, toml::Value>>>,
    problems: &mut Problems,
) -> Vec<Answer> {
    let mut answers: Vec<Answer> = ANSWERS
        .iter()
        .map(|&(key, label, weight)| Answer {
            key,
            label,
            weight: Decimal::from(weight),
        })
        .collect();
    let Some(raw) = raw else {
        return answers;
    };
    let line = line_of(text, raw);
    for (key, value) in raw.get_ref() {
        let Some(answer) = answers.iter_mut().find(|a| a.key == key) else {
            problems.add(
                PATH,
                line,
                format!("survey weight for unknown answer \"{key}\"; expected A, B, C or D"),
            );
            continue;
        };
        match number::from_toml(value) {
            Some(weight) if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&weight) => {
                answer.weight = weight
            }
            _ => problems.add(
                PATH,
                line,
                format!("survey weight {key} = {value} is not a number from 0 to 100"),
            ),
        }
    }
    answers
}

fn grades(
    text: &str,
    raw: Option<&Spanned<Vec<Spanned<RawGrade>>>>,
    problems: &mut Problems,
) -> Vec<Grade> {
    let Some(raw) = raw else {
        return GRADES
            .iter()
            .map(|&(name, min, low, high)| Grade {
                name: name.to_string(),
                min: Decimal::from(min),
                fee_deduction: FeeDeduction {
                    min: Decimal::from(low),
                    max: Decimal::from(high),
                },
            })
            .collect();
    };
    let mut grades: Vec<Grade> = Vec::new();
    // The last grade with a valid min, to check that mins go down.
    let mut previous: Option<(String, Decimal)> = None;
    for spanned in raw.get_ref() {
        let line = line_of(text, spanned);
        let grade = spanned.get_ref();
        let min =
            number::from_toml(&grade.min).filter(|m| (Decimal::ZERO..=100.into()).contains(m));
        let fee = fee_deduction(&grade.fee_deduction);
        if min.is_none() {
            problems.add(
                PATH,
                line,
                format!(
                    "grade {}: min {} is not a number from 0 to 100",
                    grade.name, grade.min
                ),
            );
        }
        if fee.is_none() {
            problems.add(
                PATH,
                line,
                format!(
                    "grade {}: fee_deduction {} is not a percentage or a [low, high] pair of percentages",
                    grade.name, grade.fee_deduction
                ),
            );
        }
        let Some(min) = min else { continue };
        if let Some((name, above)) = previous.as_ref().filter(|(_, above)| *above <= min) {
            problems.add(
                PATH,
                line,
                format!(
                    "grade {}: min {min} is not below the previous grade {name}'s {above}",
                    grade.name
                ),
            );
        }
        previous = Some((grade.name.clone(), min));
        if let Some(fee_deduction) = fee {
            grades.push(Grade {
                name: grade.name.clone(),
                min,
                fee_deduction,
            });
        }
    }
    if previous.is_none_or(|(_, min)| !min.is_zero()) {
        problems.add(
            PATH,
            line_of(text, raw),
            "grades must end with a band whose min is 0, so that every total has a grade",
        );
    }
    grades
}

/// Reads a fee deduction: a percentage, or a `[low, high]` range.
fn fee_deduction(value: &toml::Value) -> Option<FeeDeduction> {
    let percent = |v: &toml::Value| {
        number::from_toml(v).filter(|p| (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(p))
    };
    match value {
        toml::Value::Array(pair) if pair.len() == 2 => {
            let (min, max) = (percent(&pair[0])?, percent(&pair[1])?);
            (min <= max).then_some(FeeDeduction { min, max })
        }
        value => percent(value).map(FeeDeduction::exactly),
    }
}
