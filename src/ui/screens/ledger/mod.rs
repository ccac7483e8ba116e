//! A ledger's screen: filters, a sortable paged list, the entry form, delete.

mod filters;
mod history;
mod list;

use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::HelpLink;
use crate::ui::widgets::{confirm_dialog, now, today, EntryForm};
use filters::Filters;
use history::RecordHistory;
use leptos::prelude::*;
use leptos::task::spawn_local;
use list::{ListRow, RecordList};
use std::collections::HashMap;
use taizhang_app::{records, AppError};
use taizhang_catalogue::{Say, T};
use taizhang_core::ledgers::entries::Entry;
use taizhang_core::ledgers::form::FormValues;
use taizhang_core::ledgers::query::{self, Cell, ListQuery};
use taizhang_core::ledgers::validate::Problem;
use taizhang_core::{Day, Lang};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Editing {
    New,
    Existing(usize),
}

/// What the list shows: filters, sort and page (filters start from the address).
#[derive(Clone, Copy)]
pub struct ListState {
    pub office: RwSignal<String>,
    pub category: RwSignal<String>,
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
    pub flag: RwSignal<String>,
    pub search: RwSignal<String>,
    pub sort: RwSignal<Option<(usize, bool)>>,
    pub page: RwSignal<usize>,
}

impl ListState {
    /// Filters from the address (the dashboard links here with them).
    fn from_route(app: AppState) -> ListState {
        let initial = app.route.with_untracked(|r| r.query.clone());
        let start = |key: &str| RwSignal::new(initial.get(key).cloned().unwrap_or_default());
        ListState {
            office: start("office"),
            category: start("category"),
            from: start("from"),
            to: start("to"),
            flag: start("flag"),
            search: RwSignal::new(String::new()),
            sort: RwSignal::new(None),
            page: RwSignal::new(0),
        }
    }

    /// The query these filters make (`offices`: the chosen office's subtree).
    fn query(self, offices: Option<std::collections::HashSet<String>>) -> ListQuery {
        let filled = |s: RwSignal<String>| s.with(|v| (!v.is_empty()).then(|| v.clone()));
        ListQuery {
            offices,
            category: filled(self.category),
            from: self.from.with(|f| Day::parse(f)),
            to: self.to.with(|t| Day::parse(t)),
            text: self.search.get(),
            sort: self.sort.get(),
            flag: filled(self.flag).map(|f| (f, today())),
        }
    }
}

/// The office the forms start with: this copy's own office, else the first one.
pub fn default_office(app: AppState) -> String {
    app.settings
        .with_untracked(|s| s.own_office.clone())
        .or_else(|| {
            app.data
                .with_untracked(|d| d.offices.first().map(|o| o.code.clone()))
        })
        .unwrap_or_default()
}

/// Positions of the records the filters select, in list order.
fn matching<R: Entry>(app: AppState, state: ListState) -> Memo<Vec<usize>> {
    Memo::new(move |_| {
        let tree = app.tree.get();
        let offices = state.office.with(|code| {
            (!code.is_empty()).then(|| {
                app.data.with(|d| {
                    let codes = tree.0.subtree_codes(&d.offices, code);
                    codes.into_iter().map(String::from).collect()
                })
            })
        });
        let query = state.query(offices);
        app.data
            .with(|d| query::run(R::rows(d), &query, app.lang.get()))
    })
}

/// The rows of the current page, as shown.
fn page_rows<R: Entry>(
    app: AppState,
    state: ListState,
    hits: Memo<Vec<usize>>,
) -> Memo<Vec<ListRow>> {
    let office_names = Memo::new(move |_| {
        app.data.with(|d| {
            d.offices
                .iter()
                .map(|o| (o.code.clone(), o.name.clone()))
                .collect::<HashMap<_, _>>()
        })
    });
    Memo::new(move |_| {
        let lang = app.lang.get();
        let locks = taizhang_app::approvals::locks(app.session, today());
        let page = state
            .page
            .get()
            .min(query::page_count(hits.with(Vec::len)) - 1);
        let positions = hits.with(|h| query::page(h, page).to_vec());
        let show = |cell: &Cell| match cell {
            Cell::Office(code) => {
                office_names.with(|n| n.get(code).cloned().unwrap_or_else(|| code.clone()))
            }
            other => other.display(lang),
        };
        app.data.with(|d| {
            let records = R::rows(d);
            positions
                .into_iter()
                .map(|position| {
                    let record = &records[position];
                    ListRow {
                        position,
                        id: record.id().to_string(),
                        revision: record.revision(),
                        locked: locks.of(record.office(), record.day()).is_some(),
                        cells: record
                            .cells()
                            .iter()
                            .map(|c| (show(c), c.is_numeric(), c.is_day()))
                            .collect(),
                    }
                })
                .collect()
        })
    })
}

