//! Blank forms to print and hand out: each table's scoring form (评分表)
//! for the experts, and the satisfaction survey form (附件一) for the
//! users of the service.
//!
//! The forms are part of the site so that the office prints exactly the
//! rubric and questions the site scores with. Their fixed wording (the
//! survey's greeting and confidentiality promise) lives in the templates,
//! where a theme may change it; what comes from the site's data is here.

use serde::Serialize;

use super::rubric::RubricView;
use super::{Page, TableRef, table_ref};
use crate::model::Site;

/// The folder the forms are written to.
pub const FOLDER: &str = "forms";

/// Every blank form of the site and the page that lists them.
#[derive(Clone, Debug)]
pub struct Forms {
    /// The page listing the forms.
    pub index: Page<FormsView>,
    /// Each table's scoring form, in table order.
    pub scoring: Vec<Page<ScoringFormView>>,
    /// The satisfaction survey form.
    pub survey: Page<SurveyFormView>,
}

/// What the page listing the forms shows.
#[derive(Clone, Debug, Serialize)]
pub struct FormsView {
    /// Each table's scoring form.
    pub scoring: Vec<FormLink>,
    /// The survey form.
    pub survey: FormLink,
}

/// A link to one form.
#[derive(Clone, Debug, Serialize)]
pub struct FormLink {
    /// The form's title.
    pub title: String,
    /// The form's page, relative to the site root.
    pub href: String,
}

/// A table's blank scoring form: the rubric with empty score and note
/// columns and the expert's signature.
#[derive(Clone, Debug, Serialize)]
pub struct ScoringFormView {
    /// The form's heading, such as 表1 政务云平台服务质量评估评分表.
    pub heading: String,
    /// The rubric, laid out as on its own page.
    pub rubric: RubricView,
}

/// The blank satisfaction survey form.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyFormView {
    /// The project's name (项目名称), printed on the form.
    pub project: String,
    /// The tables, whose providers the form may be about.
    pub tables: Vec<TableRef>,
    /// The questions, numbered from 1.
    pub questions: Vec<QuestionLine>,
    /// The answers to choose from, A to D.
    pub answers: Vec<AnswerBox>,
}

/// One question of the survey form.
#[derive(Clone, Debug, Serialize)]
pub struct QuestionLine {
    /// Its number on the form, from 1.
    pub number: usize,
    /// The question as asked.
    pub text: String,
}

/// One answer to tick.
#[derive(Clone, Debug, Serialize)]
pub struct AnswerBox {
    /// The answer's letter: A, B, C or D.
    pub key: String,
    /// The answer's wording, such as 非常满意.
    pub label: String,
}

impl Forms {
    /// The blank forms of `site`.
    pub fn new(site: &Site) -> Forms {
        let scoring: Vec<Page<ScoringFormView>> = (0..site.config.tables.len())
            .map(|table| scoring_form(site, table))
            .collect();
        let survey = Page {
            path: survey_path(),
            title: "服务满意度调查表".to_string(),
            view: SurveyFormView::new(site),
        };
        let index = Page {
            path: index_path(),
            title: "空白表格".to_string(),
            view: FormsView {
                scoring: scoring.iter().map(link).collect(),
                survey: link(&survey),
            },
        };
        Forms {
            index,
            scoring,
            survey,
        }
    }
}

/// The blank scoring form of table `table`.
fn scoring_form(site: &Site, table: usize) -> Page<ScoringFormView> {
    let rubric = RubricView::new(site, table);
    let heading = format!(
        "表{} {}服务质量评估评分表",
        rubric.table.number, rubric.table.title
    );
    Page {
        path: scoring_path(&site.config.tables[table].id),
        title: heading.clone(),
        view: ScoringFormView { heading, rubric },
    }
}

impl SurveyFormView {
    /// The survey form of `site`.
    fn new(site: &Site) -> SurveyFormView {
        SurveyFormView {
            project: site.config.project.clone(),
            tables: (0..site.config.tables.len())
                .map(|t| table_ref(site, t))
                .collect(),
            questions: site
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| QuestionLine {
                    number: i + 1,
                    text: q.text.clone(),
                })
                .collect(),
            answers: site
                .config
                .answers
                .iter()
                .map(|a| AnswerBox {
                    key: a.key.to_string(),
                    label: a.label.to_string(),
                })
                .collect(),
        }
    }
}

/// A link to the form on `page`.
fn link<T>(page: &Page<T>) -> FormLink {
    FormLink {
        title: page.title.clone(),
        href: page.path.clone(),
    }
}

/// The page listing the forms.
pub fn index_path() -> String {
    format!("{FOLDER}/index.html")
}

/// The blank scoring form of table `id`.
pub fn scoring_path(id: &str) -> String {
    format!("{FOLDER}/scoring-{id}.html")
}

/// The blank survey form.
pub fn survey_path() -> String {
    format!("{FOLDER}/survey.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_live_in_their_own_folder() {
        assert_eq!(index_path(), "forms/index.html");
        assert_eq!(scoring_path("platform"), "forms/scoring-platform.html");
        assert_eq!(survey_path(), "forms/survey.html");
    }
}
