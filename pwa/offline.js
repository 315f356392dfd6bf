// Offline help on every page: starts the service worker, keeps what is typed on a question
// page while offline, and says in the page's live region what became of answers kept on the
// phone. Every page works without it.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;

  var status = document.querySelector(".offline-status");
  var form = document.querySelector("form[data-keep-offline]");
  var path = location.pathname;
  var NOT_TYPED = ["hidden", "file", "password", "submit", "button"];

  navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).catch(function () {
    // No service worker (a private window, an in-app browser): the pages work as they are.
  });

  function tellWorker(message) {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  // One message at a time, in the page's language, with a link where there is something to do.
  function say(kind, link, linkText) {
    if (!status) return;
    var paragraph = document.createElement("p");
    paragraph.textContent = status.getAttribute("data-" + kind) + " ";
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link;
      anchor.textContent = status.getAttribute("data-" + linkText);
      paragraph.appendChild(anchor);
    }
    status.replaceChildren(paragraph);
  }

  function typedFields() {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && NOT_TYPED.indexOf(field.type) < 0;
    });
  }

  function typed() {
    var values = [];
    typedFields().forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
      values.push([field.name, field.value]);
    });
    return values;
  }

  function fill(values) {
    var used = {};
    typedFields().forEach(function (field) {
      var mine = values.filter(function (pair) { return pair[0] === field.name; })
        .map(function (pair) { return pair[1]; });
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = mine.indexOf(field.value) >= 0;
      } else {
        var index = used[field.name] || 0;
        if (index < mine.length) field.value = mine[index];
        used[field.name] = index + 1;
      }
    });
  }

  if (form) {
    var keep = function () {
      if (!navigator.onLine) tellWorker({ type: "draft", path: path, fields: typed() });
    };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    // Sent (or kept by the worker as a send): no longer typing to keep.
    form.addEventListener("submit", function () { tellWorker({ type: "sent-form", path: path }); });
    window.addEventListener("offline", function () { say("offline"); });
  }

  // An address of this site made from `value`, or null. The browser's own reading decides: it
  // drops tabs and newlines and reads a backslash as "/", so "/" + tab + "/evil.example" or
  // "/" + backslash + "evil.example" would lead to another site.
  function onThisSite(value) {
    if (!value || value.charAt(0) !== "/") return null;
    try {
      var url = new URL(value, location.origin);
      return url.origin === location.origin ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // The page the worker shows after keeping a send: lead back to the question.
  var back = document.querySelector("[data-return]");
  if (back) {
    var from = onThisSite(new URLSearchParams(location.search).get("from"));
    if (from) back.href = from;
    say("kept");
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.kind === "draft" && form) {
      fill(message.fields);
      say("restored");
    } else if (message.kind === "sent") {
      say("sent", message.next, "continue");
    } else if (message.kind === "signed-out") {
      say("signed-out", status && status.getAttribute("data-sign-in-url"), "sign-in");
    } else if (message.kind === "not-accepted") {
      say("not-accepted", message.path, "open");
    }
  });
  navigator.serviceWorker.startMessages();

  window.addEventListener("online", function () { tellWorker({ type: "online" }); });
  // A new version waiting: it takes over while the app is out of sight, never mid-journey.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") return;
    navigator.serviceWorker.getRegistration().then(function (registration) {
      if (registration && registration.waiting) {
        registration.waiting.postMessage({ type: "take-over" });
      }
    });
  });
  tellWorker({ type: "opened", path: path, hasForm: Boolean(form) });
})();
