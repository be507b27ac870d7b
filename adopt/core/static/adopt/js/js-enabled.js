// Runs first in <body>, as GOV.UK Frontend asks, so that styles for scripted components apply before paint.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
