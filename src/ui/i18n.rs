//! The UI language: zh-CN by default, remembered in localStorage, applied to `<html lang>`.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use taizhang_catalogue::T;
use taizhang_core::{Lang, Text};

const LANG_KEY: &str = "taizhang.lang";

pub fn saved_lang() -> Lang {
    LocalStorage::get::<String>(LANG_KEY)
        .ok()
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

pub fn remember_lang(lang: Lang) {
    // Not being able to remember the choice is harmless: the page still switches.
    let _ = LocalStorage::set(LANG_KEY, lang.code());
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// The current language, from the app's context.
pub fn lang() -> RwSignal<Lang> {
    expect_context::<super::state::AppState>().lang
}

/// A reactive label from the catalogue: re-renders when the language changes.
/// It looks the key up when drawn, which links the whole catalogue: the
/// first screen's code writes `label!(Key)` instead.
pub fn tr(key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = lang();
    move || key.text().get(lang.get())
}

/// `tr(T::Key)` for the first screen's code (the shell, the dashboard): the
/// key's two strings found at compile time, so the page's first download
/// holds the labels it shows, not the whole catalogue (8.5 KiB gzipped).
macro_rules! label {
    ($key:ident) => {
        $crate::ui::i18n::tr_text(const { ::taizhang_catalogue::T::$key.text() })
    };
}
pub(crate) use label;

/// A reactive label: re-renders when the language changes.
pub fn tr_text(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = lang();
    move || text.get(lang.get())
}
