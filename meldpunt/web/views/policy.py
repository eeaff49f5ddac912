"""Policy analysis pages: the risk ranking with the signalling structure, the forecast and the
capacity plan. Thin: parameters go to `insight.policy_queries`, charts come from
`insight.policy_charts`; a bad parameter is shown next to the form, in Dutch."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError
from meldpunt.insight import capacity, forecast, policy_charts, policy_queries, risk
from meldpunt.web.views.common import client_ip, require

FIELD_LABELS = {
    "source": "Bron",
    "year": "Jaar",
    "sd": "Standaarddeviatie",
    "tier_cut": "Klassengrens",
    "flag_threshold": "Signaalgrens",
    "metric": "Wat",
    "horizon": "Maanden vooruit",
    "backtest": "Terugtoets",
    "norms": "Normen",
    "from_forecast": "Uit de voorspelling",
    "hours_per_fte": "Productieve uren per fte",
    "available_fte": "Beschikbare fte",
    "factors": "Eigen risicofactoren (CSV)",
    "reports": "Eigen meldingen per 1.000 (CSV)",
    "series": "Eigen maandcijfers (CSV)",
    **{key: label for key, label in capacity.ACTIVITY_LABELS.items()},
}


MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _upload(request, name: str) -> str | None:
    """The text of an uploaded CSV file, or None when none was sent. Nothing is stored."""
    uploaded = request.FILES.get(name)
    if uploaded is None:
        return None
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise DomainError("Het bestand is groter dan 2 MB.", field=name)
    try:
        return uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            "Het bestand is geen tekst in UTF-8; sla het op als 'CSV UTF-8 (door komma's "
            "gescheiden)'.",
            field=name,
        ) from None


def _params(request):
    return request.POST if request.method == "POST" else request.GET


def _error(context: dict, err: DomainError) -> None:
    context["error"] = err
    context["error_label"] = FIELD_LABELS.get(err.field or "", "")


def _audit(request, analysis: str) -> None:
    params = {k: v for k, v in _params(request).items() if k != "csrfmiddlewaretoken"}
    audit.record(
        "policy.viewed",
        actor=request.user,
        remote_addr=client_ip(request),
        analysis=analysis,
        query=policy_queries.audit_params(params),
        uploaded=sorted(request.FILES),
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_scores(request):
    """GET: the shipped factors with the register or the document; POST: own CSV files."""
    require(request.user, Right.VIEW_AGGREGATES)
    params = _params(request)
    context = {
        "params": params,
        "sd_kinds": risk.SD_KINDS,
        "uploaded_label": policy_queries.UPLOADED,
    }
    try:
        factors, reports = _upload(request, "factors"), _upload(request, "reports")
        if request.method == "POST" and factors is None and reports is None:
            raise DomainError("Kies een of twee CSV-bestanden om te gebruiken.", field="factors")
        answer = policy_queries.risk_scores(
            request.user, params, factors_csv=factors, reports_csv=reports
        )
    except DomainError as err:
        _error(context, err)
    else:
        scores = answer.analysis.scores
        context.update(
            answer=answer,
            rows=[s.as_dict(with_z=False) for s in scores],
            ranking_chart=policy_charts.data_uri(policy_charts.ranking(scores)),
            scatter_chart=policy_charts.data_uri(
                policy_charts.scatter(scores, answer.analysis.fit)
            ),
        )
        _audit(request, "riskscores")
    return render(request, "web/policy_risk.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def forecast_page(request):
    """GET: the register's monthly counts; POST: an own month,count CSV file."""
    require(request.user, Right.VIEW_AGGREGATES)
    params = _params(request)
    context = {"params": params, "metrics": forecast.METRIC_LABELS}
    try:
        series = _upload(request, "series")
        if request.method == "POST" and series is None:
            raise DomainError("Kies een CSV-bestand met maandcijfers.", field="series")
        result = policy_queries.register_forecast(request.user, params, series_csv=series)
        context["uploaded"] = series is not None
    except DomainError as err:
        _error(context, err)
    else:
        context.update(
            result=result,
            model_label=forecast.MODEL_LABELS[result.model],
            rows=[p.as_dict() for p in result.points],
            chart=policy_charts.data_uri(forecast.chart(result, fmt="svg")),
        )
        _audit(request, "forecast")
    return render(request, "web/policy_forecast.html", context)


@login_required
def capacity_page(request):
    require(request.user, Right.VIEW_AGGREGATES)
    fields = [(key, label, request.GET.get(key, "")) for key, label in ACTIVITY_FIELDS]
    context = {
        "params": request.GET,
        "fields": fields,
        "default_hours": f"{capacity.DEFAULT_HOURS_PER_FTE:g}",
    }
    asked = any(
        (request.GET.get(k) or "").strip() for k in (*capacity.ACTIVITIES, "year", "from_forecast")
    )
    if asked:
        try:
            result = policy_queries.capacity_plan(request.user, request.GET)
        except DomainError as err:
            _error(context, err)
        else:
            context.update(
                result=result,
                rows=[
                    {
                        "label": capacity.ACTIVITY_LABELS[key],
                        "volume": result.volumes[key],
                        "norm": result.norms[key],
                        "hours": result.hours_by_activity[key],
                    }
                    for key in capacity.ACTIVITIES
                ],
                chart=policy_charts.data_uri(policy_charts.hours(result)),
            )
            _audit(request, "capacity")
    return render(request, "web/policy_capacity.html", context)


ACTIVITY_FIELDS = list(capacity.ACTIVITY_LABELS.items())
