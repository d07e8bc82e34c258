// attt: small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // Forms marked data-confirm ask before submitting (offboarding, suspension…).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
  // Secrets shown once (activation links, API tokens) are selected whole on
  // focus, ready to copy.
  document.querySelectorAll("input.secret").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
});
