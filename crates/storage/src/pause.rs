//! Long work on the page, in slices.

/// Long work on the page gives the browser a turn now and then, so that no
/// task runs much past a frame (in a worker it never pauses: nothing waits).
pub struct Pause {
    on_page: bool,
    since: f64,
}

impl Pause {
    /// Milliseconds of work between turns.
    const SLICE: f64 = 12.0;

    pub fn new() -> Pause {
        Pause {
            on_page: web_sys::window().is_some(),
            since: js_sys::Date::now(),
        }
    }

    /// Gives the browser a turn if this work has run a slice since the last.
    pub async fn now_and_then(&mut self) {
        if self.on_page && js_sys::Date::now() - self.since > Self::SLICE {
            turn().await;
            self.since = js_sys::Date::now();
        }
    }
}

/// Lets the browser run what is waiting (input, painting), then resumes.
/// A message to ourselves comes back after them but without the 4 ms a
/// nested `setTimeout(0)` is held for, which over a thousand turns is seconds.
async fn turn() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return gloo_timers::future::TimeoutFuture::new(0).await;
    };
    let back = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
    });
    if channel
        .port2()
        .post_message(&wasm_bindgen::JsValue::NULL)
        .is_ok()
    {
        let _ = wasm_bindgen_futures::JsFuture::from(back).await;
    }
    channel.port1().set_onmessage(None);
}

impl Default for Pause {
    fn default() -> Pause {
        Pause::new()
    }
}
