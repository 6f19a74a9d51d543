// Live preview of the facts in a complaint while it is typed: the text is sent to
// /api/extract (with the session's CSRF token) and shown with each fact highlighted.
// Everything is built with text nodes, never innerHTML, so nothing typed can run.
(function () {
  "use strict";
  var text = document.getElementById("text");
  var preview = document.getElementById("preview");
  var list = document.getElementById("preview-facts");
  var hint = document.getElementById("preview-hint");
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!text || !preview || !meta) { return; }
  var classes = {identifier: "f-id", money: "f-money", date: "f-date", month: "f-date",
    period: "f-date", region: "f-place", place: "f-place", article: "f-law", measure: "f-law",
    penalty: "f-law", behaviour: "f-act", offence: "f-act", scheme: "f-act",
    relationship: "f-act", harm: "f-act", age: "f-age", count: "f-money"};
  var timer = null;
  var seq = 0;

  function describe(value) {
    if (value === null || typeof value !== "object") { return String(value); }
    var parts = [];
    Object.keys(value).forEach(function (k) {
      if (value[k] !== null && k !== "valid") { parts.push(k + ": " + value[k]); }
    });
    return parts.join(", ");
  }

  function render(source, facts) {
    preview.textContent = "";
    list.textContent = "";
    var spans = facts.filter(function (f) {
      return f.kind !== "language" && f.start < f.end && f.end <= source.length;
    }).sort(function (a, b) { return a.start - b.start || (b.end - b.start) - (a.end - a.start); });
    var pos = 0;
    spans.forEach(function (f) {
      if (f.start < pos) { return; }
      if (f.start > pos) { preview.appendChild(document.createTextNode(source.slice(pos, f.start))); }
      var mark = document.createElement("mark");
      mark.className = classes[f.kind] || "f-other";
      mark.title = f.kind + " · " + f.rule;
      mark.dataset.kind = f.kind;
      mark.textContent = source.slice(f.start, f.end);
      preview.appendChild(mark);
      pos = f.end;
    });
    if (pos < source.length) { preview.appendChild(document.createTextNode(source.slice(pos))); }
    facts.forEach(function (f) {
      if (f.kind === "language") { return; }
      var li = document.createElement("li");
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = f.kind;
      li.appendChild(tag);
      li.appendChild(document.createTextNode(" " + describe(f.value)));
      list.appendChild(li);
    });
    if (hint) { hint.hidden = facts.length > 0; }
  }

  function update() {
    var source = text.value;
    var mine = ++seq;
    if (!source.trim()) { render("", []); return; }
    fetch("/api/extract", {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": meta.content},
      body: JSON.stringify({text: source, id: "preview"})
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (data && mine === seq) { render(source, data.facts || []); }
    }).catch(function () { /* the preview is a help only */ });
  }

  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 350);
  });
  update();
}());
