// The service worker: keeps the app usable without a connection. SETTINGS (what to precache,
// where the offline pages are) is written in above this line by the server, app/pwa.py.
//
// - The shell (styles, scripts, font, icons, offline pages) is precached per version.
// - Pages: the network first; after SETTINGS.pageTimeout, or without a network, the copy kept
//   for this account; else the offline page in the user's language.
// - A new version takes over when no page is loading (see "activate").
// - Pages are kept per account (the server's X-Account header) and dropped when the account
//   changes or signs out: one person's pages are never shown to the next.
// - A Continue or Submit that cannot be sent is kept in IndexedDB and sent when the network
//   returns, with a fresh CSRF token and the form's own one-time key, so it acts once.
// - Recordings of questions read aloud ("Listen") are never precached: fetched when first
//   played, then kept, so a question heard once is heard again offline.
// - Nothing personal outlives SETTINGS.keptFor (a week) on the phone: kept pages, typing and
//   sends that wait carry the time they were kept, and older ones are deleted, never used.
"use strict";

const SHELL = "shell-" + SETTINGS.version;
const PAGES = "pages-";
const SYNC_TAG = "send-kept-answers";
const NOT_RESTORED = ["csrf_token", "form_key"];
// The Cache API keeps no time of its own: a kept page carries it in this header.
const KEPT_AT = "X-Kept-At";

// ---- IndexedDB: drafts (typed offline), the queue (sends that failed), and state ----

let connection = null;

function database() {
  connection = connection || new Promise((resolve, reject) => {
    const opening = indexedDB.open("changji-offline", 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore("drafts", { keyPath: "id" });
      opening.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      opening.result.createObjectStore("state");
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  return connection;
}

async function inStore(name, mode, action) {
  const transaction = (await database()).transaction(name, mode);
  const request = action(transaction.objectStore(name));
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
  });
}

const read = (store, key) => inStore(store, "readonly", (s) => s.get(key));
const readAll = (store) => inStore(store, "readonly", (s) => s.getAll());
const write = (store, value, key) => inStore(store, "readwrite", (s) => s.put(value, key));
const forget = (store, key) => inStore(store, "readwrite", (s) => s.delete(key));

async function state() {
  return {
    account: (await read("state", "account")) || "anonymous",
    language: (await read("state", "language")) || SETTINGS.defaultLanguage,
  };
}

const draftId = (account, path) => account + " " + path;

// ---- A week at most: a lost phone shows nothing personal for long ----

// Kept before `at` (ms), or at no known time (kept by an older version): too old to use.
const expired = (at) => !(Number(at) > Date.now() - SETTINGS.keptFor);

async function sweep() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PAGES)) continue;
    const pages = await caches.open(name);
    for (const request of await pages.keys()) {
      const copy = await pages.match(request);
      if (!copy || expired(copy.headers.get(KEPT_AT))) await pages.delete(request);
    }
  }
  for (const store of ["drafts", "queue"]) {
    for (const item of await readAll(store)) {
      if (expired(item.at)) await forget(store, item.id);
    }
  }
}

// Once each time the worker starts (it stops when idle), and when a new version activates.
let swept = null;
const sweepOnce = () => (swept = swept || sweep().catch(() => null));

// ---- Whose pages, and in which language ----

async function dropPages(keep) {
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES) && name !== keep) await caches.delete(name);
  }
}

async function dropDrafts(keepAccount) {
  for (const draft of await readAll("drafts")) {
    if (draft.account !== keepAccount) await forget("drafts", draft.id);
  }
}

// Every page says whose it is and in which language; a change of account drops the pages
// kept for the one before.
async function remember(response) {
  const language = SETTINGS.languages[response.headers.get("Content-Language")];
  if (language) await write("state", language, "language");
  const account = response.headers.get("X-Account");
  if (!account || account === (await state()).account) return;
  await write("state", account, "account");
  await dropPages(PAGES + account);
  // Typing kept for someone else goes too; a session that merely ended keeps its drafts.
  if (account !== "anonymous") await dropDrafts(account);
}

async function keepPage(request, response) {
  const account = response.headers.get("X-Account");
  const type = response.headers.get("Content-Type") || "";
  const control = response.headers.get("Cache-Control") || "";
  if (!response.ok || !account || !type.startsWith("text/html")) return;
  const pages = await caches.open(PAGES + account);
  if (control.includes("no-store")) {
    // Never kept now (it shows a number in full): a copy kept before goes too.
    await pages.delete(request, { ignoreVary: true });
    return;
  }
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT, String(Date.now()));
  const stamped = new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  await pages.put(request, stamped);
}

