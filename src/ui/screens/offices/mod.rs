//! The offices screen: the office tree, which office this copy belongs to,
//! storage health, and the sample data for a first look.

mod applock;
mod health;
mod keys;
mod phases;
mod tree;

use crate::ui::once::DispatchOnce;
use health::{ClearEverything, StorageHealth};
use taizhang_catalogue::{Say, Worded, T};
use tree::OfficeTable;

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::HelpLink;
use crate::ui::widgets::{
    confirm_dialog, confirm_dialog_to, download, now, office_select, today, EntryForm, SampleButton,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use taizhang_app::Settings;
use taizhang_app::{offices, AppError};
use taizhang_core::ledgers::entries::{blank_office_form, office_fields, office_to_form};
use taizhang_core::ledgers::form::FormValues;
use taizhang_core::ledgers::validate::Problem;
use taizhang_core::trust::fingerprint_groups;
use taizhang_core::{Kind, Lang, PerKind, Text};

#[derive(Clone, Debug, PartialEq)]
enum Editing {
    New,
    Existing(String),
}

pub fn offices_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let editor = Editor::new(app);
    let deleting = RwSignal::new(None::<(String, PerKind<usize>)>);
    let refusal = RwSignal::new(None::<String>);
    // An office with offices under it cannot go; one with records asks first and
    // names them, since they go with it.
    let ask_delete = move |code: String| match offices::going_with(app.session, &code) {
        Ok(records) => {
            refusal.set(None);
            deleting.set(Some((code, records)));
        }
        Err(error) => refusal.set(Some(error.message().get(lang.get_untracked()).to_owned())),
    };
    let delete = move || {
        let Some((code, _)) = deleting.get_untracked() else {
            return;
        };
        deleting.set(None);
        spawn_local(async move {
            if let Err(error) = offices::remove(app.session, &code, today()).await {
                refusal.set(Some(error.message().get(lang.get_untracked()).to_owned()));
            }
        });
    };
    let delete_message = Signal::derive(move || {
        deleting
            .with(|d| {
                d.as_ref()
                    .map(|(code, records)| removal_question(app, code, records, lang.get()))
            })
            .unwrap_or_default()
    });

    view! {
        <section data-screen="offices">
            <h1>{tr(T::Offices)}<HelpLink part="offices"/></h1>
            <SampleButton/>
            <div class="toolbar">
                <OwnOffice/>
                <span class="grow"></span>
                <button type="button" class="btn primary" data-testid="new-offices" on:click=move |_| editor.open_new(app)>{tr(T::AddOffice)}</button>
            </div>
            {move || refusal.get().map(|text| view! { <p class="notice warn" role="alert" data-testid="refusal">{text}</p> })}
            <OfficeForm editor/>
            <OfficeTable on_edit=move |code| editor.open_edit(app, code) on_delete=ask_delete/>
            <h2>{tr(T::CampaignPhases)}</h2>
            <phases::PhaseEditor/>
            <OwnKey/>
            <keys::TrustedKeys/>
            <applock::AppLockPanel/>
            <h2>{tr(T::Storage)}</h2>
            <StorageHealth/>
            <ClearEverything/>
            {move || deleting.get().map(|_| confirm_dialog(delete_message, delete, move || deleting.set(None)))}
        </section>
    }
}

/// The office form's state: which office is edited (if any), its values and problems.
#[derive(Clone, Copy)]
struct Editor {
    editing: RwSignal<Option<Editing>>,
    values: RwSignal<FormValues>,
    problems: RwSignal<Vec<Problem>>,
    /// The save (the office it replaces, if any, and the form): one at a
    /// time, a second press of the button ignored.
    saving: Action<(Option<String>, FormValues), ()>,
}

