//! The guide stays true to the build: every screen has its part, and every
//! control a step names is still on its screen — its catalogue key used and
//! its page hook written in that screen's sources (or the shared frame's).
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};
use taizhang_catalogue::help::{part_for, PARTS};
use taizhang_core::Lang;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under `dir`, read.
fn sources(dir: &Path) -> String {
    let mut out = String::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.push_str(&sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&fs::read_to_string(&path).expect("read"));
        }
    }
    out
}

/// The screens' keys as the router declares them (`Screen::X => "key",`).
fn screen_keys() -> Vec<String> {
    let route = fs::read_to_string(root().join("src/ui/route.rs")).expect("route.rs");
    let keys: Vec<String> = route
        .lines()
        .filter(|l| l.trim_start().starts_with("Screen::") && l.contains("=> \""))
        .filter_map(|l| l.split('"').nth(1).map(str::to_owned))
        .collect();
    assert!(keys.len() >= 9, "the router's screens: {keys:?}");
    keys
}

/// The sources a screen's controls live in: its folder and the shared frame.
fn screen_sources(screen: &str) -> String {
    let ui = root().join("src/ui");
    if screen.is_empty() {
        return sources(&ui);
    }
    let folder = match screen {
        "training_sessions" | "honoured_models" | "cases" => "ledger",
        other => other,
    };
    let mut text = sources(&ui.join("screens").join(folder));
    assert!(!text.is_empty(), "no sources for the screen {screen}");
    for shared in ["toolbar.rs", "widgets.rs", "shell.rs"] {
        text.push_str(&fs::read_to_string(ui.join(shared)).expect("shared"));
    }
    text
}

#[test]
fn every_screen_has_its_part_of_the_guide() {
    let keys = screen_keys();
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| *k != "help" && part_for(k).is_none())
        .collect();
    assert!(missing.is_empty(), "screens without help: {missing:?}");
    for part in PARTS {
        assert!(
            part.screen.is_empty() || keys.iter().any(|k| k == part.screen),
            "{} is no screen",
            part.screen
        );
        assert!(!part.tasks.is_empty(), "{} has no task", part.id);
    }
}

#[test]
fn every_control_the_guide_names_is_still_on_its_screen() {
    let route = fs::read_to_string(root().join("src/ui/route.rs")).expect("route.rs");
    let mut gone = Vec::new();
    for part in PARTS {
        for task in part.tasks {
            for step in task.steps {
                let Some(control) = step.control else {
                    continue;
                };
                let screen = if control.on.is_empty() {
                    part.screen
                } else {
                    control.on
                };
                let text = screen_sources(screen);
                let label = format!("T::{:?}", control.label);
                // The first screen's code writes its labels `label!(Key)`.
                let first_screen = format!("label!({:?})", control.label);
                if !text.contains(&format!("{label})"))
                    && !text.contains(&format!("{label},"))
                    && !text.contains(&first_screen)
                {
                    gone.push(format!("{}/{}: {label} not on {screen}", part.id, task.id));
                }
                let hook = control.hook.trim_start_matches('[').trim_end_matches(']');
                let found = match hook.split_once('=') {
                    None => text.contains(hook),
                    Some((attr, value)) => {
                        let value = value.trim_matches('"');
                        match attr.strip_suffix('^') {
                            Some(attr) => text.contains(&format!("{attr}=format!(\"{value}")),
                            None if attr == "data-nav" => {
                                route.contains(&format!("=> \"{value}\""))
                            }
                            // A test id also goes to a shared widget as its argument.
                            None => {
                                text.contains(&format!("{attr}=\"{value}\""))
                                    || attr == "data-testid"
                                        && text.contains(&format!("Some(\"{value}\")"))
                            }
                        }
                    }
                };
                if !found {
                    gone.push(format!(
                        "{}/{}: {} not on {screen}",
                        part.id, task.id, control.hook
                    ));
                }
            }
        }
    }
    assert!(
        gone.is_empty(),
        "the guide names controls no screen has: {gone:#?}"
    );
}

#[test]
fn a_step_names_its_control_exactly_once_in_both_languages() {
    for part in PARTS {
        for task in part.tasks {
            for step in task.steps {
                for lang in [Lang::Zh, Lang::En] {
                    let holes = step.text.get(lang).matches("{}").count();
                    assert_eq!(
                        holes,
                        usize::from(step.control.is_some()),
                        "{}/{}: {}",
                        part.id,
                        task.id,
                        step.text.get(lang)
                    );
                    let said = step.said(lang);
                    assert!(!said.contains("{}"));
                    if let Some(control) = step.control {
                        assert!(said.contains(control.label.text().get(lang)), "{said}");
                    }
                }
            }
        }
    }
}
