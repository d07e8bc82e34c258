// attt: small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // Forms marked data-confirm ask before submitting (offboarding, suspension…).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
});
