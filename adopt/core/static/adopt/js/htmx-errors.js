// When a change made in place fails, say so where the person is looking. A refusal the server explains (400,
// 422) is swapped in like any answer (see htmx-config in base.html); anything else leaves the page as it was, so
// this names the problem in the live region at the top of the main content.
(function () {
  var region = document.getElementById("htmx-problem");
  if (!region) return;
  var text = region.querySelector("[data-problem-text]");

  function show(words) {
    text.textContent = words;
    region.hidden = false;
    region.focus();
  }

  document.body.addEventListener("htmx:beforeRequest", function () {
    region.hidden = true;
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 422) return; // the server's own words were swapped in
    if (status === 403 || status === 404) {
      show("That change is not open to you any more (the server answered " + status + "). Reload the page to see where things stand.");
    } else {
      show("Something went wrong on our side (the server answered " + status + "): nothing was changed. Try again in a moment.");
    }
  });
  document.body.addEventListener("htmx:sendError", function () {
    show("The change could not be sent: check your connection, then try again.");
  });
})();
