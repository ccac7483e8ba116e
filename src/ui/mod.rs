//! The browser UI (Leptos, client-side rendered).

mod canvas;
mod chart;
mod dialog;
mod i18n;
mod later;
pub(crate) mod offline;
mod once;
mod route;
mod screens;
mod shell;
mod state;
mod toolbar;
mod unlock;
mod widgets;

pub use state::AppState;

use leptos::prelude::*;
use taizhang_app::DATABASE_NAME;

/// A panic said in the console: where it happened and its message. (The
/// workers use console_error_panic_hook; the page, whose first download
/// counts every KiB, does without its JS stack and the panic's full
/// formatting.)
fn say_panics() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("panic");
        let place = info
            .location()
            .map(|at| format!("panicked at {}:{}:", at.file(), at.line()))
            .unwrap_or_default();
        web_sys::console::error_2(&place.into(), &message.into());
    }));
}

/// Mounts the app on the page and opens the database.
pub fn start() {
    say_panics();
    let app = AppState::new(i18n::saved_lang());
    leptos::mount::mount_to_body(move || {
        provide_context(app);
        view! { <shell::Shell/> }
    });
    // Once mounted, outside any view.
    later::start();
    app.session.read_lists_with(later::LISTS);
    app.session.start(DATABASE_NAME);
    offline::register(app.offline);
}
