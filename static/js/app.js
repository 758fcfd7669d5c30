/* Behaviour that would otherwise be inline script or style attributes, which the site's
   Content-Security-Policy refuses (script-src 'self', style-src 'self'). Loaded after htmx. */
(function () {
  "use strict";

  // <select data-submit-on-change>: choosing an option sends its form. The form keeps its
  // submit button, so it works without JavaScript too.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-submit-on-change]") && field.form) {
      if (field.form.requestSubmit) {
        field.form.requestSubmit();
      } else {
        field.form.submit();
      }
    }
  });

  // Progress bars take their width from aria-valuenow. Set through the CSSOM, which the policy
  // allows, on the first page and on every fragment htmx swaps in (the polling panels).
  function sizeProgressBars(root) {
    root.querySelectorAll(".progress[aria-valuenow] > span").forEach(function (bar) {
      var percent = parseFloat(bar.parentElement.getAttribute("aria-valuenow"));
      bar.style.width = (isFinite(percent) ? Math.min(Math.max(percent, 0), 100) : 0) + "%";
    });
  }

  if (window.htmx) {
    window.htmx.onLoad(function (element) {
      sizeProgressBars(element.parentElement || element);
    });
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      sizeProgressBars(document);
    });
  }
})();
