//! TOML files: site.toml and each period's period.toml.
//!
//! A TOML syntax error or a key of the wrong type is reported at the line
//! the TOML parser points to. Checks on the values themselves belong to
//! the model, which keeps each key's span to report its line.

use serde::de::DeserializeOwned;

use super::text::line_at;
use crate::problem::Problems;

/// The largest TOML file read, in bytes. Settings run to a few kilobytes;
/// a file past this is a mistake (a data file saved under the wrong name),
/// and refusing it keeps the time and memory spent on it small.
const MAX_BYTES: usize = 256 << 10;

/// Parses `text`, the TOML file `path`, recording a problem with its line
/// when it is malformed or does not have the expected shape.
pub fn parse<T: DeserializeOwned>(path: &str, text: &str, problems: &mut Problems) -> Option<T> {
    if text.len() > MAX_BYTES {
        let message = format!(
            "is {} bytes long, more than a settings file may be (256 KiB); expected a few kilobytes of settings",
            text.len()
        );
        problems.add(path, 1, message);
        return None;
    }
    match toml::from_str(text) {
        Ok(value) => Some(value),
        Err(err) => {
            let start = err.span().map(|span| span.start);
            let line = start.map_or(1, |at| line_at(text, at));
            let message = plain(err.message());
            // The file parses as TOML, so the error is in its shape: a key
            // unknown, missing or holding the wrong kind of value.
            let message = if text.parse::<toml::Table>().is_ok() {
                match start.and_then(|at| key_before(text, at)) {
                    Some(key) => format!("key \"{key}\": {message}"),
                    None => message,
                }
            } else {
                format!("is not valid TOML: {message}")
            };
            problems.add(path, line, message);
            None
        }
    }
}

/// The 1-based line of a value's span in `text`.
pub fn line_of<T>(text: &str, value: &toml::Spanned<T>) -> usize {
    line_at(text, value.span().start)
}

/// The parser's message on one line, in the words of the README: keys
/// rather than fields, lists rather than sequences.
fn plain(message: &str) -> String {
    message
        .trim_end()
        .replace('\n', "; ")
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
        .replace("expected a sequence", "expected a list")
        .replace("expected a map", "expected a table")
}

/// The key of the `key = value` line whose value starts at byte `at`.
fn key_before(text: &str, at: usize) -> Option<&str> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let (key, _) = text.get(line_start..at)?.split_once('=')?;
    let key = key.trim();
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Period {
        date: String,
        #[serde(default)]
        members: Vec<String>,
    }

    fn problem(text: &str) -> String {
        let mut problems = Problems::default();
        assert!(parse::<Period>("p.toml", text, &mut problems).is_none());
        problems.as_slice()[0].to_string()
    }

    #[test]
    fn syntax_error_is_reported_at_its_line() {
        assert_eq!(
            problem("date = \"2024-01-01\"\nmembers = [\"a\"\n"),
            "p.toml:2: is not valid TOML: unclosed array, expected `]`"
        );
    }

    #[test]
    fn wrong_kind_of_value_names_its_key() {
        assert_eq!(
            problem("date = \"2024-01-01\"\nmembers = \"a, b\"\n"),
            "p.toml:2: key \"members\": invalid type: string \"a, b\", expected a list"
        );
    }

    #[test]
    fn unknown_key_is_reported_at_its_line() {
        assert_eq!(
            problem("date = \"2024-01-01\"\nmember = []\n"),
            "p.toml:2: unknown key `member`, expected `date` or `members`"
        );
    }
}
