"""Password rules beyond Django's own validators (length, common, numeric, similarity)."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError


class CharacterMixValidator:
    """A password mixes at least three of: lower case, upper case, digits, other characters;
    a long passphrase (`passphrase_length` characters or more) may be all words."""

    def __init__(self, classes: int = 3, passphrase_length: int = 20):
        self.classes = classes
        self.passphrase_length = passphrase_length

    def validate(self, password: str, user=None) -> None:
        if len(password) >= self.passphrase_length:
            return
        used = sum(
            any(test(c) for c in password)
            for test in (
                str.islower,
                str.isupper,
                str.isdigit,
                lambda c: c in string.punctuation or c.isspace(),
            )
        )
        if used < self.classes:
            raise ValidationError(
                "Gebruik in uw wachtwoord minstens drie van: kleine letters, hoofdletters, "
                f"cijfers en leestekens, of kies een wachtzin van {self.passphrase_length} "
                "tekens of meer.",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return (
            "Minstens drie van: kleine letters, hoofdletters, cijfers en leestekens (of een "
            f"wachtzin van {self.passphrase_length} tekens of meer)."
        )
