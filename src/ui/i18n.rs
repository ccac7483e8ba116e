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
/// Inlined with `T::text`: a key written where it is used links its two
/// strings only (a key chosen at run time, the whole catalogue).
#[inline(always)]
pub fn tr(key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    tr_text(key.text())
}

/// A reactive label: re-renders when the language changes.
pub fn tr_text(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = lang();
    move || text.get(lang.get())
}
