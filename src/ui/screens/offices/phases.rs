//! Setting the campaign's phase dates for an office (shaded on the dashboard's time charts).

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::office_select;
use leptos::prelude::*;
use taizhang_app::Settings;
use taizhang_catalogue::T;
use taizhang_core::figures::phases::PhaseDates;
use taizhang_core::{Day, Phase};

#[component]
pub fn PhaseEditor() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let office = RwSignal::new(
        app.settings
            .with_untracked(|s| s.own_office.clone().unwrap_or_default()),
    );
    // One (from, to) pair of date texts per phase, loaded when the office changes.
    let dates = RwSignal::new(vec![(String::new(), String::new()); Phase::ALL.len()]);
    let problem = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(false);
    // Until the user picks one, the editor follows this copy's own office (set later, e.g. by the sample).
    Effect::new(move |_| {
        let own = app
            .settings
            .with(|s| s.own_office.clone())
            .unwrap_or_default();
        if office.get_untracked().is_empty() && !own.is_empty() {
            office.set(own);
        }
    });
    Effect::new(move |_| {
        let code = office.get();
        let loaded = app.settings.with_untracked(|s| dates_of(&s.phases, &code));
        dates.set(loaded);
        problem.set(None);
    });
    let save = move || {
        let code = office.get_untracked();
        if code.is_empty() {
            problem.set(Some("office"));
            return;
        }
        let plans = match plans_from_dates(&code, &dates.get_untracked()) {
            Ok(plans) => plans,
            Err(phase) => {
                problem.set(Some(phase.code()));
                return;
            }
        };
        problem.set(None);
        let mut settings: Settings = app.settings.get_untracked();
        settings.phases.retain(|p| p.office != code);
        settings.phases.extend(plans);
        app.save_settings(settings);
        saved.set(true);
    };
    view! {
        <div class="card phases" data-testid="phase-editor">
            <p class="muted">{tr(T::SetEachPhaseSDates)}</p>
            <label>{tr(T::Office)}
                {office_select(app, "phase-office", office.into(), move |v| { office.set(v); saved.set(false); }, Some(T::Choose.text()), Some("phase-office"))}
            </label>
            <table class="list">
                <thead><tr><th>{tr(T::Phase)}</th><th>{tr(T::Start)}</th><th>{tr(T::End)}</th></tr></thead>
                <tbody>
                    {Phase::ALL.iter().enumerate().map(|(i, phase)| {
                        let phase = *phase;
                        let value = move |end: usize| dates.with(|d| if end == 0 { d[i].0.clone() } else { d[i].1.clone() });
                        let set = move |end: usize, text: String| { saved.set(false); dates.update(|d| if end == 0 { d[i].0 = text } else { d[i].1 = text }); };
                        view! {
                            <tr data-phase=phase.code() class:invalid=move || problem.get() == Some(phase.code())>
                                <td>{move || phase.label().get(lang.get())}</td>
                                <td><input type="date" name=format!("{}-from", phase.code()) prop:value=move || value(0) on:input=move |ev| set(0, event_target_value(&ev))
                                    aria-label=move || format!("{} · {}", phase.label().get(lang.get()), tr(T::Start)())/></td>
                                <td><input type="date" name=format!("{}-to", phase.code()) prop:value=move || value(1) on:input=move |ev| set(1, event_target_value(&ev))
                                    aria-label=move || format!("{} · {}", phase.label().get(lang.get()), tr(T::End)())/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="error-text" role="alert" data-error-for="phases">{move || problem.get().map(|code| match code {
                "office" => tr(T::ChooseAnOfficeFirst)(),
                _ => tr(T::EachPhaseNeedsBothDates)(),
            })}</p>
            <button type="button" class="btn primary" data-testid="save-phases" on:click=move |_| save()>{tr(T::SavePhaseDates)}</button>
            {move || saved.get().then(|| view! { <span class="muted">" "{tr(T::Saved)}</span> })}
        </div>
    }
}

/// The (from, to) date texts of each phase set for `office`, empty where none is.
fn dates_of(phases: &[PhaseDates], office: &str) -> Vec<(String, String)> {
    Phase::ALL
        .iter()
        .map(|phase| {
            phases
                .iter()
                .find(|p| p.office == office && p.phase == *phase)
                .map(|p| (p.from.to_string(), p.to.to_string()))
                .unwrap_or_default()
        })
        .collect()
}

/// The phases of `office` from the typed dates (a phase left blank is not set),
/// or the first phase whose dates are incomplete or in the wrong order.
fn plans_from_dates(office: &str, dates: &[(String, String)]) -> Result<Vec<PhaseDates>, Phase> {
    let mut plans = Vec::new();
    for (phase, (from, to)) in Phase::ALL.iter().zip(dates) {
        match (Day::parse(from), Day::parse(to)) {
            (Some(from), Some(to)) if from <= to => plans.push(PhaseDates {
                office: office.to_owned(),
                phase: *phase,
                from,
                to,
            }),
            (None, None) if from.is_empty() && to.is_empty() => {}
            _ => return Err(*phase),
        }
    }
    Ok(plans)
}
