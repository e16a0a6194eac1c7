//! Writes a synthetic kaohe site of any size, for benchmarks and tests.
//!
//! The site follows the documented format exactly: site.toml with its
//! tables, a rubric per table whose items total 100 points across the
//! measures' three categories (服务资源提供 30, 服务质量 50, 服务满意度 20),
//! the survey questions, and one folder per period with its period.toml,
//! the experts' score sheets (notes on every deduction), survey tallies, a
//! few vetoes and the assessment group's conclusion.
//!
//! Scores come from a small built-in pseudo-random generator seeded by the
//! arguments, so the same arguments always give the same bytes:
//!
//! ```text
//! cargo run --release --example gen_site -- --periods 40 --tables 50 --items 40 --experts 3 DIR
//! ```

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

/// Writes a synthetic kaohe site into DIR (which must be empty or absent).
#[derive(Parser, Debug)]
#[command(name = "gen_site")]
struct Args {
    /// Number of periods (quarters, ending with the last quarter of 2025).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=4000))]
    periods: u32,
    /// Number of tables (rubrics) assessed each period.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=999))]
    tables: u32,
    /// Number of items in each rubric (at least 3, one per category).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(3..=3000))]
    items: u32,
    /// Number of experts marking each sheet.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=99))]
    experts: u32,
    /// The folder to write.
    dir: PathBuf,
}

/// The size of a synthetic site; also the seed of its scores.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// Number of periods.
    pub periods: u32,
    /// Number of tables.
    pub tables: u32,
    /// Number of items per rubric.
    pub items: u32,
    /// Number of experts per sheet.
    pub experts: u32,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let spec = Spec {
        periods: args.periods,
        tables: args.tables,
        items: args.items,
        experts: args.experts,
    };
    match write_site(spec, &args.dir) {
        Ok(files) => {
            println!("wrote {files} files to {}", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("gen_site: {}: {err}", args.dir.display());
            ExitCode::FAILURE
        }
    }
}

/// Writes the site described by `spec` into `dir`, which must be empty or
/// absent, and returns the number of files written.
pub fn write_site(spec: Spec, dir: &Path) -> io::Result<usize> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other("folder is not empty"));
    }
    let site = Synth::new(spec);
    let mut out = Writer {
        root: dir.to_path_buf(),
        files: 0,
    };
    out.file("site.toml", &site.site_toml())?;
    out.file("data/survey.csv", &survey_csv())?;
    out.file("content/_index.md", &site.index_md())?;
    let rubrics: Vec<Vec<Item>> = (0..spec.tables).map(|t| site.rubric(t)).collect();
    for (t, items) in rubrics.iter().enumerate() {
        out.file(
            &format!("data/rubrics/{}.csv", table_id(t as u32)),
            &rubric_csv(items),
        )?;
    }
    let mut history = History::new(&site, spec.tables);
    for p in 0..spec.periods {
        let period = site.period(p, &rubrics, &mut history);
        period.write(&mut out)?;
    }
    Ok(out.files)
}

/// Writes files under the site folder and counts them.
struct Writer {
    root: PathBuf,
    files: usize,
}

impl Writer {
    /// Writes `text` to `rel`, creating its folders.
    fn file(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, text)?;
        self.files += 1;
        Ok(())
    }
}

/// SplitMix64: a tiny, well-mixed, deterministic generator.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// A generator for a sub-stream named by `parts`, independent of how
    /// much this one was used.
    fn fork(&self, parts: &[u64]) -> Rng {
        let mut rng = Rng(self.0);
        for &part in parts {
            rng.0 ^= part.wrapping_mul(0xA076_1D64_78BD_642F);
            rng.next();
        }
        rng
    }
}

/// The three categories of the measures' rubrics and their points.
const CATEGORIES: [(&str, u32); 3] = [("服务资源提供", 30), ("服务质量", 50), ("服务满意度", 20)];

const TOPICS: [&str; 12] = [
    "驻场运维团队",
    "7×24 小时值班",
    "等保测评",
    "密码应用测评",
    "巡检报告",
    "告警处理",
    "安全教育培训",
    "资源交付",
    "备份与恢复",
    "工单响应",
    "资料借阅登记",
    "应急演练",
];

const NOTES: [&str; 8] = [
    "巡检报告缺失 {n} 份",
    "告警未及时处理 {n} 次",
    "值班人员不在岗 {n} 次",
    "培训记录缺 {n} 次",
    "工单超时 {n} 单, 已督办",
    "抽查 {n} 台设备，配置与台账不符",
    "未按\"三同步\"要求整改 {n} 项",
    "应急演练记录不全 {n} 处",
];

