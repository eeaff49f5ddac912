"""The worklist's counts at the top and its pages of 50."""

from django.urls import reverse

from tests.process import flow


def test_the_worklist_counts_and_pages_the_open_terms(client, intake, triage, clock, reference):
    clock.at(2026, 3, 2, 9)  # a Monday: triage due on Monday 9 March
    reports = [flow.register(intake) for _ in range(52)]
    client.force_login(triage)
    first = client.get(reverse("web:worklist")).content.decode()
    assert 'data-testid="count-triage">52<' in first
    assert 'data-testid="count-overdue">0<' in first
    assert "pagina 1 van 2" in first and "volgende →" in first
    second = client.get(reverse("web:worklist") + "?pagina=2").content.decode()
    assert "pagina 2 van 2" in second and "← vorige" in second
    shown = [r.number for r in reports if r.number in first or r.number in second]
    assert len(shown) == 52
    clock.at(2026, 3, 9, 9)  # the Monday they are due: all due this week
    page = client.get(reverse("web:worklist")).content.decode()
    assert 'data-testid="count-week">52<' in page
