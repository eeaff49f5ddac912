from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

urlpatterns = [
    # The admin site logs in through the application's own login: password and second factor.
    path(
        "beheer/login/",
        RedirectView.as_view(url=reverse_lazy("web:login"), query_string=True),
    ),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("meldpunt.api.urls")),
    path("", include("meldpunt.web.urls")),
]

# Under /api/ a URL that no view answers is a problem (RFC 9457) too; elsewhere the normal page.
handler404 = "meldpunt.api.problems.page_not_found"
handler500 = "meldpunt.api.problems.server_error"
