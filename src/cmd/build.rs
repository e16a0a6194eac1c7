//! `kaohe build`: validate the site and write the report site.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build::{self, Options, Summary};
use crate::cli::SiteArgs;
use crate::cmd::{Failure, Outcome};
use crate::console;
use crate::model::{LoadOptions, Site};
use crate::score::Results;

/// The options of `kaohe build`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,

    /// The output folder (default: public/ under the site folder, or
    /// shares/NAME/ with --provider).
    #[arg(long)]
    pub out: Option<PathBuf>,

    /// Build provider NAME's share: only its own periods and tables, and
    /// combined scores without the experts' names.
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
}

/// Loads, scores and builds the site, then prints one summary line.
pub fn run(args: &Args) -> Outcome {
    let start = Instant::now();
    let root = &args.site.root;
    let options = LoadOptions {
        drafts: args.site.drafts,
    };
    let step = Instant::now();
    let site = Site::load(root, options).map_err(Failure::Problems)?;
    console::step("load site", step);
    console::drafts_left_out(&site.drafts_left_out);
    let site = match &args.provider {
        Some(name) => crate::share::for_provider(&site, name)
            .map_err(|unknown| Failure::Other(unknown.to_string()))?,
        None => site,
    };

    let step = Instant::now();
    let results = Results::compute(&site);
    console::step("score", step);

    let out = args.out.clone().unwrap_or_else(|| match &args.provider {
        Some(name) => crate::share::default_out(root, name),
        None => root.join("public"),
    });
    let options = Options {
        root: root.clone(),
        out,
    };
    let summary = build::build(&site, &results, &options)?;
    for warning in &summary.warnings {
        console::warning(warning);
    }
    println!(
        "{}",
        summary_line(&summary, start.elapsed().as_secs_f64(), &options.out)
    );
    Ok(())
}

/// The line that ends a build: `wrote 14 pages and 3 files (5 changed,
/// 12 unchanged) in 0.08 s to public/`.
pub fn summary_line(summary: &Summary, seconds: f64, out: &Path) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "wrote {} and {} ({} changed, {} unchanged) in {seconds:.2} s to {}",
        plural(summary.pages, "page", "pages"),
        plural(summary.files, "file", "files"),
        summary.written.changed,
        summary.written.unchanged,
        shown(out)
    )
}

/// A folder as the user would type it: `public/`, not `./public`.
fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    let text = text.strip_prefix("./").unwrap_or(&text);
    if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        text.to_string()
    } else {
        format!("{text}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_counts_time_and_folder() {
        let summary = Summary {
            pages: 14,
            files: 3,
            written: crate::output::Written {
                changed: 5,
                unchanged: 12,
            },
            warnings: Vec::new(),
        };
        assert_eq!(
            summary_line(&summary, 0.083, Path::new("./public")),
            "wrote 14 pages and 3 files (5 changed, 12 unchanged) in 0.08 s to public/"
        );
    }
}
