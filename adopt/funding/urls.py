from django.urls import path

from adopt.funding import exports, setup_views, views

app_name = "funding"

urlpatterns = [
    path("apply/<int:company_pk>/", views.application_new, name="application-new"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/move/", views.application_move, name="application-move"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/check/", views.application_check, name="application-check"),
    path("applications/<int:pk>/submitted/", views.application_submitted, name="application-submitted"),
    path("applications/<int:pk>/costs/<int:cost_pk>/", views.cost_edit, name="cost-edit"),
    path("applications/<int:pk>/costs/<int:cost_pk>/remove/", views.cost_delete, name="cost-remove"),
    path("applications/<int:pk>/subsidy/", views.subsidy_confirmation, name="subsidy-confirmation"),
    path("applications/<int:pk>/subsidy/confirmation.pdf", views.mfa_confirmation_letter, name="mfa-confirmation"),
    path("applications/<int:pk>/offer/", views.offer_accept, name="offer-accept"),
    path("applications/<int:pk>/offer/vary/", views.offer_variation, name="offer-vary"),
    path("applications/<int:pk>/offers/<int:number>.pdf", views.offer_letter, name="offer-letter"),
    path("applications/<int:pk>/costs/", views.application_cost, name="application-cost"),
    path("applications/<int:pk>/documents/", views.application_document, name="application-document"),
    path("applications/<int:pk>/documents/<int:document_pk>/", views.document_download, name="document-download"),
    path("applications/<int:pk>/reviews/", views.application_review, name="application-review"),
    path("applications/<int:pk>/claims/", views.application_claim, name="application-claim"),
    path("applications/<int:pk>/recovery/", views.application_recovery, name="application-recovery"),
    path("funds/<int:pk>/payment-runs/", views.payment_run_new, name="payment-run-new"),
    path("payment-runs/<int:pk>/", views.payment_run_detail, name="payment-run"),
    path("payment-runs/<int:pk>/claims/<int:claim_pk>/remove/", views.payment_run_take_out, name="payment-run-remove"),
    path("payment-runs/<int:pk>/finance.csv", exports.payment_run_export, name="payment-run-export"),
    path("review/", views.review_queue, name="review-queue"),
    path("approvals/", views.approval_board, name="approval-board"),
    path("funds/", views.fund_list, name="fund-list"),
    path("funds/<int:pk>/", views.fund_detail, name="fund-detail"),
    path("programmes/<slug:slug>/funds/new/", setup_views.fund_new, name="fund-new"),
    path("funds/<int:pk>/edit/", setup_views.fund_edit, name="fund-edit"),
    path("funds/<int:pk>/budgets/", setup_views.fund_budgets, name="fund-budgets"),
    path("funds/<int:pk>/schemes/new/", setup_views.scheme_new, name="scheme-new"),
    path("schemes/<int:pk>/edit/", setup_views.scheme_edit, name="scheme-edit"),
    path("funds/<int:pk>/export/<slug:what>.xlsx", exports.fund_export_excel, name="fund-export-excel"),
    path("funds/<int:pk>/360giving.json", exports.fund_export_360giving, name="fund-export-360giving"),
    path(
        "funds/<int:pk>/transparency/<slug:what>.csv",
        exports.fund_export_transparency,
        name="fund-export-transparency",
    ),
]
