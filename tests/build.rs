//! `kaohe build` on the fixture site tests/sites/build-basic, run as the
//! real binary in temporary folders.
//!
//! The golden files under tests/golden/build-basic/ hold the expected
//! output. After a deliberate change to the pages, regenerate them with
//!
//! ```sh
//! KAOHE_BLESS=1 cargo test --test build
//! ```
//!
//! and read the diff before committing it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

/// The fixture site.
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/build-basic")
}

/// The folder of golden files.
fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/build-basic")
}

/// A copy of the fixture at `dir/<name>`, to build and change freely.
fn copy_fixture(dir: &Path, name: &str) -> PathBuf {
    let site = dir.join(name);
    copy_dir(&fixture(), &site);
    site
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `kaohe build --root <site>` with `extra` arguments.
fn build(site: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .arg("build")
        .arg("--root")
        .arg(site)
        .args(extra)
        .output()
        .expect("kaohe runs")
}

/// Builds `site` into its public/ folder and asserts success.
fn build_ok(site: &Path, extra: &[&str]) -> String {
    let output = build(site, extra);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "build failed: {stderr}");
    String::from_utf8(output.stdout).unwrap()
}

/// Every file under `dir`, by `/`-separated path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            files.insert(rel.replace('\\', "/"), fs::read(&path).unwrap());
        }
    }
}

/// Every file under `dir` with its modification time.
fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    files(dir)
        .keys()
        .map(|rel| {
            let time = fs::metadata(dir.join(rel)).unwrap().modified().unwrap();
            (rel.clone(), time)
        })
        .collect()
}

/// Sets every file under `dir` to a modification time long ago.
fn age(dir: &Path) -> SystemTime {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(946_684_800);
    for rel in files(dir).keys() {
        let file = fs::File::options().write(true).open(dir.join(rel)).unwrap();
        file.set_modified(old).unwrap();
    }
    old
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// The output files the golden files cover: the pages kaohe's report
/// site is made of, and the data files.
fn is_golden(path: &str) -> bool {
    let page = path.ends_with(".html")
        && (path == "index.html"
            || path == "about.html"
            || path == "rubrics.html"
            || path.starts_with("periods/")
            || path.starts_with("rubrics/"));
    page || path == "results.json" || path == "results.csv"
}

#[test]
fn output_matches_golden_files() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let built: BTreeMap<String, Vec<u8>> = files(&site.join("public"))
        .into_iter()
        .filter(|(path, _)| is_golden(path))
        .collect();
    let golden = golden_dir();
    if std::env::var_os("KAOHE_BLESS").is_some() {
        let _ = fs::remove_dir_all(&golden);
        for (path, bytes) in &built {
            let target = golden.join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, bytes).unwrap();
        }
        return;
    }
    let expected = files(&golden);
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the files built differ from tests/golden/build-basic; run KAOHE_BLESS=1 cargo test --test build"
    );
    for (path, bytes) in &built {
        let want = text(&expected[path]);
        let got = text(bytes);
        if want != got {
            let line = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(got.lines().count()));
            panic!(
                "{path} differs from its golden file at line {}:\n  golden: {:?}\n  built:  {:?}\n\
                 run KAOHE_BLESS=1 cargo test --test build after a deliberate change",
                line + 1,
                want.lines().nth(line).unwrap_or(""),
                got.lines().nth(line).unwrap_or("")
            );
        }
    }
}

#[test]
fn builds_are_byte_identical_wherever_the_site_lies() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let first = copy_fixture(one.path(), "site");
    let second = copy_fixture(&two.path().join("另一个/deeper"), "考核");
    build_ok(&first, &[]);
    build_ok(&second, &[]);
    let a = files(&first.join("public"));
    let b = files(&second.join("public"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between the two builds");
    }
    // No machine path may leak into the output.
    for (path, bytes) in &a {
        let content = String::from_utf8_lossy(bytes);
        let folder = one.path().to_string_lossy();
        assert!(!content.contains(&*folder), "{path} names the build folder");
    }
}

