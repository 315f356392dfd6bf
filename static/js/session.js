// Staff sessions end after a while without a request, and after 12 hours in all. This opens
// the page's dialog before either happens, so that nobody loses what they typed:
// - someone who typed or clicked since the last request is still there: the session is kept
//   going quietly;
// - otherwise the dialog asks, and "Stay signed in" keeps the session going;
// - if the session ended anyway, the dialog says what to do, and once the person has signed in
//   again in another tab, the page's forms get the new session's token, so what they typed here
//   can still be sent.
(function () {
  "use strict";

  var dialog = document.querySelector("[data-session-warning]");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var status = document.querySelector("[data-session-status]");
  var seconds = function (name) { return Number(dialog.getAttribute("data-" + name)) * 1000; };
  var warnBefore = seconds("warn-before");
  var totalWarnBefore = seconds("total-warn-before");
  var lastContact = Date.now();
  var lastActivity = 0;
  var idleEnd = lastContact + seconds("idle-left");
  var totalEnd = lastContact + seconds("total-left");
  var timers = [];
  var ended = false;
  var returnFocus = null;

  function token() {
    var field = document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  function show(state) {
    dialog.querySelectorAll("[data-state]").forEach(function (part) {
      part.hidden = part.getAttribute("data-state") !== state;
    });
    dialog.setAttribute("aria-labelledby", "session-" + state + "-title");
    dialog.setAttribute("aria-describedby", "session-" + state + "-text");
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
    }
    var first = dialog.querySelector("[data-state='" + state + "'] button");
    if (first) first.focus();
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  // However it closes (a button, or Escape), focus goes back where the person was.
  dialog.addEventListener("close", function () {
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
    returnFocus = null;
  });

  function schedule() {
    timers.forEach(clearTimeout);
    var now = Date.now();
    timers = [
      setTimeout(beforeIdleEnd, Math.max(0, idleEnd - warnBefore - now)),
      setTimeout(endedNow, Math.max(0, Math.min(idleEnd, totalEnd) - now)),
    ];
    if (totalEnd - totalWarnBefore > now) {
      timers.push(setTimeout(function () { show("total"); }, totalEnd - totalWarnBefore - now));
    }
  }

  function stay() {
    return fetch(dialog.getAttribute("data-stay-url"), {
      method: "POST",
      headers: { "X-CSRFToken": token() },
      credentials: "same-origin"
    }).then(function (reply) {
      if (!reply.ok) throw new Error("The session could not be kept going.");
      return reply.json();
    }).then(function (timing) {
      lastContact = Date.now();
      idleEnd = lastContact + timing.idleLeft * 1000;
      totalEnd = lastContact + timing.totalLeft * 1000;
      schedule();
      // When the server last said the session goes on (tests wait for it to change).
      dialog.setAttribute("data-last-contact", String(lastContact));
    });
  }

  function beforeIdleEnd() {
    if (ended) return;
    if (lastActivity > lastContact) {
      stay().catch(function () { show("idle"); });
    } else {
      show("idle");
    }
  }

  function endedNow() {
    ended = true;
    show("ended");
  }

  // Back from signing in again in another tab: this page's forms take the new session's token.
  function refreshToken() {
    if (!ended) return;
    fetch(dialog.getAttribute("data-token-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (reply) { return reply.json(); })
      .then(function (answer) {
        if (answer.account === "anonymous") return;
        document.querySelectorAll("input[name=csrf_token]").forEach(function (field) {
          field.value = answer.token;
        });
        ended = false;
        close();
        if (status) status.textContent = dialog.getAttribute("data-signed-in-again");
        stay().catch(function () { return null; });
      })
      .catch(function () { return null; });
  }

  ["keydown", "pointerdown", "input"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      if (!dialog.contains(event.target)) lastActivity = Date.now();
    }, true);
  });
  dialog.querySelector("[data-session-stay]").addEventListener("click", function () {
    stay().then(close, endedNow);
  });
  dialog.querySelectorAll("[data-session-close]").forEach(function (button) {
    button.addEventListener("click", close);
  });
  window.addEventListener("focus", refreshToken);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refreshToken();
  });
  schedule();
})();
