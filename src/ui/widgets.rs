//! Pieces the screens share: the entry form, office choices, confirmation.

use super::dialog::{focus_screen, Modal};
use super::i18n::{label, tr, tr_text};
use super::state::AppState;
use crate::ui::once::DispatchOnce;
use leptos::prelude::*;
use taizhang_app::AppError;
use taizhang_catalogue::{Worded, T};
use taizhang_core::ledgers::form::{FieldKind, FieldSpec, FormValues};
use taizhang_core::ledgers::validate::Problem;
use taizhang_core::{Kind, Text, Timestamp};
use wasm_bindgen::JsCast;

pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64)
}

/// Every office as (code, name indented by depth), in tree order.
/// An office's name as this copy knows it, else its code (a file may name an
/// office this copy does not hold).
pub fn name_of_office(app: AppState, code: &str) -> String {
    app.data
        .with(|d| taizhang_core::office_name(&d.offices, code))
}

pub fn office_choices(app: AppState) -> Vec<(String, String)> {
    let tree = app.tree.get();
    app.data.with(|d| {
        tree.0
            .walk()
            .into_iter()
            .map(|(i, depth)| {
                let office = &d.offices[i];
                (
                    office.code.clone(),
                    format!("{}{}", "\u{3000}".repeat(depth), office.name),
                )
            })
            .collect()
    })
}

/// A select of offices; `empty` is the label of the "" choice, if there is one.
pub fn office_select(
    app: AppState,
    name: &'static str,
    value: Signal<String>,
    on_change: impl Fn(String) + 'static,
    empty: Option<Text>,
    testid: Option<&'static str>,
) -> impl IntoView {
    let choices = move || office_choices(app);
    view! {
        <select name=name data-testid=testid prop:value=move || value.get()
            on:change=move |ev| on_change(event_target_value(&ev))>
            {empty.map(|text| view! { <option value="" selected=move || value.get().is_empty()>{tr_text(text)}</option> })}
            // Chosen as they are built (the select's value, set before it had
            // options, chose none); later choices are the select's `value`.
            // Not one effect per option: an office tree has hundreds.
            {move || {
                let chosen = value.get_untracked();
                choices().into_iter().map(|(code, label)| {
                    let selected = code == chosen;
                    view! { <option value=code selected=selected>{label}</option> }
                }).collect_view()
            }}
        </select>
    }
}

/// An entry form built from field specs; messages appear beside their fields.
#[component]
pub fn EntryForm(
    /// Which table the form is for (its `data-form`).
    kind: Kind,
    fields: Vec<FieldSpec>,
    values: RwSignal<FormValues>,
    problems: RwSignal<Vec<Problem>>,
    /// Fields shown but not editable (an office's code once saved).
    #[prop(optional)]
    locked: Vec<&'static str>,
    /// While the save is under way: the button waits and says so, and a
    /// second press is ignored (a double click never saves twice).
    #[prop(optional, into)]
    pending: Option<Signal<bool>>,
    on_submit: impl Fn() + 'static,
    on_cancel: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let pending = move || pending.is_some_and(|p| p.get());
    let controls = fields
        .into_iter()
        .map(|spec| {
            let disabled = locked.contains(&spec.name);
            view! { <FormField kind spec values problems disabled/> }
        })
        .collect_view();
    // Opened, the form takes the focus (its first field): the keyboard goes on from there;
    // closed, the focus goes back to the button that opened it.
    super::dialog::return_focus_when_closed();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(form) = form_ref.get() {
            if let Ok(Some(first)) = form.query_selector("input:not([disabled]), select, textarea")
            {
                if let Ok(first) = first.dyn_into::<web_sys::HtmlElement>() {
                    let _ = first.focus();
                }
            }
        }
    });
    view! {
        <form class="entry card" data-form=kind.key() novalidate node_ref=form_ref
            on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { on_cancel() }
            on:submit=move |ev| { ev.prevent_default(); if !pending() { on_submit(); } }>
            {controls}
            <div class="actions">
                <button type="submit" class="btn primary" aria-disabled=move || pending().to_string() aria-busy=move || pending().to_string()>
                    {move || if pending() { tr(T::Saving)() } else { tr(T::Save)() }}
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel()>{tr(T::Cancel)}</button>
            </div>
        </form>
    }
}

