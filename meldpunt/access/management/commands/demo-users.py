from django.core.management.base import BaseCommand

from meldpunt.access.services import ensure_demo_users


class Command(BaseCommand):
    help = "Create one demo user per role and print their names and passwords (demo only)."

    def handle(self, *args, **options):
        for username, password, label in ensure_demo_users():
            self.stdout.write(f"{username:<22} {password:<24} {label}")
