//! Periods (考核期): one round of the assessment, such as 2024年度.
//!
//! A period is the folder `data/periods/<id>/`. Its `period.toml` says
//! when the assessment took place, how far it has gone (status), who
//! assessed (考核组), which provider was assessed for each table, and any
//! veto for a major responsibility incident (重大责任事故).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::number;
use super::sheet::Sheet;
use super::site::SiteConfig;
use super::survey::Tally;
use crate::load::toml_file::line_of;
use crate::problem::Problems;

/// How far a period's assessment has gone, in the measures' cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Scores are still being filled in.
    Draft,
    /// The report is under review (审核报告).
    Review,
    /// The results are published (发布结果).
    Published,
    /// The providers have signed (签字确认).
    Confirmed,
}

impl Status {
    const ALL: [Status; 4] = [
        Status::Draft,
        Status::Review,
        Status::Published,
        Status::Confirmed,
    ];

    /// The name used in period.toml.
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Published => "published",
            Status::Confirmed => "confirmed",
        }
    }

    /// The status as the site shows it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Review => "审核中",
            Status::Published => "已发布",
            Status::Confirmed => "已确认",
        }
    }

    /// True if and only if the results are not final yet.
    pub fn is_provisional(self) -> bool {
        self < Status::Published
    }
}

/// A veto (一票否决): a major incident that fails the table outright.
#[derive(Clone, Debug)]
pub struct Veto {
    /// The index of the table it applies to.
    pub table: usize,
    /// When the incident happened, as YYYY-MM-DD.
    pub date: String,
    /// What happened.
    pub reason: String,
    /// The share of the fee withheld, in percent, where decided.
    pub fee_deduction: Option<Decimal>,
}

/// One period, with the sheets and tallies read for it.
#[derive(Clone, Debug)]
pub struct Period {
    /// The folder name, such as `2024`.
    pub id: String,
    /// The label shown, such as 2024年度.
    pub label: String,
    /// The date of the assessment (考核时间), as YYYY-MM-DD.
    pub date: String,
    /// How far the assessment has gone.
    pub status: Status,
    /// The head of the assessment group (考核组长).
    pub leader: String,
    /// The members of the assessment group (考核成员).
    pub members: Vec<String>,
    /// For each table of the site, the provider assessed, if any.
    pub providers: Vec<Option<String>>,
    /// The vetoes, in file order.
    pub vetoes: Vec<Veto>,
    /// For each table of the site, its score sheet, if assessed.
    pub sheets: Vec<Option<Sheet>>,
    /// For each table of the site, its survey tally, if any.
    pub tallies: Vec<Option<Tally>>,
    /// The assessment group's conclusion, as markdown.
    pub conclusion: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    label: Option<String>,
    date: Option<Spanned<toml::Value>>,
    status: Option<Spanned<String>>,
    #[serde(default)]
    leader: String,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    providers: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    veto: Vec<RawVeto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVeto {
    table: Spanned<String>,
    date: Option<Spanned<toml::Value>>,
    reason: Option<Spanned<String>>,
    fee_deduction: Option<Spanned<toml::Value>>,
}

/// The path of period `id`'s settings, relative to the site root.
pub fn path(id: &str) -> String {
    format!("data/periods/{id}/period.toml")
}

impl Period {
    /// Reads period `id`'s period.toml, recording every problem in it.
    /// The sheets, tallies and conclusion are left for the caller to add.
    pub fn parse(
        id: &str,
        text: &str,
        config: &SiteConfig,
        problems: &mut Problems,
    ) -> Option<Period> {
        let path = path(id);
        let raw: RawPeriod = crate::load::toml_file::parse(&path, text, problems)?;
        let start = problems.len();
        let key_line = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map_or(1, |i| i + 1)
        };
        let date = match &raw.date {
            None => {
                problems.add(
                    &path,
                    1,
                    "missing key \"date\"; expected the assessment date as date = \"YYYY-MM-DD\"",
                );
                String::new()
            }
            Some(date) => parse_date(date.get_ref()).unwrap_or_else(|| {
                problems.add(
                    &path,
                    line_of(text, date),
                    format!(
                        "date {} is not a valid date; expected YYYY-MM-DD",
                        date.get_ref()
                    ),
                );
                String::new()
            }),
        };
        let status = match &raw.status {
            None => {
                problems.add(&path, 1, "missing key \"status\"; expected draft, review, published or confirmed");
                Status::Draft
            }
            Some(status) => Status::ALL.into_iter().find(|s| s.name() == status.get_ref()).unwrap_or_else(|| {
                problems.add(
                    &path,
                    line_of(text, status),
                    format!("status \"{}\" is unknown; expected draft, review, published or confirmed", status.get_ref()),
                );
                Status::Draft
            }),
        };
        let mut providers = vec![None; config.tables.len()];
        for (table, provider) in &raw.providers {
            match config.table_index(table.get_ref()) {
                Some(_) if provider.get_ref().trim().is_empty() => problems.add(
                    &path,
                    line_of(text, provider),
                    format!(
                        "provider for table {} is empty; expected the provider's name",
                        table.get_ref()
                    ),
                ),
                Some(index) => providers[index] = Some(provider.get_ref().trim().to_string()),
                None => problems.add(
                    &path,
                    line_of(text, table),
                    format!(
                        "provider for unknown table \"{}\"; site.toml names {}",
                        table.get_ref(),
                        config.table_ids()
                    ),
                ),
            }
        }
        if raw.providers.is_empty() {
            problems.add(
                &path,
                key_line("[providers]"),
                "names no provider; expected a [providers] table such as platform = \"…\"",
            );
        }
        let vetoes = raw
            .veto
            .iter()
            .filter_map(|veto| parse_veto(&path, text, veto, config, &providers, problems))
            .collect();
        let period = Period {
            id: id.to_string(),
            label: raw.label.unwrap_or_else(|| id.to_string()),
            date,
            status,
            leader: raw.leader,
            members: raw.members,
            providers,
            vetoes,
            sheets: vec![None; config.tables.len()],
            tallies: vec![None; config.tables.len()],
            conclusion: None,
        };
        (problems.len() == start).then_some(period)
    }

