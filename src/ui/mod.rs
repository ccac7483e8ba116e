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

/// Mounts the app on the page and opens the database.
pub fn start() {
    console_error_panic_hook::set_once();
    let app = AppState::new(i18n::saved_lang());
    leptos::mount::mount_to_body(move || {
        provide_context(app);
        view! { <shell::Shell/> }
    });
    // Once mounted, outside any view.
    later::start();
    app.session.read_lists_with(later::read_lists);
    app.session.start(DATABASE_NAME);
    offline::register(app.offline);
}
