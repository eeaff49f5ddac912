from django.urls import path

from meldpunt.web.views import (
    acute,
    auth,
    cases,
    dashboard,
    intake,
    people,
    policy,
    reports,
    services,
    triage,
    worklist,
)

app_name = "web"
urlpatterns = [
    path("", auth.home, name="home"),
    path("inloggen/", auth.LoginView.as_view(), name="login"),
    path("uitloggen/", auth.auth_views.LogoutView.as_view(next_page="web:login"), name="logout"),
    path("werkvoorraad/", worklist.worklist, name="worklist"),
    path("overzicht/", dashboard.dashboard, name="dashboard"),
    path("adviesvragen/nieuw/", intake.advice_new, name="advice_new"),
    path("adviesvragen/<int:advice_id>/", intake.advice_detail, name="advice_detail"),
    path("meldingen/nieuw/", intake.report_new, name="report_new"),
    path("meldingen/<int:report_id>/", reports.report_detail, name="report_detail"),
    path(
        "meldingen/<int:report_id>/beoordeling-starten/",
        triage.start_assessment,
        name="start_assessment",
    ),
    path("meldingen/<int:report_id>/besluit/", triage.propose_decision, name="propose_decision"),
    path("meldingen/<int:report_id>/accorderen/", triage.approve_decision, name="approve_decision"),
    path("meldingen/<int:report_id>/terugsturen/", triage.reject_decision, name="reject_decision"),
    path("meldingen/<int:report_id>/informeren/", reports.inform, name="inform"),
    path("meldingen/<int:report_id>/overdracht/", reports.hand_over, name="report_handover"),
    path("meldingen/<int:report_id>/afsluiten/", reports.close_report, name="close_report"),
    path("accorderen/", triage.approvals, name="approvals"),
    path("dossiers/<int:case_id>/", cases.case_detail, name="case_detail"),
    path("personen/<int:person_id>/", people.person_detail, name="person_detail"),
    path("zoeken/", people.search, name="search"),
    path("diensten/<int:service_id>/", services.service_detail, name="service_detail"),
    path("diensten/<int:service_id>/overdracht/", services.hand_over, name="service_handover"),
    path(
        "diensten/<int:service_id>/afsluiten/", services.propose_close, name="service_propose_close"
    ),
    path(
        "diensten/<int:service_id>/afsluiting-accorderen/",
        services.approve_close,
        name="service_approve_close",
    ),
    path(
        "diensten/<int:service_id>/afsluiting-terugsturen/",
        services.reject_close,
        name="service_reject_close",
    ),
    path(
        "diensten/<int:service_id>/evaluaties/<int:evaluation_id>/",
        services.record_evaluation,
        name="record_evaluation",
    ),
    path("termijnen/<int:term_id>/verlengen/", services.extend_term, name="extend_term"),
    path("beleid/risico/", policy.risk_scores, name="policy_risk"),
    path("beleid/voorspelling/", policy.forecast_page, name="policy_forecast"),
    path("beleid/formatie/", policy.capacity_page, name="policy_capacity"),
    path("acuut/", acute.overview, name="acute"),
    path("meldingen/<int:report_id>/huisverbod/", acute.order_new, name="restraining_order_new"),
    path("huisverboden/<int:order_id>/", acute.order_detail, name="restraining_order_detail"),
    path(
        "huisverboden/<int:order_id>/<slug:step>/",
        acute.order_step,
        name="restraining_order_step",
    ),
    path("crisisinterventies/nieuw/", acute.crisis_new, name="crisis_intervention_new"),
    path(
        "crisisinterventies/<int:crisis_id>/",
        acute.crisis_detail,
        name="crisis_intervention_detail",
    ),
    path(
        "crisisinterventies/<int:crisis_id>/aanvullen/",
        acute.crisis_complete,
        name="crisis_intervention_complete",
    ),
    path(
        "crisisinterventies/<int:crisis_id>/overdracht/",
        acute.crisis_handover,
        name="crisis_intervention_handover",
    ),
    path("hoorfunctie/nieuw/", acute.hearing_new, name="hearing_new"),
    path("hoorfunctie/<int:hearing_id>/", acute.hearing_detail, name="hearing_detail"),
    path("meldingen/<int:report_id>/informatie/", acute.information, name="report_information"),
    path(
        "dossiers/<int:case_id>/interventies/",
        acute.family_interventions,
        name="family_interventions",
    ),
]