const COMPANIES: [&str; 8] = [
    "示例云计算",
    "示例数智科技",
    "示例通信",
    "示例信息技术",
    "示例网络科技",
    "示例数据服务",
    "示例软件",
    "示例电子政务",
];

const PEOPLE: [&str; 10] = [
    "张示例",
    "李示例",
    "王示例",
    "赵示例",
    "刘示例",
    "陈示例",
    "周示例",
    "吴示例",
    "郑示例",
    "孙示例",
];

const QUARTERS: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];

/// One rubric item.
struct Item {
    id: String,
    category: usize,
    group: String,
    requirement: String,
    /// Points in hundredths.
    points: u64,
}

/// The synthetic site: its size and its seeded generator.
struct Synth {
    spec: Spec,
    rng: Rng,
}

/// What carries over from one period to the next, per table.
struct History {
    /// The quality of service, 0 to 1000 per mille.
    quality: Vec<u64>,
    /// The provider's company index and its generation.
    provider: Vec<(usize, u32)>,
}

impl History {
    fn new(site: &Synth, tables: u32) -> History {
        let mut rng = site.rng.fork(&[1]);
        History {
            quality: (0..tables).map(|_| 650 + rng.below(351)).collect(),
            provider: (0..tables)
                .map(|t| ((t as usize + rng.below(3) as usize) % COMPANIES.len(), 0))
                .collect(),
        }
    }
}

/// A table id: `t01`, `t02`, …
fn table_id(t: u32) -> String {
    format!("t{:02}", t + 1)
}

/// Hundredths as a decimal: 250 → `2.5`, 300 → `3`.
fn decimal(hundredths: u64) -> String {
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// Quotes `s` as a TOML basic string.
fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Renders `rows` as CSV with a header.
fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).expect("writing to memory");
    for row in rows {
        out.write_record(row).expect("writing to memory");
    }
    String::from_utf8(out.into_inner().expect("writing to memory")).expect("UTF-8 cells")
}

fn rubric_csv(items: &[Item]) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            let points = decimal(item.points);
            vec![
                item.id.clone(),
                CATEGORIES[item.category].0.to_string(),
                item.group.clone(),
                item.requirement.clone(),
                points.clone(),
                format!("满足要求得 {points} 分；每发现 1 处不满足扣 0.5 分，扣完为止。"),
            ]
        })
        .collect();
    csv(
        &["id", "category", "group", "requirement", "points", "rule"],
        &rows,
    )
}

fn survey_csv() -> String {
    let questions = [
        "您对运维服务人员的服务意识是否满意？",
        "您对运维服务人员的安全和风险意识是否满意？",
        "您对运维服务的规范性是否满意？",
        "您对问题反馈的效率是否满意？",
        "您对故障处理的及时性是否满意？",
        "您对资源交付的速度是否满意？",
        "您对临时工作的配合程度是否满意？",
        "您对服务报告的质量是否满意？",
        "您对夜间和节假日联络的畅通是否满意？",
        "您对服务的总体情况是否满意？",
    ];
    let rows: Vec<Vec<String>> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| vec![format!("Q{:02}", i + 1), q.to_string()])
        .collect();
    csv(&["id", "text"], &rows)
}

impl Synth {
    fn new(spec: Spec) -> Synth {
        let seed = [spec.periods, spec.tables, spec.items, spec.experts]
            .iter()
            .fold(0x6B61_6F68_6500_0000u64, |acc, &v| {
                acc.rotate_left(17) ^ u64::from(v)
            });
        Synth {
            spec,
            rng: Rng(seed),
        }
    }

