//! Fuzzes the loaders: the first byte picks a kind of file, the rest is
//! its content. Whatever the bytes, decoding and parsing must return a
//! value or problems with a line inside the file, never panic.

#![no_main]

use kaohe::load::text;
use kaohe::model::period::Period;
use kaohe::model::rubric::Rubric;
use kaohe::model::sheet::Sheet;
use kaohe::model::site::SiteConfig;
use kaohe::model::survey::{self, Tally};
use kaohe::problem::Problems;
use libfuzzer_sys::fuzz_target;

const SITE: &str = "[[tables]]\nid = \"platform\"\ntitle = \"政务云平台\"\n";
const RUBRIC: &str = "id,category,group,requirement,points,rule\nP01,服务资源提供,团队,驻场。,30,缺人扣分。\nP02,服务质量,故障,处理。,50,超时扣分。\nP03,服务满意度,调查,满意。,20,按调查评分。\n";
const QUESTIONS: &str = "id,text\nQ01,服务意识？\nQ02,规范性？\n";

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = text::decode(bytes) else {
        return;
    };
    let mut fixed = Problems::default();
    let config = SiteConfig::parse(SITE, &mut fixed).expect("valid site.toml");
    let rubric = Rubric::parse("r.csv", RUBRIC, &mut fixed).expect("valid rubric");
    let questions = survey::parse_questions(QUESTIONS, &mut fixed).expect("valid survey");

    let mut problems = Problems::default();
    let accepted = match kind % 6 {
        0 => SiteConfig::parse(&text, &mut problems).is_some(),
        1 => Rubric::parse("file", &text, &mut problems).is_some(),
        2 => Sheet::parse("file", &text, &rubric, &mut problems).is_some(),
        3 => Period::parse("p", &text, &config, &mut problems).is_some(),
        4 => survey::parse_questions(&text, &mut problems).is_some(),
        _ => Tally::parse("file", &text, &questions, &mut problems).is_some(),
    };
    assert!(
        accepted || !problems.is_empty(),
        "refused without a problem"
    );
    let lines = text.matches('\n').count() + 1;
    for problem in problems.as_slice() {
        assert!(problem.line >= 1 && problem.line <= lines + 1, "{problem}");
    }
});
