//! The command line: parsing arguments and dispatching to a subcommand.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd;

/// kaohe: turns a government cloud's service-quality assessment
/// (政务云服务质量考核) into a static report site.
#[derive(Parser, Debug)]
#[command(name = "kaohe", version, about, long_about = None)]
pub struct Cli {
    /// Print each step and its time.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and validate the site, and print each period's totals.
    Check(cmd::check::Args),
    /// Validate the site and write the report site into public/.
    Build(cmd::build::Args),
    /// Write a new site, with the measures' rubrics and an example period, into an empty folder.
    Init(cmd::init::Args),
    /// Start a period: period.toml as a draft and blank score sheets for the experts.
    New(cmd::new::Args),
    /// Preview the site on 127.0.0.1, rebuilding and reloading on every change.
    Serve(cmd::serve::Args),
}

/// Options shared by the commands that read a site.
#[derive(clap::Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,

    /// Include periods whose status is draft.
    #[arg(long)]
    pub drafts: bool,
}

/// Runs kaohe with the process's arguments and returns the exit status.
pub fn run() -> i32 {
    let cli = Cli::parse();
    crate::console::set_verbose(cli.verbose);
    let result = match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Build(args) => cmd::build::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::New(args) => cmd::new::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
    };
    match result {
        Ok(()) => 0,
        Err(failure) => {
            crate::console::failure(&failure);
            1
        }
    }
}
