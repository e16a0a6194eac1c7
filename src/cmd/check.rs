//! `kaohe check`: validate the site and print each period's totals.

use std::io::{ErrorKind, Write};

use crate::cli::SiteArgs;
use crate::cmd::{Failure, Outcome};
use crate::model::{LoadOptions, Site};
use crate::score::{Results, format_score};

/// The options of `kaohe check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
}

/// Loads and scores the site, printing one line per period and table.
pub fn run(args: &Args) -> Outcome {
    let options = LoadOptions {
        drafts: args.site.drafts,
    };
    let site = Site::load(&args.site.root, options).map_err(Failure::Problems)?;
    let results = Results::compute(&site);
    crate::console::drafts_left_out(&site.drafts_left_out);
    let mut out = std::io::stdout().lock();
    for line in summary(&site, &results) {
        match writeln!(out, "{line}") {
            Ok(()) => {}
            // The reader has gone, as `kaohe check | head -1` does.
            Err(err) if err.kind() == ErrorKind::BrokenPipe => return Ok(()),
            Err(err) => return Err(Failure::Other(format!("cannot print the totals: {err}"))),
        }
    }
    Ok(())
}

/// One line per period and table: `2024  platform  95.67  优秀`, with
/// `一票否决` after a vetoed table's grade.
pub fn summary(site: &Site, results: &Results) -> Vec<String> {
    let mut lines = Vec::new();
    for (period, result) in site.periods.iter().zip(&results.periods) {
        for (table, scored) in site.config.tables.iter().zip(&result.tables) {
            let Some(scored) = scored else { continue };
            let grade = &site.config.grades[scored.grade].name;
            let mut line = format!(
                "{}  {}  {}  {}",
                period.id,
                table.id,
                format_score(scored.total),
                grade
            );
            if scored.vetoed {
                line.push_str("  一票否决");
            }
            lines.push(line);
        }
    }
    lines
}
