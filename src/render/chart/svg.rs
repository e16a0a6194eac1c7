//! One chart's SVG document: shapes drawn by plotters, text by kaohe.
//!
//! plotters draws the bars, lines, points and bands on a [`Canvas`].
//! Text is written here instead, because plotters measures text
//! without a font by its length in bytes, three times too wide for a
//! Chinese character; every label's position is computed by the chart from
//! `text::width`. The document gets a `<title>` and a `<desc>` carrying
//! the chart's numbers, a `viewBox` and a width of 100% so that it shrinks
//! to a phone's screen, and the same bytes for the same input: all
//! coordinates are whole pixels.

use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::canvas::{Canvas, CanvasError};
use super::{style, text};
use crate::render::escape_into;

/// The area plotters draws on, in pixels from the top left corner.
pub(crate) type Area<'a> = DrawingArea<Canvas<'a>, Shift>;

/// What drawing on an `Area` returns.
pub(crate) type Drawn = Result<(), DrawingAreaErrorKind<CanvasError>>;

/// Where a label's `x` lies along its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// `x` is the left end.
    Start,
    /// `x` is the middle.
    Middle,
    /// `x` is the right end.
    End,
}

impl Anchor {
    /// The value of SVG's `text-anchor`.
    fn name(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A label: one line of text at a point.
#[derive(Clone, Debug)]
pub(crate) struct Text {
    x: i32,
    y: i32,
    text: String,
    size: u32,
    anchor: Anchor,
    color: &'static str,
    bold: bool,
    halo: bool,
    tip: Option<String>,
}

impl Text {
    /// Sets the font size in pixels.
    pub(crate) fn size(&mut self, size: u32) -> &mut Text {
        self.size = size;
        self
    }

    /// Sets what `x` refers to.
    pub(crate) fn anchor(&mut self, anchor: Anchor) -> &mut Text {
        self.anchor = anchor;
        self
    }

    /// Sets the colour, as `#rrggbb`.
    pub(crate) fn color(&mut self, color: &'static str) -> &mut Text {
        self.color = color;
        self
    }

    /// Sets the text in bold.
    pub(crate) fn bold(&mut self) -> &mut Text {
        self.bold = true;
        self
    }

    /// Outlines the text in white so that it reads over lines and bands.
    pub(crate) fn halo(&mut self) -> &mut Text {
        self.halo = true;
        self
    }

    /// Gives the label a tooltip, such as the full text of a cut label.
    pub(crate) fn tip(&mut self, tip: impl Into<String>) -> &mut Text {
        self.tip = Some(tip.into());
        self
    }

    /// Writes the `<text>` element.
    fn write(&self, out: &mut String) {
        let mut digits = itoa::Buffer::new();
        out.push_str("<text x=\"");
        out.push_str(digits.format(self.x));
        out.push_str("\" y=\"");
        out.push_str(digits.format(self.y));
        out.push_str("\" font-size=\"");
        out.push_str(digits.format(self.size));
        out.push_str("\" text-anchor=\"");
        out.push_str(self.anchor.name());
        out.push_str("\" fill=\"");
        out.push_str(self.color);
        out.push('"');
        if self.bold {
            out.push_str(" font-weight=\"bold\"");
        }
        if self.halo {
            out.push_str(" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"");
        }
        out.push('>');
        escape_into(out, &self.text);
        if let Some(tip) = &self.tip {
            out.push_str("<title>");
            escape_into(out, tip);
            out.push_str("</title>");
        }
        out.push_str("</text>\n");
    }
}

/// A baseline near `y` at which text of `size` pixels keeps within a
/// chart `height` pixels high.
pub(crate) fn baseline_within(y: i32, size: u32, height: i32) -> i32 {
    let size = f64::from(size);
    let highest = (size * text::ASCENT).ceil() as i32;
    let lowest = height - (size * text::DESCENT).ceil() as i32;
    y.clamp(highest, lowest.max(highest))
}

/// The labels of a chart, drawn above its shapes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Texts(Vec<Text>);

impl Texts {
    /// Adds `text` with its baseline at `y`, in the default style.
    pub(crate) fn add(&mut self, x: i32, y: i32, text: impl Into<String>) -> &mut Text {
        self.0.push(Text {
            x,
            y,
            text: text.into(),
            size: style::LABEL,
            anchor: Anchor::Start,
            color: style::INK,
            bold: false,
            halo: false,
            tip: None,
        });
        let last = self.0.len() - 1;
        &mut self.0[last]
    }
}

/// A chart being drawn.
pub(crate) struct Svg {
    kind: &'static str,
    width: u32,
    height: u32,
    shapes: String,
    texts: Texts,
}

impl Svg {
    /// An empty chart of `width` × `height` pixels; `kind` names it in
    /// the `class` attribute (`plot plot-<kind>`) for the theme's styles.
    pub(crate) fn new(kind: &'static str, width: u32, height: u32) -> Svg {
        Svg {
            kind,
            width,
            height,
            shapes: String::new(),
            texts: Texts::default(),
        }
    }

    /// Draws with plotters on the whole chart; `paint` may add labels.
    pub(crate) fn draw(&mut self, paint: impl FnOnce(&Area, &mut Texts) -> Drawn) {
        let root = Canvas::new(&mut self.shapes, (self.width, self.height)).into_drawing_area();
        // Drawing into a string cannot fail.
        let _ = paint(&root, &mut self.texts).and_then(|()| root.present());
    }

    /// The finished document, titled `title` and described by `desc`.
    pub(crate) fn finish(self, title: &str, desc: &str) -> String {
        let mut out = String::with_capacity(self.shapes.len() + 64 * self.texts.0.len() + 1024);
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot plot-{kind}\" \
             viewBox=\"0 0 {w} {h}\" width=\"100%\" style=\"max-width:{max}px;margin:0 auto\" role=\"img\" \
             font-family=\"{font}\">",
            kind = self.kind,
            w = self.width,
            h = self.height,
            max = self.width * 5 / 4,
            font = style::FONT_FAMILY,
        );
        out.push_str("<title>");
        escape_into(&mut out, title);
        out.push_str("</title>\n<desc>");
        escape_into(&mut out, desc);
        out.push_str("</desc>\n");
        out.push_str(&self.shapes);
        for label in &self.texts.0 {
            label.write(&mut out);
        }
        out.push_str("</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_has_title_desc_shapes_and_escaped_text() {
        let mut svg = Svg::new("test", 100, 50);
        svg.draw(|root, texts| {
            texts.add(10, 20, "A&B <服务>").anchor(Anchor::Middle);
            root.draw(&Rectangle::new([(0, 0), (10, 10)], BLACK.filled()))
        });
        let doc = svg.finish("标题", "1 < 2");
        assert!(doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot plot-test\" viewBox=\"0 0 100 50\""));
        assert!(doc.contains("<title>标题</title>\n<desc>1 &lt; 2</desc>\n<rect x=\"0\" y=\"0\""));
        assert!(doc.contains(">A&amp;B &lt;服务&gt;</text>"));
        assert!(doc.ends_with("</text>\n</svg>\n"));
        assert_eq!(doc.matches("<svg").count(), 1);
    }
}
