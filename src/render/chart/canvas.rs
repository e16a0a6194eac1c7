//! The plotters backend kaohe draws charts on: SVG elements written
//! straight into a string.
//!
//! plotters maps data to pixels and breaks bars, lines, bands and points
//! into rectangles, polylines, polygons and circles; this backend writes
//! each as one SVG element. It writes the elements and attributes that
//! plotters' own SVG backend writes, in the same order, but formats the
//! numbers without building a string for every attribute: a build draws
//! hundreds of thousands of shapes, most of them the rectangles of the
//! survey bars and the deduction heatmaps. The `<svg>` element around
//! them and all text are written by [`super::svg::Svg`].

use std::fmt::Write as _;

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// A drawing surface of a given size whose shapes go into a string.
pub(crate) struct Canvas<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

/// The error drawing on a [`Canvas`] could give, which it never does:
/// writing into a string cannot fail.
pub(crate) type CanvasError = std::fmt::Error;

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

impl<'a> Canvas<'a> {
    /// A canvas of `size` pixels writing into `out`.
    pub(crate) fn new(out: &'a mut String, size: (u32, u32)) -> Canvas<'a> {
        Canvas { out, size }
    }

    /// Opens element `tag`.
    fn open(&mut self, tag: &str) {
        self.out.push('<');
        self.out.push_str(tag);
    }

    /// Writes ` name="value"` for a whole number.
    fn number(&mut self, name: &str, value: impl itoa::Integer) {
        self.word(name, itoa::Buffer::new().format(value));
    }

    /// Writes ` name="value"` for text that needs no escaping.
    fn word(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        self.out.push_str(value);
        self.out.push('"');
    }

    /// Writes the colour's `opacity`.
    fn opacity(&mut self, color: BackendColor) {
        if color.alpha == 1.0 {
            self.word("opacity", "1");
        } else {
            let _ = write!(self.out, " opacity=\"{}\"", color.alpha);
        }
    }

    /// Writes ` name="#RRGGBB"`.
    fn color(&mut self, name: &str, color: BackendColor) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let (r, g, b) = color.rgb;
        let mut hex = [b'#'; 7];
        for (i, byte) in [r, g, b].into_iter().enumerate() {
            hex[1 + 2 * i] = HEX[usize::from(byte >> 4)];
            hex[2 + 2 * i] = HEX[usize::from(byte & 15)];
        }
        self.word(name, std::str::from_utf8(&hex).unwrap_or("#000000"));
    }

    /// Writes ` points="x,y x,y "`.
    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        let mut digits = itoa::Buffer::new();
        self.out.push_str(" points=\"");
        for (x, y) in path {
            self.out.push_str(digits.format(x));
            self.out.push(',');
            self.out.push_str(digits.format(y));
            self.out.push(' ');
        }
        self.out.push('"');
    }

    /// Closes an empty element.
    fn close(&mut self) {
        self.out.push_str("/>\n");
    }
}

impl DrawingBackend for Canvas<'_> {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("rect");
        self.number("x", point.0);
        self.number("y", point.1);
        self.word("width", "1");
        self.word("height", "1");
        self.word("stroke", "none");
        self.opacity(color);
        self.color("fill", color);
        self.close();
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("line");
        self.opacity(color);
        self.color("stroke", color);
        self.number("stroke-width", style.stroke_width());
        self.number("x1", from.0);
        self.number("y1", from.1);
        self.number("x2", to.0);
        self.number("y2", to.1);
        self.close();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("rect");
        self.number("x", upper_left.0);
        self.number("y", upper_left.1);
        self.number("width", bottom_right.0 - upper_left.0);
        self.number("height", bottom_right.1 - upper_left.1);
        self.opacity(color);
        if fill {
            self.color("fill", color);
            self.word("stroke", "none");
        } else {
            self.word("fill", "none");
            self.color("stroke", color);
        }
        self.close();
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("polyline");
        self.word("fill", "none");
        self.opacity(color);
        self.color("stroke", color);
        self.number("stroke-width", style.stroke_width());
        self.points(path);
        self.close();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("polygon");
        self.opacity(color);
        self.color("fill", color);
        self.points(path);
        self.close();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("circle");
        self.number("cx", center.0);
        self.number("cy", center.1);
        self.number("r", radius);
        self.opacity(color);
        if fill {
            self.color("fill", color);
            self.word("stroke", "none");
        } else {
            self.word("fill", "none");
            self.color("stroke", color);
        }
        self.number("stroke-width", style.stroke_width());
        self.close();
        Ok(())
    }

    /// Text is laid out and written by [`super::svg::Texts`]; plotters
    /// would measure Chinese text wrongly, so none is drawn through it.
    fn draw_text<T: BackendTextStyle>(&mut self, _: &str, _: &T, _: BackendCoord) -> Drawn {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;

    use super::*;

    fn draw(paint: impl FnOnce(&DrawingArea<Canvas, plotters::coord::Shift>)) -> String {
        let mut out = String::new();
        {
            let root = Canvas::new(&mut out, (100, 50)).into_drawing_area();
            paint(&root);
        }
        out
    }

    #[test]
    fn shapes_are_written_as_plotters_writes_them() {
        let out = draw(|root| {
            root.draw(&Rectangle::new(
                [(1, 2), (11, 7)],
                RGBColor(0x12, 0xab, 0xff).filled(),
            ))
            .unwrap();
            root.draw(&Rectangle::new([(0, 0), (4, 4)], BLACK.mix(0.5)))
                .unwrap();
            root.draw(&PathElement::new(
                vec![(0, 0), (5, 9)],
                ShapeStyle::from(&BLACK).stroke_width(2),
            ))
            .unwrap();
            root.draw(&Circle::new((3, 4), 2, WHITE.filled())).unwrap();
            root.draw(&Polygon::new(vec![(0, 0), (3, 0), (0, 3)], RED))
                .unwrap();
        });
        assert_eq!(
            out,
            "<rect x=\"1\" y=\"2\" width=\"10\" height=\"5\" opacity=\"1\" fill=\"#12ABFF\" stroke=\"none\"/>\n\
             <rect x=\"0\" y=\"0\" width=\"4\" height=\"4\" opacity=\"0.5\" fill=\"none\" stroke=\"#000000\"/>\n\
             <polyline fill=\"none\" opacity=\"1\" stroke=\"#000000\" stroke-width=\"2\" points=\"0,0 5,9 \"/>\n\
             <circle cx=\"3\" cy=\"4\" r=\"2\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\" stroke-width=\"1\"/>\n\
             <polygon opacity=\"1\" fill=\"#FF0000\" points=\"0,0 3,0 0,3 \"/>\n"
        );
    }

    #[test]
    fn transparent_shapes_are_left_out() {
        let out = draw(|root| {
            root.draw(&Rectangle::new([(1, 2), (11, 7)], TRANSPARENT.filled()))
                .unwrap();
        });
        assert_eq!(out, "");
    }
}