#[test]
fn summary_line_names_pages_files_time_and_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    let out = site.join("public");
    let stdout = build_ok(&site, &["--out", out.to_str().unwrap()]);
    let line = stdout.trim_end();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let prefix = "wrote ";
    assert!(line.starts_with(prefix), "{line}");
    let suffix = format!(" s to {}/", out.display());
    assert!(line.ends_with(&suffix), "{line}");
    let pages = files(&out).keys().filter(|p| p.ends_with(".html")).count();
    let others = files(&out).len() - pages - 1;
    let counts = format!(
        "{pages} pages and {others} files ({} changed, 0 unchanged) in ",
        pages + others
    );
    assert!(line.contains(&counts), "{line} lacks {counts}");

    // The same build again changes nothing.
    let again = build_ok(&site, &["--out", out.to_str().unwrap()]);
    let counts = format!("(0 changed, {} unchanged)", pages + others);
    assert!(again.contains(&counts), "{again}");
}

#[test]
fn failed_build_leaves_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let out = site.join("public");
    age(&out);
    let before = files(&out);
    let times = mtimes(&out);

    let sheet = site.join("data/periods/2024/datacenter.csv");
    let broken = fs::read_to_string(&sheet)
        .unwrap()
        .replace("D02,45", "D02,99");
    fs::write(&sheet, broken).unwrap();
    let output = build(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "data/periods/2024/datacenter.csv:3: item D02: score 99 is above its 50 points\n\
         error: 1 problem found; fix it and run again\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert!(files(&out) == before, "the output changed");
    assert_eq!(mtimes(&out), times);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn build_that_fails_while_rendering_leaves_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let out = site.join("public");
    let before = files(&out);

    // A theme whose report template fails only when a report is rendered,
    // after other pages have been written.
    let templates = site.join("themes/broken/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("report.html"),
        "<p>{{ report.no_such_field.deeper }}</p>\n",
    )
    .unwrap();
    set_theme(&site, "broken");
    let output = build(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("themes/broken/templates/report.html:1: template error (rendering periods/2023/report.html): "),
        "{stderr}"
    );
    assert!(files(&out) == before, "the output changed");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

/// The folders a build leaves beside public/ when it does not finish.
fn leftovers(site: &Path) -> Vec<String> {
    fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("public."))
        .collect()
}

/// Adds `theme = "<name>"` to the site's site.toml.
fn set_theme(site: &Path, name: &str) {
    let path = site.join("site.toml");
    let config = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("theme = \"{name}\"\n{config}")).unwrap();
}

#[test]
fn unchanged_files_keep_their_modification_time() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let out = site.join("public");
    let old = age(&out);

    let stdout = build_ok(&site, &[]);
    assert!(stdout.contains("(0 changed, "), "{stdout}");
    assert!(mtimes(&out).values().all(|t| *t == old));

    // Changing the 2023 conclusion rewrites its period page and report
    // only.
    let conclusion = site.join("content/periods/2023.md");
    let changed = fs::read_to_string(&conclusion).unwrap() + "\n考核组补充意见。\n";
    fs::write(&conclusion, changed).unwrap();
    let stdout = build_ok(&site, &[]);
    assert!(stdout.contains("(2 changed, "), "{stdout}");
    let rewritten: Vec<String> = mtimes(&out)
        .into_iter()
        .filter(|(_, time)| *time != old)
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        rewritten,
        ["periods/2023/index.html", "periods/2023/report.html"]
    );
}

