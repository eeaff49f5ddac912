"""The radar's pages: the review queue of merge and split proposals (`/koppelingen/`) and a
known person's links (`/koppelingen/personen/<id>/`: records, decisions, possible matches).

People on a shielded file the user is not named on are never shown: the page says only that
the proposal concerns a shielded file and whom to contact."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meldpunt.access.roles import Right
from meldpunt.errors import ConcurrentChange, DomainError
from meldpunt.radar import selectors as radar
from meldpunt.radar import services
from meldpunt.radar.models import LinkProposal, ProposalKind, ProposalStatus
from meldpunt.registry import selectors as registry
from meldpunt.registry.models import Person
from meldpunt.web.views.common import record_view, require


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="Besluit",
        choices=[("1", "Uitvoeren"), ("0", "Afwijzen")],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label="Reden",
        max_length=500,
        error_messages={"required": "Geef een reden voor uw besluit."},
    )


class ProposeForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ProposalKind.choices, widget=forms.HiddenInput)


def _side(user, person: Person, visible: set[int]) -> dict:
    if person.pk in visible:
        return {"person": person, "shielded": False}
    return {"person": None, "shielded": True, "contacts": radar.shielded_contacts(person.pk)}


@login_required
def review_queue(request):
    require(request.user, Right.APPROVE)
    proposals = list(radar.pending_proposals()[:100])
    ids = {p.person_id for p in proposals} | {p.other_id for p in proposals}
    visible = set(registry.people_for(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = []
    for proposal in proposals:
        a = _side(request.user, proposal.person, visible)
        b = _side(request.user, proposal.other, visible)
        both = not (a["shielded"] or b["shielded"])
        rows.append(
            {
                "proposal": proposal,
                "a": a,
                "b": b,
                "open": both,
                "evidence": radar.pair_evidence(proposal.person, proposal.other) if both else (),
                "form": DecideForm(prefix=f"p{proposal.pk}"),
            }
        )
    record_view(
        request,
        "radar.proposals.viewed",
        None,
        person_ids=sorted(i for i in ids if i in visible),
    )
    return render(request, "web/radar/queue.html", {"rows": rows})


@require_POST
@login_required
def decide(request, proposal_id: int):
    require(request.user, Right.APPROVE)
    # A proposal about someone on a shielded file the user is not named on is a 404, like a
    # guessed id: the queue shows it only with whom to contact, never a way to decide on it.
    people = registry.people_for(request.user)
    proposal = get_object_or_404(
        LinkProposal.objects.filter(person__in=people, other__in=people), pk=proposal_id
    )
    form = DecideForm(request.POST, prefix=f"p{proposal.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("web:radar_queue")
    try:
        services.decide_proposal(proposal=proposal, by=request.user, **form.cleaned_data)
    except ConcurrentChange:
        messages.error(request, "Over dit voorstel is intussen al besloten.")
    except DomainError as err:
        messages.error(request, err.message)
    else:
        proposal.refresh_from_db()
        messages.success(
            request,
            f"Voorstel {proposal.get_kind_display().lower()}: "
            f"{proposal.get_status_display().lower()}.",
        )
    return redirect("web:radar_queue")


@login_required
def person_links(request, person_id: int):
    require(request.user, Right.VIEW_CASES)
    person = get_object_or_404(registry.people_for(request.user), pk=person_id)
    root = radar.identity_of(person.pk)
    member_ids = radar.members_of(root)
    visible = set(
        registry.people_for(request.user).filter(pk__in=member_ids).values_list("pk", flat=True)
    )
    members = Person.objects.filter(pk__in=visible).order_by("pk")
    hidden_members = len(member_ids) - len(visible)
    matches = radar.match_person(request.user, person)
    decisions = [
        d
        for d in radar.decisions_about(member_ids)[:50]
        if d.person_id in visible and (d.other_id is None or d.other_id in visible)
    ]
    pending = LinkProposal.objects.filter(
        status=ProposalStatus.PENDING, person_id__in=member_ids
    ) | LinkProposal.objects.filter(status=ProposalStatus.PENDING, other_id__in=member_ids)
    shown = sorted(visible | {m.person.pk for m in matches if m.person})
    record_view(request, "radar.person_links.viewed", person, person_ids=shown)
    return render(
        request,
        "web/radar/person_links.html",
        {
            "person": person,
            "root": root,
            "members": members,
            "hidden_members": hidden_members,
            "matches": matches,
            "decisions": decisions,
            "pending": pending.distinct(),
        },
    )


@require_POST
@login_required
def propose(request, person_id: int):
    """Any professional may put a merge or split up for review; an approver decides."""
    require(request.user, Right.VIEW_CASES)
    people = registry.people_for(request.user)
    person = get_object_or_404(people, pk=person_id)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ongeldig voorstel.")
        return redirect("web:radar_person", person.pk)
    other = get_object_or_404(people, pk=form.cleaned_data["other"])
    score = radar.pair_score(person, other)
    proposal = services.propose(
        kind=form.cleaned_data["kind"],
        person_id=person.pk,
        other_id=other.pk,
        probability=score.probability,
        source="handmatig",
    )
    if proposal is None:
        messages.error(
            request,
            "Dit voorstel is niet nodig: de personen zijn al samengevoegd, eerder afgewezen, "
            "of (bij splitsen) niet samengevoegd.",
        )
    else:
        messages.success(request, "Het voorstel staat klaar voor beoordeling door een accordeur.")
    return redirect("web:radar_person", person.pk)