// Looks without opening: opening would make the account's cache again, empty, if it has just
// been dropped (a page's slow-answer timer running out while its account signs out).
async function keptPage(request) {
  const { account } = await state();
  const cacheName = PAGES + account;
  const copy = await caches.match(request, { cacheName, ignoreVary: true });
  if (copy && expired(copy.headers.get(KEPT_AT))) {
    await (await caches.open(cacheName)).delete(request, { ignoreVary: true });
    return undefined;
  }
  return copy;
}

async function keptCopy(request) {
  const shell = await caches.open(SHELL);
  const offlinePage = new URL(request.url).pathname.startsWith("/offline/");
  return (
    (await keptPage(request)) ||
    (await shell.match(request, { ignoreVary: true, ignoreSearch: offlinePage }))
  );
}

async function offlinePage() {
  const { language } = await state();
  const shell = await caches.open(SHELL);
  return shell.match(SETTINGS.offline[language] || SETTINGS.offline[SETTINGS.defaultLanguage]);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function page(event) {
  event.waitUntil(sweepOnce());
  // The page gets its answer at once; what the worker learns from it is done alongside.
  const fromNetwork = fetch(event.request).then((response) => {
    const copy = response.clone();
    event.waitUntil(
      remember(response).then(() => keepPage(event.request, copy)).catch(() => null),
    );
    return response;
  });
  // A slow answer still updates the kept copy after the kept copy has been shown.
  event.waitUntil(fromNetwork.catch(() => null));
  const whenSlow = pause(SETTINGS.pageTimeout)
    .then(() => keptCopy(event.request))
    .then((copy) => copy || fromNetwork);
  whenSlow.catch(() => null); // its failure is fromNetwork's, handled below
  try {
    return await Promise.race([fromNetwork, whenSlow]);
  } catch (error) {
    return (await keptCopy(event.request)) || offlinePage();
  }
}

async function fromShell(request) {
  const shell = await caches.open(SHELL);
  const saved = await shell.match(request);
  if (saved) return saved;
  const response = await fetch(request);
  // Only versioned files: their content never changes under the same address.
  if (response.ok && new URL(request.url).searchParams.has("v")) {
    await shell.put(request, response.clone());
  }
  return response;
}

// ---- Recordings ("Listen") ----

// Their address names what they say, so a kept one never goes stale; nothing in them is
// personal, so they outlive accounts. A player asks for a range of bytes: the whole file (a
// few kilobytes) is fetched without one, kept, and answered whole, which players accept.
const RECORDINGS = "recordings";

async function recording(request) {
  const kept = await caches.open(RECORDINGS);
  const saved = await kept.match(request.url);
  if (saved) return saved;
  const response = await fetch(request.url, { credentials: "omit" });
  if (response.ok) await kept.put(request.url, response.clone());
  return response;
}

// ---- Sends kept on the phone ----

async function askForSync() {
  try {
    await self.registration.sync.register(SYNC_TAG);
  } catch (error) {
    // No Background Sync here: the page sends on `online` and on the next load instead.
  }
}

async function sendOrKeep(event) {
  const request = event.request;
  const copy = request.clone();
  try {
    const response = await fetch(request);
    event.waitUntil(remember(response).catch(() => null));
    return response;
  } catch (error) {
    const { account, language } = await state();
    const form = await copy.formData();
    await write("queue", {
      url: request.url,
      account,
      at: Date.now(),
      entries: Array.from(form.entries()),
      status: "waiting",
    });
    await askForSync();
    const from = new URL(request.url).pathname;
    const kept = SETTINGS.kept[language] || SETTINGS.kept[SETTINGS.defaultLanguage];
    return Response.redirect(kept + "?from=" + encodeURIComponent(from), 303);
  }
}

async function tell(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage(message);
  }
}

function rebuilt(entries, token) {
  const body = new FormData();
  for (const [name, value] of entries) {
    if (name === "csrf_token") body.append(name, token);
    else if (value instanceof File) body.append(name, value, value.name);
    else body.append(name, value);
  }
  return body;
}

