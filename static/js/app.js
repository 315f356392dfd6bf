// Small enhancements; every page works without them.
(function () {
  "use strict";

  // The error summary takes focus, so that a screen reader reads the problems first.
  // `autofocus` does this in most browsers; this covers the rest.
  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }

  // Character counts: the messages come from the page, already in the user's language.
  var plural = new Intl.PluralRules(document.documentElement.lang);
  function message(element, kind, count) {
    var form = plural.select(count) === "one" ? "one" : "other";
    return element.getAttribute("data-" + kind + "-" + form).replace("%(num)s", String(count));
  }

  document.querySelectorAll("[data-character-count]").forEach(function (group) {
    var limit = Number(group.getAttribute("data-character-count"));
    var textarea = group.querySelector("textarea");
    var status = group.querySelector(".character-count");
    if (!textarea || !status) return;
    var timer = null;
    function update() {
      var left = limit - Array.from(textarea.value).length;
      status.textContent = left >= 0
        ? message(status, "remaining", left)
        : message(status, "over", -left);
      status.classList.toggle("over", left < 0);
    }
    // Announce after a pause in typing, not at every key, so a screen reader is not flooded.
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 800);
    });
    update();
    // Live only from now on: the first count is read with the field, not announced on load.
    status.setAttribute("aria-live", "polite");
  });

  // File inputs: say which files were chosen, in words, where a screen reader hears it.
  document.querySelectorAll("input[type=file][data-chosen-one]").forEach(function (input) {
    var status = document.createElement("p");
    status.className = "file-status";
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", status);
    input.addEventListener("change", function () {
      var names = Array.from(input.files).map(function (file) { return file.name; });
      var template = names.length === 1
        ? input.getAttribute("data-chosen-one")
        : input.getAttribute("data-chosen-many");
      status.textContent = names.length
        ? template.replace("%(name)s", names.join(", ")).replace("%(num)s", String(names.length))
        : "";
    });
  });
})();
