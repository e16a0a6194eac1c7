//! Problems found in a site's data.
//!
//! A problem in the user's files is a value, not an error that stops the
//! run: loading collects every problem it meets, and the command prints
//! them all at the end as `path:line: message`, so that one run shows the
//! user everything there is to fix.

use std::fmt;

/// Quoted values longer than this many characters are shortened in
/// messages, so that a runaway cell (a whole file caught in one quote, a
/// megabyte pasted by mistake) does not bury the problem it causes. The
/// limit is far above any real value or explanation, so that a value with
/// a stray quote in it cannot get the words around it shortened instead.
const QUOTE_LIMIT: usize = 200;

/// How many characters of a shortened value are kept.
const QUOTE_KEEP: usize = 40;

/// One problem in one file, at one line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file, relative to the site root, with `/` separators.
    pub path: String,
    /// The 1-based line the problem is on.
    pub line: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Records a problem at `path`, line `line`.
    pub fn add(&mut self, path: &str, line: usize, message: impl Into<String>) {
        self.list.push(Problem {
            path: path.to_string(),
            line: line.max(1),
            message: shorten_quotes(message.into()),
        });
    }

    /// True if and only if no problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Adds the problems of `other` after these, in their order.
    pub fn append(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    /// The problems, in the order they were found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }

    /// The problems recorded so far.
    pub fn as_slice(&self) -> &[Problem] {
        &self.list
    }
}

/// Shortens every `"…"` quoted value in `message` that runs past
/// `QUOTE_LIMIT` characters to its start and its length.
fn shorten_quotes(message: String) -> String {
    if message.len() <= QUOTE_LIMIT {
        return message;
    }
    let mut out = String::with_capacity(QUOTE_LIMIT * 4);
    for (index, part) in message.split('"').enumerate() {
        if index > 0 {
            out.push('"');
        }
        let quoted = index % 2 == 1;
        let length = part.chars().count();
        if quoted && length > QUOTE_LIMIT {
            out.extend(part.chars().take(QUOTE_KEEP));
            out.push_str(&format!("…({length} characters)"));
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_values_are_shortened_to_their_start_and_length() {
        let cell = "九".repeat(100_000);
        let mut problems = Problems::default();
        problems.add(
            "a.csv",
            2,
            format!("item D01: score \"{cell}\" is not a number"),
        );
        let message = &problems.as_slice()[0].message;
        let start = "九".repeat(40);
        assert_eq!(
            message,
            &format!("item D01: score \"{start}…(100000 characters)\" is not a number")
        );
    }

    #[test]
    fn short_quoted_values_stay_as_written() {
        let mut problems = Problems::default();
        let message = format!("unknown item \"{}\"; expected \"P01\"", "X".repeat(200));
        problems.add("a.csv", 2, message.clone());
        assert_eq!(problems.as_slice()[0].message, message);
    }
}
