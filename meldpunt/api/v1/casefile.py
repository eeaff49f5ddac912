"""The file around the process: the contact journal (with corrections), documents (JSON with the
content in base64), letters (preview, make, mark sent) and safety conditions with their scores
at monitoring evaluations. Thin: the same services as the pages; every object is fetched through
the visibility filter (a file one may not see is a 404) and every read is audited."""

from __future__ import annotations

import base64
import binascii

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from meldpunt.access.roles import Right
from meldpunt.api.base import ApiView, Id, StrictSerializer
from meldpunt.casefile import selectors, services
from meldpunt.casefile.models import (
    Channel,
    Document,
    JournalEntry,
    JournalRevision,
    Letter,
    LetterKind,
    SafetyCondition,
)
from meldpunt.errors import DomainError
from meldpunt.process.models import Evaluation
from meldpunt.process.selectors import reports_for, services_for
from meldpunt.registry.models import Person
from meldpunt.registry.selectors import cases_for


class CaseFileView(ApiView):
    right = Right.VIEW_CASES


def _report_of(case, report_id, user):
    if not report_id:
        return None
    return get_object_or_404(reports_for(user).filter(case=case), pk=report_id)


# Journal --------------------------------------------------------------------------------------


class RevisionOut(serializers.ModelSerializer):
    class Meta:
        model = JournalRevision
        fields = ["participants", "note", "corrected_by", "corrected_at", "reason"]


class JournalOut(serializers.ModelSerializer):
    revisions = RevisionOut(many=True, read_only=True)

    class Meta:
        model = JournalEntry
        fields = [
            "id", "case", "report", "occurred_at", "channel", "participants", "note", "by",
            "created_at", "version", "revisions",
        ]  # fmt: skip


class JournalIn(StrictSerializer):
    occurred_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=Channel.values)
    participants = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )
    note = serializers.CharField(max_length=20_000)
    report = Id(required=False)


class CorrectionIn(StrictSerializer):
    note = serializers.CharField(max_length=20_000)
    participants = serializers.CharField(max_length=300, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=2_000)
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)


class CaseJournalView(CaseFileView):
    @extend_schema(operation_id="journal_list", responses=JournalOut(many=True))
    def get(self, request, case_id: int):
        case = get_object_or_404(cases_for(request.user), pk=case_id)
        entries = list(selectors.journal_for(request.user, case=case))
        self.record("journal.viewed", case)
        return Response(JournalOut(entries, many=True).data)

    @extend_schema(operation_id="journal_create", request=JournalIn, responses=JournalOut)
    def post(self, request, case_id: int):
        case = get_object_or_404(cases_for(request.user), pk=case_id)
        data = self.parse(JournalIn)
        data["report"] = _report_of(case, data.get("report"), request.user)
        entry = services.add_journal_entry(case=case, by=request.user, **data)
        return Response(JournalOut(entry).data, status=status.HTTP_201_CREATED)


class JournalEntryView(CaseFileView):
    @extend_schema(operation_id="journal_read", responses=JournalOut)
    def get(self, request, pk: int):
        entry = get_object_or_404(selectors.journal_entries_for(request.user), pk=pk)
        self.record("journal.viewed", entry, case_id=entry.case_id)
        return Response(JournalOut(entry).data)


class JournalCorrectView(CaseFileView):
    @extend_schema(operation_id="journal_correct", request=CorrectionIn, responses=JournalOut)
    def post(self, request, pk: int):
        entry = get_object_or_404(selectors.journal_entries_for(request.user), pk=pk)
        entry = services.correct_journal_entry(
            entry=entry, by=request.user, **self.parse(CorrectionIn)
        )
        return Response(JournalOut(entry).data)


# Documents ------------------------------------------------------------------------------------


