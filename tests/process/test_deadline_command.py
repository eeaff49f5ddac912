from django.core.management import call_command

from tests.process import flow


def test_deadlines_warn_lists_what_is_about_to_be_late_per_team_and_assignee(
    intake, triage, clock, capsys, reference
):
    clock.at(2026, 3, 2, 9)
    report = flow.register(intake)
    flow.register(intake)
    from meldpunt.process import services

    services.start_assessment(report=report, by=triage)
    clock.at(2026, 3, 4, 9)
    call_command("deadlines", "warn")
    assert "Niets dreigt te laat" in capsys.readouterr().out
    clock.at(2026, 3, 10, 9)
    call_command("deadlines", "warn")
    out = capsys.readouterr().out
    assert f"/ {triage}: 1" in out
    assert "(niet toegewezen): 1" in out
    assert out.count("TE LAAT") == 2
