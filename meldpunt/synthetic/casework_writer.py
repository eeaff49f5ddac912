"""The rows `casefile.services` and `quality.services` write for the planned casework
(`synthetic.casework`), built like `writer` builds the process rows: each handler names the
service it stands for; `tests/synthetic/test_same_as_services.py` compares them row for row."""

from __future__ import annotations

import datetime as dt
import hashlib

from meldpunt.casefile.models import ConditionScore, SafetyCondition
from meldpunt.quality.models import Complaint, SurveyInvitation, SurveyResponse
from meldpunt.quality.services import TOKEN_DAYS
from meldpunt.synthetic import casework as c
from meldpunt.synthetic import world as w

NUMBERED = (SafetyCondition, SurveyInvitation, Complaint)


class CaseworkRows:
    """Tables and handlers; `writer` owns the ids, the audit table and the flush."""

    def __init__(self, writer):
        from meldpunt.synthetic.writer import _Table

        self.wr = writer
        self.t_condition = _Table(
            SafetyCondition, ["id", "service", "description", "responsible", "agreed_on", "by"]
        )
        self.t_score = _Table(ConditionScore, ["evaluation", "condition", "score"])
        self.t_invitation = _Table(
            SurveyInvitation,
            [
                "id",
                "kind",
                "respondent",
                "service",
                "municipality",
                "team",
                "partner_name",
                "token_hash",
                "sent_at",
                "expires_at",
                "channel",
                "used_at",
                "sent_by",
            ],
        )
        self.t_response = _Table(
            SurveyResponse,
            ["invitation", "score_service", "score_treatment", "comment", "answered_at"],
        )
        self.t_complaint = _Table(
            Complaint,
            [
                "id",
                "received_on",
                "case",
                "summary",
                "stage",
                "handled_internally_on",
                "committee_on",
                "decided_on",
                "well_founded",
                "measures",
                "registered_by",
            ],
        )
        self.tables = [
            self.t_condition,
            self.t_score,
            self.t_invitation,
            self.t_response,
            self.t_complaint,
        ]
        self.report: dict = {}

    def start_report(self) -> None:
        """Forget the previous report's conditions, invitation and complaint."""
        self.report = {"conditions": []}

    def event(self, e: w.Event, *, rid: int, report: list, svcs: dict) -> None:
        wr, d, kind, mine = self.wr, e.data, e.kind, self.report
        if kind == c.CONDITION:
            # casefile.services.agree_safety_condition
            sid = svcs[w.MAIN].row[0]
            cid = wr._id("casefile.safetycondition")
            self.t_condition.add(
                cid, sid, d["description"].strip(), d["responsible"].strip(), d["agreed_on"], e.by
            )
            mine["conditions"].append(cid)
            wr._audit(
                e.at, e.by, "condition.agreed", "casefile.safetycondition", cid, {"service_id": sid}
            )
        elif kind == c.SCORE_CONDITIONS:
            # casefile.services.score_conditions (the conditions of the service monitored)
            mon = svcs[w.MONITORING]
            evaluation, _ = mon.evaluations[d["moment"]]
            for cid, score in zip(mine["conditions"], d["scores"], strict=True):
                self.t_score.add(evaluation[0], cid, score)
            wr._audit(
                e.at,
                e.by,
                "conditions.scored",
                "process.evaluation",
                evaluation[0],
                {"service_id": mon.row[0]},
            )
        elif kind == c.SURVEY_INVITE:
            # quality.services.invite_for_service (the token itself is never stored)
            sid = svcs[w.MAIN].row[0]
            iid = wr._id("quality.surveyinvitation")
            token = f"synthetic-{wr.run_id}-{rid}-{iid}".encode()
            mine["invitation"] = self.t_invitation.add(
                iid,
                "client",
                d["respondent"],
                sid,
                report[6],
                report[9],
                "",
                hashlib.sha256(token).hexdigest(),
                e.at,
                e.at + dt.timedelta(days=TOKEN_DAYS),
                d["channel"],
                None,
                e.by,
            )
            wr._audit(
                e.at, e.by, "survey.invited", "quality.surveyinvitation", iid, {"service_id": sid}
            )
        elif kind == c.SURVEY_ANSWER:
            # quality.services.answer_survey (anonymous: no audit entry)
            invitation = mine["invitation"]
            invitation[11] = e.at
            self.t_response.add(
                invitation[0], d["service"], d["treatment"], d["comment"][:4000], e.at
            )
        elif kind == c.COMPLAINT:
            # quality.services.register_complaint
            kid = wr._id("quality.complaint")
            mine["complaint"] = self.t_complaint.add(
                kid,
                d["received_on"],
                wr._case_now,
                d["summary"],
                "received",
                None,
                None,
                None,
                None,
                "",
                e.by,
            )
            wr._audit(e.at, e.by, "complaint.registered", "quality.complaint", kid, {})
        elif kind == c.COMPLAINT_STEP:
            # quality.services.advance_complaint
            row = mine["complaint"]
            stage = d["stage"]
            if stage == "internal":
                row[5] = d["on"]
            elif stage == "committee":
                row[6] = d["on"]
            elif stage == "decided":
                row[7], row[8], row[9] = d["on"], d["well_founded"], d["measures"]
            row[4] = stage
            wr._audit(
                e.at, e.by, "complaint.advanced", "quality.complaint", row[0], {"stage": stage}
            )
        else:  # pragma: no cover - the planner makes no other events
            raise ValueError(f"unknown event {kind}")