#[test]
fn every_link_and_asset_resolves_to_a_file_inside_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let out = site.join("public");
    let all = files(&out);
    let mut checked = 0;
    for (path, bytes) in all.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = text(bytes);
        for link in attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"))
        {
            if link == "data:," || link.starts_with("https://") || link.starts_with("http://") {
                continue;
            }
            assert!(
                !link.starts_with('/') && !link.contains("://"),
                "{path}: {link} is not relative"
            );
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                path.clone()
            } else {
                resolve(path, file).unwrap_or_else(|| panic!("{path}: {link} leaves the output"))
            };
            let Some(target_bytes) = all.get(&target) else {
                panic!("{path}: {link} leads to {target}, which is not in the output");
            };
            if !fragment.is_empty() {
                let id = format!("id=\"{fragment}\"");
                assert!(
                    text(target_bytes).contains(&id),
                    "{path}: {link} has no target {id}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

/// The values of every `name="…"` attribute in `html`.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let marker = format!(" {name}=\"");
    html.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// `link` followed from the page at `page`, as a path in the output;
/// `None` if it leads outside.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for component in Path::new(link).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[test]
fn script_in_a_note_arrives_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let out = site.join("public");
    let scorecard = fs::read_to_string(out.join("periods/2023/platform.html")).unwrap();
    assert!(scorecard.contains("缺 1 人&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    for (path, bytes) in files(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = text(bytes).to_ascii_lowercase();
        assert!(!html.contains("<script"), "{path} has a script element");
        assert!(
            !html.contains("javascript:"),
            "{path} has a javascript: link"
        );
    }
    // Values from TOML are escaped too.
    let report = fs::read_to_string(out.join("periods/2023/report.html")).unwrap();
    assert!(report.contains("服务合同 &lt;第 2 号&gt;"));
    assert!(report.contains("机房断电导致业务中断 &lt;8 小时&gt;"));
}

#[test]
fn raw_html_in_markdown_is_escaped_unless_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let page = fs::read_to_string(site.join("public/about.html")).unwrap();
    assert!(
        page.contains("考核依据&lt;b&gt;办法&lt;/b&gt;执行，点我，"),
        "{page}"
    );

    let config = site.join("site.toml");
    let allowed = format!(
        "allow_html = true\n{}",
        fs::read_to_string(&config).unwrap()
    );
    fs::write(&config, allowed).unwrap();
    build_ok(&site, &[]);
    let page = fs::read_to_string(site.join("public/about.html")).unwrap();
    assert!(page.contains("考核依据<b>办法</b>执行，点我，"), "{page}");
}

#[test]
fn results_json_holds_numbers_and_every_period() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let json = fs::read_to_string(site.join("public/results.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let periods = value["periods"].as_array().unwrap();
    let ids: Vec<&str> = periods.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["2023", "2024"]);
    let datacenter = &periods[0]["tables"][1];
    assert_eq!(datacenter["total"], serde_json::json!(90));
    assert_eq!(datacenter["grade"], "不合格");
    assert_eq!(
        datacenter["fee_deduction"],
        serde_json::json!({"min": 60, "max": 60})
    );
    assert_eq!(
        datacenter["veto"]["reason"],
        "机房断电导致业务中断 <8 小时>"
    );
    let platform = &periods[1]["tables"][0];
    assert_eq!(platform["total"], serde_json::json!(92.33));
    assert_eq!(platform["items"][3]["score"], serde_json::json!(19.33));
    assert_eq!(platform["survey"]["responses"], serde_json::json!(20));
    assert_eq!(periods[1]["status"], "review");
    assert_eq!(periods[0]["tables"][0]["veto"], serde_json::Value::Null);
}

#[test]
fn results_csv_cells_cannot_become_formulas() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let csv = fs::read(site.join("public/results.csv")).unwrap();
    let csv = text(
        csv.strip_prefix(b"\xEF\xBB\xBF")
            .expect("a byte order mark"),
    );
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "period,label,date,status,table,title,provider,服务资源提供,服务质量,服务满意度,\
         total,grade,fee_deduction_min,fee_deduction_max,veto,survey_responses,satisfaction"
    );
    assert_eq!(
        rows[2],
        "2023,2023年度,2023-12-15,published,datacenter,政务云机房,'=乙通信公司,30.00,40.00,20.00,\
         90.00,不合格,60,60,机房断电导致业务中断 <8 小时>,,"
    );
}

