//! Rendering: templates, markdown and charts.
//!
//! The templates are compiled once, when the renderer is made; each page
//! is then one render of its template with its view. The site and the
//! navigation are the same on every page and sit in the templates'
//! global context, so a page's context holds only what is its own: its
//! view, its title, its path and `root`, the way back to the site root
//! that every link starts with.

pub mod chart;
pub mod data;
pub mod markdown;
pub mod rows;
pub mod theme;

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::problem::Problem;
use crate::view::{NavLink, Page, SiteInfo};
use theme::Theme;

/// The room to make for a page before it is rendered: most pages are
/// smaller, a scorecard with its charts is about this size.
pub const PAGE_SIZE: usize = 64 * 1024;

/// The compiled templates of a theme.
pub struct Renderer {
    tera: Tera,
    /// Each template's name and where it came from, for messages.
    origins: Vec<(String, String)>,
}

impl Renderer {
    /// Compiles `theme`'s templates; a template that does not compile is
    /// a problem at its line.
    pub fn new(theme: &Theme) -> Result<Renderer, Problem> {
        let mut renderer = Renderer {
            tera: Tera::new(),
            origins: theme
                .templates
                .iter()
                .map(|t| (t.name.clone(), t.origin.clone()))
                .collect(),
        };
        renderer.tera.autoescape_on(vec![".html"]);
        let sources = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()));
        if let Err(err) = renderer.tera.add_raw_templates(sources) {
            return Err(renderer.problem(&err, ""));
        }
        Ok(renderer)
    }

    /// Sets what every page shows: the site and the navigation.
    pub fn set_site(&mut self, site: &SiteInfo, nav: &[NavLink]) {
        let global = self.tera.global_context();
        global.insert("site", site);
        global.insert("nav", nav);
    }

    /// Renders `page` with `template`, its view known to the template as
    /// `name`, into the bytes of the page, written into `html` (an empty
    /// buffer, such as a [`PAGE_SIZE`] one or one used before).
    pub fn render<T: Serialize>(
        &self,
        template: &str,
        name: &'static str,
        page: &Page<T>,
        mut html: Vec<u8>,
    ) -> Result<Vec<u8>, Problem> {
        let mut context = Context::new();
        context.insert("root", &page.root());
        context.insert("path", &page.path);
        context.insert("title", &page.title);
        context.insert(name, &page.view);
        // Templates are UTF-8 and so is everything they are given, so the
        // bytes are rendered straight into the buffer.
        html.clear();
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|err| self.problem(&err, &page.path))?;
        Ok(html)
    }

    /// The problem a template error is, at the template's line.
    fn problem(&self, err: &tera::Error, page: &str) -> Problem {
        let (name, line, message) = match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
                report.filename().to_string(),
                report.span().start_line,
                report.message().to_string(),
            ),
            other => (String::new(), 1, other.to_string()),
        };
        let path = self.origins.iter().find(|(n, _)| *n == name).map_or_else(
            || format!("(templates) {name}"),
            |(_, origin)| origin.clone(),
        );
        let when = if page.is_empty() {
            String::new()
        } else {
            format!(" (rendering {page})")
        };
        Problem {
            path,
            line: line.max(1),
            message: format!("template error{when}: {message}"),
        }
    }
}

/// `text` with the characters that HTML and XML give meaning to escaped,
/// for markup that kaohe writes itself rather than through a template.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out` escaped as [`escape`] does, as the templates
/// escape their values: a SIMD scan finds the few bytes to replace.
pub fn escape_into(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape("a&b<c>d\"e'f 服务＆"),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f 服务＆"
        );
        let mut out = String::from("x");
        escape_into(&mut out, &"<".repeat(40));
        assert_eq!(out, format!("x{}", "&lt;".repeat(40)));
    }
}
