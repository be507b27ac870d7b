// GOV.UK Frontend's components, started from a file rather than inline so the Content-Security-Policy allows no inline script.
import { initAll } from "../../vendor/govuk/govuk-frontend.min.js";

initAll();
