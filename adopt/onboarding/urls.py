from django.urls import path

from adopt.onboarding import api_token_views, staff_views, views

app_name = "onboarding"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/confirm/<str:token>/", views.signup_confirm, name="confirm"),
    path("join/", views.find_company, name="find-company"),
    path("join/new/", views.new_company, name="new-company"),
    path("join/<int:pk>/", views.claim_company, name="claim-company"),
    path("join/<int:pk>/code/", views.claim_code, name="claim-code"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invite/company/<int:pk>/", views.company_invite, name="company-invite"),
    path("invite/company/<int:pk>/revoke/<int:invitation_pk>/", views.invitation_revoke, name="invitation-revoke"),
    path("programmes/<slug:slug>/staff/", staff_views.programme_staff, name="programme-staff"),
    path("programmes/<slug:slug>/staff/change/", staff_views.staff_member_change, name="staff-change"),
    path(
        "programmes/<slug:slug>/staff/invitations/<int:pk>/revoke/",
        staff_views.staff_invitation_revoke,
        name="staff-invitation-revoke",
    ),
    path("staff-invitations/<str:token>/", staff_views.staff_invitation, name="staff-invitation"),
    path("enquiry/", views.enquiry, name="enquiry"),
    path("enquiries/", views.enquiry_list, name="enquiry-list"),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="enquiry-detail"),
    path("membership-requests/", views.membership_requests, name="membership-requests"),
    path("account/", views.account, name="account"),
    path("account/data.json", views.account_data, name="account-data"),
    path("account/tokens/", api_token_views.api_tokens, name="api-tokens"),
    path("account/tokens/<int:pk>/revoke/", api_token_views.api_token_revoke_view, name="api-token-revoke"),
    path("account/email/<str:token>/", views.email_confirm, name="email-confirm"),
    path("privacy/", views.privacy, name="privacy"),
    path("help/", views.help_and_contact, name="help"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
