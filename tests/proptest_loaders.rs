//! Property tests of the loaders on hostile bytes: whatever a file holds
//! (random bytes, a valid file cut short anywhere, a byte changed), the
//! parsers either accept it or report problems with a line inside the
//! file. They never panic.

use kaohe::load::text;
use kaohe::model::period::Period;
use kaohe::model::rubric::Rubric;
use kaohe::model::sheet::Sheet;
use kaohe::model::site::SiteConfig;
use kaohe::model::survey::{self, Tally};
use kaohe::problem::Problems;
use proptest::prelude::*;

const SITE: &str = "title = \"考核\"\naggregate = \"trimmed-mean\"\n\n[[tables]]\nid = \"platform\"\ntitle = \"政务云平台\"\n\n[[grades]]\nname = \"优秀\"\nmin = 90\nfee_deduction = 0\n\n[[grades]]\nname = \"不合格\"\nmin = 0\nfee_deduction = [50, 100]\n";

const RUBRIC: &str = "id,category,group,requirement,points,rule\nP01,服务资源提供,服务团队,组成驻场团队。,30,缺 1 人扣 10 分。\nP02,服务质量,故障处理,\"及时处理故障，\"\"当日\"\"闭环。\",50,超时扣 5 分。\nP03,服务满意度,调查,用户满意。,20,按调查评分。\n";

const SHEET: &str = "item,expert,score,note\nP01,专家甲,30,\nP02,专家甲,45,\"超时 1 次，已督办\"\nP03,专家甲,18,\nP01,专家乙,28,缺 1 人\nP02,,50,\nP03,,20,\n";

const PERIOD: &str = "label = \"2024年度\"\ndate = \"2024-12-20\"\nstatus = \"published\"\nleader = \"刘组长\"\nmembers = [\"陈专家\"]\n\n[providers]\nplatform = \"示例科技有限公司\"\n\n[[veto]]\ntable = \"platform\"\ndate = 2024-07-03\nreason = \"机房断电\"\nfee_deduction = 60\n";

const QUESTIONS: &str = "id,text\nQ01,您对服务意识是否满意？\nQ02,您对规范性是否满意？\n";

const TALLY: &str = "question,A,B,C,D\nQ01,10,5,1,0\nQ02,8,6,,2\n";

/// Which file a test feeds to the loaders.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Site,
    Rubric,
    Sheet,
    Period,
    Questions,
    Tally,
}

impl Kind {
    fn valid(self) -> &'static str {
        match self {
            Kind::Site => SITE,
            Kind::Rubric => RUBRIC,
            Kind::Sheet => SHEET,
            Kind::Period => PERIOD,
            Kind::Questions => QUESTIONS,
            Kind::Tally => TALLY,
        }
    }
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Site),
        Just(Kind::Rubric),
        Just(Kind::Sheet),
        Just(Kind::Period),
        Just(Kind::Questions),
        Just(Kind::Tally),
    ]
}

/// Decodes `bytes` and parses them as a `kind` file, returning the
/// problems found and the decoded text's line count. Accepting the file
/// and finding problems are both fine; a panic fails the test.
fn load(kind: Kind, bytes: &[u8]) -> (Problems, usize) {
    let mut problems = Problems::default();
    let text = match text::decode(bytes) {
        Ok(text) => text,
        Err(err) => {
            problems.add("file", err.line, err.message);
            let lines = bytes.split(|&b| b == b'\n').count();
            return (problems, lines);
        }
    };
    let lines = text.matches('\n').count() + 1;
    let mut scratch = Problems::default();
    let config = SiteConfig::parse(SITE, &mut scratch).expect("valid site.toml");
    let rubric = Rubric::parse("r.csv", RUBRIC, &mut scratch).expect("valid rubric");
    let questions = survey::parse_questions(QUESTIONS, &mut scratch).expect("valid survey");
    let accepted = match kind {
        Kind::Site => SiteConfig::parse(&text, &mut problems).is_some(),
        Kind::Rubric => Rubric::parse("file", &text, &mut problems).is_some(),
        Kind::Sheet => Sheet::parse("file", &text, &rubric, &mut problems).is_some(),
        Kind::Period => Period::parse("2024", &text, &config, &mut problems).is_some(),
        Kind::Questions => survey::parse_questions(&text, &mut problems).is_some(),
        Kind::Tally => Tally::parse("file", &text, &questions, &mut problems).is_some(),
    };
    assert!(
        accepted || !problems.is_empty(),
        "{kind:?} refused without a problem:\n{text}"
    );
    (problems, lines)
}

/// Asserts that every problem points at a line of the file.
fn lines_are_inside(problems: &Problems, lines: usize) -> Result<(), TestCaseError> {
    for problem in problems.as_slice() {
        prop_assert!(
            problem.line >= 1 && problem.line <= lines + 1,
            "line {} of a {lines}-line file: {}",
            problem.line,
            problem.message
        );
        prop_assert!(!problem.message.is_empty());
    }
    Ok(())
}

#[test]
fn the_valid_files_load_without_problems() {
    for kind in [
        Kind::Site,
        Kind::Rubric,
        Kind::Sheet,
        Kind::Period,
        Kind::Questions,
        Kind::Tally,
    ] {
        let (problems, _) = load(kind, kind.valid().as_bytes());
        assert!(problems.is_empty(), "{kind:?}: {:?}", problems.as_slice());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(kind in kind(), bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let (problems, lines) = load(kind, &bytes);
        lines_are_inside(&problems, lines)?;
    }

    #[test]
    fn a_file_cut_short_anywhere_never_panics(kind in kind(), cut in 0.0f64..1.0) {
        let bytes = kind.valid().as_bytes();
        let end = (bytes.len() as f64 * cut) as usize;
        let (problems, lines) = load(kind, &bytes[..end]);
        lines_are_inside(&problems, lines)?;
    }

    #[test]
    fn a_changed_byte_never_panics(
        kind in kind(),
        at in 0.0f64..1.0,
        byte in prop_oneof![any::<u8>(), Just(b'"'), Just(b','), Just(b'\n'), Just(b'['), Just(b'=')],
    ) {
        let mut bytes = kind.valid().as_bytes().to_vec();
        let index = ((bytes.len() as f64 * at) as usize).min(bytes.len() - 1);
        bytes[index] = byte;
        let (problems, lines) = load(kind, &bytes);
        lines_are_inside(&problems, lines)?;
    }
}
