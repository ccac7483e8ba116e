//! The offices screen: the office tree, which office this copy belongs to,
//! storage health, and the sample data for a first look.

mod phases;

use crate::app::Settings;
use crate::app::{health, offices, AppError};
use crate::domain::entries::{blank_office_form, office_fields, office_to_form};
use crate::domain::form::FormValues;
use crate::domain::validate::Problem;
use crate::domain::{Kind, Lang, PerKind};
use crate::ui::i18n::tr;
use crate::ui::offline::{build_name, Offline};
use crate::ui::state::AppState;
use crate::ui::widgets::{confirm_dialog, entry_form, office_select, today, SampleButton};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Debug, PartialEq)]
enum Editing {
    New,
    Existing(String),
}

fn mebibytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}

/// Days since the last export from this browser, if there was one.
fn days_since_export(app: AppState) -> Option<i64> {
    let last = app.settings.with(|s| s.last_export.clone())?;
    Some(last.day()?.days_until(today()))
}

#[component]
fn StorageHealth() -> impl IntoView {
    let health = LocalResource::new(health::storage_health);
    let app = expect_context::<AppState>();
    let lang = app.lang;
    // Export is the only backup: ask for one after 7 days, or at once when the browser may evict.
    let remind = move || {
        let has_data = app.data.with(|d| !d.is_empty());
        let stale = days_since_export(app).is_none_or(|days| days >= 7);
        let evictable = health.get().map(|h| h.0) == Some(Some(false));
        has_data && (stale || evictable)
    };
    view! {
        <Show when=remind>
            <p class="notice warn" data-testid="export-reminder">
                <span>{tr("请导出一份备份：浏览器中的数据只存在这台电脑上，导出的文件就是备份。", "Please export a backup: the data lives only in this browser on this computer, and an export is its backup.")}</span>
                <a class="btn" href="#/exchange">{tr("去导出", "Export")}</a>
            </p>
        </Show>
        <div class="card health" data-testid="storage-health">
            <span>{tr("持久保存", "Persistent storage")}</span>
            <span data-testid="persisted">{move || match health.get().map(|h| h.0) {
                Some(Some(true)) => tr("已获浏览器批准：数据不会被自动清除", "granted: the browser will not evict the data")(),
                Some(Some(false)) => tr("未获批准：浏览器空间紧张时可能清除数据，请定期导出", "not granted: the browser may evict data when space runs low; export regularly")(),
                _ => tr("浏览器无法说明", "the browser cannot tell")(),
            }}</span>
            <span>{tr("上次导出", "Last export")}</span>
            <span data-testid="last-export-age">{move || match (days_since_export(app), lang.get()) {
                (None, Lang::Zh) => "从未导出".to_owned(),
                (None, Lang::En) => "never".to_owned(),
                (Some(days), Lang::Zh) => format!("{days} 天前"),
                (Some(days), Lang::En) => format!("{days} days ago"),
            }}</span>
            <span>{tr("离线使用", "Offline use")}</span>
            <span data-testid="offline-status">{move || match app.offline.get() {
                Offline::Ready | Offline::NewBuildWaiting => tr("已就绪：断网时也能打开本页", "ready: this page opens without a network")(),
                Offline::Preparing => tr("正在保存本页以便离线使用…", "saving this page for offline use…")(),
                Offline::Unavailable => tr("不可用：此浏览器或此网址不支持离线使用", "unavailable: this browser or address does not allow offline use")(),
            }}</span>
            <span>{tr("程序版本", "App version")}</span>
            <span data-testid="build-name">{build_name().unwrap_or_else(|| "-".to_owned())}</span>
            <span>{tr("已用 / 可用空间", "Space used / available")}</span>
            <span data-testid="storage-usage">{move || match health.get().and_then(|h| h.1) {
                Some(e) => format!("{} / {}", mebibytes(e.usage), mebibytes((e.quota - e.usage).max(0.0))),
                None => match lang.get() { Lang::Zh => "未知".into(), Lang::En => "unknown".into() },
            }}</span>
        </div>
    }
}

