//! kaohe turns a government cloud's service-quality assessment into a
//! static report site.
//!
//! The modules follow the data as it moves:
//!
//! 1. [`load`] reads the site folder's files: encodings, CSV, TOML.
//! 2. [`model`] holds what was read (rubrics, periods, sheets, survey
//!    tallies) and checks how it fits together.
//! 3. [`score`] computes every result exactly, in decimals.
//! 4. [`share`] cuts a site down to what one provider may see.
//! 5. [`view`] turns the site and its results into what pages show.
//! 6. [`render`] fills the templates, renders markdown and draws charts.
//! 7. [`output`] writes the files, keeping unchanged ones, and swaps the
//!    new site in; [`build`] runs steps 5 to 7.
//!
//! [`cli`] parses the command line and [`cmd`] holds one file per
//! subcommand; [`console`] owns what kaohe prints; [`parallel`] spreads
//! independent work over the cores. Problems in the user's data are
//! values ([`problem::Problem`]) collected and reported all together with
//! their file and line, never panics.

pub mod build;
pub mod cli;
pub mod cmd;
pub mod console;
pub mod load;
pub mod model;
pub mod output;
pub mod parallel;
pub mod problem;
pub mod render;
pub mod score;
pub mod share;
pub mod view;
