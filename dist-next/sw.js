// Taizhang's service worker. scripts/post-build.mjs writes it as dist/sw.js with
// the build's name and files. It keeps one whole build per cache, so the page
// opens with no network after one visit, and a page is always served from one
// build: a new build is downloaded completely (or not at all) before it is used,
// and it is used once the page asks for it or every old tab is closed.
const BUILD = "07ea076f3020";
const FILES = ["./engine.js","./engine_bg.wasm","./engine_loader.js","./favicon.svg","./index.html","./loader-9c83e6c700d2e106.js","./main-6fbfbdfbbc62263d.css","./manifest.webmanifest","./sheets.js","./sheets_bg.wasm","./sheets_loader.js","./taizhang-bc7a8987dc5d4452.js","./taizhang-bc7a8987dc5d4452_bg.wasm"];
const CACHE = `taizhang-${BUILD}`;
const SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener('install', (event) => {
  // addAll stores every file or none; 'reload' skips the HTTP cache, which may hold older files.
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' }))))
    .catch(async (error) => { await caches.delete(CACHE); throw error; }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names
    .filter((name) => name.startsWith('taizhang-') && name !== CACHE)
    .map((name) => caches.delete(name)))));
});

// The page asks for the waiting build when the user chooses to update.
self.addEventListener('message', (event) => {
  if (event.data === 'use-new-build') self.skipWaiting();
});

async function fromBuild(request, key) {
  const cache = await caches.open(CACHE);
  return (await cache.match(key ?? request, { ignoreSearch: true })) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Only the app's page itself; other pages under the same path go to the network.
    if (url.pathname === SCOPE || url.pathname === `${SCOPE}index.html`) {
      event.respondWith(fromBuild(request, './index.html'));
    }
    return;
  }
  event.respondWith(fromBuild(request));
});