#[test]
fn provisional_periods_carry_a_visible_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    let period = site.join("data/periods/2024/period.toml");
    let draft = fs::read_to_string(&period)
        .unwrap()
        .replace("\"review\"", "\"draft\"");
    fs::write(&period, draft).unwrap();

    build_ok(&site, &[]);
    assert!(
        !site.join("public/periods/2024").exists(),
        "drafts are left out"
    );

    build_ok(&site, &["--drafts"]);
    let report = fs::read_to_string(site.join("public/periods/2024/report.html")).unwrap();
    assert!(
        report.contains("<div class=\"watermark\" aria-hidden=\"true\"><span>草稿</span></div>")
    );
    let published = fs::read_to_string(site.join("public/periods/2023/report.html")).unwrap();
    assert!(!published.contains("watermark"));
}

#[test]
fn a_theme_overrides_templates_one_by_one_and_adds_static_files() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    let theme = site.join("themes/local");
    fs::create_dir_all(theme.join("templates")).unwrap();
    fs::create_dir_all(theme.join("static/img")).unwrap();
    fs::write(
        theme.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<div class=\"local\">{{ page.title }}</div>{% endblock main %}\n",
    )
    .unwrap();
    fs::write(theme.join("static/img/logo.svg"), "<svg/>").unwrap();
    set_theme(&site, "local");
    build_ok(&site, &[]);
    let out = site.join("public");
    let page = fs::read_to_string(out.join("about.html")).unwrap();
    assert!(page.contains("<div class=\"local\">考核说明</div>"));
    assert!(
        page.contains("<header class=\"site-header\">"),
        "base.html stays the default"
    );
    assert_eq!(
        fs::read(out.join("static/img/logo.svg")).unwrap(),
        b"<svg/>"
    );
    assert!(out.join("static/style.css").exists());
}

#[test]
fn problems_in_markdown_and_themes_name_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    fs::write(
        site.join("content/about.md"),
        "+++\ntitle = \"考核说明\"\nwieght = 1\n+++\n正文\n",
    )
    .unwrap();
    let templates = site.join("themes/local/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join("page.html"), "<p>\n{% if %}\n</p>\n").unwrap();
    set_theme(&site, "local");
    let output = build(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0]
            .starts_with("content/about.md:3: front matter is not valid: unknown field `wieght`"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("themes/local/templates/page.html:2: template error: "),
        "{stderr}"
    );
    assert_eq!(
        lines.last(),
        Some(&"error: 2 problems found; fix them and run again")
    );
    assert!(!site.join("public").exists(), "nothing is written");
}

#[test]
fn a_theme_that_does_not_exist_is_a_problem_in_site_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    set_theme(&site, "missing");
    let output = build(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "site.toml:1: theme \"missing\" not found; expected a folder themes/missing with templates/ or static/\n\
         error: 1 problem found; fix it and run again\n"
    );
}

