from django.core.management.base import BaseCommand

from meldpunt.access import twofactor
from meldpunt.access.services import ensure_demo_users


class Command(BaseCommand):
    help = (
        "Create one demo user per role and print their names, passwords and the TOTP secret "
        "to put in an authenticator app (demo only)."
    )

    def handle(self, *args, **options):
        if twofactor.enabled():
            self.stdout.write(
                "Roles that see personal data log in with a code from an authenticator app "
                "(FreeOTP, Google/Microsoft Authenticator): add the TOTP secret below to it."
            )
        self.stdout.write(f"{'user':<28} {'password':<20} {'TOTP secret':<34} role")
        for demo in ensure_demo_users():
            secret = demo.totp_secret if twofactor.enabled() else ""
            self.stdout.write(
                f"{demo.username:<28} {demo.password:<20} {secret or '-':<34} {demo.label}"
            )
