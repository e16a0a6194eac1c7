//! Charts, drawn as SVG.
