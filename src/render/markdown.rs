//! Markdown: the pages under content/ and the periods' conclusions.
//!
//! A markdown file may open with TOML front matter between two `+++`
//! lines (`title`, and `weight` to order the navigation). The body is
//! rendered with pulldown-cmark, tables and footnotes on. Since the site
//! is handed to providers and opened on office machines, the HTML is made
//! safe on the way: raw HTML is shown as text unless site.toml sets
//! `allow_html`, `javascript:` links lose their link, and images from
//! outside the site become plain links so that no page makes a request
//! that leaves the site.
//!
//! Relative links are read from the site root, wherever the page lands:
//! `measures.md` and `measures.html` both lead to the measures page, and
//! `periods/2024.md` to that period's page.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::load::text::line_at;
use crate::problem::Problems;

/// A markdown file, split into its front matter and its body.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file, relative to the site root.
    pub path: String,
    /// The title from the front matter, if any.
    pub title: Option<String>,
    /// The navigation order from the front matter; lower comes first.
    pub weight: Option<i64>,
    /// The markdown after the front matter.
    pub body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    weight: Option<i64>,
}

const FENCE: &str = "+++";

impl Document {
    /// Splits `text`, the file `path`, into front matter and body,
    /// recording a problem when the front matter is malformed.
    pub fn parse(path: &str, text: &str, problems: &mut Problems) -> Option<Document> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut document = Document {
            path: path.to_string(),
            title: None,
            weight: None,
            body: text.to_string(),
        };
        let Some(rest) = strip_fence_line(text) else {
            return Some(document);
        };
        let Some((front, body)) = split_at_fence(rest) else {
            problems.add(
                path,
                1,
                "front matter opened with +++ is never closed; expected a line +++ after it",
            );
            return None;
        };
        match toml::from_str::<FrontMatter>(front) {
            Ok(matter) => {
                document.title = matter.title.map(|t| t.trim().to_string());
                document.weight = matter.weight;
                document.body = body.to_string();
                Some(document)
            }
            Err(err) => {
                let line = err.span().map_or(1, |span| line_at(front, span.start)) + 1;
                let message = err.message().trim_end().replace('\n', "; ");
                problems.add(path, line, format!("front matter is not valid: {message}"));
                None
            }
        }
    }

    /// The title: the front matter's, else the first `# ` heading, else
    /// the file name.
    pub fn title_or_default(&self) -> String {
        if let Some(title) = self.title.as_ref().filter(|t| !t.is_empty()) {
            return title.clone();
        }
        let heading = self
            .body
            .lines()
            .find_map(|line| line.strip_prefix("# "))
            .map(|h| h.trim().to_string());
        heading.unwrap_or_else(|| {
            let name = self.path.rsplit('/').next().unwrap_or(&self.path);
            name.trim_end_matches(".md").to_string()
        })
    }
}

/// The text after a first line that is exactly `+++`, if there is one.
fn strip_fence_line(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    (first.trim_end() == FENCE).then_some(rest)
}

/// Splits `text` at its first `+++` line into what is before and after.
fn split_at_fence(text: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Some((&text[..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// Renders `markdown` as HTML for a page whose way back to the site root
/// is `root` (such as `../../`).
pub fn to_html(markdown: &str, root: &str, allow_html: bool) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut filter = Filter {
        root,
        allow_html,
        links: Vec::new(),
        images: Vec::new(),
    };
    let events = Parser::new_ext(markdown, options).filter_map(|event| filter.event(event));
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The state of making one document's events safe.
struct Filter<'r> {
    root: &'r str,
    allow_html: bool,
    /// For each link open, true if and only if it was dropped.
    links: Vec<bool>,
    /// For each image open, true if and only if it was dropped.
    images: Vec<bool>,
}

impl Filter<'_> {
    /// The event to render in place of `event`, if any.
    fn event<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::Html(html) | Event::InlineHtml(html) if !self.allow_html => {
                Some(Event::Text(html))
            }
            Event::Start(Tag::HtmlBlock) if !self.allow_html => Some(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) if !self.allow_html => {
                Some(Event::End(TagEnd::Paragraph))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dropped = is_script(&dest_url);
                self.links.push(dropped);
                (!dropped).then(|| {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: self.local(dest_url),
                        title,
                        id,
                    })
                })
            }
            Event::End(TagEnd::Link) => {
                let dropped = self.links.pop().unwrap_or(false);
                (!dropped).then_some(event)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dropped = is_script(&dest_url) || is_outside(&dest_url);
                self.images.push(dropped);
                (!dropped).then(|| {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url: self.local(dest_url),
                        title,
                        id,
                    })
                })
            }
            Event::End(TagEnd::Image) => {
                let dropped = self.images.pop().unwrap_or(false);
                (!dropped).then_some(event)
            }
            event => Some(event),
        }
    }

    /// A link inside the site, rewritten to lead there from this page.
    fn local<'a>(&self, url: CowStr<'a>) -> CowStr<'a> {
        if has_scheme(&url) || url.starts_with(['/', '#', '?']) || url.is_empty() {
            return url;
        }
        let (path, fragment) = match url.find('#') {
            Some(at) => url.split_at(at),
            None => (&url[..], ""),
        };
        let path = match path.strip_suffix(".md") {
            Some("_index") => "index.html".to_string(),
            Some(page) => match page.strip_prefix("periods/") {
                Some(id) if !id.contains('/') => format!("periods/{id}/index.html"),
                _ => format!("{page}.html"),
            },
            None => path.to_string(),
        };
        CowStr::from(format!("{}{path}{fragment}", self.root))
    }
}

