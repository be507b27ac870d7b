from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from adopt.accounts import views
from adopt.accounts.forms import EmailAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        views.LimitedLoginView.as_view(authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path(
        "password/change/",
        views.AuditedPasswordChangeView.as_view(success_url=reverse_lazy("accounts:password-change-done")),
        name="password-change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path(
        "password/reset/",
        views.LimitedPasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password-reset-done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password-reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.AuditedPasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password-reset-complete")),
        name="password-reset-confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