pub fn ledger_screen<R: Entry + Send + Sync + 'static>() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let ledger = R::KIND;
    let state = ListState::from_route(app);
    let hits = matching::<R>(app, state);
    let count = Memo::new(move |_| hits.with(Vec::len));
    let rows = page_rows::<R>(app, state, hits);
    let editing = RwSignal::new(None::<Editing>);
    let values = RwSignal::new(FormValues::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let deleting = RwSignal::new(None::<usize>);
    // The record whose history is open: its id and name.
    let history_of = RwSignal::new(None::<(String, String)>);
    let open_history = move |position: usize| {
        let record = app.data.with(|d| {
            let record = &R::rows(d)[position];
            (
                record.id().to_string(),
                record.cells()[0].display(lang.get_untracked()),
            )
        });
        history_of.set(Some(record));
    };
    // The revision the form was opened at: another tab may change the record meanwhile.
    let opened_revision = RwSignal::new(0u32);

    let open_new = move || {
        values.set(R::blank_form(&default_office(app)));
        problems.set(Vec::new());
        editing.set(Some(Editing::New));
    };
    let open_edit = move |position: usize| {
        values.set(app.data.with(|d| R::rows(d)[position].to_form()));
        opened_revision.set(app.data.with(|d| R::rows(d)[position].revision()));
        problems.set(Vec::new());
        editing.set(Some(Editing::Existing(position)));
    };
    // One save at a time: its pending state holds the form's button.
    let saving = Action::new_local(move |(position, opened): &(Option<usize>, u32)| {
        let (position, opened) = (*position, *opened);
        let form = values.get_untracked();
        async move {
            match records::save_record::<R>(app.session, position, opened, &form, now()).await {
                Ok(()) => editing.set(None),
                Err(AppError::Invalid(found)) => problems.set(found),
                Err(_) => {} // the notice says why; nothing was saved
            }
        }
    });
    let save = move || {
        let Some(mode) = editing.get_untracked() else {
            return;
        };
        let position = match mode {
            Editing::Existing(p) => Some(p),
            Editing::New => None,
        };
        saving.dispatch_once((position, opened_revision.get_untracked()));
    };
    let delete = move || {
        let Some(position) = deleting.get_untracked() else {
            return;
        };
        deleting.set(None);
        spawn_local(async move {
            let _ = records::delete_record::<R>(app.session, position, now()).await;
        });
    };
    let delete_message = Signal::derive(move || {
        deleting
            .get()
            .map(|p| deletion_question::<R>(app, p, lang.get()))
            .unwrap_or_default()
    });

    view! {
        <section data-screen=ledger.key()>
            <h1>{move || ledger.label().get(lang.get())}<HelpLink part=ledger.key()/></h1>
            <Filters state kind=ledger category_filter=R::category_filter() on_new=open_new/>
            {move || editing.get().map(|mode| view! {
                <h2>{match mode {
                    Editing::New => tr(T::NewRecord)(),
                    Editing::Existing(_) => tr(T::EditRecord)(),
                }}</h2>
                <EntryForm kind=ledger fields=R::fields() values problems pending=saving.pending() on_submit=save on_cancel=move || editing.set(None)/>
            })}
            <RecordList state columns=R::columns() rows count on_edit=open_edit on_delete=move |p| deleting.set(Some(p)) on_history=open_history/>
            {move || history_of.get().map(|(id, name)| view! {
                <RecordHistory ledger id name on_close=move || history_of.set(None)/>
            })}
            {move || deleting.get().map(|_| confirm_dialog(delete_message, delete, move || deleting.set(None)))}
        </section>
    }
}

/// The question before deleting a record: it names the record and says the deletion travels.
fn deletion_question<R: Entry>(app: AppState, position: usize, lang: Lang) -> String {
    let name = app
        .data
        .with(|d| R::rows(d)[position].cells()[0].display(lang));
    Say::DeleteRecord { name: &name }
        .message()
        .get(lang)
        .to_owned()
}