#[test]
fn a_folder_kaohe_did_not_write_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    let out = tmp.path().join("documents");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("notes.txt"), "keep me").unwrap();
    let output = build(&site, &["--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("was not written by kaohe (it has no .kaohe-output)"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );

    // Nor the site itself, nor a folder holding it.
    for out in [site.clone(), tmp.path().to_path_buf()] {
        let output = build(&site, &["--out", out.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("holds the site itself"), "{stderr}");
    }
    assert!(site.join("site.toml").exists());
}

#[test]
fn content_pages_may_not_take_the_place_of_kaohe_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    fs::create_dir_all(site.join("content/rubrics")).unwrap();
    fs::write(site.join("content/rubrics/platform.md"), "# 评分表\n").unwrap();
    let output = build(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "content/rubrics/platform.md:1: would be written to rubrics/platform.html, where kaohe writes its own pages; rename the file\n\
         error: 1 problem found; fix it and run again\n"
    );
}

/// The rows of the default scorecard laid out by a template from each
/// row's data, as a theme with its own scorecard.html may do.
const ROWS_FROM_DATA: &str = r#"{% for row in category.rows %}{% set item = row.item %}<tr id="{{ item.id }}" class="{% if row.lost %}lost{% endif %}{% if row.spread %} disputed{% endif %}">
{% if item.first %}<th scope="rowgroup" rowspan="{{ category.span + 1 }}" class="col-category">{{ category.name }}<span class="points">（{{ category.points }}分）</span></th>{% endif %}
{% if item.group_span %}<td rowspan="{{ item.group_span }}" class="col-group">{{ item.group }}</td>{% endif %}
<td class="col-requirement"><span class="item-id">{{ item.id }}</span> {{ item.requirement }}</td>
<td class="num" data-label="分数">{{ item.points }}</td>
<td class="col-rule" data-label="评分规则">{{ item.rule }}</td>
{% if several %}{% for mark in row.marks %}<td class="num mark{% if mark.extreme %} {{ mark.extreme }}{% endif %}" data-label="{{ experts[loop.index0] }}">{{ mark.score }}</td>{% endfor %}{% endif %}
<td class="num col-score" data-label="得分"><strong>{{ row.score }}</strong>{% if row.spread %}<span class="spread" title="最高分与最低分之差">分差 {{ row.spread }}</span>{% endif %}</td>
<td class="col-notes">{% for note in row.notes %}<p>{% if note.expert %}<span class="expert">{{ note.expert }}</span>：{% endif %}{% if note.deduction %}<span class="deduction">{{ note.deduction }}</span>{% if note.text %}，{% endif %}{% endif %}{{ note.text }}</p>{% endfor %}</td>
</tr>
{% endfor %}"#;

/// The survey table's rows laid out by a template from each question's
/// data.
const QUESTIONS_FROM_DATA: &str = r#"{% for question in survey.questions %}<tr><td class="num">{{ question.number }}</td><td>{{ question.text }}</td>{% for count in question.counts %}<td class="num">{{ count }}</td>{% endfor %}<td class="num">{% if question.index %}{{ question.index }}{% else %}—{% endif %}</td></tr>
{% endfor %}"#;

#[test]
fn a_theme_laying_out_scorecard_rows_from_data_gets_what_kaohe_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture(tmp.path(), "site");
    build_ok(&site, &[]);
    let written = files(&site.join("public"));

    let default = include_str!("../themes/default/templates/scorecard.html");
    let own = default
        .replace("{{ category.html }}", ROWS_FROM_DATA)
        .replace("{{ survey.questions_html }}", QUESTIONS_FROM_DATA);
    assert_eq!(
        own.matches("{% for").count(),
        default.matches("{% for").count() + 5,
        "the default scorecard places category.html and survey.questions_html"
    );
    let templates = site.join("themes/rows/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join("scorecard.html"), own).unwrap();
    set_theme(&site, "rows");
    build_ok(&site, &[]);
    let laid_out = files(&site.join("public"));

    let scorecards: Vec<&String> = written
        .keys()
        .filter(|path| path.starts_with("periods/"))
        .filter(|path| !path.ends_with("/index.html") && !path.ends_with("/report.html"))
        .collect();
    assert!(scorecards.len() >= 4, "{scorecards:?}");
    let (mut marks, mut questions) = (0, 0);
    for path in scorecards {
        let html = text(&written[path]);
        assert!(html.contains("<tr id=\""), "{path}");
        marks += html.matches("class=\"num mark").count();
        questions += html.matches("<tr><td class=\"num\">").count();
        assert_eq!(html, text(&laid_out[path]), "{path}");
    }
    assert!(marks > 0, "some scorecard shows several experts' marks");
    assert!(
        questions > 0,
        "some scorecard shows its survey question by question"
    );
}
