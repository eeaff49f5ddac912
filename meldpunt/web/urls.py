from django.urls import path

from meldpunt.web.views import (
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
]
