//! The password of a protected file, asked when the file is chosen; a wrong
//! one is said plainly and asked again. It goes to the engine with the file
//! and is kept nowhere.

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;
use taizhang_catalogue::{Worded, T};
use taizhang_core::base::problem::FileProblem;

#[component]
pub fn PasswordAsked(wrong: bool, on_password: Callback<String>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let typed = RwSignal::new(String::new());
    let said = move || {
        let problem = if wrong {
            FileProblem::WrongPassword
        } else {
            FileProblem::PasswordNeeded
        };
        problem.message().get(lang.get()).to_owned()
    };
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let password = typed.get_untracked();
        if !password.is_empty() {
            on_password.run(password);
        }
    };
    view! {
        <div class=move || if wrong { "card notice error" } else { "card notice warn" } data-testid="password-asked" data-wrong=wrong.to_string()>
            <form data-form="import-password" on:submit=submit>
                <p role=if wrong { "alert" } else { "status" }>{said}</p>
                <label>{tr(T::Password)}
                    <input type="password" autocomplete="off" data-testid="import-password" autofocus
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                </label>
                " "
                <button type="submit" class="btn primary" data-testid="import-password-ok">{tr(T::OpenTheFile)}</button>
            </form>
        </div>
    }
}