    /// The veto on table `table`, if there is one.
    pub fn veto(&self, table: usize) -> Option<&Veto> {
        self.vetoes.iter().find(|v| v.table == table)
    }
}

/// Reads one `[[veto]]` entry; `providers` says which tables the period
/// assesses, since only those can be vetoed.
fn parse_veto(
    path: &str,
    text: &str,
    raw: &RawVeto,
    config: &SiteConfig,
    providers: &[Option<String>],
    problems: &mut Problems,
) -> Option<Veto> {
    let line = line_of(text, &raw.table);
    let start = problems.len();
    let name = raw.table.get_ref();
    let table = config.table_index(name);
    match table {
        None => problems.add(
            path,
            line,
            format!(
                "veto for unknown table \"{name}\"; site.toml names {}",
                config.table_ids()
            ),
        ),
        Some(index) if providers[index].is_none() => problems.add(
            path,
            line,
            format!(
                "veto for table {name}, which this period does not assess; expected {name} = \"…\" under [providers]"
            ),
        ),
        Some(_) => {}
    }
    let date = match &raw.date {
        None => {
            problems.add(
                path,
                line,
                "veto without a date; expected date = \"YYYY-MM-DD\", the day of the incident",
            );
            None
        }
        Some(date) => parse_date(date.get_ref()).or_else(|| {
            problems.add(
                path,
                line_of(text, date),
                format!(
                    "veto date {} is not a valid date; expected YYYY-MM-DD",
                    date.get_ref()
                ),
            );
            None
        }),
    };
    let reason = match &raw.reason {
        Some(reason) if !reason.get_ref().trim().is_empty() => {
            Some(reason.get_ref().trim().to_string())
        }
        _ => {
            problems.add(
                path,
                line,
                "veto without a reason; expected reason = \"…\", the incident",
            );
            None
        }
    };
    let fee_deduction = raw.fee_deduction.as_ref().and_then(|fee| {
        let number = number::from_toml(fee.get_ref());
        let value = number.filter(|v| *v >= Decimal::from(50) && *v <= Decimal::ONE_HUNDRED);
        if value.is_none() {
            let what = if number.is_some() {
                "is out of range"
            } else {
                "is not a number"
            };
            problems.add(
                path,
                line_of(text, fee),
                format!(
                    "veto fee_deduction {} {what}; expected a percentage from 50 to 100, such as fee_deduction = 60",
                    fee.get_ref()
                ),
            );
        }
        value
    });
    if problems.len() > start {
        return None;
    }
    Some(Veto {
        table: table?,
        date: date?,
        reason: reason?,
        fee_deduction,
    })
}

/// The line of table `table`'s entry under `[providers]` in `text`, a
/// period.toml, or 1 where it cannot be found.
pub fn provider_line(text: &str, table: &str) -> usize {
    #[derive(Deserialize)]
    struct Providers {
        #[serde(default)]
        providers: BTreeMap<Spanned<String>, toml::Value>,
    }
    toml::from_str::<Providers>(text)
        .ok()
        .and_then(|raw| {
            let key = raw.providers.into_keys().find(|k| k.get_ref() == table)?;
            Some(line_of(text, &key))
        })
        .unwrap_or(1)
}

/// Reads a date given as a TOML date (`2024-12-20`) or a string
/// (`"2024-12-20"`), returning it as YYYY-MM-DD if it is a real day.
pub fn parse_date(value: &toml::Value) -> Option<String> {
    let text = match value {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        _ => return None,
    };
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    if y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || !text.chars().all(|c| c.is_ascii_digit() || c == '-')
    {
        return None;
    }
    let (year, month, day): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (day >= 1 && day <= days).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_days() {
        let s = |t: &str| toml::Value::String(t.to_string());
        assert_eq!(parse_date(&s("2024-02-29")).as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date(&s("2023-02-29")), None);
        assert_eq!(parse_date(&s("2024-13-01")), None);
        assert_eq!(parse_date(&s("2024-1-01")), None);
        assert_eq!(parse_date(&s("24-01-01")), None);
        assert_eq!(parse_date(&toml::Value::Integer(2024)), None);
    }
}