/// One field of a form: its label, its control, and its problems beside it.
#[component]
fn FormField(
    kind: Kind,
    spec: FieldSpec,
    values: RwSignal<FormValues>,
    problems: RwSignal<Vec<Problem>>,
    disabled: bool,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let name = spec.name;
    let value = Signal::derive(move || values.with(|v| v.get(name).cloned().unwrap_or_default()));
    let set = move |text: String| {
        values.update(|v| {
            v.insert(name, text);
        })
    };
    let error = move || {
        problems.with(|ps| {
            ps.iter()
                .filter(|p| p.field == name)
                .map(|p| p.message().get(lang.get()).to_owned())
                .collect::<Vec<_>>()
                .join("；")
        })
    };
    let invalid = move || {
        problems
            .with(|ps| ps.iter().any(|p| p.field == name))
            .to_string()
    };
    // The message is tied to its field, so a screen reader says it with the field.
    let message_id = format!("error-{}-{name}", kind.key());
    let described = message_id.clone();
    let control = match spec.kind {
        FieldKind::Text => view! {
            <input type="text" name=name aria-describedby=described.clone() prop:value=value disabled=disabled aria-invalid=invalid
                on:input=move |ev| set(event_target_value(&ev))/>
        }.into_any(),
        FieldKind::LongText => view! {
            <textarea name=name aria-describedby=described.clone() rows="3" prop:value=value aria-invalid=invalid
                on:input=move |ev| set(event_target_value(&ev))></textarea>
        }.into_any(),
        FieldKind::Date | FieldKind::OptionalDate => view! {
            <input type="date" name=name aria-describedby=described.clone() prop:value=value aria-invalid=invalid
                on:input=move |ev| set(event_target_value(&ev))/>
        }.into_any(),
        FieldKind::Integer | FieldKind::OptionalInteger => view! {
            <input type="number" name=name min="0" step="1" aria-describedby=described.clone() inputmode="numeric" prop:value=value aria-invalid=invalid
                on:input=move |ev| set(event_target_value(&ev))/>
        }.into_any(),
        FieldKind::OptionalNumber => view! {
            <input type="number" name=name min="0" step="any" aria-describedby=described.clone() inputmode="decimal" prop:value=value aria-invalid=invalid
                on:input=move |ev| set(event_target_value(&ev))/>
        }.into_any(),
        FieldKind::Choice { options, optional } => view! {
            <select name=name aria-describedby=described.clone() prop:value=value aria-invalid=invalid on:change=move |ev| set(event_target_value(&ev))>
                {optional.then(|| view! { <option value="" selected=move || value.get().is_empty()>{tr(T::None)}</option> })}
                {options().into_iter().map(|(code, label)| view! {
                    <option value=code selected=move || value.get() == code>{move || label.get(lang.get())}</option>
                }).collect_view()}
            </select>
        }.into_any(),
        FieldKind::OfficeRef { optional } => office_select(
            app, name, value, set,
            optional.then_some(T::None.text()),
            None,
        ).into_any(),
    };
    let wide = matches!(spec.kind, FieldKind::LongText);
    view! {
        <label class="field" class:wide=wide>
            <span>{move || spec.label.get(lang.get())}</span>
            {control}
            <span class="error-text" id=message_id data-error-for=name role="alert">{error}</span>
        </label>
    }
}

/// An in-page confirmation of a destructive action, naming what will go.
/// The safe answer has the focus first: Enter alone deletes nothing. Yes
/// takes away what opened it (a row, an import's summary): the keyboard goes
/// on from the screen.
pub fn confirm_dialog(
    message: Signal<String>,
    on_yes: impl Fn() + Send + Sync + 'static,
    on_no: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    confirm_dialog_to(T::ConfirmDelete, message, on_yes, on_no)
}

