// When a change made in place fails, say so where the person is looking. A refusal the server explains (422, a
// partial with its reason) is swapped in like any answer (see htmx-config in base.html); anything else leaves the
// page as it was, so this names the problem in the live region at the top of the main content.
(function () {
  var region = document.getElementById("htmx-problem");
  if (!region) return;
  var text = region.querySelector("[data-problem-text]");

  // A page that refreshes itself (a job's progress) polls: its failures are not something the person did.
  function polling(event) {
    var trigger = event.detail.elt && event.detail.elt.getAttribute("hx-trigger");
    return Boolean(trigger && trigger.indexOf("every") !== -1);
  }

  function show(words) {
    text.textContent = words;
    region.hidden = false;
    region.focus();
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (!polling(event)) region.hidden = true;
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || polling(event)) return; // the server's own words were swapped in, or nobody asked
    if (status === 403 || status === 404) {
      show("That change could not be made: your session may have ended, or it is no longer open to you (the server answered " + status + "). Reload the page to see where things stand.");
    } else {
      show("Something went wrong (the server answered " + status + "), and the change may not have been made. Reload the page to see where things stand, then try again.");
    }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    if (!polling(event)) show("The change could not be sent: check your connection, then try again.");
  });
})();
