//! The charts' colours, sizes and fonts.
//!
//! The palette is one blue in four lightnesses plus greys, so that charts
//! printed in black and white, or read by someone who does not tell hues
//! apart, still separate: what matters differs in lightness, and every
//! value is also written out as a label.

use plotters::style::RGBColor;

/// The fonts labels ask for: the common Chinese system fonts, then any
/// sans-serif. Nothing is downloaded; the reader's browser picks one.
pub(crate) const FONT_FAMILY: &str =
    "'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif";

/// The width of a full-size chart, in pixels.
pub(crate) const WIDTH: u32 = 400;

/// The font size of ordinary labels.
pub(crate) const LABEL: u32 = 15;

/// The font size of axis ticks and secondary labels.
pub(crate) const SMALL: u32 = 13;

/// Text.
pub(crate) const INK: &str = "#1a1a1a";

/// Secondary text: ticks, axis notes.
pub(crate) const MUTED: &str = "#555555";

/// Text on a dark fill.
pub(crate) const ON_DARK: &str = "#ffffff";

/// The darkest series colour: scores, the total, answer A.
pub(crate) const DARK: RGBColor = RGBColor(0x1f, 0x4e, 0x79);

/// The second series colour: answer B.
pub(crate) const MID: RGBColor = RGBColor(0x5b, 0x8c, 0xc0);

/// The third series colour: answer C.
pub(crate) const LIGHT: RGBColor = RGBColor(0xa9, 0xc4, 0xe2);

/// The lightest series colour: answer D.
pub(crate) const PALE: RGBColor = RGBColor(0xe4, 0xed, 0xf7);

/// What a bar could reach: the maximum behind a score.
pub(crate) const TRACK: RGBColor = RGBColor(0xea, 0xea, 0xea);

/// Outlines of light shapes.
pub(crate) const OUTLINE: RGBColor = RGBColor(0x8c, 0x8c, 0x8c);

/// Grid and threshold lines.
pub(crate) const GRID: RGBColor = RGBColor(0xc8, 0xc8, 0xc8);

/// The shade of every other grade band.
pub(crate) const BAND: RGBColor = RGBColor(0xf0, 0xf2, 0xf5);

/// A veto: dark red, which prints nearly black.
pub(crate) const VETO: RGBColor = RGBColor(0x9c, 0x1c, 0x1c);

/// `VETO` for text.
pub(crate) const VETO_TEXT: &str = "#9c1c1c";

/// The axis line.
pub(crate) const AXIS: RGBColor = RGBColor(0x40, 0x40, 0x40);
