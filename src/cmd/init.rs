//! `kaohe init`: write a new site to start from.
//!
//! The new site carries the measures' two rubrics (表1 政务云平台, 表2
//! 政务云机房), the ten survey questions (附件一) and the measures' text,
//! all embedded from this repository's own files, plus an annotated
//! site.toml to edit and one example period whose sheets are generated
//! from the rubrics. It checks and builds at once, so a new user sees a
//! whole site before entering any data of their own.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::new::{self, Mark};
use crate::cmd::{Failure, Outcome};
use crate::model::rubric::Rubric;
use crate::model::survey;
use crate::problem::Problems;
use crate::score::format_points;

/// The options of `kaohe init`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder to create the site in; it must be empty or not exist.
    pub dir: PathBuf,
}

/// The rubrics written, as (table id, CSV text).
const RUBRICS: [(&str, &str); 2] = [
    ("platform", include_str!("../../data/rubrics/platform.csv")),
    (
        "datacenter",
        include_str!("../../data/rubrics/datacenter.csv"),
    ),
];

/// The survey's questions (附件一).
const SURVEY: &str = include_str!("../../data/survey.csv");

/// The measures' text, shown as a page of the site.
const MEASURES: &str = include_str!("../../content/measures.md");

/// The example period's id.
const EXAMPLE: &str = "example";

/// The example period's providers, in RUBRICS order.
const EXAMPLE_PROVIDERS: [&str; 2] = ["示例云科技有限公司", "示例通信有限公司"];

/// Writes a new site into `args.dir`.
pub fn run(args: &Args) -> Outcome {
    let dir = &args.dir;
    ensure_empty(dir)?;
    let files = site_files()?;
    new::write_files(dir, &files)?;

    println!("created a new site in {}:", dir.display());
    for (path, _) in &files {
        println!("  {path}");
    }
    let root = dir.display();
    println!("next:");
    println!("  1. edit site.toml: title, organizer, project, scope and basis");
    println!("  2. `kaohe build --root {root}` writes the site to {root}/public/");
    println!("  3. `kaohe new 2026 --date 2026-12-18 --experts 3 --root {root}` starts a period");
    println!(
        "  4. delete data/periods/{EXAMPLE} and content/periods/{EXAMPLE}.md once you have your own"
    );
    Ok(())
}

/// Refuses a path that is a file or a folder with anything in it but a
/// fresh `.git`, so that a site may start in a repository just created.
fn ensure_empty(dir: &Path) -> Result<(), Failure> {
    if !dir.exists() {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|err| {
        Failure::Other(format!(
            "{} cannot be used for a new site: {err}",
            dir.display()
        ))
    })?;
    let mut others = entries
        .flatten()
        .filter(|entry| entry.file_name() != ".git");
    match others.next() {
        None => Ok(()),
        Some(_) => Err(Failure::Other(format!(
            "{} is not empty; kaohe init writes a new site only into an empty or new folder",
            dir.display()
        ))),
    }
}

/// Every file of the new site, as (path relative to the site, text).
fn site_files() -> Result<Vec<(String, String)>, Failure> {
    let mut files = vec![
        ("site.toml".to_string(), SITE_TOML.to_string()),
        (".gitignore".to_string(), GITIGNORE.to_string()),
    ];
    for (id, text) in RUBRICS {
        files.push((format!("data/rubrics/{id}.csv"), text.to_string()));
    }
    files.push((survey::PATH.to_string(), SURVEY.to_string()));

    let folder = format!("data/periods/{EXAMPLE}");
    files.push((format!("{folder}/period.toml"), example_period()));
    let questions = parse_embedded(SURVEY, survey::parse_questions)?;
    for (index, (id, text)) in RUBRICS.iter().enumerate() {
        let path = format!("data/rubrics/{id}.csv");
        let rubric = parse_embedded(text, |t, p| Rubric::parse(&path, t, p))?;
        files.push((format!("{folder}/{id}.csv"), example_sheet(&rubric)));
        let tally = new::survey_tally(&questions, |q| example_counts(index, q));
        files.push((format!("{folder}/survey/{id}.csv"), tally));
    }

    files.push(("content/_index.md".to_string(), INDEX.to_string()));
    files.push(("content/measures.md".to_string(), MEASURES.to_string()));
    let conclusion = format!("content/periods/{EXAMPLE}.md");
    files.push((conclusion, example_conclusion()));
    Ok(files)
}

