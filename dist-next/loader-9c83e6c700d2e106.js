import init, * as bindings from './taizhang-bc7a8987dc5d4452.js';
const wasm = await init({ module_or_path: './taizhang-bc7a8987dc5d4452_bg.wasm' });


window.wasmBindings = bindings;


dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
