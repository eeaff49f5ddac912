"""Surveys (one-time links) and the complaints register."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right, Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.quality.models import (
    Complaint,
    ComplaintStage,
    Respondent,
    SurveyInvitation,
    SurveyKind,
    SurveyResponse,
)

TOKEN_DAYS = 30


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_url(token: str) -> str:
    return f"{settings.MELDPUNT_PUBLIC_URL.rstrip('/')}/tevredenheid/{token}/"


@transaction.atomic
def invite_for_service(
    *, service, by, respondent: str, channel: str, email: str = ""
) -> tuple[SurveyInvitation, str]:
    """Invite a family member or the reporter after a closed service. Returns the invitation
    and the token (shown once: in the e-mail or on the printed letter with its QR code)."""
    if not by.can(Right.WORK_SERVICE):
        raise NotAllowed("Alleen de casusregisseur verstuurt een tevredenheidsonderzoek.")
    if service.status != "closed":
        raise DomainError("Een tevredenheidsonderzoek volgt pas na het afsluiten van de dienst.")
    if respondent not in (Respondent.FAMILY, Respondent.REPORTER):
        raise DomainError("Kies gezinslid of melder.", field="respondent")
    if channel == "email" and "@" not in email:
        raise DomainError("Geef een geldig e-mailadres.", field="email")
    if channel not in ("email", "letter"):
        raise DomainError("Kies e-mail of brief.", field="channel")
    token = secrets.token_urlsafe(24)
    now = clock.now()
    invitation = SurveyInvitation.objects.create(
        kind=SurveyKind.CLIENT,
        respondent=respondent,
        service=service,
        municipality=service.report.municipality,
        team=service.report.team,
        token_hash=_hash(token),
        sent_at=now,
        expires_at=now + dt.timedelta(days=TOKEN_DAYS),
        channel=channel,
        sent_by=by,
    )
    if channel == "email":
        send_mail(
            "Hoe tevreden bent u over Veilig Thuis?",
            "Wij horen graag hoe u onze hulp heeft ervaren. Het invullen duurt twee minuten:\n"
            f"{survey_url(token)}\nDe link werkt één keer en verloopt na {TOKEN_DAYS} dagen.",
            None,
            [email],
        )
    audit.record("survey.invited", actor=by, subject=invitation, service_id=service.pk)
    return invitation, token


@transaction.atomic
def invite_partner(
    *, by, email: str, partner_name: str = "", municipality=None
) -> tuple[SurveyInvitation, str]:
    """Invite a municipality or a chain partner to the yearly partner survey (by e-mail)."""
    if not by.has_role(Role.MANAGER):
        raise NotAllowed("Alleen een manager nodigt partners uit.")
    partner_name = (partner_name or (municipality.name if municipality else "")).strip()
    if not partner_name:
        raise DomainError("Kies een gemeente of vul de naam van de partner in.", field="partner")
    if "@" not in email:
        raise DomainError("Geef een geldig e-mailadres.", field="email")
    token = secrets.token_urlsafe(24)
    now = clock.now()
    invitation = SurveyInvitation.objects.create(
        kind=SurveyKind.PARTNER,
        respondent=Respondent.PARTNER,
        municipality=municipality,
        partner_name=partner_name[:200],
        token_hash=_hash(token),
        sent_at=now,
        expires_at=now + dt.timedelta(days=TOKEN_DAYS),
        channel="email",
        sent_by=by,
    )
    send_mail(
        "Hoe verloopt de samenwerking met Veilig Thuis?",
        "Eens per jaar vragen wij gemeenten en ketenpartners hoe de samenwerking met Veilig "
        f"Thuis verloopt. Het invullen duurt twee minuten:\n{survey_url(token)}\n"
        f"De link werkt één keer en verloopt na {TOKEN_DAYS} dagen.",
        None,
        [email],
    )
    audit.record("survey.partner_invited", actor=by, subject=invitation)
    return invitation, token


def survey_letter(*, token: str, invitation: SurveyInvitation) -> dict[str, str]:
    """The printed invitation's parts: subject, text (no name or address: the case worker adds
    those on the envelope), and the link as a QR code (SVG). Made once, when the invitation is
    made: the token is not kept, so a lost letter means a new invitation."""
    import segno
    from django.utils.html import escape

    from meldpunt.reference.services import organisation_settings

    url = survey_url(token)
    organisation = organisation_settings().name
    text = (
        "Beste lezer,\n\n"
        f"{organisation} heeft u de afgelopen tijd geholpen. Wij horen graag hoe u dat heeft "
        "ervaren: welk cijfer geeft u onze hulp, en de manier waarop wij met u omgingen? Het "
        "invullen duurt twee minuten en u hoeft niet in te loggen.\n\n"
        "Scan de QR-code met de camera van uw telefoon, of typ dit adres in uw browser:\n"
        f"{url}\n\n"
        "De link werkt één keer en is geldig tot "
        f"{timezone.localtime(invitation.expires_at):%d-%m-%Y}.\n\n"
        f"Met vriendelijke groet,\n{organisation}"
    )
    return {
        "subject": "Hoe tevreden bent u over Veilig Thuis?",
        "text": text,
        "organisation": organisation,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4),
        "url": escape(url),
    }


def survey_letter_pdf(*, token: str, invitation: SurveyInvitation) -> bytes:
    """The printed invitation as a PDF, through the case file's letter machinery."""
    from meldpunt.casefile.letters import to_pdf

    letter = survey_letter(token=token, invitation=invitation)
    return to_pdf(
        subject=letter["subject"],
        text=letter["text"],
        organisation=letter["organisation"],
        after_html=f"<div style='margin-top:8mm'>{letter['qr_svg']}</div>",
    )


