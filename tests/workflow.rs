//! The assessment workflow from the command line: `kaohe init` writes a
//! site that checks at once, `kaohe new` starts a draft period whose
//! blank sheets `check --drafts` reports as the work left to do, and a
//! draft is left out of `check` until it is asked for.

mod workflow_support;

use std::fs;
use std::path::Path;

use workflow_support::{edit, init_site, kaohe, kaohe_at};

/// What `check` prints for the example period `kaohe init` writes.
const EXAMPLE_TOTALS: &str = "example  platform  99.00  优秀\nexample  datacenter  99.00  优秀\n";

/// The number of items of the two rubrics `kaohe init` writes.
const PLATFORM_ITEMS: usize = 35;
const DATACENTER_ITEMS: usize = 39;

#[test]
fn init_writes_a_site_that_checks_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let run = kaohe(&["init", root.to_str().expect("UTF-8")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("  site.toml\n"));
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).expect(".gitignore"),
        "/public/\n/shares/\n"
    );
    assert!(run.stdout.contains("  data/periods/example/platform.csv\n"));
    assert!(run.stdout.contains("kaohe new 2026 --date 2026-12-18"));
    assert_eq!(run.stderr, "");

    let check = kaohe_at(&root, &["check"]);
    assert_eq!((check.status, check.stdout.as_str()), (0, EXAMPLE_TOTALS));
    assert_eq!(check.stderr, "");
}

#[test]
fn init_embeds_the_repository_rubrics_and_survey() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rel in [
        "data/rubrics/platform.csv",
        "data/rubrics/datacenter.csv",
        "data/survey.csv",
        "content/measures.md",
    ] {
        let written = fs::read(root.join(rel)).expect("written");
        assert_eq!(written, fs::read(repo.join(rel)).expect("in repo"), "{rel}");
    }
    let site = fs::read_to_string(root.join("site.toml")).expect("site.toml");
    assert!(site.contains("# 站点标题"), "Chinese comments");
    assert!(site.contains("# The site's title"), "English comments");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    let run = kaohe(&["init", dir.path().to_str().expect("UTF-8")]);
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "error: {} is not empty; kaohe init writes a new site only into an empty or new folder\n",
            dir.path().display()
        )
    );
    let names: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(names.len(), 1, "nothing written beside notes.txt");
}

