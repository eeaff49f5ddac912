"""The domain's errors. Messages are Dutch: they reach the professional as they are."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the process refused the action; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The user's role does not allow the action."""


class ConcurrentChange(DomainError):
    """Someone else changed the record between reading and writing it."""

    def __init__(
        self,
        message: str = "Iemand anders heeft dit dossier intussen gewijzigd. "
        "Laad de pagina opnieuw en controleer de wijziging.",
    ) -> None:
        super().__init__(message)
