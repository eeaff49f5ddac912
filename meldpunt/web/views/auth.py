from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from meldpunt.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def home(request):
    if not request.user.is_authenticated:
        return redirect("web:login")
    return redirect("web:worklist")