#[test]
fn init_accepts_a_folder_holding_only_a_git_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join(".git")).expect("mkdir");
    let run = kaohe(&["init", dir.path().to_str().expect("UTF-8")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(dir.path().join("site.toml").is_file());
}

#[test]
fn init_accepts_an_empty_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = kaohe(&["init", dir.path().to_str().expect("UTF-8")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(dir.path().join("site.toml").is_file());
}

#[test]
fn new_writes_a_draft_with_blank_sheets_for_each_expert() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let run = kaohe_at(
        &root,
        &["new", "2026", "--date", "2026-12-18", "--experts", "3"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("started period 2026 (draft) in "));
    assert!(run.stdout.contains("  data/periods/2026/period.toml\n"));

    let folder = root.join("data/periods/2026");
    let toml = fs::read_to_string(folder.join("period.toml")).expect("period.toml");
    assert!(toml.contains("label = \"2026年度\"\ndate = \"2026-12-18\"\n"));
    assert!(toml.contains("status = \"draft\"\n"));
    assert!(
        toml.contains("platform = \"示例云科技有限公司\""),
        "previous provider"
    );
    assert!(
        toml.contains("datacenter = \"示例通信有限公司\""),
        "previous provider"
    );

    let sheet = fs::read(folder.join("platform.csv")).expect("sheet");
    assert!(sheet.starts_with(
        "\u{FEFF}expert,item,category,group,requirement,points,score,note\r\n".as_bytes()
    ));
    let sheet = String::from_utf8(sheet).expect("UTF-8");
    assert_eq!(sheet.lines().count(), 1 + 3 * PLATFORM_ITEMS);
    assert!(
        sheet.contains("\r\n专家1,P01,服务资源提供,服务团队,组成 5 人驻场运维服务团队。,3,,\r\n")
    );
    assert!(sheet.contains("\r\n专家3,P35,"));

    let tally = fs::read_to_string(folder.join("survey/datacenter.csv")).expect("tally");
    assert!(tally.starts_with("\u{FEFF}question,text,A,B,C,D\r\n"));
    assert!(tally.contains("\r\nQ01,您对运维服务人员的服务意识是否满意？,0,0,0,0\r\n"));
    assert_eq!(tally.lines().count(), 11);
}

#[test]
fn a_new_period_without_experts_has_no_expert_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let run = kaohe_at(&root, &["new", "2026", "--date", "2026-12-18"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let sheet = fs::read_to_string(root.join("data/periods/2026/datacenter.csv")).expect("sheet");
    assert!(sheet.starts_with("\u{FEFF}item,category,group,requirement,points,score,note\r\n"));
    assert_eq!(sheet.lines().count(), 1 + DATACENTER_ITEMS);
}

#[test]
fn a_new_draft_is_left_out_of_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let run = kaohe_at(
        &root,
        &["new", "2026", "--date", "2026-12-18", "--experts", "2"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let check = kaohe_at(&root, &["check"]);
    assert_eq!((check.status, check.stdout.as_str()), (0, EXAMPLE_TOTALS));
    assert_eq!(
        check.stderr,
        "note: draft period 2026 left out; add --drafts to include it\n"
    );
}

#[test]
fn check_drafts_lists_every_score_left_to_fill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    kaohe_at(
        &root,
        &["new", "2026", "--date", "2026-12-18", "--experts", "2"],
    );
    let check = kaohe_at(&root, &["check", "--drafts"]);
    assert_eq!(check.status, 1);
    assert_eq!(check.stdout, "");
    let lines: Vec<&str> = check.stderr.lines().collect();
    let empty = 2 * (PLATFORM_ITEMS + DATACENTER_ITEMS);
    assert_eq!(lines.len(), empty + 1);
    assert_eq!(
        lines[0],
        "data/periods/2026/datacenter.csv:2: item D01 for expert 专家1: empty score; expected a number from 0 to 4"
    );
    let second_expert = 2 + DATACENTER_ITEMS;
    assert_eq!(
        lines[DATACENTER_ITEMS],
        format!(
            "data/periods/2026/datacenter.csv:{second_expert}: item D01 for expert 专家2: empty score; expected a number from 0 to 4"
        )
    );
    assert_eq!(
        lines[empty],
        format!("error: {empty} problems found; fix them and run again")
    );
}

#[test]
fn a_filled_period_checks_once_its_status_moves_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    kaohe_at(
        &root,
        &["new", "2026", "--date", "2026-12-18", "--experts", "3"],
    );
    let folder = root.join("data/periods/2026");
    fill_sheet(
        &folder.join("platform.csv"),
        |expert, points| match expert {
            "专家1" => points,
            _ => points / 2.0,
        },
    );
    fill_sheet(&folder.join("datacenter.csv"), |_, points| points);

    let drafts = kaohe_at(&root, &["check", "--drafts"]);
    let expected =
        format!("{EXAMPLE_TOTALS}2026  platform  50.00  不合格\n2026  datacenter  100.00  优秀\n");
    assert_eq!(
        (drafts.status, drafts.stdout.as_str()),
        (0, expected.as_str()),
        "{}",
        drafts.stderr
    );
    let without = kaohe_at(&root, &["check"]);
    assert_eq!(without.stdout, EXAMPLE_TOTALS);

    edit(
        &folder.join("period.toml"),
        "status = \"draft\"",
        "status = \"review\"",
    );
    let check = kaohe_at(&root, &["check"]);
    assert_eq!(
        (check.status, check.stdout.as_str()),
        (0, expected.as_str())
    );
}

#[test]
fn new_without_an_earlier_period_leaves_the_providers_to_fill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let run = kaohe_at(&root, &["new", "2025", "--date", "2025-06-30"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let path = root.join("data/periods/2025/period.toml");
    let toml = fs::read_to_string(&path).expect("period.toml");
    let platform = toml
        .lines()
        .position(|l| l.starts_with("platform = \"\""))
        .expect("placeholder");
    let datacenter = toml
        .lines()
        .position(|l| l.starts_with("datacenter = \"\""))
        .expect("placeholder");

    let check = kaohe_at(&root, &["check", "--drafts"]);
    assert_eq!(check.status, 1);
    assert_eq!(
        check.stderr,
        format!(
            "data/periods/2025/period.toml:{}: provider for table datacenter is empty; expected the provider's name\n\
             data/periods/2025/period.toml:{}: provider for table platform is empty; expected the provider's name\n\
             error: 2 problems found; fix them and run again\n",
            datacenter + 1,
            platform + 1
        )
    );
}

#[test]
fn new_takes_providers_from_the_latest_earlier_period() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    kaohe_at(&root, &["new", "2026", "--date", "2026-12-18"]);
    edit(
        &root.join("data/periods/2026/period.toml"),
        "platform = \"示例云科技有限公司\"",
        "platform = \"新平台公司\"",
    );
    kaohe_at(&root, &["new", "2027", "--date", "2027-12-17"]);
    let toml = fs::read_to_string(root.join("data/periods/2027/period.toml")).expect("toml");
    assert!(toml.contains("platform = \"新平台公司\"  # 政务云平台：沿用考核期 2026"));
    assert!(toml.contains("datacenter = \"示例通信有限公司\""));
}

#[test]
fn new_refuses_an_existing_period() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let before = fs::read(root.join("data/periods/example/period.toml")).expect("read");
    let run = kaohe_at(&root, &["new", "example", "--date", "2026-12-18"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: period example already exists: {}; choose another id or remove that folder\n",
            root.join("data/periods/example").display()
        )
    );
    let after = fs::read(root.join("data/periods/example/period.toml")).expect("read");
    assert_eq!(before, after);
}

#[test]
fn new_refuses_a_bad_id_or_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let run = kaohe_at(&root, &["new", "2026年", "--date", "2026-12-18"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "error: period id \"2026年\" is not valid; expected letters, digits, - and _ only, such as 2026\n"
    );
    let run = kaohe_at(&root, &["new", "2026", "--date", "2026-02-30"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "error: date \"2026-02-30\" is not a valid date; expected YYYY-MM-DD, such as 2026-12-18\n"
    );
    let periods: Vec<_> = fs::read_dir(root.join("data/periods"))
        .expect("list")
        .collect();
    assert_eq!(periods.len(), 1, "only the example period");
}

#[test]
fn new_refuses_a_folder_without_a_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = kaohe_at(dir.path(), &["new", "2026", "--date", "2026-12-18"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {} is not a site folder: it has no site.toml; start one with `kaohe init DIR`\n",
            dir.path().display()
        )
    );
}

#[test]
fn a_draft_is_shown_only_with_drafts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    edit(
        &root.join("data/periods/example/period.toml"),
        "status = \"published\"",
        "status = \"draft\"",
    );
    let check = kaohe_at(&root, &["check"]);
    assert_eq!((check.status, check.stdout.as_str()), (0, ""));
    let drafts = kaohe_at(&root, &["check", "--drafts"]);
    assert_eq!((drafts.status, drafts.stdout.as_str()), (0, EXAMPLE_TOTALS));
}

