//! kaohe turns a government cloud's service-quality assessment into a
//! static report site.
//!
//! The modules follow the data as it moves: `load` reads files from the
//! site folder, `model` holds what was read, `score` computes the results
//! exactly, and `cmd` holds one file per subcommand. Problems found in the
//! user's data are values (`problem::Problem`) collected and reported all
//! together, never panics.

pub mod build;
pub mod cli;
pub mod cmd;
pub mod console;
pub mod load;
pub mod model;
pub mod output;
pub mod problem;
pub mod render;
pub mod score;
pub mod share;
pub mod view;
