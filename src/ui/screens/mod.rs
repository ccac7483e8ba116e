//! One module per screen.

mod placeholder;

use super::route::Screen;
use leptos::prelude::*;

pub fn screen(screen: Screen) -> AnyView {
    match screen {
        Screen::Dashboard => placeholder::dashboard().into_any(),
        Screen::TrainingSessions | Screen::HonouredModels | Screen::Cases | Screen::Offices => {
            placeholder::coming(screen).into_any()
        }
        Screen::Exchange => placeholder::exchange().into_any(),
    }
}
