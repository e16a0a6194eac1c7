//! `kaohe new`: start a period, with blank score sheets for the experts.
//!
//! The new period is a draft: `check` and `build` leave it out until the
//! sheets are filled and its status is moved on, so a half-filled period
//! never blocks publishing the others. `check --drafts` then lists every
//! score still empty, which is the experts' to-do list.
//!
//! Each table gets a score sheet that carries the rubric's category,
//! group, requirement and points beside an empty score column, and a
//! survey tally with zero counts. Sheets are UTF-8 with a byte order mark
//! and CRLF line ends, so Excel and WPS open them with the Chinese intact.
//! The period folder is written beside its final place and renamed into
//! it, so a failure never leaves half a period behind.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{Failure, Outcome};
use crate::load::Source;
use crate::model::is_valid_id;
use crate::model::period::parse_date;
use crate::model::rubric::{self, Item, Rubric};
use crate::model::site::{self, SiteConfig};
use crate::model::survey::{self, Question};
use crate::problem::Problems;
use crate::score::format_points;

/// The options of `kaohe new`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The period's id, such as 2026: its folder under data/periods.
    pub period: String,

    /// The assessment date (考核时间), as YYYY-MM-DD.
    #[arg(long)]
    pub date: String,

    /// Give each of N experts (专家1 … 专家N) a block of rows in the sheets.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=99))]
    pub experts: Option<u16>,

    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// The byte order mark that tells Excel and WPS a CSV file is UTF-8.
const BOM: &str = "\u{FEFF}";

/// What a site holds that a new period is built from.
pub struct Basics {
    /// What site.toml says.
    pub config: SiteConfig,
    /// The rubric of each table, in site.toml's order.
    pub rubrics: Vec<Rubric>,
    /// The survey's questions.
    pub questions: Vec<Question>,
}

/// Starts period `args.period` in the site `args.root`.
pub fn run(args: &Args) -> Outcome {
    let id = args.period.as_str();
    if !is_valid_id(id) {
        return Err(Failure::Other(format!(
            "period id \"{id}\" is not valid; expected letters, digits, - and _ only, such as 2026"
        )));
    }
    let date = toml::Value::String(args.date.clone());
    let Some(date) = parse_date(&date) else {
        return Err(Failure::Other(format!(
            "date \"{}\" is not a valid date; expected YYYY-MM-DD, such as 2026-12-18",
            args.date
        )));
    };
    let basics = Basics::load(&args.root)?;
    let folder = format!("data/periods/{id}");
    if args.root.join(&folder).exists() {
        return Err(Failure::Other(format!(
            "period {id} already exists: {}; choose another id or remove that folder",
            args.root.join(&folder).display()
        )));
    }

    let previous = previous_period(&args.root, &date);
    let providers: Vec<Option<String>> = basics
        .config
        .tables
        .iter()
        .map(|t| previous.as_ref().and_then(|p| p.provider(&t.id)))
        .collect();
    let experts = expert_names(args.experts.unwrap_or(0));
    let mut files = vec![(
        "period.toml".to_string(),
        period_toml(id, &date, &basics.config, &providers, previous.as_ref()),
    )];
    for (table, rubric) in basics.config.tables.iter().zip(&basics.rubrics) {
        let text = score_sheet(rubric, &experts, |_| Mark::default());
        files.push((format!("{}.csv", table.id), text));
        let tally = survey_tally(&basics.questions, |_| [0; 4]);
        files.push((format!("survey/{}.csv", table.id), tally));
    }
    write_folder(&args.root.join(&folder), &files)?;

    println!("started period {id} (draft) in {}:", args.root.display());
    for (name, _) in &files {
        println!("  {folder}/{name}");
    }
    println!("next:");
    println!("  1. in {folder}/period.toml fill in leader, members and [providers]");
    println!("  2. have the experts fill the score column of each sheet (Excel or WPS)");
    println!("  3. enter the survey answers counted per question in {folder}/survey/");
    println!(
        "  4. `kaohe check --drafts --root {}` lists what is still empty",
        args.root.display()
    );
    println!("  5. set status = \"review\" in period.toml to include it in check and build");
    Ok(())
}

impl Basics {
    /// Reads site.toml, the rubrics and the survey questions of `root`.
    pub fn load(root: &Path) -> Result<Basics, Failure> {
        if !root.join(site::PATH).is_file() {
            return Err(Failure::Other(format!(
                "{} is not a site folder: it has no site.toml; start one with `kaohe init DIR`",
                root.display()
            )));
        }
        let source = Source::new(root);
        let mut problems = Problems::default();
        let config = source
            .read_text(site::PATH, &mut problems)
            .and_then(|t| SiteConfig::parse(&t, &mut problems));
        let questions = source
            .read_text(survey::PATH, &mut problems)
            .and_then(|t| survey::parse_questions(&t, &mut problems));
        let tables = config.iter().flat_map(|c| &c.tables);
        let rubrics: Vec<Option<Rubric>> = tables
            .map(|table| {
                let path = rubric::path(&table.id);
                source
                    .read_text(&path, &mut problems)
                    .and_then(|t| Rubric::parse(&path, &t, &mut problems))
            })
            .collect();
        match (config, rubrics.into_iter().collect(), questions) {
            (Some(config), Some(rubrics), Some(questions)) if problems.is_empty() => Ok(Basics {
                config,
                rubrics,
                questions,
            }),
            _ => Err(Failure::Problems(problems.into_vec())),
        }
    }
}

