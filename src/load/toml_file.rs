//! TOML files: site.toml and each period's period.toml.
//!
//! A TOML syntax error or a key of the wrong type is reported at the line
//! the TOML parser points to. Checks on the values themselves belong to
//! the model, which keeps each key's span to report its line.

use serde::de::DeserializeOwned;

use super::text::line_at;
use crate::problem::Problems;

/// Parses `text`, the TOML file `path`, recording a problem with its line
/// when it is malformed or does not have the expected shape.
pub fn parse<T: DeserializeOwned>(path: &str, text: &str, problems: &mut Problems) -> Option<T> {
    match toml::from_str(text) {
        Ok(value) => Some(value),
        Err(err) => {
            let line = err.span().map_or(1, |span| line_at(text, span.start));
            let message = err.message().trim_end().replace('\n', "; ");
            problems.add(path, line, format!("is not valid TOML: {message}"));
            None
        }
    }
}

/// The 1-based line of a value's span in `text`.
pub fn line_of<T>(text: &str, value: &toml::Spanned<T>) -> usize {
    line_at(text, value.span().start)
}
