"""The award's letters as PDFs, drawn by WeasyPrint from versioned templates: the offer and the Minimal Financial
Assistance confirmation. Tagged for screen readers (PDF/UA-1), in British English."""

from typing import Any

from django.template.loader import render_to_string

from adopt.companies.subsidy_control import mfa_rules
from adopt.funding.models import Offer, SubsidyNotice
from adopt.funding.offers import offer_conditions


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, context)
    from weasyprint import HTML  # loaded when a PDF is printed: it costs every process half a second and its fonts

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1") or b""


def offer_letter_pdf(offer: Offer, notice: SubsidyNotice | None) -> bytes:
    """The offer as issued: its template version is the one stored on the offer, so a reprint reads the same."""
    application = offer.application
    context = {
        "offer": offer,
        "application": application,
        "company": application.company,
        "programme": application.company.programme,
        "fund": application.scheme.fund,
        "conditions": offer_conditions(offer),
        "notice": notice,
        "mfa": mfa_rules(),
    }
    return _pdf(f"funding/letters/{offer.template}.html", context)


def mfa_confirmation_pdf(notice: SubsidyNotice) -> bytes:
    application = notice.application
    context = {
        "notice": notice,
        "application": application,
        "company": application.company,
        "programme": application.company.programme,
        "fund": application.scheme.fund,
        "mfa": mfa_rules(),
    }
    return _pdf("funding/letters/mfa_confirmation@1.html", context)