/// Parses one of the embedded files, which are known to be valid.
fn parse_embedded<T>(
    text: &str,
    parse: impl FnOnce(&str, &mut Problems) -> Option<T>,
) -> Result<T, Failure> {
    let mut problems = Problems::default();
    parse(text, &mut problems).ok_or_else(|| Failure::Problems(problems.into_vec()))
}

/// The example score sheet of `rubric`: full points on every item but
/// the first worth 2 or more, which loses one point with a note saying
/// why, as an expert would write it.
fn example_sheet(rubric: &Rubric) -> String {
    let docked = rubric
        .items
        .iter()
        .position(|i| i.points >= 2.into())
        .map(|i| rubric.items[i].id.clone());
    new::score_sheet(rubric, &[], |item| {
        if Some(&item.id) == docked.as_ref() {
            Mark {
                score: format_points(item.points - rust_decimal::Decimal::ONE),
                note: "示例：扣 1 分，在备注中写明扣分原因".to_string(),
            }
        } else {
            Mark {
                score: format_points(item.points),
                note: String::new(),
            }
        }
    })
}

/// Example counts of answers A to D for question `question` of table
/// `table`: mostly satisfied, varying a little between questions.
fn example_counts(table: usize, question: usize) -> [u64; 4] {
    let (t, q) = (table as u64, question as u64);
    [
        12 + (q * 5 + t * 3) % 7,
        4 + (q + t) % 4,
        q % 3,
        u64::from(q == 8),
    ]
}

/// Keeps what kaohe writes out of the site's git history: the site and
/// the providers' shares are rebuilt from the data at any time.
const GITIGNORE: &str = "/public/\n/shares/\n";

/// The annotated site.toml of a new site.
const SITE_TOML: &str = r#"# kaohe 站点设置。修改后运行 kaohe check 检查，kaohe build 生成站点。
# kaohe site settings. Run kaohe check after editing, kaohe build to write the site.

# 站点标题，显示在每页页眉与浏览器标签上。
# The site's title, shown in every page header and the browser tab.
title = "政务云服务质量考核"

# 考核组织方，写入结论报告（附件二）。
# The assessing body, printed in the conclusion report (annex 2).
organizer = "某市政务服务与数据管理局"

# 项目名称，写入结论报告的“被考核对象基本信息”。
# The project's name, printed in the report's first section.
project = "某市政务云服务项目"

# 服务范围，写入结论报告。
# What the service covers, printed in the report.
scope = "某市政务云中心机房资源和政务云服务"

# 考核依据，每行一条，按顺序列入结论报告。
# The documents the assessment rests on, one per line, listed in the report.
basis = [
  "信息技术服务管理标准《ISO/IEC 20000-1:2011 信息技术-服务管理-第一部分：服务管理体系要求》",
  "信息安全管理标准《ISO/IEC 27001:2013 信息技术 安全技术 信息安全管理体系 要求》",
  "ITSS 服务标准《GB/T28827.1-2012 信息技术服务 运行维护第 1 部分：通用要求》",
  "《某市政务云服务质量考核办法》",
]

# 多位专家打分时每项得分的汇总方式：mean 为算术平均；trimmed-mean 为去掉一个
# 最高分和一个最低分后取平均（专家不少于 3 人时）；median 为中位数。
# How several experts' scores for one item combine: "mean", "trimmed-mean"
# (drop one highest and one lowest score when there are 3 or more) or "median".
aggregate = "trimmed-mean"