    fn site_toml(&self) -> String {
        let spec = self.spec;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "title = \"政务云服务质量考核（合成数据：{} 期 × {} 表）\"",
            spec.periods, spec.tables
        );
        s.push_str("organizer = \"示例市政务服务与数据管理局\"\n");
        s.push_str("project = \"示例市政务云服务项目\"\n");
        s.push_str("scope = \"示例市政务云中心机房资源和政务云服务\"\n");
        s.push_str("basis = [\n  \"《示例市政务云服务质量考核办法》\",\n  \"ITSS 服务标准《GB/T28827.1-2012 信息技术服务 运行维护第 1 部分：通用要求》\",\n]\n");
        let aggregate = if spec.experts >= 3 {
            "trimmed-mean"
        } else {
            "mean"
        };
        let _ = writeln!(s, "aggregate = \"{aggregate}\"");
        for t in 0..spec.tables {
            let _ = write!(
                s,
                "\n[[tables]]\nid = \"{}\"\ntitle = \"政务云服务 {}\"\n",
                table_id(t),
                t + 1
            );
        }
        s
    }

    fn index_md(&self) -> String {
        format!(
            "+++\ntitle = \"合成考核数据\"\n+++\n\n本站由 gen_site 生成：{} 个考核期、{} 张评分表、每表 {} 项、每表 {} 位专家。\n所有服务商、人员和得分均为**合成数据**。\n",
            self.spec.periods, self.spec.tables, self.spec.items, self.spec.experts
        )
    }

    /// Table `t`'s rubric: items split across the categories in
    /// proportion to their points, each category's points spread over its
    /// items in half points where they suffice, else in hundredths.
    fn rubric(&self, t: u32) -> Vec<Item> {
        let mut rng = self.rng.fork(&[2, u64::from(t)]);
        let n = self.spec.items as usize;
        let third = (n * 20).div_ceil(100).max(1);
        let first = (n * 30 / 100).max(1);
        let counts = [first, n - first - third, third];
        let prefix = ["A", "B", "C"];
        let mut items = Vec::new();
        for (category, &count) in counts.iter().enumerate() {
            let total = u64::from(CATEGORIES[category].1) * 100;
            let step = if count as u64 * 50 <= total { 50 } else { 1 };
            let mut shares = vec![step; count];
            for _ in 0..(total / step - count as u64) {
                shares[rng.below(count as u64) as usize] += step;
            }
            for (k, points) in shares.into_iter().enumerate() {
                let topic = TOPICS[rng.below(TOPICS.len() as u64) as usize];
                items.push(Item {
                    id: format!("{}{:02}", prefix[category], k + 1),
                    category,
                    group: format!("{topic}（第 {} 组）", k / 4 + 1),
                    requirement: format!("{topic}：按合同约定提供服务，并留存记录备查。"),
                    points,
                });
            }
        }
        items
    }

    /// Period `p`: its settings, sheets, tallies and conclusion.
    fn period(&self, p: u32, rubrics: &[Vec<Item>], history: &mut History) -> Period {
        let mut rng = self.rng.fork(&[3, u64::from(p)]);
        let quarter = 2025 * 4 + 3 - (self.spec.periods - 1) + p;
        let (year, q) = (quarter / 4, quarter % 4);
        let last = p + 1 == self.spec.periods;
        let status = match self.spec.periods - p {
            1 => "review",
            2 => "published",
            _ => "confirmed",
        };
        let mut period = Period {
            id: format!("{year}-q{}", q + 1),
            toml: String::new(),
            files: Vec::new(),
            conclusion: None,
        };
        let leader = PEOPLE[rng.below(PEOPLE.len() as u64) as usize];
        let members: Vec<String> = (0..3)
            .map(|k| toml_str(PEOPLE[(p as usize + k * 3 + 1) % PEOPLE.len()]))
            .collect();
        let mut toml = format!(
            "label = \"{year}年{}\"\ndate = \"{year}-{:02}-2{}\"\nstatus = \"{status}\"\nleader = \"{leader}\"\nmembers = [{}]\n\n[providers]\n",
            QUARTERS[q as usize],
            q * 3 + 3,
            rng.below(8),
            members.join(", ")
        );
        let mut vetoes = String::new();
        let mut conclusion = format!("本期考核 {} 张评分表。", self.spec.tables);
        for (t, items) in rubrics.iter().enumerate() {
            let mut trng = rng.fork(&[u64::from(t as u32)]);
            let id = table_id(t as u32);

            // Quality drifts from period to period; now and then the
            // contract passes to another provider.
            let quality = &mut history.quality[t];
            *quality = (*quality + trng.below(161))
                .saturating_sub(80)
                .clamp(300, 1000);
            if p > 0 && trng.chance(30) {
                let (company, generation) = history.provider[t];
                history.provider[t] = ((company + 1 + t) % COMPANIES.len(), generation + 1);
            }
            let (company, generation) = history.provider[t];
            let _ = writeln!(
                toml,
                "{id} = \"{}{}有限公司（示例）\"",
                COMPANIES[company],
                ["", "二", "三", "四"][generation as usize % 4]
            );

            let (sheet, lost) = self.sheet(t, items, *quality, &mut trng);
            period.files.push((format!("{id}.csv"), sheet));
            if p > 0 || self.spec.periods == 1 {
                let tally = tally(*quality, &mut trng);
                period.files.push((format!("survey/{id}.csv"), tally));
            }
            // One veto in the middle of the history, and on large sites about
            // one sheet in seventy.
            let large = self.spec.periods * self.spec.tables >= 50;
            if (large && trng.chance(15)) || (t == 0 && p == self.spec.periods / 2 && p > 0) {
                let fee = match trng.below(3) {
                    0 => String::new(),
                    k => format!("fee_deduction = {}\n", 50 + 20 * k),
                };
                let _ = write!(
                    vetoes,
                    "\n[[veto]]\ntable = \"{id}\"\ndate = \"{year}-{:02}-1{}\"\nreason = \"机房配电故障处置不当，部分业务系统中断约 {} 小时\"\n{fee}",
                    q * 3 + 1 + trng.below(3) as u32,
                    trng.below(10),
                    2 + trng.below(10)
                );
            }
            if !lost.is_empty() {
                let _ = write!(conclusion, "{id} 失分项：{}。", lost.join("、"));
            }
        }
        toml.push_str(&vetoes);
        period.toml = toml;
        if !last {
            conclusion.push_str(
                "\n\n考核组要求各服务商针对失分项制定整改计划，并于下一考核期前完成整改。\n",
            );
            period.conclusion = Some(conclusion);
        }
        period
    }

    /// A sheet for `items` at `quality` (per mille), returning the CSV
    /// and the ids of items that lost points. Even tables give
    /// deductions, odd ones scores, so both kinds of sheet are covered.
    fn sheet(
        &self,
        t: usize,
        items: &[Item],
        quality: u64,
        rng: &mut Rng,
    ) -> (String, Vec<String>) {
        let by_deduction = t % 2 == 0;
        let mut rows = Vec::new();
        let mut lost = Vec::new();
        let lapse = 30 + (1000 - quality) * 9 / 10;
        let truth: Vec<u64> = items
            .iter()
            .map(|item| {
                if rng.chance(lapse) {
                    let halves = item.points / 50;
                    (1 + rng.below(halves.max(1))) * 50
                } else {
                    0
                }
                .min(item.points)
            })
            .collect();
        for e in 0..self.spec.experts {
            let expert = format!("专家{}", e + 1);
            for (item, &base) in items.iter().zip(&truth) {
                // Experts disagree by half a point now and then.
                let deduction = match rng.below(10) {
                    0 => base + 50,
                    1 => base.saturating_sub(50),
                    _ => base,
                }
                .min(item.points);
                let note = if deduction > 0 {
                    let n = 1 + rng.below(4);
                    NOTES[rng.below(NOTES.len() as u64) as usize].replace("{n}", &n.to_string())
                } else {
                    String::new()
                };
                let value = if by_deduction {
                    decimal(deduction)
                } else {
                    decimal(item.points - deduction)
                };
                rows.push(vec![item.id.clone(), expert.clone(), value, note]);
                if e == 0 && base > 0 {
                    lost.push(item.id.clone());
                }
            }
        }
        let header = if by_deduction {
            ["item", "expert", "deduction", "note"]
        } else {
            ["item", "expert", "score", "note"]
        };
        (csv(&header, &rows), lost)
    }
}