#[test]
fn a_broken_draft_does_not_block_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    kaohe_at(&root, &["new", "2026", "--date", "2026-12-18"]);
    edit(
        &root.join("data/periods/2026/platform.csv"),
        "\r\nP01,",
        "\r\nP99,",
    );
    let check = kaohe_at(&root, &["check"]);
    assert_eq!((check.status, check.stdout.as_str()), (0, EXAMPLE_TOTALS));
    let drafts = kaohe_at(&root, &["check", "--drafts"]);
    assert_eq!(drafts.status, 1);
    assert!(drafts.stderr.contains(
        "data/periods/2026/platform.csv:2: unknown item \"P99\"; data/rubrics/platform.csv has no such id\n"
    ));
}

/// Fills the score column of the sheet at `path` with `score(expert,
/// points)`, keeping every other cell and the byte order mark.
fn fill_sheet(path: &Path, score: impl Fn(&str, f64) -> f64) {
    let text = fs::read_to_string(path).expect("sheet");
    let text = text.trim_start_matches('\u{FEFF}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let expert = column("expert");
    let (points, score_at) = (
        column("points").expect("points"),
        column("score").expect("score"),
    );
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).expect("write");
    for record in reader.records() {
        let mut row: Vec<String> = record.expect("row").iter().map(String::from).collect();
        let value: f64 = row[points].parse().expect("points");
        let name = expert.map_or("", |e| row[e].as_str());
        row[score_at] = score(name, value).to_string();
        writer.write_record(&row).expect("write");
    }
    let bytes = writer.into_inner().expect("flush");
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    out.extend(bytes);
    fs::write(path, out).expect("write sheet");
}

#[test]
fn init_then_build_writes_the_site_with_its_blank_forms() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let run = kaohe_at(&root, &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let public = root.join("public");
    for page in [
        "index.html",
        "periods/example/index.html",
        "periods/example/report.html",
        "forms/index.html",
        "forms/scoring-platform.html",
        "forms/scoring-datacenter.html",
        "forms/survey.html",
    ] {
        assert!(public.join(page).is_file(), "{page}");
    }
    let home = fs::read_to_string(public.join("index.html")).expect("home");
    assert!(
        home.contains("href=\"forms/index.html\""),
        "the forms are in the navigation"
    );
    let index = fs::read_to_string(public.join("forms/index.html")).expect("forms");
    assert!(index.contains("href=\"../forms/scoring-platform.html\""));
    assert!(index.contains("href=\"../forms/survey.html\""));
}

