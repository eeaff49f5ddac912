"""The API docs page (Swagger UI from the sidecar package) under the strict CSP."""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerView


class SwaggerView(SpectacularSwaggerView):
    """drf-spectacular's page with the response's nonce on its scripts and style."""

    template_name = "api/swagger_ui.html"