/// True if and only if `url` names a scheme, such as `https:`.
fn has_scheme(url: &str) -> bool {
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    url[..end].contains(':')
}

/// True if and only if following `url` would run a script.
fn is_script(url: &str) -> bool {
    let plain: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:text/html"]
        .iter()
        .any(|scheme| plain.starts_with(scheme))
}

/// True if and only if loading `url` would make a request outside the
/// site.
fn is_outside(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("//") || (has_scheme(&url) && !url.starts_with("data:image/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        to_html(markdown, "../", false)
    }

    #[test]
    fn front_matter_gives_title_and_weight() {
        let mut problems = Problems::default();
        let text = "+++\ntitle = \"考核办法\"\nweight = 2\n+++\n\n正文\n";
        let doc = Document::parse("content/m.md", text, &mut problems).unwrap();
        assert_eq!(doc.title.as_deref(), Some("考核办法"));
        assert_eq!(doc.weight, Some(2));
        assert_eq!(doc.body, "\n正文\n");
    }

    #[test]
    fn front_matter_problems_carry_their_line() {
        let mut problems = Problems::default();
        let text = "+++\ntitle = \"a\"\nwieght = 2\n+++\n";
        assert!(Document::parse("content/m.md", text, &mut problems).is_none());
        let problem = &problems.as_slice()[0];
        assert_eq!(problem.line, 3, "{problem}");
        assert!(problem.message.contains("wieght"), "{problem}");
    }

    #[test]
    fn unclosed_front_matter_is_a_problem() {
        let mut problems = Problems::default();
        assert!(Document::parse("content/m.md", "+++\ntitle = \"a\"\n", &mut problems).is_none());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn title_falls_back_to_heading_then_file_name() {
        let mut problems = Problems::default();
        let doc = Document::parse("content/a.md", "# 标题\n", &mut problems).unwrap();
        assert_eq!(doc.title_or_default(), "标题");
        let doc = Document::parse("content/b.md", "正文\n", &mut problems).unwrap();
        assert_eq!(doc.title_or_default(), "b");
    }

    #[test]
    fn raw_html_is_escaped() {
        assert_eq!(
            html("a <script>alert(1)</script> b"),
            "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n"
        );
        assert!(html("<div onclick=\"x()\">\nhi\n</div>\n").starts_with("<p>&lt;div"));
        assert_eq!(to_html("<b>x</b>", "", true), "<p><b>x</b></p>\n");
    }

    #[test]
    fn script_links_lose_their_link() {
        assert_eq!(html("[点我](javascript:alert(1))"), "<p>点我</p>\n");
        assert_eq!(html("[x]( JavaScript:alert(1))"), "<p>x</p>\n");
    }

    #[test]
    fn outside_images_become_text() {
        assert_eq!(html("![图](https://example.com/a.png)"), "<p>图</p>\n");
        assert_eq!(
            html("![图](static/a.png)"),
            "<p><img src=\"../static/a.png\" alt=\"图\" /></p>\n"
        );
    }

    #[test]
    fn relative_links_lead_from_the_site_root() {
        assert_eq!(
            html("[办法](measures.md#a)"),
            "<p><a href=\"../measures.html#a\">办法</a></p>\n"
        );
        assert_eq!(
            html("[2024](periods/2024.md)"),
            "<p><a href=\"../periods/2024/index.html\">2024</a></p>\n"
        );
        assert_eq!(
            html("[外部](https://example.com/)"),
            "<p><a href=\"https://example.com/\">外部</a></p>\n"
        );
        assert_eq!(html("[注](#fn)"), "<p><a href=\"#fn\">注</a></p>\n");
    }

    #[test]
    fn tables_and_footnotes_are_on() {
        assert!(html("|a|b|\n|-|-|\n|1|2|\n").contains("<table>"));
        assert!(html("正文[^1]\n\n[^1]: 注释\n").contains("footnote"));
    }
}
