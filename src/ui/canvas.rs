//! The charts' canvas: a plotters `DrawingBackend` over the canvas's 2D
//! context, as plotters-canvas draws, but with the colours' alpha and the
//! fonts' sizes written by `decimal::plain` instead of `f64`'s `Display`
//! (whose float formatting would otherwise be in the page's first download).

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use taizhang_core::base::decimal::plain;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};

pub struct Canvas {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

/// A drawing call the canvas refused, with what the browser said.
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn refused(error: JsValue) -> DrawingErrorKind<CanvasError> {
    let said = js_sys::JSON::stringify(&error)
        .map(String::from)
        .unwrap_or_default();
    DrawingErrorKind::DrawingError(CanvasError(said))
}

/// `rgba(r,g,b,a)`, as the canvas reads a colour.
fn css_color(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", plain(color.alpha, 4))
}

/// A horizontal or vertical line moved half a pixel, so it is sharp.
fn sharp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let mut from = (f64::from(from.0), f64::from(from.1));
    let mut to = (f64::from(to.0), f64::from(to.1));
    if from.0 == to.0 {
        from.0 -= 0.5;
        to.0 -= 0.5;
    }
    if from.1 == to.1 {
        from.1 -= 0.5;
        to.1 -= 0.5;
    }
    (from, to)
}

impl Canvas {
    pub fn on(canvas: HtmlCanvasElement) -> Option<Canvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Canvas { canvas, context })
    }

    fn line_style(&self, style: &impl BackendStyle) {
        self.context.set_stroke_style_str(&css_color(style.color()));
        self.context.set_line_width(f64::from(style.stroke_width()));
    }

    /// Traces `path` (closed when `close`); nothing if it is empty.
    fn trace(&self, path: impl IntoIterator<Item = BackendCoord>, close: bool) {
        self.context.begin_path();
        let mut path = path.into_iter();
        if let Some(start) = path.next() {
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
            if close {
                self.context.close_path();
            }
        }
    }
}

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

impl DrawingBackend for Canvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
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
        self.context.set_fill_style_str(&css_color(color));
        self.context
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (from, to) = sharp(from, to);
        self.line_style(style);
        self.context.begin_path();
        self.context.move_to(from.0, from.1);
        self.context.line_to(to.0, to.1);
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0 - upper_left.0);
        let h = f64::from(bottom_right.1 - upper_left.1);
        if fill {
            self.context.set_fill_style_str(&css_color(style.color()));
            self.context.fill_rect(x, y, w, h);
        } else {
            self.line_style(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.line_style(style);
        self.trace(path, false);
        self.context.stroke();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.context.set_fill_style_str(&css_color(style.color()));
        self.trace(path, true);
        self.context.fill();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.context.set_fill_style_str(&css_color(style.color()));
        } else {
            self.line_style(style);
        }
        self.context.begin_path();
        self.context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(refused)?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    /// Measured as plotters measures text on the web (a span laid out in
    /// the page), so the charts' layout stays the same.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        let measured = || {
            let document = web_sys::window()?.document()?;
            let span: HtmlElement = document.create_element("span").ok()?.dyn_into().ok()?;
            span.set_text_content(Some(text));
            let css = format!(
                "display: inline-block; font-family:{}; font-style:{}; font-size: {}px; position: fixed; top: 100%",
                style.family().as_str(),
                style.style().as_str(),
                plain(style.size(), 4),
            );
            span.set_attribute("style", &css).ok()?;
            document.body()?.append_child(&span).ok()?;
            let size = (span.offset_width() as u32, span.offset_height() as u32);
            span.remove();
            Some(size)
        };
        measured().ok_or_else(|| {
            DrawingErrorKind::DrawingError(CanvasError("the text could not be measured".into()))
        })
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        let quarter_turns = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 1.0,
            FontTransform::Rotate180 => 2.0,
            FontTransform::Rotate270 => 3.0,
        };
        if quarter_turns != 0.0 {
            self.context.save();
            self.context.translate(x, y).map_err(refused)?;
            self.context
                .rotate(quarter_turns * std::f64::consts::FRAC_PI_2)
                .map_err(refused)?;
            (x, y) = (0.0, 0.0);
        }
        self.context.set_text_baseline(match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        self.context.set_text_align(match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        self.context.set_fill_style_str(&css_color(color));
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            plain(style.size(), 4),
            style.family().as_str(),
        ));
        self.context.fill_text(text, x, y).map_err(refused)?;
        if quarter_turns != 0.0 {
            self.context.restore();
        }
        Ok(())
    }
}