#[test]
fn a_scoring_form_has_an_empty_score_cell_per_row_and_a_signature() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    kaohe_at(&root, &["build"]);
    let form = fs::read_to_string(root.join("public/forms/scoring-platform.html")).expect("form");
    assert!(form.contains("<h1>表1 政务云平台服务质量评估评分表</h1>"));
    // One per item, one per category subtotal (3) and one for the total.
    let blanks = form.matches("<td class=\"col-score\"></td>").count();
    assert_eq!(blanks, PLATFORM_ITEMS + 3 + 1);
    assert_eq!(
        form.matches("<span class=\"item-id\">").count(),
        PLATFORM_ITEMS
    );
    assert!(form.contains("<th scope=\"col\" class=\"col-score\">得分</th>"));
    assert!(form.contains("评分专家签字："));
    assert!(form.contains("日　期："));
    assert!(
        !form.contains("示例云科技有限公司"),
        "a blank form names no provider"
    );
}

#[test]
fn the_survey_form_carries_the_questions_answers_and_respondent_block() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    kaohe_at(&root, &["build"]);
    let form = fs::read_to_string(root.join("public/forms/survey.html")).expect("form");
    for text in [
        "附件一",
        "<h1>服务满意度调查表</h1>",
        "尊敬的客户：您好！",
        "服务提供商名称：",
        "项目名称：",
        "1. 您对运维服务人员的服务意识是否满意？（　　）",
        "10. 您对运维服务总体情况是否满意？（　　）",
        "3、请您对政务云服务商提供的运维服务提出宝贵意见和建议：",
        "您所在的部门：",
        "您的姓名：",
        "联系电话：",
        "邮　　箱：",
        "您的评价、建议及相关个人资料会绝对保密，感谢您的参与！",
    ] {
        assert!(form.contains(text), "{text}");
    }
    for answer in ["A 非常满意", "B 满意", "C 一般", "D 有待改进"] {
        assert_eq!(form.matches(answer).count(), 10, "{answer}");
    }
    // Ten questions of four answers, and one box per table for the service.
    assert_eq!(
        form.matches("<span class=\"box\"></span>").count(),
        10 * 4 + 2
    );
}

#[test]
fn build_leaves_a_draft_out_unless_asked_and_then_marks_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let run = kaohe_at(&root, &["new", "2026", "--date", "2026-12-18"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let folder = root.join("data/periods/2026");
    for table in ["platform", "datacenter"] {
        fill_sheet(&folder.join(format!("{table}.csv")), |_, points| points);
    }

    let run = kaohe_at(&root, &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: draft period 2026 left out; add --drafts to include it\n"),
        "{}",
        run.stderr
    );
    let public = root.join("public");
    assert!(public.join("periods/example/index.html").is_file());
    assert!(
        !public.join("periods/2026").exists(),
        "the draft is left out"
    );
    let home = fs::read_to_string(public.join("index.html")).expect("home");
    assert!(!home.contains("2026年度"));

    let run = kaohe_at(&root, &["build", "--drafts"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = fs::read_to_string(public.join("periods/2026/index.html")).expect("page");
    assert!(page.contains("<strong>草稿</strong>：本考核期结果尚未发布"));
    let report = fs::read_to_string(public.join("periods/2026/report.html")).expect("report");
    assert!(
        report.contains("<div class=\"watermark\" aria-hidden=\"true\"><span>草稿</span></div>")
    );
    let example = fs::read_to_string(public.join("periods/example/index.html")).expect("page");
    assert!(
        !example.contains("provisional-banner"),
        "a published period has no mark"
    );
}

#[test]
fn a_half_filled_draft_blocks_only_a_build_with_drafts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    kaohe_at(&root, &["new", "2026", "--date", "2026-12-18"]);
    let run = kaohe_at(&root, &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let before = workflow_support::files_under(&root.join("public"));

    let run = kaohe_at(&root, &["build", "--drafts"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains(
        "data/periods/2026/platform.csv:2: item P01: empty score; expected a number from 0 to 3\n"
    ));
    let after = workflow_support::files_under(&root.join("public"));
    assert_eq!(before, after, "the previous output is untouched");
}
