//! Writing the output folder.
