//! What kaohe prints, in one place.
//!
//! Results go to standard output; problems, warnings and the per-step
//! lines of `-v` go to standard error.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::cmd::Failure;

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Turns the per-step lines of `-v` on or off.
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, Ordering::Relaxed);
}

/// Prints `step` and the time since `since`, when `-v` is on.
pub fn step(step: &str, since: Instant) {
    if VERBOSE.load(Ordering::Relaxed) {
        eprintln!(
            "  {step:<28} {:>8.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Prints a note about what the command left out, when anything was.
pub fn drafts_left_out(ids: &[String]) {
    match ids {
        [] => {}
        [id] => eprintln!("note: draft period {id} left out; add --drafts to include it"),
        ids => eprintln!(
            "note: draft periods {} left out; add --drafts to include them",
            ids.join(", ")
        ),
    }
}

/// Prints a warning that does not stop the command.
pub fn warning(message: &str) {
    eprintln!("warning: {message}");
}

/// Prints why a command failed.
pub fn failure(failure: &Failure) {
    match failure {
        Failure::Problems(problems) => {
            for problem in problems {
                eprintln!("{problem}");
            }
            let (noun, pronoun) = if problems.len() == 1 {
                ("problem", "it")
            } else {
                ("problems", "them")
            };
            eprintln!(
                "error: {} {noun} found; fix {pronoun} and run again",
                problems.len()
            );
        }
        Failure::Other(message) => eprintln!("error: {message}"),
    }
}
