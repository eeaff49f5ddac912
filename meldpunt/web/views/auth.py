from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from meldpunt.access.roles import Right
from meldpunt.web.forms import LoginForm
from meldpunt.yearplan.selectors import owns_indicators


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def home(request):
    """Each role starts where its work is: the worklist for case work, the year plan for the
    owners of its indicators, the overview for management, the complaints register."""
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
    return redirect("web:worklist")