// Sends what is waiting, oldest first. Throws while there is no network, so that Background
// Sync tries again; a send that is refused is kept and explained, never dropped (it goes only
// when it is a week old, or at sign-out on this phone).
async function sendKept() {
  const waiting = (await readAll("queue")).filter(
    (item) => item.status === "waiting" && !expired(item.at),
  );
  if (!waiting.length) return;
  const answer = await fetch(SETTINGS.formToken, { cache: "no-store" });
  const { token, account } = await answer.json();
  for (const item of waiting) {
    const path = new URL(item.url).pathname;
    if (item.account !== account) {
      // Only the account that typed it may send it; signed out, it waits for that account.
      if (account === "anonymous") await tell({ kind: "signed-out", path });
      continue;
    }
    const response = await fetch(item.url, { method: "POST", body: rebuilt(item.entries, token) });
    const arrived = new URL(response.url);
    if (response.status >= 500) throw new Error("The server could not take it now.");
    if (response.redirected && arrived.pathname === SETTINGS.signIn) {
      await tell({ kind: "signed-out", path });
    } else if (response.redirected) {
      await forget("queue", item.id);
      await tell({ kind: "sent", path, next: arrived.pathname + arrived.search });
    } else {
      // The page came back instead of the next one: the answer needs another look.
      await write("queue", { ...item, status: "not-accepted" });
      await tell({ kind: "not-accepted", path });
    }
  }
}

// Sends run one at a time. A call while one runs asks for one more after it: the running one
// may have begun just before the network came back, and would fail with what waits unsent.
let running = Promise.resolve();
let next = null;

function flush() {
  if (!next) {
    next = running.catch(() => null).then(() => {
      next = null;
      return sendKept();
    });
    running = next;
  }
  return next;
}

// A page opened: the typing kept for it goes back into its form (with any kept send that was
// not accepted, which becomes typing again); then whatever waits is sent if it can be.
async function opened(client, path, hasForm) {
  await sweepOnce();
  const { account } = await state();
  const id = draftId(account, path);
  if (hasForm) {
    const refused = (await readAll("queue")).find(
      (item) => item.account === account && item.status !== "waiting" &&
        new URL(item.url).pathname === path && !expired(item.at),
    );
    if (refused) {
      const fields = refused.entries.filter(
        ([name, value]) => typeof value === "string" && !NOT_RESTORED.includes(name),
      );
      await write("drafts", { id, account, at: Date.now(), fields });
      await forget("queue", refused.id);
    }
    const draft = await read("drafts", id);
    if (draft && expired(draft.at)) await forget("drafts", id);
    else if (draft) client.postMessage({ kind: "draft", fields: draft.fields });
  }
  await flush().catch(() => null);
}

// Signed out on this phone: nothing of the account stays on it, not even what waits to be sent.
async function signOut(request) {
  // Send what waits while the session that may send it still exists.
  await flush().catch(() => null);
  // Anonymous first: whatever runs meanwhile no longer looks in the account's pages.
  await write("state", "anonymous", "account");
  await dropPages(null);
  await dropDrafts(null);
  await inStore("queue", "readwrite", (queue) => queue.clear());
  try {
    return await fetch(request);
  } catch (error) {
    return offlinePage();
  }
}

// ---- Events ----

// The shell is fetched without cookies: it is the same for everyone, and a response that set
// the session cookie could land after the person's own request and undo what it saved.
self.addEventListener("install", (event) => {
  const anonymous = SETTINGS.shell.map((url) => new Request(url, { credentials: "omit" }));
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(anonymous)));
});

// A new version waits until no page uses the old one, or until the page is hidden (the
// person left the app: offline.js asks it then), never while a page is loading, which would cut
// that load off. Drafts and the queue outlive versions; old pages' files keep their addresses.
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("shell-") && name !== SHELL) await caches.delete(name);
    }
    await sweepOnce();
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "GET") {
    if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/pwa/")) {
      event.respondWith(fromShell(request));
    } else if (url.pathname.startsWith(SETTINGS.recordings)) {
      event.respondWith(recording(request));
    } else if (request.mode === "navigate") {
      event.respondWith(page(event));
    }
  } else if (request.method === "POST" && request.mode === "navigate") {
    if (SETTINGS.signOut.includes(url.pathname)) {
      event.respondWith(signOut(request));
    } else if (SETTINGS.keptWhenOffline.some((prefix) => url.pathname.startsWith(prefix))) {
      event.respondWith(sendOrKeep(event));
    }
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(flush());
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "opened") {
    event.waitUntil(opened(event.source, message.path, message.hasForm));
  } else if (message.type === "draft") {
    event.waitUntil(state().then((now) => write("drafts", {
      id: draftId(now.account, message.path),
      account: now.account,
      at: Date.now(),
      fields: message.fields,
    })));
  } else if (message.type === "sent-form") {
    event.waitUntil(state().then((now) => forget("drafts", draftId(now.account, message.path))));
  } else if (message.type === "take-over") {
    self.skipWaiting();
  } else if (message.type === "online") {
    event.waitUntil(flush().catch(() => null));
  }
});