class DocumentOut(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = [
            "id", "case", "report", "title", "filename", "content_type", "size", "sha256",
            "uploaded_by", "uploaded_at",
        ]  # fmt: skip


class DocumentIn(StrictSerializer):
    title = serializers.CharField(max_length=200)
    filename = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField(
        help_text="De inhoud in base64; het type wordt aan de inhoud herkend (PDF, PNG, JPEG, "
        "docx). Grotere bestanden dan de API toelaat gaan via de webpagina."
    )
    report = Id(required=False)


class DocumentContentOut(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    content_type = serializers.CharField()
    content_base64 = serializers.CharField()


class CaseDocumentsView(CaseFileView):
    @extend_schema(operation_id="documents_list", responses=DocumentOut(many=True))
    def get(self, request, case_id: int):
        case = get_object_or_404(cases_for(request.user), pk=case_id)
        docs = list(selectors.documents_for(request.user, case=case))
        self.record("documents.viewed", case)
        return Response(DocumentOut(docs, many=True).data)

    @extend_schema(operation_id="documents_upload", request=DocumentIn, responses=DocumentOut)
    def post(self, request, case_id: int):
        case = get_object_or_404(cases_for(request.user), pk=case_id)
        data = self.parse(DocumentIn)
        try:
            content = base64.b64decode(data["content_base64"], validate=True)
        except (binascii.Error, ValueError) as err:
            raise DomainError("De inhoud is geen geldige base64.", field="content_base64") from err
        doc = services.upload_document(
            case=case,
            by=request.user,
            title=data["title"],
            filename=data["filename"],
            content=content,
            report=_report_of(case, data.get("report"), request.user),
        )
        return Response(DocumentOut(doc).data, status=status.HTTP_201_CREATED)


class DocumentView(CaseFileView):
    @extend_schema(operation_id="documents_read", responses=DocumentOut)
    def get(self, request, pk: int):
        doc = get_object_or_404(selectors.documents_for(request.user), pk=pk)
        self.record("document.described", doc, case_id=doc.case_id)
        return Response(DocumentOut(doc).data)


class DocumentContentView(CaseFileView):
    @extend_schema(operation_id="documents_content", responses=DocumentContentOut)
    def get(self, request, pk: int):
        doc = get_object_or_404(selectors.documents_for(request.user), pk=pk)
        content = services.open_document(
            document=doc, by=request.user, remote_addr=request.META.get("REMOTE_ADDR")
        )
        return Response(
            {
                "id": doc.pk,
                "filename": doc.filename,
                "content_type": doc.content_type,
                "content_base64": base64.b64encode(content).decode("ascii"),
            }
        )


# Letters --------------------------------------------------------------------------------------


class LetterOut(serializers.ModelSerializer):
    class Meta:
        model = Letter
        fields = [
            "id", "case", "report", "kind", "addressee", "subject", "text", "document",
            "created_by", "created_at", "sent_on",
        ]  # fmt: skip


class LetterIn(StrictSerializer):
    kind = serializers.ChoiceField(choices=LetterKind.values)
    person = Id(
        required=False, help_text="de betrokkene aan wie de brief gaat (niet bij de melder)"
    )


class PreviewOut(serializers.Serializer):
    addressee = serializers.CharField()
    subject = serializers.CharField()
    text = serializers.CharField()


class SentIn(StrictSerializer):
    sent_on = serializers.DateField()


def _letter_args(report, data, user) -> dict:
    person = None
    if data.get("person"):
        person = Person.objects.filter(pk=data["person"], involvements__report=report).first()
        if person is None:
            raise DomainError(
                "Kies een betrokkene van deze melding als geadresseerde.", field="person"
            )
    return {"report": report, "kind": data["kind"], "by": user, "person": person}


class ReportLettersView(CaseFileView):
    @extend_schema(operation_id="letters_list", responses=LetterOut(many=True))
    def get(self, request, report_id: int):
        report = get_object_or_404(reports_for(request.user), pk=report_id)
        letters = list(selectors.letters_for(request.user, report=report))
        # Letters name their addressees (people of the report): name them in the trail.
        people = list(report.involvements.values_list("person_id", flat=True))
        self.record("letters.viewed", report, report_id=report.pk, person_ids=people)
        return Response(LetterOut(letters, many=True).data)

    @extend_schema(operation_id="letters_make", request=LetterIn, responses=LetterOut)
    def post(self, request, report_id: int):
        report = get_object_or_404(reports_for(request.user), pk=report_id)
        letter = services.make_letter(**_letter_args(report, self.parse(LetterIn), request.user))
        return Response(LetterOut(letter).data, status=status.HTTP_201_CREATED)


class LetterPreviewView(CaseFileView):
    @extend_schema(operation_id="letters_preview", request=LetterIn, responses=PreviewOut)
    def post(self, request, report_id: int):
        report = get_object_or_404(reports_for(request.user), pk=report_id)
        args = _letter_args(report, self.parse(LetterIn), request.user)
        addressee, subject, text = services.preview_letter(**args)
        people = [args["person"].pk] if args["person"] else []
        self.record("letter.previewed", report, report_id=report.pk, person_ids=people)
        return Response({"addressee": addressee, "subject": subject, "text": text})


class LetterSentView(CaseFileView):
    right = Right.INFORM

    @extend_schema(operation_id="letters_sent", request=SentIn, responses=LetterOut)
    def post(self, request, pk: int):
        letter = get_object_or_404(selectors.letters_for(request.user), pk=pk)
        letter = services.mark_letter_sent(letter=letter, by=request.user, **self.parse(SentIn))
        return Response(LetterOut(letter).data)


# Safety conditions ----------------------------------------------------------------------------


class ConditionOut(serializers.ModelSerializer):
    class Meta:
        model = SafetyCondition
        fields = ["id", "service", "description", "responsible", "agreed_on", "by"]


class ConditionIn(StrictSerializer):
    description = serializers.CharField(max_length=4_000)
    responsible = serializers.CharField(max_length=200)
    agreed_on = serializers.DateField()


class ScoreIn(StrictSerializer):
    condition = Id()
    score = serializers.IntegerField(min_value=1, max_value=10)


class ScoresIn(StrictSerializer):
    scores = ScoreIn(many=True)


class ScoreOut(serializers.Serializer):
    condition = serializers.IntegerField(source="condition_id")
    score = serializers.IntegerField()


class ServiceConditionsView(CaseFileView):
    rights = {"GET": Right.VIEW_CASES, "POST": Right.WORK_SERVICE}

    @extend_schema(operation_id="safety_conditions_list", responses=ConditionOut(many=True))
    def get(self, request, service_id: int):
        service = get_object_or_404(services_for(request.user), pk=service_id)
        if service.kind == "monitoring":
            conditions = list(services.conditions_for_monitoring(service))
        else:
            conditions = list(selectors.conditions_for(service))
        self.record("conditions.viewed", service, report_id=service.report_id)
        return Response(ConditionOut(conditions, many=True).data)

    @extend_schema(
        operation_id="safety_conditions_agree", request=ConditionIn, responses=ConditionOut
    )
    def post(self, request, service_id: int):
        service = get_object_or_404(services_for(request.user), pk=service_id)
        condition = services.agree_safety_condition(
            service=service, by=request.user, **self.parse(ConditionIn)
        )
        return Response(ConditionOut(condition).data, status=status.HTTP_201_CREATED)


class EvaluationScoresView(CaseFileView):
    rights = {"GET": Right.VIEW_CASES, "POST": Right.WORK_SERVICE}

    def _evaluation(self, request, pk):
        return get_object_or_404(
            Evaluation.objects.filter(service__in=services_for(request.user)).select_related(
                "service"
            ),
            pk=pk,
        )

    @extend_schema(operation_id="condition_scores_list", responses=ScoreOut(many=True))
    def get(self, request, pk: int):
        evaluation = self._evaluation(request, pk)
        self.record("conditions.viewed", evaluation, report_id=evaluation.service.report_id)
        return Response(ScoreOut(evaluation.condition_scores.all(), many=True).data)

    @extend_schema(
        operation_id="condition_scores_record", request=ScoresIn, responses=ScoreOut(many=True)
    )
    def post(self, request, pk: int):
        evaluation = self._evaluation(request, pk)
        scores: dict[int, int] = {}
        for item in self.parse(ScoresIn)["scores"]:
            if item["condition"] in scores:
                raise DomainError("Iedere voorwaarde krijgt één cijfer.", field="scores")
            scores[item["condition"]] = item["score"]
        created = services.score_conditions(evaluation=evaluation, by=request.user, scores=scores)
        return Response(ScoreOut(created, many=True).data)