/// The providers of an earlier period, read leniently: a new period only
/// borrows names from it, so a broken file is simply not borrowed from.
#[derive(Debug)]
pub struct Previous {
    /// The period's id.
    pub id: String,
    /// Its date, as YYYY-MM-DD.
    pub date: String,
    /// Its `[providers]` table, as (table id, provider).
    pub providers: Vec<(String, String)>,
}

impl Previous {
    /// The provider it named for table `table`, if any.
    fn provider(&self, table: &str) -> Option<String> {
        self.providers
            .iter()
            .find(|(t, p)| t == table && !p.trim().is_empty())
            .map(|(_, p)| p.trim().to_string())
    }
}

/// The latest period of the site dated on or before `date`, if any.
pub fn previous_period(root: &Path, date: &str) -> Option<Previous> {
    let entries = fs::read_dir(root.join("data/periods")).ok()?;
    let mut found: Vec<Previous> = entries
        .flatten()
        .filter_map(|entry| {
            let id = entry.file_name().to_string_lossy().into_owned();
            let text = fs::read(entry.path().join("period.toml")).ok()?;
            let text = crate::load::text::decode(&text).ok()?;
            read_previous(&id, &text)
        })
        .filter(|p| p.date.as_str() <= date)
        .collect();
    found.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    found.pop()
}

