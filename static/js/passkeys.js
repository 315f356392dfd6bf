// Passkeys: the page's form asks the server for options, the phone's authenticator makes or
// uses a passkey (face, fingerprint or screen lock), and the form sends the result. Forms that
// do this carry data-passkey="create" or "get"; without this script they still post, and the
// server explains that a passkey needs a browser that can make one.
(function () {
  "use strict";

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); }).buffer;
  }

  function toText(buffer) {
    var binary = String.fromCharCode.apply(null, new Uint8Array(buffer));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    (options.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return options;
  }

  function requestOptions(options) {
    options.challenge = toBytes(options.challenge);
    (options.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return options;
  }

  function asJSON(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment,
      response: { clientDataJSON: toText(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      json.response.attestationObject = toText(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = toText(response.authenticatorData);
      json.response.signature = toText(response.signature);
      json.response.userHandle = response.userHandle ? toText(response.userHandle) : null;
    }
    return json;
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    var status = form.querySelector("[data-passkey-status]");
    function say(message) {
      if (status) status.textContent = message;
    }
    if (!window.PublicKeyCredential) {
      say(form.getAttribute("data-unsupported"));
      return;
    }
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-ready")) return;
      event.preventDefault();
      var token = form.querySelector("[name=csrf_token]").value;
      fetch(form.getAttribute("data-options"), {
        method: "POST",
        headers: { "X-CSRFToken": token },
        credentials: "same-origin"
      })
        .then(function (reply) { return reply.json(); })
        .then(function (options) {
          return form.getAttribute("data-passkey") === "create"
            ? navigator.credentials.create({ publicKey: creationOptions(options) })
            : navigator.credentials.get({ publicKey: requestOptions(options) });
        })
        .then(function (credential) {
          form.querySelector("[name=credential]").value = JSON.stringify(asJSON(credential));
          form.setAttribute("data-ready", "1");
          form.submit();
        })
        .catch(function () {
          say(form.getAttribute("data-failed"));
        });
    });
  });
})();
