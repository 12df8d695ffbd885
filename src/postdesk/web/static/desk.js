/* postdesk pages: keyboard shortcuts, copy buttons, inline checks, live lookups,
   and restoring typed values after a login or an expired form. Plain JavaScript,
   no dependencies; every page also works without it (forms post and the server
   renders). Background posts carry the page's CSRF token as X-CSRF-Token. */
(function () {
  "use strict";
  var RESTORE_KEY = "postdesk-restore";

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  /* Messages come from the page (the server's catalogue), in the page's language. */
  function message(name) { return document.body.getAttribute("data-msg-" + name) || ""; }
  /* The token of this page (postdesk.web.csrf): the form's own field, else the page's. */
  function csrfToken(form) {
    var field = form && form.querySelector("input[name=_csrf]");
    var meta = $("meta[name=csrf-token]");
    return field ? field.value : meta ? meta.getAttribute("content") : "";
  }

  function toast(text) {
    var box = document.createElement("div");
    box.className = "toast";
    box.setAttribute("role", "status");
    box.textContent = text;
    document.body.appendChild(box);
    setTimeout(function () { box.remove(); }, 1600);
  }

  /* Copy: data-copy holds one or more selectors; their text is joined by blank lines. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var parts = button.getAttribute("data-copy").split(",").map(function (sel) {
      var node = $(sel.trim());
      return node ? node.innerText.trim() : "";
    }).filter(Boolean);
    copyText(parts.join("\n\n")).then(function () {
      toast(message("copied"));
    });
  });

  /* Keys: the numbered choices (two digits when a step has more than nine: "1" "0" picks
     10, Enter or a short pause picks what was typed), Enter the main action, C copy,
     R run the check, Backspace takes back the last answer. Only when the focus is not
     in a text field, so typing is never taken over. */
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  var DIGIT_PAUSE_MS = 900;
  var pendingDigits = "";
  var pendingTimer = null;
  function choiceCount() {
    var walk = $("#walk");
    return walk ? Number(walk.getAttribute("data-choices") || "0") : 0;
  }
  function showPending() {
    var box = $("#pending-digits");
    if (!box) {
      box = document.createElement("div");
      box.id = "pending-digits";
      box.className = "toast";
      box.setAttribute("role", "status");
      box.setAttribute("data-testid", "pending-digits");
      document.body.appendChild(box);
    }
    box.textContent = pendingDigits;
    box.hidden = pendingDigits === "";
  }
  function clearPending() {
    clearTimeout(pendingTimer);
    pendingDigits = "";
    showPending();
  }
  function pressChoice(number) {
    clearPending();
    var button = $('[data-key="' + number + '"]:not([disabled])');
    if (button) { button.focus(); button.click(); }
  }
  function typedDigit(digit) {
    var count = choiceCount();
    var typed = pendingDigits + digit;
    if (count <= 9 || typed.length === 2) {
      if (Number(typed) >= 1 && Number(typed) <= count) { pressChoice(typed); } else { clearPending(); }
      return;
    }
    if (digit === "0") { return; }
    // Could this digit start a two-digit choice? Then wait for the second (or Enter, or a pause).
    if (Number(digit) * 10 <= count) {
      pendingDigits = typed;
      showPending();
      clearTimeout(pendingTimer);
      pendingTimer = setTimeout(function () { pressChoice(pendingDigits); }, DIGIT_PAUSE_MS);
    } else {
      pressChoice(digit);
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = event.target.form || (event.target.closest && event.target.closest("form"));
      if (form) {
        event.preventDefault();
        var submitter = $("button.primary[type=submit], button.primary:not([type])", form);
        if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var target = null;
    if (/^[0-9]$/.test(event.key) && $("#walk .choice")) {
      event.preventDefault();
      typedDigit(event.key);
      return;
    }
    if (/^[1-9]$/.test(event.key)) {  // other pages' numbered buttons (triage's suggestions)
      target = $('[data-key="' + event.key + '"]:not([disabled])');
    } else if (event.key === "Enter" && pendingDigits) {
      event.preventDefault();
      pressChoice(pendingDigits);
      return;
    } else if (event.key === "Backspace") {
      if (pendingDigits) { event.preventDefault(); clearPending(); return; }
      target = $("[data-undo]");
    } else if (event.key === "Enter" && (event.target === document.body || event.target.hasAttribute("data-copy") || !event.target.closest("button, a"))) {
      // After C the copy button may hold the focus: Enter still goes on, it does not copy again.
      target = $('[data-key="Enter"]:not([disabled])');
    } else if (event.key === "c" || event.key === "C") {
      var copy = $('[data-testid="copy-say"]');
      if (copy) { event.preventDefault(); copy.click(); }
      return;
    } else if (event.key === "r" || event.key === "R") {
      target = $('[data-testid="run-check"]');
    }
    if (target) {
      event.preventDefault();
      target.focus();
      target.click();
    }
  });

  /* Each new step: the focus on what the agent does next, so no click or Tab is needed:
     a field in error, else the first field, else the suggested (or first) choice, else
     the main action. */
  function focusStep() {
    var walk = $("#walk");
    if (!walk || walk.contains(document.activeElement) && document.activeElement !== walk) { return; }
    var first = $(".field.has-error input, .field.has-error textarea, .field.has-error select", walk) ||
      $("form.fields input:not([type=hidden]), form.fields textarea, form.fields select", walk) ||
      $(".choice.suggested", walk) || $(".choice", walk) ||
      $('[data-key="Enter"]:not([disabled])', walk);
    if (first) { first.focus(); }
  }

  /* Forms with data-fragment post in the background and put the answer into the target. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var max = form.getAttribute("data-max-upload");
    if (max) {
      var file = $("input[type=file]", form);
      if (file && file.files.length && file.files[0].size > Number(max)) {
        event.preventDefault();
        var warn = $(".upload-too-large", form);
        if (warn) { warn.hidden = false; }
        return;
      }
    }
    var into = form.getAttribute("data-fragment");
    if (!into) { return; }
    event.preventDefault();
    var output = $(into);
    var button = $("button[type=submit]", form);
    if (button) { button.disabled = true; }
    output.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Fragment": "1", "X-CSRF-Token": csrfToken(form) },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 401) { form.removeAttribute("data-fragment"); form.submit(); return null; }
      return response.text();
    }).then(function (html) {
      if (html === null) { return; }
      output.innerHTML = html;
      markSuggested(output);
      applyMeasures(output);
    }).catch(function () {
      output.textContent = message("failed");
    }).finally(function () {
      output.removeAttribute("aria-busy");
      if (button) { button.disabled = false; }
    });
  });

  /* A check result that points to an outcome highlights that choice button. */
  /* Bar widths and heat-map shades come as data attributes: the Content-Security-Policy
     allows no style attribute written by the server, only the package's own CSS and JS. */
  function applyMeasures(root) {
    $all("[data-width]", root).forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.getAttribute("data-width")) || 0)) + "%";
    });
    $all("[data-shade]", root).forEach(function (cell) {
      cell.style.setProperty("--shade", String(Number(cell.getAttribute("data-shade")) || 0));
    });
  }

  function markSuggested(root) {
    // A new check result replaces the marks of the last one; the desk's own suggestions
    // (a pasted code, an open incident) stay, since the server marked them.
    $all(".choice[data-check-suggested]").forEach(function (b) {
      b.classList.remove("suggested");
      b.removeAttribute("data-check-suggested");
    });
    $all("[data-suggest]", root).forEach(function (node) {
      var choice = $('.choice[value="' + node.getAttribute("data-suggest") + '"]');
      if (choice && !choice.classList.contains("suggested")) {
        choice.classList.add("suggested");
        choice.setAttribute("data-check-suggested", "");
      }
    });
  }

  /* Customer lookup while the domain is typed (after a short pause). */
  function wireLookup(input) {
    var timer = null;
    var last = input.value;
    function run() {
      if (input.value === last) { return; }
      last = input.value;
      fetch(input.getAttribute("data-lookup") + "?domain=" + encodeURIComponent(input.value.trim()), {
        credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
        var card = $("#customer-card");
        if (html && card) { card.outerHTML = html; }
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 350); });
    input.addEventListener("change", run);
  }

  /* Known fault: while the agent types the complaint, ask (after a pause) whether it is an
     open incident's symptom; the answer is the notice fragment, or an empty one. */
  function wireKnownFault(area) {
    var timer = null;
    var last = null;
    function run() {
      var text = area.value.trim();
      if (text === last) { return; }
      last = text;
      var body = new FormData();
      body.append("complaint", text);
      fetch(area.getAttribute("data-known-fault"), {
        method: "POST",
        body: body,
        headers: { "X-Fragment": "1", "X-CSRF-Token": csrfToken(area.form) },
        credentials: "same-origin"
      }).then(function (r) {
        // 503/422: the fragment says why the complaint was not read (busy, too slow).
        return r.ok || r.status === 503 || r.status === 422 ? r.text() : null;
      }).then(function (html) {
        var box = $("#known-fault");
        if (html !== null && box) { box.outerHTML = html; }
      }).catch(function () { /* the notice is a help; the form works without it */ });
    }
    area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 500); });
    if (area.value.trim()) { run(); }
  }

  /* Playbook list: filter as the agent types. */
  function wireFilter(input) {
    var list = $(input.getAttribute("data-filter-list"));
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      $all("li[data-search]", list).forEach(function (item) {
        item.hidden = needle !== "" && item.getAttribute("data-search").indexOf(needle) === -1;
      });
    });
  }

  /* After a login that interrupted a form: keep the typed values for this tab, go back. */
  function resumeAfterLogin() {
    var data = $("#resume-data");
    if (!data) { return false; }
    try { sessionStorage.setItem(RESTORE_KEY, data.textContent); } catch (e) { /* private mode */ }
    location.replace($("#resume-link").getAttribute("href"));
    return true;
  }

  /* A form that expired: keep the typed values for this tab; the reload link fills them in. */
  function keepForReload() {
    var data = $("#keep-data");
    if (!data) { return; }
    try { sessionStorage.setItem(RESTORE_KEY, data.textContent); } catch (e) { /* private mode */ }
  }

  function restoreTyped() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(RESTORE_KEY) || "null"); } catch (e) { saved = null; }
    if (!saved || saved.page !== location.pathname) { return; }
    sessionStorage.removeItem(RESTORE_KEY);
    var restored = false;
    saved.values.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      if (name === "step" || name === "_page") { return; }
      $all("form[data-keep] [name]").forEach(function (field) {
        if (field.name !== name) { return; }
        if (field.tagName === "BUTTON") {
          if (field.value === value) { field.classList.add("restored"); field.focus(); restored = true; }
        } else if (field.type !== "hidden" && field.type !== "file" && field.type !== "password") {
          field.value = value;
          restored = true;
        }
      });
    });
    if (restored) {
      var note = document.createElement("p");
      note.className = "notice info";
      note.setAttribute("role", "status");
      note.setAttribute("data-testid", "restored");
      note.textContent = message("restored");
      var main = $("main");
      main.insertBefore(note, main.firstChild);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (resumeAfterLogin()) { return; }
    keepForReload();
    restoreTyped();
    $all("input[data-lookup]").forEach(wireLookup);
    $all("textarea[data-known-fault]").forEach(wireKnownFault);
    $all("input[data-filter-list]").forEach(wireFilter);
    markSuggested(document);
    applyMeasures(document);
    focusStep();
  });
  // Arriving at "#walk" the browser may move the focus back to the page once it has
  // scrolled there; set it again when everything has loaded.
  window.addEventListener("load", focusStep);
})();
