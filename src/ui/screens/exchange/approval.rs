//! An approval of this office's month, taken: locked, opened again, or of
//! another version than this copy holds; and who signed it.

use super::preview::SenderLine;
use crate::ui::state::AppState;
use crate::ui::widgets::name_of_office;
use leptos::prelude::*;
use taizhang_app::approvals::Taken;
use taizhang_catalogue::Say;
use taizhang_core::reporting::approval::{approval_name, Approval};
use taizhang_core::trust::Sender;

#[component]
pub fn ApprovalTaken(approval: Approval, sender: Sender, taken: Taken) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let by = name_of_office(app, &approval.by);
    let file = approval_name(&approval);
    let (key, class) = match taken {
        Taken::Locked => ("locked", "ok"),
        Taken::Reopened => ("reopened", "ok"),
        Taken::DifferentVersion => ("different", "warn"),
    };
    let said = move || {
        let (month, by, reason) = (&approval.month, by.as_str(), approval.reason.as_str());
        match taken {
            Taken::Locked => Say::MonthApproved { month, by },
            Taken::Reopened => Say::MonthReopened { month, by, reason },
            Taken::DifferentVersion => Say::ApprovedDifferentVersion { month, by },
        }
        .message()
        .get(lang.get())
        .to_owned()
    };
    view! {
        <div class=format!("card notice {class}") data-testid="approval-taken" data-taken=key role="status">
            <p>{said}</p>
        </div>
        <SenderLine sender from=file/>
    }
}
