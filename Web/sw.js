// Keeps the answer page available without network: the page and its files are stored when first
// loaded; later loads use the network when there is one (so updates arrive) and the stored copy
// when there is none. Answers never pass through here (they go over the WebSocket).
'use strict';

var CACHE = 'survey-page-v4';
// Every module the page imports must be here, or the page cannot start offline.
var FILES = ['./', 'index.html', 'app.js', 'survey-logic.js', 'style.css', 'favicon.svg',
  'shared/dom.js', 'shared/link.js', 'shared/socket.js',
  'page/checks.js', 'page/followups.js', 'page/form.js', 'page/list.js', 'page/messages.js',
  'page/outbox.js', 'page/questions.js', 'page/receipt.js', 'page/rules.js', 'page/sections.js',
  'page/socket.js', 'page/state.js', 'page/steps.js', 'page/storage.js'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var url = new URL(event.request.url);
  // Only the page's own files; never the admin API, the WebSocket or anything else.
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) return;
  var name = url.pathname.replace(/^\//, '') || 'index.html';
  // The other pages (projector, unit) share the scope but are not kept: they go to the network.
  if (FILES.indexOf(name) < 0) return;
  event.respondWith(fetch(event.request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(name, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(name);
  }));
});
