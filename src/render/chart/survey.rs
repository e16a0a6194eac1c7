//! Survey charts: the answers to each question in one period, and the
//! satisfaction index across periods.
//!
//! Each question gets one bar split into the shares of its four answers
//! (A 非常满意 darkest to D 有待改进 lightest), each part labelled with
//! its count where it has room, and the question's index beside it. The
//! overall index and the number of forms head the chart.

use plotters::prelude::*;

use super::frame::{self, Frame, LOOKS};
use super::svg::{Anchor, Svg, Texts};
use super::{float, style, table_result, text};
use crate::model::Site;
use crate::score::{Results, SurveyResult, format_score};

/// The fills of answers A to D, dark to light.
const FILLS: [RGBColor; 4] = [style::DARK, style::MID, style::LIGHT, style::PALE];

/// The text colour on each answer's fill.
const ON_FILL: [&str; 4] = [style::ON_DARK, style::ON_DARK, style::INK, style::INK];

const ROW: i32 = 24;
const BAR: i32 = 16;

/// The answers to each survey question for table `table` in period
/// `period`, or `None` where no survey was tallied.
pub fn survey_bars(site: &Site, results: &Results, period: usize, table: usize) -> Option<String> {
    let survey = table_result(results, period, table)?.survey.as_ref()?;
    let width = style::WIDTH as i32;
    let small = f64::from(style::SMALL);

    // The legend and the headline go above the bars.
    let headline = headline(survey);
    let answers = answer_labels(site);
    let answers: Vec<&str> = answers.iter().map(String::as_str).collect();
    let legend: Vec<(String, i32, i32)> = text::flow(&answers, small, 16, width)
        .into_iter()
        .map(|(label, x, row)| (label, x, 20 * row))
        .collect();
    let top = 26 + legend.last().map_or(0, |(_, _, y)| y + 20) + 6;

    // Question ids take what they need, up to a quarter of the width.
    let ids_width = site
        .questions
        .iter()
        .map(|q| text::width(&q.id, small))
        .fold(0.0, f64::max)
        .min(f64::from(width / 4))
        .ceil() as i32;
    let left = ids_width + 8;
    let right = width - text::width("100.00", small).ceil() as i32 - 8;
    let height = top + ROW * survey.questions.len() as i32 + 2;

    let mut svg = Svg::new("survey", width as u32, height as u32);
    svg.draw(|root, texts| {
        texts.add(2, 18, headline.as_str()).bold();
        for (index, (label, x, y)) in legend.iter().enumerate() {
            let y = 26 + y;
            root.draw(&Rectangle::new(
                [(*x, y + 3), (x + 12, y + 15)],
                FILLS[index].filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(*x, y + 3), (x + 12, y + 15)],
                style::OUTLINE,
            ))?;
            texts.add(x + 16, y + 14, label.as_str()).size(style::SMALL);
        }
        for (index, (question, result)) in site.questions.iter().zip(&survey.questions).enumerate()
        {
            let y = top + ROW * index as i32;
            let bar = (y + (ROW - BAR) / 2, y + (ROW + BAR) / 2);
            let id = text::truncate(&question.id, small, f64::from(ids_width));
            texts
                .add(2, bar.1 - 3, id)
                .size(style::SMALL)
                .tip(format!("{} {}", question.id, question.text));
            stacked_bar(root, texts, (left, right), bar, &result.counts)?;
            let index_label = result.index.map_or("未作答".to_string(), format_score);
            texts
                .add(width - 2, bar.1 - 3, index_label)
                .size(style::SMALL)
                .anchor(Anchor::End)
                .color(style::MUTED);
        }
        Ok(())
    });

    let title = format!(
        "{} {} 满意度调查",
        site.config.tables[table].title, site.periods[period].label
    );
    Some(svg.finish(&title, &survey_desc(site, survey)))
}

/// The line heading the survey chart: index and forms returned.
fn headline(survey: &SurveyResult) -> String {
    let index = survey.index.map_or("—".to_string(), format_score);
    format!("满意度指数 {index}　回收问卷 {} 份", survey.responses)
}

