//! A provider's share: the site cut down to what one provider may see.
//!
//! The assessing office hands each provider a read-only copy of its own
//! results, and the measures hold the assessment confidential (保密). So a
//! share keeps only the periods and tables where the provider was
//! assessed, and leaves out everything else: other providers' names,
//! scores, notes and survey results, and the experts' names and
//! individual scores, of which only the combined score per item is kept.
//!
//! The cut is made on the loaded `Site`, before anything is scored or
//! rendered, so every page, chart and data file of the build is drawn from
//! the cut site alone and none can leak what it does not hold.

use std::fmt;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::model::Site;
use crate::model::period::Period;
use crate::model::rubric::Rubric;
use crate::model::sheet::{Mark, Sheet};
use crate::score::{PeriodResult, Results};

/// A provider name that no period names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownProvider {
    /// The name asked for.
    pub name: String,
    /// The providers the site names, in order of first appearance.
    pub known: Vec<String>,
}

impl fmt::Display for UnknownProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no period names provider \"{}\"; ", self.name)?;
        if self.known.is_empty() {
            write!(f, "the site names no provider")
        } else {
            write!(f, "the providers are: {}", self.known.join(", "))
        }
    }
}

/// The providers named anywhere in `site`, in order of first appearance.
pub fn providers(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in site
        .periods
        .iter()
        .flat_map(|p| p.providers.iter().flatten())
    {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// The names of every expert in `site`'s sheets.
fn experts(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let sheets = site.periods.iter().flat_map(|p| p.sheets.iter().flatten());
    for name in sheets.flat_map(|s| &s.experts) {
        if !name.is_empty() && !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// Where a share is written unless told otherwise: `shares/<name>/` under
/// the site folder, with characters file systems refuse replaced by `_`.
pub fn default_out(root: &Path, name: &str) -> PathBuf {
    let folder: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    root.join("shares").join(folder)
}

/// `site` cut down to what provider `name` may see, titled with its name,
/// or an error naming the known providers when no period names it.
pub fn for_provider(site: &Site, name: &str) -> Result<Site, UnknownProvider> {
    let name = name.trim();
    let known = providers(site);
    if !known.iter().any(|k| k == name) {
        return Err(UnknownProvider {
            name: name.to_string(),
            known,
        });
    }
    let mut secret: Vec<String> = known.into_iter().filter(|k| k != name).collect();
    secret.extend(experts(site));

    let results = Results::compute(site);
    let periods = site
        .periods
        .iter()
        .zip(&results.periods)
        .filter_map(|(period, result)| cut_period(site, period, result, name, &secret))
        .collect();
    let pages = site
        .pages
        .iter()
        .filter(|(_, text)| !mentions_any(text, &secret))
        .cloned()
        .collect();
    let mut config = site.config.clone();
    config.title = format!("{} · {name}", config.title);
    Ok(Site {
        config,
        rubrics: site.rubrics.clone(),
        questions: site.questions.clone(),
        periods,
        pages,
        drafts_left_out: Vec::new(),
    })
}

/// `period` with only the tables `name` was assessed on, or `None` when
/// it assessed `name` on none.
fn cut_period(
    site: &Site,
    period: &Period,
    result: &PeriodResult,
    name: &str,
    secret: &[String],
) -> Option<Period> {
    let own: Vec<bool> = period
        .providers
        .iter()
        .map(|p| p.as_deref() == Some(name))
        .collect();
    if !own.contains(&true) {
        return None;
    }
    let mut cut = period.clone();
    for (table, &own) in own.iter().enumerate() {
        if !own {
            cut.providers[table] = None;
            cut.sheets[table] = None;
            cut.tallies[table] = None;
            continue;
        }
        let combined = result.tables[table].as_ref().map(|r| &r.items);
        cut.sheets[table] = match (&period.sheets[table], combined) {
            (Some(sheet), Some(items)) => {
                let scores: Vec<Decimal> = items.iter().map(|i| i.score).collect();
                Some(combine(sheet, &site.rubrics[table], &scores))
            }
            _ => None,
        };
    }
    cut.vetoes.retain(|v| own[v.table]);
    cut.conclusion = period
        .conclusion
        .as_deref()
        .and_then(|text| own_paragraphs(text, name, secret));
    Some(cut)
}

/// `sheet` as if one anonymous expert had given each item its combined
/// score from `scores`, with every expert's note on the item kept.
fn combine(sheet: &Sheet, rubric: &Rubric, scores: &[Decimal]) -> Sheet {
    let marks = sheet
        .marks
        .iter()
        .zip(&rubric.items)
        .zip(scores)
        .map(|((marks, item), &score)| {
            let mut notes: Vec<&str> = Vec::new();
            for mark in marks {
                if !mark.note.is_empty() && !notes.contains(&mark.note.as_str()) {
                    notes.push(&mark.note);
                }
            }
            let by_deduction = marks.iter().any(|m| m.deduction.is_some());
            vec![Mark {
                score,
                deduction: by_deduction.then(|| item.points - score),
                note: notes.join("；"),
                line: marks.first().map_or(1, |m| m.line),
            }]
        })
        .collect();
    Sheet {
        path: sheet.path.clone(),
        experts: vec![String::new()],
        marks,
    }
}

/// The conclusion `text` with only its front matter and the paragraphs
/// that name provider `name` and nothing in `secret`; `None` when no such
/// paragraph is left.
fn own_paragraphs(text: &str, name: &str, secret: &[String]) -> Option<String> {
    let (front, body) = split_front_matter(text);
    if mentions_any(front, secret) {
        return None;
    }
    let kept: Vec<&str> = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.contains(name) && !mentions_any(p, secret))
        .collect();
    if kept.is_empty() {
        return None;
    }
    Some(format!("{front}\n{}\n", kept.join("\n\n")))
}

/// Splits a markdown page into its `+++` front matter (with the closing
/// line) and its body.
fn split_front_matter(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return ("", text);
    };
    match rest.find("\n+++\n") {
        Some(end) => text.split_at(4 + end + 5),
        None => ("", text),
    }
}

/// True if and only if `text` contains any of `names`.
fn mentions_any(text: &str, names: &[String]) -> bool {
    names.iter().any(|n| text.contains(n.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conclusion_keeps_only_paragraphs_about_the_provider() {
        let text = "+++\ntitle = \"结论\"\n+++\n\n甲公司得分 90 分。\n\n乙公司得分 80 分。\n\n甲公司与乙公司均需整改。\n\n两家均需整改。\n";
        let secret = ["乙公司".to_string()];
        assert_eq!(
            own_paragraphs(text, "甲公司", &secret).as_deref(),
            Some("+++\ntitle = \"结论\"\n+++\n\n甲公司得分 90 分。\n")
        );
        assert_eq!(own_paragraphs(text, "丙公司", &secret), None);
    }

    #[test]
    fn a_page_without_front_matter_is_all_body() {
        assert_eq!(split_front_matter("正文"), ("", "正文"));
        assert_eq!(
            split_front_matter("+++\na = 1\n+++\n正文"),
            ("+++\na = 1\n+++\n", "正文")
        );
    }

    #[test]
    fn an_unknown_provider_lists_the_known_ones() {
        let error = UnknownProvider {
            name: "丙".to_string(),
            known: vec!["甲".to_string(), "乙".to_string()],
        };
        assert_eq!(
            error.to_string(),
            "no period names provider \"丙\"; the providers are: 甲, 乙"
        );
    }
}
