//! What this page says to the browser's other tabs of the app, and hears
//! from them, over one `BroadcastChannel`: the data changed, the app was
//! locked (every tab reloads into the unlock form), or unlocked (the data
//! key handed to the tabs still locked).

use wasm_bindgen::JsCast;

const CHANNEL: &str = "taizhang";
const CHANGED_MESSAGE: &str = "changed";
/// Every tab reloads: the lock was turned on, off, or the app locked.
pub(super) const LOCK_MESSAGE: &str = "lock";
/// The member of the message that hands the data key to tabs still locked.
const UNLOCKED: &str = "unlocked";

thread_local! {
    /// This page's end of the channel: what it posts, the other tabs hear (not itself).
    static TABS: std::cell::RefCell<Option<web_sys::BroadcastChannel>> = const { std::cell::RefCell::new(None) };
}

fn post_to_tabs(message: &wasm_bindgen::JsValue) {
    TABS.with(|tabs| {
        if let Some(channel) = tabs.borrow().as_ref() {
            let _ = channel.post_message(message);
        }
    });
}

/// Tells this browser's other tabs that the data changed.
pub(super) fn announce_change() {
    announce(CHANGED_MESSAGE);
}

pub(super) fn announce(message: &str) {
    post_to_tabs(&wasm_bindgen::JsValue::from_str(message));
}

/// Gives the tabs still locked the data key this one unlocked with (a
/// CryptoKey crosses as a structured clone, still not extractable).
pub(super) fn hand_key_to_tabs(key: &web_sys::CryptoKey) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &UNLOCKED.into(), key);
    post_to_tabs(&message.into());
}

/// Forgets the data key and reloads the page, which opens on the unlock
/// form: nothing of the data stays in the page's memory or on screen.
pub(super) fn relock_this_tab() {
    taizhang_storage::use_data_key(None);
    let _ = web_sys::window().map(|w| w.location().reload());
}

/// What another tab said.
pub(super) enum Heard {
    /// The data changed there: reload it.
    Changed,
    /// Unlocked there, with this data key.
    Unlocked(web_sys::CryptoKey),
}

/// Hears the other tabs: a lock reloads this page at once; a change or an
/// unlock is given to `on_heard`.
pub(super) fn listen(on_heard: impl Fn(Heard) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let listener = gloo_events::EventListener::new(&channel, "message", move |event| {
        let Some(data) = event
            .dyn_ref::<web_sys::MessageEvent>()
            .map(web_sys::MessageEvent::data)
        else {
            return;
        };
        match data.as_string().as_deref() {
            Some(LOCK_MESSAGE) => relock_this_tab(),
            Some(_) => on_heard(Heard::Changed),
            None => {
                let key = js_sys::Reflect::get(&data, &UNLOCKED.into())
                    .ok()
                    .and_then(|k| k.dyn_into::<web_sys::CryptoKey>().ok());
                if let Some(key) = key {
                    on_heard(Heard::Unlocked(key));
                }
            }
        }
    });
    listener.forget(); // for the life of the page, as the channel
    TABS.with(|tabs| *tabs.borrow_mut() = Some(channel));
}