/// A survey tally for ten questions, answers leaning to satisfaction as
/// `quality` (per mille) rises.
fn tally(quality: u64, rng: &mut Rng) -> String {
    let responses = 20 + rng.below(21);
    let rows: Vec<Vec<String>> = (1..=10)
        .map(|q| {
            let mut counts = [0u64; 4];
            for _ in 0..responses {
                let roll = rng.below(1000);
                let answer = if roll < quality * 6 / 10 {
                    0
                } else if roll < quality * 9 / 10 {
                    1
                } else if roll < 970 {
                    2
                } else {
                    3
                };
                counts[answer] += 1;
            }
            let mut row = vec![format!("Q{q:02}")];
            row.extend(counts.iter().map(u64::to_string));
            row
        })
        .collect();
    csv(&["question", "A", "B", "C", "D"], &rows)
}

/// One period's files, ready to write.
struct Period {
    id: String,
    toml: String,
    /// (path under the period folder, text).
    files: Vec<(String, String)>,
    conclusion: Option<String>,
}

impl Period {
    fn write(&self, out: &mut Writer) -> io::Result<()> {
        let folder = format!("data/periods/{}", self.id);
        out.file(&format!("{folder}/period.toml"), &self.toml)?;
        for (name, text) in &self.files {
            out.file(&format!("{folder}/{name}"), text)?;
        }
        if let Some(conclusion) = &self.conclusion {
            out.file(&format!("content/periods/{}.md", self.id), conclusion)?;
        }
        Ok(())
    }
}
