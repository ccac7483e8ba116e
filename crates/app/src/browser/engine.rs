//! The page's side of the exchange engine: it starts the engine's worker when
//! the exchange screen is first opened (so its code is loaded only then, and
//! has loaded by the time a file is chosen), sends one request at a time, passes progress on, and cancels a
//! request by ending the worker — which cannot leave anything half-written,
//! since the engine writes only in one transaction at the end of an apply.

use futures::channel::oneshot;
use js_sys::Array;
use std::cell::RefCell;
use std::rc::Rc;
use taizhang_protocol::{Failure, Reply, Request, Stage};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// Which engine: the exchange engine, or the workbook engine (the same with
/// workbooks added, four times its code, so loaded only when needed).
pub use taizhang_protocol::EngineKind as Engine;

/// The worker's script of an engine, next to the page (Trunk writes it).
fn script(engine: Engine) -> &'static str {
    match engine {
        Engine::Exchange => "./engine_loader.js",
        Engine::Workbook => "./sheets_loader.js",
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error("cancelled")]
    Cancelled,
    /// The worker could not start or stopped (its code missing, or it failed).
    #[error("the engine stopped: {0}")]
    Stopped(String),
    #[error(transparent)]
    Failed(#[from] Failure),
}

type Progress = Rc<dyn Fn(Stage, f64, f64)>;
type Answer = (Reply, JsValue);

struct Running {
    engine: Engine,
    worker: Worker,
    ready: bool,
    /// Requests waiting for the worker to listen.
    waiting: Vec<oneshot::Sender<Result<(), EngineError>>>,
    answer: Option<oneshot::Sender<Result<Answer, EngineError>>>,
    progress: Option<Progress>,
    _listeners: [Closure<dyn FnMut(JsValue)>; 2],
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Sends `request` (with `attachment` beside it) to `engine` (started if
/// another runs; `None`: the one running, which holds a preview) and waits
/// for its answer, calling `progress` as the worker reports it.
pub async fn ask(
    engine: Option<Engine>,
    request: &Request,
    attachment: Option<JsValue>,
    progress: impl Fn(Stage, f64, f64) + 'static,
) -> Result<Answer, EngineError> {
    let text = serde_json::to_string(request).map_err(|e| EngineError::Stopped(e.to_string()))?;
    let running = RUNNING.with(|r| r.borrow().as_ref().map(|r| r.engine));
    if let (Some(wanted), Some(other)) = (engine, running) {
        if wanted != other {
            cancel();
        }
    }
    if let Some(listening) = start(engine.or(running).unwrap_or(Engine::Exchange))? {
        listening.await.map_err(|_| EngineError::Cancelled)??;
    }
    let (send, receive) = oneshot::channel();
    let worker = RUNNING.with(|running| {
        let mut running = running.borrow_mut();
        let running = running.as_mut()?;
        running.answer = Some(send);
        running.progress = Some(Rc::new(progress));
        Some(running.worker.clone())
    });
    let worker = worker.ok_or(EngineError::Cancelled)?;
    // The data key goes with each request while the app lock is on: the
    // engine reads and writes the database itself, and forgets it after.
    let key = taizhang_storage::data_key().map_or(JsValue::UNDEFINED, JsValue::from);
    let message = Array::of3(
        &JsValue::from_str(&text),
        &attachment.unwrap_or(JsValue::UNDEFINED),
        &key,
    );
    worker
        .post_message(&message)
        .map_err(|e| EngineError::Stopped(format!("{e:?}")))?;
    let answer = receive.await.map_err(|_| EngineError::Cancelled)??;
    match answer.0 {
        Reply::Failed(failure) => Err(EngineError::Failed(failure)),
        _ => Ok(answer),
    }
}

/// Ends the worker and whatever it was doing, and frees its memory (a wasm
/// module's memory never shrinks while it lives); the request waiting for it
/// returns `Cancelled`. The next request starts a new worker.
pub fn cancel() {
    if let Some(running) = RUNNING.with(|r| r.borrow_mut().take()) {
        running.worker.terminate();
    }
}

/// Starts the exchange engine ahead of a request (when the user opens the
/// exchange screen), so its code is loaded by the time a file is chosen;
/// an engine already running (a workbook being mapped) is left running.
pub fn warm_up() {
    let _ = start(Engine::Exchange);
}

/// Starts `engine` unless a worker runs; returns what to wait for before it
/// listens (`None` once it does).
fn start(
    engine: Engine,
) -> Result<Option<oneshot::Receiver<Result<(), EngineError>>>, EngineError> {
    let running = RUNNING.with(|r| {
        r.borrow_mut().as_mut().map(|running| {
            (!running.ready).then(|| {
                let (tell, listening) = oneshot::channel();
                running.waiting.push(tell);
                listening
            })
        })
    });
    if let Some(listening) = running {
        return Ok(listening);
    }
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(script(engine), &options)
        .map_err(|e| EngineError::Stopped(format!("{e:?}")))?;
    let on_message = Closure::<dyn FnMut(JsValue)>::new(|event: JsValue| {
        if let Some(event) = event.dyn_ref::<MessageEvent>() {
            heard(event);
        }
    });
    let on_error = Closure::<dyn FnMut(JsValue)>::new(|event: JsValue| {
        let detail = js_sys::Reflect::get(&event, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        stopped(detail);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let (tell, listening) = oneshot::channel();
    RUNNING.with(|r| {
        *r.borrow_mut() = Some(Running {
            engine,
            worker,
            ready: false,
            waiting: vec![tell],
            answer: None,
            progress: None,
            _listeners: [on_message, on_error],
        })
    });
    Ok(Some(listening))
}

/// One message from the worker: it is ready, a progress report, or the answer.
fn heard(event: &MessageEvent) {
    let message = Array::from(&event.data());
    let Some(reply) = message
        .get(0)
        .as_string()
        .and_then(|text| serde_json::from_str::<Reply>(&text).ok())
    else {
        return;
    };
    match reply {
        Reply::Ready => {
            let waiting = RUNNING.with(|r| {
                let mut r = r.borrow_mut();
                let running = r.as_mut()?;
                running.ready = true;
                Some(std::mem::take(&mut running.waiting))
            });
            for tell in waiting.unwrap_or_default() {
                let _ = tell.send(Ok(()));
            }
        }
        Reply::Progress { stage, done, total } => {
            // Called outside the borrow: the callback may render.
            let progress = RUNNING.with(|r| r.borrow().as_ref().and_then(|r| r.progress.clone()));
            if let Some(progress) = progress {
                progress(stage, done, total);
            }
        }
        reply => {
            let answer = RUNNING.with(|r| r.borrow_mut().as_mut().and_then(|r| r.answer.take()));
            if let Some(answer) = answer {
                let _ = answer.send(Ok((reply, message.get(1))));
            }
        }
    }
}

/// The worker failed: the request waiting for it is told, and the worker ended.
fn stopped(detail: String) {
    let running = RUNNING.with(|r| r.borrow_mut().take());
    if let Some(mut running) = running {
        running.worker.terminate();
        for tell in running.waiting.drain(..) {
            let _ = tell.send(Err(EngineError::Stopped(detail.clone())));
        }
        if let Some(answer) = running.answer.take() {
            let _ = answer.send(Err(EngineError::Stopped(detail)));
        }
    }
}
