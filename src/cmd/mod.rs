//! The subcommands, one file each.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;

use crate::problem::Problem;

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The site's data has problems; nothing was written.
    Problems(Vec<Problem>),
    /// Something else went wrong, such as a folder that cannot be written.
    Other(String),
}

/// What a command returns.
pub type Outcome = Result<(), Failure>;
