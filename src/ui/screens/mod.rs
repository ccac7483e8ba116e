//! One module per screen; a screen's parts live in its folder.

mod dashboard;
mod exchange;
mod help;
mod ledger;
mod offices;
mod report;
mod submissions;

use super::route::Screen;
use leptos::prelude::*;
use taizhang_core::{Case, HonouredModel, TrainingSession};

/// State a screen keeps while the user is on another (an import under way).
pub fn provide_state() {
    exchange::provide_import_state();
}

pub fn screen(screen: Screen) -> AnyView {
    match screen {
        Screen::Dashboard => dashboard::dashboard_screen().into_any(),
        Screen::TrainingSessions => ledger::ledger_screen::<TrainingSession>().into_any(),
        Screen::HonouredModels => ledger::ledger_screen::<HonouredModel>().into_any(),
        Screen::Cases => ledger::ledger_screen::<Case>().into_any(),
        Screen::Offices => offices::offices_screen().into_any(),
        Screen::Exchange => exchange::exchange_screen().into_any(),
        Screen::Submissions => submissions::submissions_screen().into_any(),
        Screen::Report => report::report_screen().into_any(),
        Screen::Help => help::help_screen().into_any(),
    }
}