impl Editor {
    fn new(app: AppState) -> Editor {
        let editing = RwSignal::new(None);
        let problems = RwSignal::new(Vec::new());
        let saving = Action::new_local(move |(previous, form): &(Option<String>, FormValues)| {
            let (previous, form) = (previous.clone(), form.clone());
            async move {
                match offices::save_office(app.session, previous.as_deref(), &form, today()).await {
                    Ok(()) => editing.set(None),
                    Err(AppError::Invalid(found)) => problems.set(found),
                    // A move in the tree that would change a locked month.
                    Err(error @ AppError::Refused(_)) => app.notice.set(Some(error)),
                    Err(_) => {} // the notice says why; nothing was saved
                }
            }
        });
        Editor {
            editing,
            values: RwSignal::new(FormValues::new()),
            problems,
            saving,
        }
    }

    /// An empty form, under this copy's own office.
    fn open_new(self, app: AppState) {
        let own = app.settings.with_untracked(|s| s.own_office.clone());
        self.values.set(blank_office_form(own.as_deref()));
        self.problems.set(Vec::new());
        self.editing.set(Some(Editing::New));
    }

    fn open_edit(self, app: AppState, code: String) {
        let form = app.data.with_untracked(|d| {
            d.offices
                .iter()
                .find(|o| o.code == code)
                .map(office_to_form)
        });
        if let Some(form) = form {
            self.values.set(form);
            self.problems.set(Vec::new());
            self.editing.set(Some(Editing::Existing(code)));
        }
    }

    fn save(self) {
        let Some(mode) = self.editing.get_untracked() else {
            return;
        };
        let previous = match mode {
            Editing::Existing(code) => Some(code),
            Editing::New => None,
        };
        self.saving
            .dispatch_once((previous, self.values.get_untracked()));
    }
}

/// The office form while one is being added or edited (its code is fixed once saved).
#[component]
fn OfficeForm(editor: Editor) -> impl IntoView {
    let Editor {
        editing,
        values,
        problems,
        saving,
    } = editor;
    move || {
        editing.get().map(|mode| {
            let locked = if matches!(mode, Editing::Existing(_)) { vec!["code"] } else { Vec::new() };
            view! {
                <h2>{if mode == Editing::New { tr(T::NewOffice)() } else { tr(T::EditOffice)() }}</h2>
                <EntryForm kind=Kind::Offices fields=office_fields() values problems locked pending=saving.pending()
                    on_submit=move || editor.save() on_cancel=move || editing.set(None)/>
            }
        })
    }
}

/// This copy's own office (the `source_office` of its exports). Once this
/// copy has signed as one office, choosing another says first that a new
/// key will be made for it (a key speaks for one office only).
#[component]
fn OwnOffice() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let own = Signal::derive(move || {
        app.settings
            .with(|s| s.own_office.clone().unwrap_or_default())
    });
    // The office chosen, and the fingerprint of the key made for the one before.
    let asking = RwSignal::new(None::<(String, String)>);
    let store = move |code: String| {
        let settings = Settings {
            own_office: Some(code).filter(|c| !c.is_empty()),
            ..app.settings.get_untracked()
        };
        app.save_settings(settings);
    };
    let set_own = move |code: String| {
        spawn_local(async move {
            if !code.is_empty() && taizhang_app::trust::new_key_for(app.session, &code).await {
                let fingerprint = taizhang_app::trust::own_fingerprint(app.session)
                    .await
                    .unwrap_or_default();
                asking.set(Some((code, fingerprint)));
            } else {
                store(code);
            }
        });
    };
    let question = Signal::derive(move || {
        asking
            .with(|a| {
                a.as_ref().map(|(code, fingerprint)| {
                    let office = crate::ui::widgets::name_of_office(app, code);
                    Say::NewKeyWarning {
                        office: &office,
                        fingerprint: &fingerprint_groups(fingerprint),
                    }
                    .message()
                    .get(lang.get())
                    .to_owned()
                })
            })
            .unwrap_or_default()
    });
    let confirmed = move || {
        if let Some((code, _)) = asking.get_untracked() {
            asking.set(None);
            spawn_local(async move {
                if let Err(error) = taizhang_app::trust::make_own_key(&code).await {
                    app.notice.set(Some(error));
                }
                store(code);
            });
        }
    };
    // Declined: the select shows the office kept.
    let declined = move || {
        asking.set(None);
        app.settings.update(|_| ());
    };
    view! {
        <label>{tr(T::ThisCopyBelongsTo)}
            {office_select(app, "own-office", own, set_own, Some(T::NotSet.text()), Some("own-office-select"))}
        </label>
        {move || asking.get().map(|_| view! {
            <div data-testid="new-key-warning">{confirm_dialog_to(T::ChangeOwnOffice, question, confirmed, declined)}</div>
        })}
    }
}

