from django.core.management.base import BaseCommand, CommandError

from meldpunt.api.clients import issue_token
from meldpunt.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create a system client of the API (role 'system', e.g. the police intake) and print "
        "its token; --rotate replaces the token."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="user name of the client, e.g. politie-intake")
        parser.add_argument("--rotate", action="store_true", help="replace the existing token")

    def handle(self, *args, name, rotate, **options):
        try:
            client, key, new = issue_token(name=name, rotate=rotate)
        except DomainError as err:
            raise CommandError(err.message) from err
        state = "nieuw token" if new else "bestaand token"
        self.stdout.write(f"{client.username}: {state}\nAuthorization: Token {key}")
