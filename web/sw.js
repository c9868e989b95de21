// sw.js: the service worker that lets Medcode open without a network. Network first, so a rebuilt app is always
// picked up when online; the cached copy answers only when the network does not (a laptop offline). Patient data
// never passes through here: it lives in IndexedDB and never leaves the browser.
'use strict';

const CACHE = 'medcode-app-v1';
const APP_FILES = ['./', 'index.html', 'shell.js', 'style.css', 'medcode.js', 'medcode.wasm', 'favicon.svg',
  'codesets.pack'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(APP_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error())));
});
