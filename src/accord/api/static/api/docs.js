// Swagger UI gives its title an h1, each group of operations an h3 and the schemas an h4: tell
// assistive technology the levels they have on the page, with no level skipped (axe's
// heading-order). Loaded from api/docs.html: the CSP allows no inline script.
(function () {
  "use strict";
  var LEVELS = [
    [".swagger-ui h3.opblock-tag", "2"],
    [".swagger-ui section.models > h4", "2"],
    [".swagger-ui .opblock-body h4", "3"],
    [".swagger-ui .opblock-body h5", "4"],
  ];
  function fix() {
    LEVELS.forEach(function (rule) {
      document.querySelectorAll(rule[0]).forEach(function (h) {
        if (h.getAttribute("aria-level") !== rule[1]) h.setAttribute("aria-level", rule[1]);
      });
    });
  }
  new MutationObserver(fix).observe(document.getElementById("swagger-ui"), { childList: true, subtree: true });
})();
