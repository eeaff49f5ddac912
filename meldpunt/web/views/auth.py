"""Logging in: the password first, then (for every role that sees personal data) a code from an
authenticator app. Until the code is given the user is not logged in at all."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from meldpunt.access import twofactor
from meldpunt.access.roles import Right
from meldpunt.web.forms import CodeForm, LoginForm
from meldpunt.yearplan.selectors import owns_indicators

PENDING = "meldpunt_2fa_pending"
PENDING_SECONDS = 300


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.required_for(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_redirect_url(),
            "at": time.time(),
        }
        return redirect("web:login_code")


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code(request):
    """The second step: a code from the authenticator app; enrolment (QR code) when the user
    has none yet."""
    user, pending = _pending_user(request)
    if user is None:
        return redirect("web:login")
    device = twofactor.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = twofactor.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = twofactor.verify(user, form.cleaned_data["code"])
        if verified is None:
            form.add_error("code", "Deze code klopt niet of is verlopen. Probeer de volgende.")
        else:
            del request.session[PENDING]
            user.backend = pending["backend"]
            user.otp_device = verified  # django-otp stores it in the session on login
            auth_login(request, user)
            target = pending["next"]
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = ""
            return redirect(target or settings.LOGIN_REDIRECT_URL)
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        context |= {"qr": twofactor.qr_svg(device), "secret": twofactor.secret(device)}
    return render(request, "web/login_code.html", context)


def home(request):
    """Each role starts where its work is: the worklist for case work, the year plan for the
    owners of its indicators, the overview for management, the complaints register, the
    review of emergency access for the privacy officer."""
    user = request.user
    if not user.is_authenticated:
        return redirect("web:login")
    if user.can(Right.VIEW_CASES):
        return redirect("web:worklist")
    if owns_indicators(user):
        return redirect("web:yearplan")
    if user.can(Right.VIEW_AGGREGATES):
        return redirect("web:dashboard")
    if user.can(Right.VIEW_COMPLAINTS):
        return redirect("web:complaints")
    if user.can(Right.REVIEW_EMERGENCY_ACCESS):
        return redirect("web:emergency_review")
    return redirect("web:worklist")
