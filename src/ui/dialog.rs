//! A modal dialog for the keyboard: it takes the focus when it opens, keeps
//! Tab and Shift-Tab inside, closes on Escape, and gives the focus back to
//! whatever opened it (or to the screen, when that is gone).

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// What the keyboard can stop at inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), select:not([disabled]), input:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex=\"-1\"])";

#[component]
pub fn Modal(
    /// `dialog`, or `alertdialog` for a confirmation.
    role: &'static str,
    /// The id of the text that names the dialog (`aria-labelledby`).
    labelled_by: &'static str,
    on_escape: Callback<()>,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    return_focus_when_closed();
    let panel = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            let first = panel
                .query_selector("[data-initial-focus]")
                .ok()
                .flatten()
                .or_else(|| focusables(&panel).into_iter().next().map(Into::into));
            if let Some(first) = first.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
                let _ = first.focus();
            }
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            on_escape.run(());
        }
        "Tab" => {
            if let Some(panel) = panel.get_untracked() {
                keep_tab_inside(&panel, &ev);
            }
        }
        _ => {}
    };
    view! {
        <div class="dialog-backdrop" on:keydown=on_keydown>
            <div class="dialog" role=role aria-modal="true" aria-labelledby=labelled_by data-testid=testid node_ref=panel>
                {children()}
            </div>
        </div>
    }
}

fn focusables(panel: &web_sys::HtmlDivElement) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Tab past the last control comes back to the first, Shift-Tab before the
/// first goes to the last: the page behind a modal is out of reach.
fn keep_tab_inside(panel: &web_sys::HtmlDivElement, ev: &web_sys::KeyboardEvent) {
    let items = focusables(panel);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = document().active_element();
    let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref());
    let inside = active
        .as_ref()
        .is_some_and(|a| panel.contains(Some(a.unchecked_ref())));
    if ev.shift_key() && (at(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// Called as a dialog or form is built: when it goes, the focus goes back to
/// what had it before (the button that opened it), or to the screen when that
/// is gone — unless the answer has already put the focus somewhere else.
pub fn return_focus_when_closed() {
    let opener = SendWrapper::new(
        document()
            .active_element()
            .and_then(|el| el.dyn_into::<HtmlElement>().ok()),
    );
    on_cleanup(move || {
        let opener = opener.take();
        // After the dialog's nodes are gone: the focus they had is then lost (on the body).
        request_animation_frame(move || {
            let lost = document()
                .active_element()
                .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
            if !lost {
                return;
            }
            let target = opener.filter(|el| el.is_connected()).or_else(screen);
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    });
}

/// The screen (`#main-content`): where the keyboard goes on from when what it
/// was on goes away, and where the skip link leads.
fn screen() -> Option<HtmlElement> {
    document()
        .get_element_by_id("main-content")
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
}

pub fn focus_screen() {
    if let Some(screen) = screen() {
        let _ = screen.focus();
    }
}