def open_invitation(token: str) -> SurveyInvitation:
    """The invitation behind a token; the same message for unknown, used and expired links so a
    link reveals nothing."""
    invitation = SurveyInvitation.objects.filter(token_hash=_hash(token)).first()
    if invitation is None or invitation.used_at is not None or invitation.expires_at < clock.now():
        raise DomainError("Deze link is niet (meer) geldig.")
    return invitation


@transaction.atomic
def answer_survey(
    *, token: str, score_service: int, score_treatment: int, comment: str = ""
) -> SurveyResponse:
    invitation = open_invitation(token)
    for score in (score_service, score_treatment):
        if not isinstance(score, int) or not 1 <= score <= 10:
            raise DomainError("Geef een cijfer van 1 tot en met 10.")
    now = clock.now()
    claimed = SurveyInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=now
    )
    if claimed != 1:
        raise DomainError("Deze link is niet (meer) geldig.")
    return SurveyResponse.objects.create(
        invitation=invitation,
        score_service=score_service,
        score_treatment=score_treatment,
        comment=comment[:4000],
        answered_at=now,
    )


def _require_complaints_officer(by) -> None:
    if not by.can(Right.HANDLE_COMPLAINTS):
        raise NotAllowed("Alleen de klachtenfunctionaris registreert klachten.")


@transaction.atomic
def register_complaint(*, by, received_on: dt.date, summary: str, case=None) -> Complaint:
    _require_complaints_officer(by)
    if received_on > clock.today():
        raise DomainError("De ontvangstdatum ligt in de toekomst.", field="received_on")
    if not summary.strip():
        raise DomainError("Beschrijf de klacht.", field="summary")
    complaint = Complaint.objects.create(
        received_on=received_on, summary=summary, case=case, registered_by=by
    )
    audit.record("complaint.registered", actor=by, subject=complaint)
    return complaint


ORDER = [
    ComplaintStage.RECEIVED,
    ComplaintStage.INTERNAL,
    ComplaintStage.COMMITTEE,
    ComplaintStage.DECIDED,
]


@transaction.atomic
def advance_complaint(
    *,
    complaint: Complaint,
    by,
    stage: str,
    on: dt.date,
    well_founded: bool | None = None,
    measures: str = "",
) -> Complaint:
    """Move a complaint on: handled internally, before the committee, decided or withdrawn."""
    _require_complaints_officer(by)
    if on > clock.today() or on < complaint.received_on:
        raise DomainError("De datum ligt in de toekomst of vóór de ontvangst.", field="on")
    if complaint.stage in (ComplaintStage.DECIDED, ComplaintStage.WITHDRAWN):
        raise DomainError("Deze klacht is al afgehandeld.")
    if stage != ComplaintStage.WITHDRAWN and (
        stage not in ORDER or ORDER.index(stage) <= ORDER.index(complaint.stage)
    ):
        raise DomainError(f"Van '{complaint.get_stage_display()}' kan niet naar deze stand.")
    if stage == ComplaintStage.INTERNAL:
        complaint.handled_internally_on = on
    elif stage == ComplaintStage.COMMITTEE:
        complaint.committee_on = on
    elif stage == ComplaintStage.DECIDED:
        if well_founded is None:
            raise DomainError("Geef aan of de klacht gegrond is.", field="well_founded")
        complaint.decided_on = on
        complaint.well_founded = well_founded
        complaint.measures = measures
    complaint.stage = stage
    complaint.save()
    audit.record("complaint.advanced", actor=by, subject=complaint, stage=stage)
    return complaint
