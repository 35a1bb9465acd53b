// Accord's own small script, loaded from base.html. The CSP allows same-origin files only: no
// inline script, no eval. Everything here is an improvement; pages work without it.
(function () {
  "use strict";

  // A refused form shows an error summary (core/partials/error_summary.html): move focus to it,
  // so the person sees and hears what went wrong however far down the page the form is.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary && !summary.contains(document.activeElement)) summary.focus();
  }

  // A table wider than the screen scrolls inside its wrapper; a wrapper that scrolls takes
  // keyboard focus so it can be scrolled without a mouse, and gives it back when it fits.
  function reachableScrollers(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    });
  }

  // A link in the summary puts the cursor in its field, with the field's label in view (a
  // group of checkboxes has no single input: its first one, under its legend).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    var input = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    if (!input) return;
    event.preventDefault();
    var fieldset = input.closest("fieldset");
    var label = fieldset ? fieldset.querySelector("legend") : document.querySelector("label[for='" + CSS.escape(input.id) + "']");
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () {
    reachableScrollers(document);
    focusErrorSummary(document);
  });
  // Content htmx swaps in (a form sent again with its errors, a side panel).
  document.addEventListener("htmx:load", function (event) {
    if (event.target === document.body) return;
    reachableScrollers(event.target);
    focusErrorSummary(event.target);
  });
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { reachableScrollers(document); }, 150);
  });
})();