/// Draws one question's bar, split by answer, from `x.0` to `x.1`.
fn stacked_bar(
    root: &super::svg::Area,
    texts: &mut Texts,
    x: (i32, i32),
    y: (i32, i32),
    counts: &[u64; 4],
) -> super::svg::Drawn {
    let total: u64 = counts.iter().sum();
    let small = f64::from(style::SMALL);
    let span = f64::from(x.1 - x.0);
    let mut before = 0u64;
    for (answer, &count) in counts.iter().enumerate() {
        if count == 0 || total == 0 {
            continue;
        }
        // Edges from running sums, so the parts meet without gaps.
        let start = x.0 + (span * before as f64 / total as f64).round() as i32;
        before += count;
        let end = x.0 + (span * before as f64 / total as f64).round() as i32;
        root.draw(&Rectangle::new(
            [(start, y.0), (end, y.1)],
            FILLS[answer].filled(),
        ))?;
        let label = count.to_string();
        if f64::from(end - start) >= text::width(&label, small) + 4.0 {
            texts
                .add((start + end) / 2, y.1 - 4, label)
                .size(style::SMALL)
                .anchor(Anchor::Middle)
                .color(ON_FILL[answer]);
        }
    }
    root.draw(&Rectangle::new([(x.0, y.0), (x.1, y.1)], style::OUTLINE))
}

/// The survey's text: the index, the forms and each question's counts.
fn survey_desc(site: &Site, survey: &SurveyResult) -> String {
    let mut desc = headline(survey);
    desc.push_str("。答案：");
    desc.push_str(&answer_labels(site).join("，"));
    desc.push('。');
    let mut digits = itoa::Buffer::new();
    for (number, (q, r)) in site.questions.iter().zip(&survey.questions).enumerate() {
        if number > 0 {
            desc.push('；');
        }
        desc.push_str(&q.id);
        desc.push(' ');
        desc.push_str(&q.text);
        desc.push('：');
        for (k, (answer, count)) in site.config.answers.iter().zip(r.counts).enumerate() {
            if k > 0 {
                desc.push('、');
            }
            desc.push_str(answer.key);
            desc.push(' ');
            desc.push_str(digits.format(count));
        }
        desc.push('，');
        match r.index {
            Some(index) => {
                desc.push_str("指数 ");
                desc.push_str(&format_score(index));
            }
            None => desc.push_str("未作答"),
        }
    }
    desc.push('。');
    desc
}

/// The satisfaction index of table `table` across periods, or `None` if
/// no period tallied a survey for it.
pub fn survey_trend(site: &Site, results: &Results, table: usize) -> Option<String> {
    let surveys: Vec<Option<&SurveyResult>> = (0..results.periods.len())
        .map(|p| table_result(results, p, table).and_then(|r| r.survey.as_ref()))
        .collect();
    let indices: Vec<Option<f64>> = surveys
        .iter()
        .map(|s| s.and_then(|s| s.index).map(float))
        .collect();
    if indices.iter().all(Option::is_none) {
        return None;
    }
    let low = frame::low_end(indices.iter().flatten().copied(), 100.0);
    let mut layout = Frame::new(site, (style::WIDTH as i32, 220), (low, 100.0), "100");
    layout.bottom = 38;
    let step = if 100.0 - low > 50.0 { 20.0 } else { 10.0 };
    let ticks: Vec<(f64, String)> = (0..)
        .map(|i| 100.0 - step * f64::from(i))
        .take_while(|v| *v >= low)
        .map(|v| (v, format!("{v}")))
        .collect();
    let labels: Vec<Option<(f64, String)>> = surveys
        .iter()
        .map(|s| s.and_then(|s| s.index).map(|i| (float(i), format_score(i))))
        .collect();
    let notes: Vec<Option<String>> = surveys
        .iter()
        .map(|s| s.map(|s| format!("{} 份", s.responses)))
        .collect();

    let mut svg = Svg::new("survey-trend", layout.width as u32, layout.height as u32);
    svg.draw(|root, texts| {
        let mut plot = layout.plot(root)?;
        layout.value_ticks(&mut plot, texts, &ticks)?;
        layout.axis(&mut plot)?;
        layout.line(&mut plot, &indices, LOOKS[0])?;
        layout.value_labels(&plot, texts, &labels);
        layout.period_labels(&plot, texts, &notes);
        Ok(())
    });

    let title = &site.config.tables[table].title;
    let parts: Vec<String> = surveys
        .iter()
        .zip(&site.periods)
        .map(|(s, p)| match s {
            Some(s) => format!(
                "{} {}（{} 份）",
                p.label,
                s.index.map_or("—".to_string(), format_score),
                s.responses
            ),
            None => format!("{} 无调查", p.label),
        })
        .collect();
    let desc = format!("{title}历年满意度指数：{}。", parts.join("；"));
    Some(svg.finish(&format!("{title} 历年满意度指数"), &desc))
}

/// Each survey answer as the legend and the description name it: `A 非常满意`.
fn answer_labels(site: &Site) -> Vec<String> {
    site.config
        .answers
        .iter()
        .map(|a| format!("{} {}", a.key, a.label))
        .collect()
}