# 评分表：每张对应 data/rubrics/<id>.csv，并在每个考核期中对应评分单
# data/periods/<考核期>/<id>.csv。顺序即站点中的显示顺序。随附的两张评分表取自
# 《赤峰市政务云服务质量考核办法》表1、表2，可按本地办法修改。
# The tables assessed: each id names data/rubrics/<id>.csv and, in every period,
# the score sheet data/periods/<period>/<id>.csv, shown in this order. The two
# rubrics supplied are tables 1 and 2 of the Chifeng measures; edit them to yours.
[[tables]]
id = "platform"
title = "政务云平台"

[[tables]]
id = "datacenter"
title = "政务云机房"

# 满意度调查各选项的权重（附件一），用于计算满意度指数。
# The weight of each survey answer in the satisfaction index (annex 1).
# [survey]
# weights = { A = 100, B = 80, C = 60, D = 40 }

# 考核等次与服务费扣除比例，从高到低；不写则按《考核办法》第十四条。
# Grade bands with their fee deductions, highest first; the measures' five
# bands (article 14) apply when none are given.
# [[grades]]
# name = "优秀"
# min = 90
# fee_deduction = 0
# ...
# [[grades]]
# name = "不合格"
# min = 0
# fee_deduction = [50, 100]

# 自定义主题：themes/<名称>/ 下的模板逐个替换默认主题的同名模板。
# A theme of your own: templates under themes/<name>/ replace the default
# theme's templates of the same name, one file at a time.
# theme = "mytheme"

# 是否允许 content/ 中的 Markdown 直接包含 HTML（默认转义）。
# Whether raw HTML in content/ markdown is passed through (escaped by default).
# allow_html = false
"#;

/// The example period's settings.
fn example_period() -> String {
    let [platform, datacenter] = EXAMPLE_PROVIDERS;
    format!(
        r#"# 示例考核期，用于展示站点的样子；有了自己的考核期后可删除本文件夹和
# content/periods/{EXAMPLE}.md。
# An example period, to show what the site looks like; delete this folder and
# content/periods/{EXAMPLE}.md once you have periods of your own.

label = "示例考核期"
date = "2025-12-19"

# draft（填写中）、review（审核中）、published（已发布）或 confirmed（已确认）。
# draft, review, published or confirmed.
status = "published"

# 考核组长与考核成员。 The head and the members of the assessment group.
leader = "张示例"
members = ["李示例", "王示例"]

# 各评分表被考核的服务商。 The provider assessed for each table.
[providers]
platform = "{platform}"
datacenter = "{datacenter}"
"#
    )
}

/// The example period's conclusion.
fn example_conclusion() -> String {
    let [platform, datacenter] = EXAMPLE_PROVIDERS;
    format!(
        r#"+++
title = "示例考核期考核结论"
+++

本结论为示例。考核组在此写明对各服务商的考核结论：得分、等次、主要失分原因和整改要求。

政务云平台服务商{platform}各项工作达到要求，一项扣 1 分，详见评分表备注。政务云机房服务商{datacenter}各项工作达到要求，一项扣 1 分，详见评分表备注。
"#
    )
}

/// The home page's introduction.
const INDEX: &str = r#"+++
title = "政务云服务质量考核"
+++

本站发布政务云服务商的服务质量考核结果。考核组按《服务质量评估评分表》对政务云平台和政务云机房服务商逐项评估打分，并结合服务满意度调查形成各考核期的考核结论。

本站由 `kaohe init` 创建，其中的“示例考核期”及其服务商、考核组成员和得分均为**示例数据**。请修改本文件（content/_index.md）介绍本单位的考核工作。
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_sheet_docks_one_point_from_one_item() {
        let path = "data/rubrics/platform.csv";
        let rubric = parse_embedded(RUBRICS[0].1, |t, p| Rubric::parse(path, t, p));
        let rubric = rubric.unwrap_or_else(|_| panic!("the embedded rubric is valid"));
        let text = example_sheet(&rubric);
        let notes = text.lines().filter(|l| l.contains("示例：扣 1 分")).count();
        assert_eq!(notes, 1);
        assert_eq!(text.lines().count(), rubric.items.len() + 1);
    }
}