/// Reads the date and providers of period `id` from its period.toml.
fn read_previous(id: &str, text: &str) -> Option<Previous> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let date = parse_date(table.get("date")?)?;
    let providers = table
        .get("providers")
        .and_then(toml::Value::as_table)
        .map(|providers| {
            providers
                .iter()
                .filter_map(|(t, p)| Some((t.clone(), p.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Some(Previous {
        id: id.to_string(),
        date,
        providers,
    })
}

/// The names of `count` experts: 专家1, 专家2, …; none for a sheet
/// without an expert column.
pub fn expert_names(count: u16) -> Vec<String> {
    (1..=count).map(|n| format!("专家{n}")).collect()
}

/// The label of a period dated `date`: its year, as in 2026年度.
fn label(date: &str) -> String {
    format!("{}年度", &date[..4])
}

/// The text of a new period's period.toml, annotated for the person who
/// completes it.
fn period_toml(
    id: &str,
    date: &str,
    config: &SiteConfig,
    providers: &[Option<String>],
    previous: Option<&Previous>,
) -> String {
    let mut text = format!(
        "# 考核期 {id}，由 kaohe new 创建。\n\
         # Period {id}, started by kaohe new.\n\
         \n\
         label = \"{label}\"\n\
         date = \"{date}\"\n\
         \n\
         # draft：评分尚在填写中，check 和 build 不包含本期（加 --drafts 可检查已填内容）。\n\
         # 评分填完后改为 review（审核中），发布后改为 published，签字确认后改为 confirmed。\n\
         # draft: scores are still being filled in; check and build leave this period out\n\
         # unless --drafts is given. Then review, published, confirmed as it moves on.\n\
         status = \"draft\"\n\
         \n\
         # 考核组长与考核成员。 The head and the members of the assessment group.\n\
         leader = \"\"\n\
         members = []\n\
         \n\
         # 各评分表本期被考核的服务商。 The provider assessed for each table.\n\
         [providers]\n",
        label = label(date),
    );
    for (table, provider) in config.tables.iter().zip(providers) {
        let line = match (provider, previous) {
            (Some(name), Some(previous)) => format!(
                "{} = {}  # {}：沿用考核期 {} / as in period {}\n",
                table.id,
                toml_string(name),
                table.title,
                previous.id,
                previous.id
            ),
            _ => format!(
                "{} = \"\"  # {}：请填写服务商名称 / the provider's name\n",
                table.id, table.title
            ),
        };
        text.push_str(&line);
    }
    text.push_str(
        "\n# 发生重大责任事故时一票否决（《考核办法》第十五条），例如：\n\
         # A major responsibility incident fails its table outright, for example:\n\
         # [[veto]]\n\
         # table = \"datacenter\"\n\
         # date = \"YYYY-MM-DD\"\n\
         # reason = \"事故经过\"\n\
         # fee_deduction = 60\n",
    );
    text
}

/// `value` as a TOML basic string, quoted and escaped.
fn toml_string(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

/// What a sheet row holds in its score and note columns.
#[derive(Clone, Debug, Default)]
pub struct Mark {
    /// The score, or empty for the expert to fill.
    pub score: String,
    /// The note, usually empty.
    pub note: String,
}

/// A score sheet for `rubric`: one row per item, or one block of rows per
/// expert when `experts` is not empty, with the rubric's columns for
/// reference and the score and note from `mark`.
pub fn score_sheet(rubric: &Rubric, experts: &[String], mark: impl Fn(&Item) -> Mark) -> String {
    let mut header = vec!["expert", "item", "category", "group", "requirement"];
    header.extend(["points", "score", "note"]);
    let skip = usize::from(experts.is_empty());
    let mut rows = vec![header[skip..].iter().map(|s| s.to_string()).collect()];
    let blocks: Vec<&str> = if experts.is_empty() {
        vec![""]
    } else {
        experts.iter().map(String::as_str).collect()
    };
    for expert in blocks {
        for item in &rubric.items {
            let Mark { score, note } = mark(item);
            let row = [
                expert.to_string(),
                item.id.clone(),
                rubric.categories[item.category].name.clone(),
                item.group.clone(),
                item.requirement.clone(),
                format_points(item.points),
                score,
                note,
            ];
            rows.push(row[skip..].to_vec());
        }
    }
    csv_text(&rows)
}

/// A survey tally: one row per question with its text and the counts of
/// answers A to D from `counts`.
pub fn survey_tally(questions: &[Question], counts: impl Fn(usize) -> [u64; 4]) -> String {
    let mut rows = vec![
        ["question", "text", "A", "B", "C", "D"]
            .map(String::from)
            .to_vec(),
    ];
    for (index, question) in questions.iter().enumerate() {
        let mut row = vec![question.id.clone(), question.text.clone()];
        row.extend(counts(index).iter().map(u64::to_string));
        rows.push(row);
    }
    csv_text(&rows)
}

/// `rows` as CSV text for a spreadsheet program: a byte order mark, then
/// CRLF-terminated records.
fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing into memory cannot fail.
        writer.write_record(row).unwrap_or_default();
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}

/// Writes `files` (path relative to `folder`, text) into the new folder
/// `folder`: first into a sibling folder, then renamed into place.
pub fn write_folder(folder: &Path, files: &[(String, String)]) -> Result<(), Failure> {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = folder.with_file_name(format!("~{name}.kaohe-new"));
    let result = write_files(&staging, files).and_then(|()| {
        fs::rename(&staging, folder)
            .map_err(|err| Failure::Other(format!("cannot create {}: {err}", folder.display())))
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Writes `files` (path relative to `folder`, text) under `folder`,
/// creating folders as needed.
pub fn write_files(folder: &Path, files: &[(String, String)]) -> Result<(), Failure> {
    for (rel, text) in files {
        let path = folder.join(rel);
        let parent = path.parent().unwrap_or(folder);
        fs::create_dir_all(parent)
            .and_then(|()| fs::write(&path, text))
            .map_err(|err| Failure::Other(format!("cannot write {}: {err}", path.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        let text = "id,category,group,requirement,points,rule\n\
                    P01,资源,团队,\"驻场团队, 5 人\",60,r\n\
                    P02,质量,,值班,40,r\n";
        let mut problems = Problems::default();
        Rubric::parse("r.csv", text, &mut problems).expect("a valid rubric")
    }

    #[test]
    fn a_blank_sheet_has_reference_columns_and_empty_scores() {
        let text = score_sheet(&rubric(), &[], |_| Mark::default());
        assert_eq!(
            text,
            "\u{FEFF}item,category,group,requirement,points,score,note\r\n\
             P01,资源,团队,\"驻场团队, 5 人\",60,,\r\n\
             P02,质量,团队,值班,40,,\r\n"
        );
    }

    #[test]
    fn a_sheet_for_experts_has_one_block_each() {
        let text = score_sheet(&rubric(), &expert_names(2), |i| Mark {
            score: format_points(i.points),
            note: String::new(),
        });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[0].ends_with("expert,item,category,group,requirement,points,score,note"));
        assert_eq!(lines[1], "专家1,P01,资源,团队,\"驻场团队, 5 人\",60,60,");
        assert_eq!(lines[4], "专家2,P02,质量,团队,值班,40,40,");
    }

    #[test]
    fn a_blank_sheet_is_read_back_as_empty_scores() {
        let text = score_sheet(&rubric(), &expert_names(1), |_| Mark::default());
        let text = crate::load::text::decode(text.as_bytes()).expect("decodes");
        let mut problems = Problems::default();
        let sheet = crate::model::sheet::Sheet::parse("s.csv", &text, &rubric(), &mut problems);
        assert!(sheet.is_none());
        let messages: Vec<String> = problems.into_vec().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "s.csv:2: item P01 for expert 专家1: empty score; expected a number from 0 to 60",
                "s.csv:3: item P02 for expert 专家1: empty score; expected a number from 0 to 40",
            ]
        );
    }

    #[test]
    fn a_label_is_the_year_of_the_date() {
        assert_eq!(label("2026-12-18"), "2026年度");
    }

    #[test]
    fn the_previous_period_is_read_leniently() {
        let text = "date = 2025-12-19\nstatus = \"x\"\n[providers]\nplatform = \"甲\"\n";
        let previous = read_previous("2025", text).expect("read");
        assert_eq!(previous.provider("platform").as_deref(), Some("甲"));
        assert_eq!(previous.provider("datacenter"), None);
        assert!(read_previous("bad", "date = \"soon\"").is_none());
    }
}