pub fn offices_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let editing = RwSignal::new(None::<Editing>);
    let values = RwSignal::new(FormValues::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let deleting = RwSignal::new(None::<(String, PerKind<usize>)>);
    let refusal = RwSignal::new(None::<String>);

    let own = Signal::derive(move || {
        app.settings
            .with(|s| s.own_office.clone().unwrap_or_default())
    });
    let set_own = move |code: String| {
        let settings = Settings {
            own_office: Some(code).filter(|c| !c.is_empty()),
            ..app.settings.get_untracked()
        };
        app.save_settings(settings);
    };

    let save = move || {
        let Some(mode) = editing.get_untracked() else {
            return;
        };
        let previous = match mode {
            Editing::Existing(code) => Some(code),
            Editing::New => None,
        };
        let form = values.get_untracked();
        spawn_local(async move {
            match offices::save_office(app.session, previous.as_deref(), &form).await {
                Ok(()) => editing.set(None),
                Err(AppError::Invalid(found)) => problems.set(found),
                Err(_) => {} // the notice says why; nothing was saved
            }
        });
    };

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
            let _ = offices::remove(app.session, &code).await;
        });
    };
    let delete_message = Signal::derive(move || {
        let Some((code, records)) = deleting.get() else {
            return String::new();
        };
        let lang = lang.get();
        let name = app.data.with(|d| {
            d.offices
                .iter()
                .find(|o| o.code == code)
                .map(|o| o.name.clone())
                .unwrap_or_default()
        });
        let going: Vec<String> = Kind::LEDGERS
            .into_iter()
            .map(|kind| (kind, *records.get(kind)))
            .filter(|(_, n)| *n > 0)
            .map(|(ledger, n)| match lang {
                Lang::Zh => format!("{n} 条{}", ledger.label().get(lang)),
                Lang::En => format!("{n} {}", ledger.label().get(lang).to_lowercase()),
            })
            .collect();
        match (lang, going.is_empty()) {
            (Lang::Zh, true) => format!("删除单位“{name}”（{code}）？"),
            (Lang::En, true) => format!("Delete the office {name} ({code})?"),
            (Lang::Zh, false) => format!(
                "删除单位“{name}”（{code}）？它的记录将一并从本机删除：{}。已发给其他单位的文件不受影响。",
                going.join("、")
            ),
            (Lang::En, false) => format!(
                "Delete the office {name} ({code})? Its records are deleted from this computer with it: {}. Files already sent to other offices are not affected.",
                going.join(", ")
            ),
        }
    });

    view! {
        <section data-screen="offices">
            <h1>{tr("单位", "Offices")}</h1>
            <SampleButton/>
            <div class="toolbar">
                <label>{tr("本台账属于", "This copy belongs to")}
                    {office_select(app, "own-office", own, set_own, Some(("（未设置）", "(not set)")), Some("own-office-select"))}
                </label>
                <span class="grow"></span>
                <button type="button" class="btn primary" data-testid="new-offices" on:click=move |_| {
                    values.set(blank_office_form(app.settings.with_untracked(|s| s.own_office.clone()).as_deref()));
                    problems.set(Vec::new());
                    editing.set(Some(Editing::New));
                }>{tr("新增单位", "Add office")}</button>
            </div>
            {move || refusal.get().map(|text| view! { <p class="notice warn" role="alert" data-testid="refusal">{text}</p> })}
            {move || editing.get().map(|mode| {
                let locked = if matches!(mode, Editing::Existing(_)) { vec!["code"] } else { Vec::new() };
                view! {
                    <h2>{if mode == Editing::New { tr("新增单位", "New office")() } else { tr("修改单位", "Edit office")() }}</h2>
                    {entry_form(app, "offices", office_fields(), values, problems, locked, save, move || editing.set(None))}
                }
            })}
            <table class="list">
                <thead><tr>
                    <th>{tr("单位名称", "Name")}</th>
                    <th>{tr("编码", "Code")}</th>
                    <th>{tr("层级", "Level")}</th>
                    <th>{tr("系统", "System")}</th>
                    <th class="num">{tr("干警人数", "Headcount")}</th>
                    <th>{tr("操作", "Actions")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let tree = app.tree.get();
                        app.data.with(|d| tree.0.walk().into_iter().map(|(index, depth)| {
                            let office = d.offices[index].clone();
                            let code = office.code.clone();
                            let edit_code = code.clone();
                            let delete_code = code.clone();
                            let row = code.clone();
                            view! {
                                <tr data-row=row>
                                    <td style=format!("padding-left: {}rem", 0.6 + depth as f64 * 1.5)>{office.name.clone()}</td>
                                    <td><code>{code}</code></td>
                                    <td>{move || office.level.label().get(lang.get())}</td>
                                    <td>{move || office.system.label().get(lang.get())}</td>
                                    <td class="num">{office.headcount.map(|h| h.to_string()).unwrap_or_default()}</td>
                                    <td>
                                        <button type="button" class="link" data-action="edit" on:click=move |_| {
                                            let form = app.data.with_untracked(|d| d.offices.iter().find(|o| o.code == edit_code).map(office_to_form));
                                            if let Some(form) = form {
                                                values.set(form);
                                                problems.set(Vec::new());
                                                editing.set(Some(Editing::Existing(edit_code.clone())));
                                            }
                                        }>{tr("修改", "Edit")}</button>
                                        " "
                                        <button type="button" class="link" data-action="delete" on:click=move |_| ask_delete(delete_code.clone())>{tr("删除", "Delete")}</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view())
                    }}
                </tbody>
            </table>
            <h2>{tr("教育整顿环节", "Campaign phases")}</h2>
            <phases::PhaseEditor/>
            <h2>{tr("存储状态", "Storage")}</h2>
            <StorageHealth/>
            <ClearEverything/>
            {move || deleting.get().map(|_| confirm_dialog(delete_message, delete, move || deleting.set(None)))}
        </section>
    }
}

#[component]
fn ClearEverything() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let asking = RwSignal::new(false);
    let message = Signal::derive(move || {
        let (offices, records) = app.data.with(|d| (d.offices.len(), d.record_count()));
        match lang.get() {
            Lang::Zh => format!("清除本浏览器中的全部数据？{offices} 个单位和 {records} 条记录（含删除标记）、本单位设置和环节日期都将删除，无法撤销。请确认已导出备份。"),
            Lang::En => format!("Clear everything in this browser? {offices} offices and {records} records (tombstones included), the settings and phase dates will be deleted, with no undo. Make sure you have exported a backup."),
        }
    });
    let clear = move || {
        asking.set(false);
        spawn_local(async move {
            let _ = app.clear_all().await;
        });
    };
    view! {
        <Show when=move || app.data.with(|d| !d.is_empty())>
            <p><button type="button" class="btn danger" data-testid="clear-everything" on:click=move |_| asking.set(true)>
                {tr("清除全部数据…", "Clear everything…")}
            </button></p>
        </Show>
        {move || asking.get().then(|| confirm_dialog(message, clear, move || asking.set(false)))}
    }
}