/// A confirmation whose yes-button says what it does (`yes`).
pub fn confirm_dialog_to(
    yes: T,
    message: Signal<String>,
    on_yes: impl Fn() + Send + Sync + 'static,
    on_no: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Modal role="alertdialog" labelled_by="confirm-message" on_escape=Callback::new(move |()| on_no())>
            <p id="confirm-message">{message}</p>
            <div class="actions">
                <button type="button" class="btn" data-testid="confirm-no" data-initial-focus on:click=move |_| on_no()>{tr(T::Cancel)}</button>
                <button type="button" class="btn danger" data-testid="confirm-yes" on:click=move |_| { focus_screen(); on_yes() }>{tr(yes)}</button>
            </div>
        </Modal>
    }
}

/// Today in the user's time zone.
pub fn today() -> taizhang_core::Day {
    let date = js_sys::Date::new_0();
    taizhang_core::Day::from_ymd(
        date.get_full_year() as i32,
        date.get_month() as u8 + 1,
        date.get_date() as u8,
    )
    .unwrap_or(taizhang_core::Day(time::Date::MIN))
}

/// Offers `bytes` to the user as a downloaded file.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), wasm_bindgen::JsValue> {
    download_js(&js_sys::Uint8Array::from(bytes), file_name, mime)
}

/// Offers bytes already outside wasm (an export from the engine) as a
/// downloaded file, without copying them into the page's memory.
pub fn download_js(
    bytes: &js_sys::Uint8Array,
    file_name: &str,
    mime: &str,
) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    save_as(&url, file_name)?;
    // Released after the click has started the download.
    leptos::task::spawn_local(async move {
        gloo_timers::future::sleep(std::time::Duration::from_secs(5)).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Starts downloading `url` as `file_name`.
pub fn save_as(url: &str, file_name: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    anchor.set_href(url);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// A named point in the page's performance timeline (read by the benchmark).
pub fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}

/// Offers the sample district while the app is empty (it never mixes with real data).
#[component]
pub fn SampleButton() -> impl IntoView {
    let app = expect_context::<AppState>();
    // One load at a time: a double click loads the sample once.
    let loading = Action::new_local(move |()| async move {
        // A chunk that did not load is said; a failed write is said by the session.
        if let Err(AppError::CodeNotLoaded) = super::later::load_sample(app.session, now()).await {
            app.notice.set(Some(AppError::CodeNotLoaded));
        }
    });
    let load = move |_| loading.dispatch_once(());
    view! {
        <Show when=move || app.data.with(|d| d.is_empty())>
            <div class="notice ok">
                <span>{label!(ThisLedgerIsEmptyLoad)}</span>
                <button type="button" class="btn primary" data-testid="load-sample" aria-disabled=move || loading.pending().get().to_string() on:click=load>
                    {label!(LoadSampleData)}
                </button>
            </div>
        </Show>
    }
}

/// The `?` beside a screen's title: its part of the guide.
#[component]
pub fn HelpLink(part: &'static str) -> impl IntoView {
    view! {
        <a class="help-link" data-testid="help-link" href=format!("#/help?part={part}")
            title=label!(HelpForThisScreen) aria-label=label!(HelpForThisScreen)>"?"</a>
    }
}

/// Asks once which office this copy is: files it writes name their sender.
#[component]
pub fn OwnOfficeDialog(on_chosen: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let chosen = RwSignal::new(String::new());
    let save = move || {
        let code = chosen.get_untracked();
        if code.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            if taizhang_app::reports::set_own_office(app.session, code)
                .await
                .is_ok()
            {
                on_chosen.run(());
            }
        });
    };
    view! {
        <Modal role="dialog" labelled_by="own-office-question" on_escape=on_cancel testid="own-office-dialog">
            <p id="own-office-question">{tr(T::WhichOfficeIsThisCopy)}</p>
            {office_select(app, "own-office", chosen.into(), move |v| chosen.set(v), Some(T::ChooseOne.text()), Some("own-office"))}
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>{tr(T::Cancel)}</button>
                <button type="button" class="btn primary" data-testid="own-office-save" disabled=move || chosen.get().is_empty()
                    on:click=move |_| save()>{tr(T::Save)}</button>
            </div>
        </Modal>
    }
}
