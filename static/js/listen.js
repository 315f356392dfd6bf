// "Listen" in a language the phone reads aloud itself (Chinese): the Web Speech API, with the
// phone's own voice for the page's language. Without such a voice the control says so, in the
// status line, rather than read Chinese with an English voice. Texts come from the page.
(function () {
  "use strict";
  var control = document.querySelector("[data-listen]");
  var speech = window.speechSynthesis;
  if (!control) return;
  var button = control.querySelector("button");
  var status = control.querySelector("[role=status]");
  // "zh-Hans" is read by a "zh-CN" or "cmn-Hans-CN" voice: the first part decides.
  var wanted = control.getAttribute("data-lang").split("-")[0].toLowerCase();
  var same = wanted === "zh" ? ["zh", "cmn"] : [wanted];

  function voiceFor() {
    var all = speech ? speech.getVoices() : [];
    return all.find(function (voice) {
      return same.indexOf(voice.lang.replace("_", "-").split("-")[0].toLowerCase()) >= 0;
    }) || null;
  }

  // Some browsers list their voices only a moment after the page loads.
  function findVoice() {
    return new Promise(function (resolve) {
      var found = voiceFor();
      if (found || !speech) return resolve(found);
      var done = function () { resolve(voiceFor()); };
      speech.addEventListener("voiceschanged", done, { once: true });
      setTimeout(done, 1500);
    });
  }

  function say(message) {
    status.textContent = message;
  }

  button.addEventListener("click", function () {
    if (speech && (speech.speaking || speech.pending)) {
      speech.cancel();
      say("");
      return;
    }
    findVoice().then(function (voice) {
      if (!voice) {
        say(control.getAttribute("data-no-voice"));
        return;
      }
      var utterance = new SpeechSynthesisUtterance(control.getAttribute("data-text"));
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      utterance.onend = function () { say(""); };
      say(control.getAttribute("data-speaking"));
      speech.speak(utterance);
    });
  });
  control.hidden = false;
})();
