from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("api/v1/", include("meldpunt.api.urls")),
    path("", include("meldpunt.web.urls")),
]
