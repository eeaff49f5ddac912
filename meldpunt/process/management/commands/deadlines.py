from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError

from meldpunt import clock
from meldpunt.access.models import User
from meldpunt.access.roles import Role
from meldpunt.process.selectors import about_to_be_late, with_days_left


class Command(BaseCommand):
    help = (
        "Deadlines. `meldpunt deadlines warn` lists open terms about to be late, "
        "per assignee and team."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["warn"])
        parser.add_argument(
            "--as-user", default=None, help="List as this user (default: the whole organisation)."
        )

    def handle(self, *args, action: str, as_user: str | None, **options):
        if as_user:
            viewer = User.objects.filter(username=as_user).first()
            if viewer is None:
                raise CommandError(f"Gebruiker '{as_user}' bestaat niet.")
        else:
            viewer = _OrganisationViewer()
        today = clock.today()
        items = with_days_left(about_to_be_late(user=viewer, today=today), today=today)
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for item in items:
            team = item.term.report.team.name if item.term.report.team_id else "(geen team)"
            owner = str(item.owner) if item.owner else "(niet toegewezen)"
            groups[(team, owner)].append(item)
        if not items:
            self.stdout.write("Niets dreigt te laat te worden.")
            return
        for (team, owner), group in sorted(groups.items()):
            self.stdout.write(f"{team} / {owner}: {len(group)}")
            for item in group:
                state = "TE LAAT" if item.overdue else f"nog {item.days_left} werkdag(en)"
                self.stdout.write(
                    f"  {item.term.report.number}  {item.term.get_kind_display():<45} "
                    f"termijn {item.term.due_on:%d-%m-%Y}  {state}"
                )


class _OrganisationViewer:
    """The scheduled job sees every file that is not shielded, like a team lead."""

    pk = None
    is_authenticated = True
    roles = frozenset({Role.TEAM_LEAD})

    def can(self, right):
        from meldpunt.access.roles import allows

        return allows(self.roles, right)
