//! One run of a write at a time. Every write a user starts is an `Action`;
//! while one runs its button says so (`pending`), and a second click —
//! a double click, or a click before the button has redrawn — is ignored,
//! so nothing is ever written twice by one intent.

use leptos::prelude::*;

pub trait DispatchOnce<I> {
    /// Runs the action with `input` unless a run of it is under way.
    fn dispatch_once(&self, input: I);
}

impl<I: 'static, O: 'static> DispatchOnce<I> for Action<I, O> {
    fn dispatch_once(&self, input: I) {
        if !self.pending().get_untracked() {
            self.dispatch_local(input);
        }
    }
}