/// The question before removing an office: it names the records that go with it.
fn removal_question(app: AppState, code: &str, records: &PerKind<usize>, lang: Lang) -> String {
    let name = app.data.with(|d| {
        let office = d.offices.iter().find(|o| o.code == code);
        office.map(|o| o.name.clone()).unwrap_or_default()
    });
    let going: Vec<(usize, Text)> = Kind::LEDGERS
        .into_iter()
        .map(|kind| (*records.get(kind), kind.label()))
        .filter(|(n, _)| *n > 0)
        .collect();
    let question = Say::RemoveOffice {
        name: &name,
        code,
        going: &going,
    };
    question.message().get(lang).to_owned()
}

/// This copy's signing key: its fingerprint, to be read out on the phone;
/// and the roster of keys it sends down (made with the key if need be).
#[component]
fn OwnKey() -> impl IntoView {
    let app = expect_context::<AppState>();
    let fingerprint = LocalResource::new(move || {
        // Read again when the own office changes (a new key may follow).
        app.settings.with(|s| s.own_office.clone());
        taizhang_app::trust::own_fingerprint(app.session)
    });
    let former = LocalResource::new(move || {
        app.settings.with(|s| s.own_office.clone());
        taizhang_app::trust::former_keys(app.session)
    });
    let exporting = Action::new_local(move |(): &()| async move {
        match taizhang_app::trust::export_roster(app.session, now()).await {
            Ok(Some((name, bytes))) => {
                let _ = download(&bytes, &name, "application/json");
            }
            Ok(None) => {}
            Err(error) => app.notice.set(Some(error)),
        }
        fingerprint.refetch();
    });
    let no_office = move || app.settings.with(|s| s.own_office.is_none());
    view! {
        <h2>{tr(T::OfficeKey)}</h2>
        <div class="card" data-testid="own-key">
            {move || match fingerprint.get().flatten() {
                Some(kid) => view! {
                    <p class="muted">{tr(T::OfficeKeyExplained)}</p>
                    <p><code class="fingerprint" data-kid=kid.clone()>{fingerprint_groups(&kid)}</code></p>
                }.into_any(),
                None => view! { <p class="muted">{tr(T::NoOfficeKeyYet)}</p> }.into_any(),
            }}
            {move || former.get().and_then(Result::ok).filter(|f| !f.is_empty()).map(|keys| view! {
                <p class="muted">{tr(T::FormerKeys)}</p>
                <ul>{keys.into_iter().map(|(office, kid)| {
                    let office = office.unwrap_or_default();
                    let name = crate::ui::widgets::name_of_office(app, &office);
                    view! {
                    <li data-testid="former-key" data-kid=kid.clone() data-office=office>
                        {name}" · "
                        <code class="fingerprint">{fingerprint_groups(&kid)}</code>
                    </li>
                }}).collect_view()}</ul>
            })}
            <p class="muted">{tr(T::RosterExplained)}</p>
            <p class="actions">
                <button type="button" class="btn" data-testid="export-roster"
                    disabled=move || no_office() || exporting.pending().get()
                    on:click=move |_| { exporting.dispatch_once(()); }>{tr(T::ExportRoster)}</button>
                {move || no_office().then(|| view! { <span class="muted">" "{tr(T::ChooseOwnOfficeFirst)}</span> })}
            </p>
        </div>
    }
}
