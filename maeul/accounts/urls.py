from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from maeul.accounts import views
from maeul.accounts.auth_forms import LoginForm
from maeul.accounts.limits import signup_wait, verification_wait
from maeul.accounts.lockout import login_throttled
from maeul.core.ratelimit import ratelimit, throttled

app_name = "accounts"

urlpatterns = [
    path("signup/", throttled(signup_wait)(views.signup), name="signup"),
    path(
        "login/",
        login_throttled(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html",
                authentication_form=LoginForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("verify/", throttled(verification_wait)(views.verify), name="verify"),
    path("verify/confirm/", views.verify_confirm, name="verify_confirm"),
    path("verify/move/", throttled(verification_wait)(views.reverify), name="reverify"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/form_page.html",
            success_url=reverse_lazy("accounts:profile"),
            extra_context={"page_title": "password_change"},
        ),
        name="password_change",
    ),
    path(
        "password/reset/",
        ratelimit("password_reset", limit=5, window=3600)(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/form_page.html",
                email_template_name="accounts/password_reset_email.txt",
                subject_template_name="accounts/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
                extra_context={"page_title": "password_reset"},
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/message_page.html",
            extra_context={"page_title": "password_reset_done"},
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/form_page.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
            extra_context={"page_title": "password_reset_confirm"},
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/message_page.html",
            extra_context={"page_title": "password_reset_complete"},
        ),
        name="password_reset_complete",
    ),
]
