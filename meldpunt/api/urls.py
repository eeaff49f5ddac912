from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from meldpunt.api.docs import SwaggerView
from meldpunt.api.v1 import (
    acute,
    advices,
    casefile,
    intake,
    kpi,
    persons,
    policy,
    radar,
    reports,
    services,
    worklist,
)

app_name = "api"
urlpatterns: list = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report"),
    *[
        path(
            f"reports/<int:pk>/{verb}",
            reports.report_verb_view(verb),
            name=f"report_{verb.replace('-', '_')}",
        )
        for verb in reports.REPORT_VERBS
    ],
    path("advices/", advices.AdviceListView.as_view(), name="advices"),
    path("advices/<int:pk>/", advices.AdviceDetailView.as_view(), name="advice"),
    path("advices/<int:pk>/give", advices.AdviceGiveView.as_view(), name="advice_give"),
    path("advices/<int:pk>/convert", advices.AdviceConvertView.as_view(), name="advice_convert"),
    path("persons/search", persons.PersonSearchView.as_view(), name="persons_search"),
    path("persons/<int:pk>/", persons.PersonDetailView.as_view(), name="person"),
    path("services/", services.ServiceListView.as_view(), name="services"),
    path("services/<int:pk>/", services.ServiceDetailView.as_view(), name="service"),
    *[
        path(
            f"services/<int:pk>/{verb}",
            services.service_verb_view(verb),
            name=f"service_{verb.replace('-', '_')}",
        )
        for verb in services.SERVICE_VERBS
    ],
    path(
        "services/<int:pk>/evaluations/<int:evaluation_id>/record",
        services.EvaluationView.as_view(),
        name="service_evaluation",
    ),
    path("terms/<int:pk>/extend", services.TermExtendView.as_view(), name="term_extend"),
    path("intake/police/", intake.PoliceIntakeView.as_view(), name="intake_police"),
    path("worklist/", worklist.WorklistView.as_view(), name="worklist"),
    path("approvals/", worklist.ApprovalsView.as_view(), name="approvals"),
    path("kpi/", kpi.KpiView.as_view(), name="kpi"),
    path("persons/match/", radar.PersonMatchView.as_view(), name="persons_match"),
    path("policy/riskscores/", policy.RiskScoresView.as_view(), name="policy_riskscores"),
    path("policy/forecast/", policy.ForecastView.as_view(), name="policy_forecast"),
    path("policy/capacity/", policy.CapacityView.as_view(), name="policy_capacity"),
    path(
        "restraining-orders/",
        acute.RestrainingOrderListView.as_view(),
        name="restraining_orders",
    ),
    path(
        "restraining-orders/<int:pk>/",
        acute.RestrainingOrderDetailView.as_view(),
        name="restraining_order",
    ),
    *[
        path(
            f"restraining-orders/<int:pk>/{verb}",
            acute.order_verb_view(verb),
            name=f"restraining_order_{verb.replace('-', '_')}",
        )
        for verb in acute.ORDER_VERBS
    ],
    path("crisis-interventions/", acute.CrisisListView.as_view(), name="crisis_interventions"),
    path(
        "crisis-interventions/<int:pk>/",
        acute.CrisisDetailView.as_view(),
        name="crisis_intervention",
    ),
    path(
        "crisis-interventions/<int:pk>/complete",
        acute.CrisisCompleteView.as_view(),
        name="crisis_intervention_complete",
    ),
    path(
        "crisis-interventions/<int:pk>/handover",
        acute.CrisisHandoverView.as_view(),
        name="crisis_intervention_handover",
    ),
    path("cases/<int:case_id>/journal/", casefile.CaseJournalView.as_view(), name="journal"),
    path("journal/<int:pk>/", casefile.JournalEntryView.as_view(), name="journal_entry"),
    path("journal/<int:pk>/correct", casefile.JournalCorrectView.as_view(), name="journal_correct"),
    path("cases/<int:case_id>/documents/", casefile.CaseDocumentsView.as_view(), name="documents"),
    path("documents/<int:pk>/", casefile.DocumentView.as_view(), name="document"),
    path(
        "documents/<int:pk>/content",
        casefile.DocumentContentView.as_view(),
        name="document_content",
    ),
    path("reports/<int:report_id>/letters/", casefile.ReportLettersView.as_view(), name="letters"),
    path(
        "reports/<int:report_id>/letters/preview",
        casefile.LetterPreviewView.as_view(),
        name="letter_preview",
    ),
    path("letters/<int:pk>/sent", casefile.LetterSentView.as_view(), name="letter_sent"),
    path(
        "services/<int:service_id>/safety-conditions/",
        casefile.ServiceConditionsView.as_view(),
        name="safety_conditions",
    ),
    path(
        "evaluations/<int:pk>/condition-scores/",
        casefile.EvaluationScoresView.as_view(),
        name="condition_scores",
    ),
]
