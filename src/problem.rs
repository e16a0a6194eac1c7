//! Problems found in a site's data.
//!
//! A problem in the user's files is a value, not an error that stops the
//! run: loading collects every problem it meets, and the command prints
//! them all at the end as `path:line: message`, so that one run shows the
//! user everything there is to fix.

use std::fmt;

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
            message: message.into(),
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

    /// The problems, in the order they were found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }

    /// The problems recorded so far.
    pub fn as_slice(&self) -> &[Problem] {
        &self.list
    }
}
