//! A period's overview page: every table's result, the survey and the
//! assessment group's conclusion.
//!
//! The overview gives each table's survey in one row (forms returned, the
//! share of each answer and the index); the answers question by question,
//! with their chart, are on the table's scorecard, so that an overview of
//! many tables stays a page a browser opens at once.

use serde::Serialize;

use super::{
    Chart, PeriodRef, Shared, Summaries, Summary, TableRef, assessed, scorecard_path, table_ref,
};
use crate::model::Site;
use crate::render::rows;
use crate::score::{Results, SurveyResult, format_score};

/// What a period's overview shows.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodView {
    /// The period.
    pub period: PeriodRef,
    /// The head of the assessment group (考核组长).
    pub leader: String,
    /// The members of the assessment group, joined with 、.
    pub members: String,
    /// The results of the tables assessed, in the site's order.
    pub tables: Vec<Summary>,
    /// The survey results in brief, for the tables whose answers were
    /// tallied.
    pub surveys: Vec<SurveyRow>,
    /// The survey's answers, as column heads: A 非常满意, ….
    pub answers: Vec<AnswerView>,
    /// The assessment group's conclusion, rendered.
    pub conclusion: Option<String>,
    /// The period before, if any.
    pub previous: Option<PeriodRef>,
    /// The period after, if any.
    pub next: Option<PeriodRef>,
    /// Charts for the period.
    pub charts: Vec<Chart>,
}

/// A survey answer and its weight.
#[derive(Clone, Debug, Serialize)]
pub struct AnswerView {
    /// The column letter: A, B, C or D.
    pub key: &'static str,
    /// The answer as the form words it, such as 非常满意.
    pub label: &'static str,
    /// Its weight in the satisfaction index.
    pub weight: String,
}

/// One table's survey results in brief: a row of the overview.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyRow {
    /// The table.
    pub table: TableRef,
    /// The provider assessed.
    pub provider: String,
    /// The forms returned: the most answers any question received.
    pub responses: u64,
    /// The satisfaction index over all answers.
    pub index: Option<String>,
    /// The share of each answer over all questions, in percent.
    pub shares: Vec<String>,
    /// The survey's results question by question, on the scorecard.
    pub href: String,
}

/// One table's survey results, question by question.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyView {
    /// The forms returned: the most answers any question received.
    pub responses: u64,
    /// The satisfaction index over all answers.
    pub index: Option<String>,
    /// Each question's results, for a theme's own scorecard template;
    /// empty with the default one, which places `questions_html`.
    pub questions: Vec<QuestionView>,
    /// Each question's row of the survey table, as HTML marked safe (see
    /// [`crate::render::rows`]).
    pub questions_html: Shared,
    /// The count of each answer over all questions.
    pub totals: Vec<u64>,
    /// The share of each answer over all questions, in percent.
    pub shares: Vec<String>,
    /// The answers to each question, drawn.
    pub chart: Option<Chart>,
    /// The survey's answers, as column heads: A 非常满意, ….
    pub answers: Vec<AnswerView>,
}

/// One survey question's results.
#[derive(Clone, Debug, Serialize)]
pub struct QuestionView {
    /// The question's number in the survey, from 1.
    pub number: usize,
    /// The question as asked.
    pub text: String,
    /// The count of each answer, A to D.
    pub counts: Vec<u64>,
    /// The question's satisfaction index, if it was answered.
    pub index: Option<String>,
}

impl PeriodView {
    /// The overview of period `index`, with its conclusion rendered.
    pub fn new(
        site: &Site,
        results: &Results,
        summaries: &Summaries,
        index: usize,
        conclusion: Option<String>,
    ) -> PeriodView {
        let period = &site.periods[index];
        let tables = assessed(results, index)
            .filter_map(|(table, _)| summaries.get(index, table))
            .collect();
        let surveys = assessed(results, index)
            .filter_map(|(table, result)| {
                let survey = result.survey.as_ref()?;
                let (_, shares) = answer_totals(survey);
                Some(SurveyRow {
                    table: table_ref(site, table),
                    provider: result.provider.clone(),
                    responses: survey.responses,
                    index: survey.index.map(format_score),
                    shares,
                    href: format!(
                        "{}#survey",
                        scorecard_path(&period.id, &site.config.tables[table].id)
                    ),
                })
            })
            .collect();
        PeriodView {
            period: PeriodRef::new(period),
            leader: period.leader.clone(),
            members: period.members.join("、"),
            tables,
            surveys,
            answers: answer_views(site),
            conclusion,
            previous: index
                .checked_sub(1)
                .map(|i| PeriodRef::new(&site.periods[i])),
            next: site.periods.get(index + 1).map(PeriodRef::new),
            charts: Vec::new(),
        }
    }
}

/// The survey's answers and their weights, as column heads.
fn answer_views(site: &Site) -> Vec<AnswerView> {
    site.config
        .answers
        .iter()
        .map(|a| AnswerView {
            key: a.key,
            label: a.label,
            weight: crate::score::format_points(a.weight),
        })
        .collect()
}

/// The count of each answer over all questions of `survey`, and its
/// share of all answers.
fn answer_totals(survey: &SurveyResult) -> (Vec<u64>, Vec<String>) {
    let mut totals = vec![0u64; 4];
    for question in &survey.questions {
        for (sum, count) in totals.iter_mut().zip(question.counts) {
            *sum += count;
        }
    }
    let all: u64 = totals.iter().sum();
    let shares = totals.iter().map(|&count| percent(count, all)).collect();
    (totals, shares)
}

/// The survey results `survey`, question by question, without their
/// chart; with `data_rows`, for a theme's own scorecard template, each
/// question is given as data as well as HTML.
pub fn survey_view(site: &Site, survey: &SurveyResult, data_rows: bool) -> SurveyView {
    let (totals, shares) = answer_totals(survey);
    let questions: Vec<QuestionView> = site
        .questions
        .iter()
        .zip(&survey.questions)
        .enumerate()
        .map(|(i, (question, result))| QuestionView {
            number: i + 1,
            text: question.text.clone(),
            counts: result.counts.to_vec(),
            index: result.index.map(format_score),
        })
        .collect();
    let mut html = String::with_capacity(questions.len() * 160);
    for question in &questions {
        rows::write_question(&mut html, question);
    }
    SurveyView {
        responses: survey.responses,
        index: survey.index.map(format_score),
        questions: if data_rows { questions } else { Vec::new() },
        questions_html: tera::Value::safe_string(&html),
        totals,
        shares,
        chart: None,
        answers: answer_views(site),
    }
}

/// `part` of `whole` in percent with one decimal: `84.4%`.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    let share = rust_decimal::Decimal::from(part * 100) / rust_decimal::Decimal::from(whole);
    let share =
        share.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{share:.1}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_half_up_to_one_decimal() {
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(1, 8), "12.5%");
        assert_eq!(percent(1, 2), "50.0%");
        assert_eq!(percent(0, 0), "—");
    }
}
