"""The rows `acute.services` and `casefile.services` write for the planned acute and file work
(`synthetic.acute`), built like `writer` builds the process rows: each handler names the service
it stands for; `tests/synthetic/test_same_as_services.py` compares them row for row."""

from __future__ import annotations

from meldpunt.acute import clocks
from meldpunt.acute.models import (
    CrisisIntervention,
    EndReason,
    FamilyIntervention,
    Hearing,
    InformationRequest,
    OrderTransition,
    OutOfHoursContribution,
    RestrainingOrder,
)
from meldpunt.casefile.models import JournalEntry
from meldpunt.synthetic import acute as a
from meldpunt.synthetic import world as w

NUMBERED = (
    CrisisIntervention,
    RestrainingOrder,
    OutOfHoursContribution,
    Hearing,
    InformationRequest,
    FamilyIntervention,
    JournalEntry,
)


class AcuteRows:
    """Tables and handlers; `writer` owns the ids, the audit table and the flush."""

    def __init__(self, writer):
        from meldpunt.synthetic.writer import _Table

        self.wr = writer
        self.t_crisis = _Table(
            CrisisIntervention,
            [
                "id",
                "case",
                "report",
                "municipality",
                "called_at",
                "on_site_at",
                "summary",
                "outcome",
                "outcome_note",
                "completed_at",
                "handed_over_at",
                "handover_destination",
                "handover_due_at",
                "handover_warn_at",
                "out_of_hours",
                "registered_by",
            ],
        )
        self.t_responders = _Table(
            CrisisIntervention.responders.through, ["crisisintervention", "user"]
        )
        self.t_order = _Table(
            RestrainingOrder,
            [
                "id",
                "case",
                "report",
                "municipality",
                "imposed_at",
                "police_reference",
                "removed_person",
                "street",
                "house_number",
                "postcode",
                "city",
                "status",
                "version",
                "original_ends_at",
                "ends_at",
                "advice_due_at",
                "advice_warn_at",
                "advised_at",
                "advice",
                "extended_at",
                "help_offered_removed_at",
                "help_offered_staying_at",
                "ended_at",
                "end_reason",
                "aftermath",
                "out_of_hours",
                "registered_by",
            ],
        )
        self.t_staying = _Table(
            RestrainingOrder.staying_behind.through, ["restrainingorder", "person"]
        )
        self.t_order_history = _Table(
            OrderTransition, ["order", "action", "from_status", "to_status", "by", "at", "note"]
        )
        self.t_out_of_hours = _Table(
            OutOfHoursContribution, ["id", "order", "started_at", "ended_at", "by", "note"]
        )
        self.t_hearing = _Table(
            Hearing,
            [
                "id",
                "case",
                "municipality",
                "person",
                "requested_at",
                "heard_at",
                "heard_by",
                "not_heard_reason",
                "report_sent_at",
                "registered_by",
            ],
        )
        self.t_information = _Table(
            InformationRequest,
            [
                "id",
                "report",
                "source",
                "question",
                "asked_at",
                "asked_by",
                "answered_at",
                "answer",
                "answered_by",
            ],
        )
        self.t_family = _Table(
            FamilyIntervention,
            [
                "id",
                "case",
                "kind",
                "started_on",
                "ended_on",
                "lead_organisation",
                "vt_leads",
                "note",
                "registered_by",
            ],
        )
        self.t_journal = _Table(
            JournalEntry,
            [
                "id",
                "case",
                "report",
                "occurred_at",
                "channel",
                "participants",
                "note",
                "by",
                "created_at",
                "version",
            ],
        )
        self.tables = [
            self.t_crisis,
            self.t_responders,
            self.t_order,
            self.t_staying,
            self.t_order_history,
            self.t_out_of_hours,
            self.t_hearing,
            self.t_information,
            self.t_family,
            self.t_journal,
        ]
        self.report: dict = {}

    # ------------------------------------------------------------------ per report

    def start_report(self) -> None:
        """Forget the previous report's rows (crisis, order, requests, interventions)."""
        self.report = {"info": {}, "family": {}}

    def event(self, plan: w.ReportPlan, e: w.Event, rid: int, case_id: int) -> None:
        wr, d, kind, mine = self.wr, e.data, e.kind, self.report
        if kind == a.CRISIS:
            # acute.services.register_crisis_intervention (short form)
            called = d["called_at"].astimezone(w.AMS)
            cid = wr._id("acute.crisisintervention")
            mine["crisis"] = self.t_crisis.add(
                cid,
                case_id,
                rid,
                plan.municipality_id,
                called,
                None,
                d["summary"],
                "",
                "",
                None,
                None,
                None,
                clocks.handover_due(called),
                clocks.handover_warning(called),
                wr.out_of_hours(called),
                e.by,
            )
            mine["responders"] = [e.by]
            self.t_responders.add(cid, e.by)
            self._audit(e, "crisis_intervention.registered", CrisisIntervention, cid, case_id)
        elif kind == a.CRISIS_COMPLETE:
            # complete_crisis_intervention
            row = mine["crisis"]
            row[5], row[7], row[8], row[9] = d["on_site_at"], d["outcome"], "", e.at
            if d["responders"] and d["responders"] != mine["responders"]:
                raise NotImplementedError("the planner keeps the responders")
            self._audit(
                e,
                "crisis_intervention.completed",
                CrisisIntervention,
                row[0],
                case_id,
                outcome=d["outcome"],
            )
        elif kind == a.CRISIS_HANDOVER:
            # hand_over_crisis
            row = mine["crisis"]
            row[10], row[11] = d["handed_over_at"], d["destination"]
            in_time = d["handed_over_at"] <= row[12]
            self._audit(
                e,
                "crisis_intervention.handed_over",
                CrisisIntervention,
                row[0],
                case_id,
                in_time=in_time,
            )
        elif kind == a.ORDER:
            # register_restraining_order, then transitions.apply(REGISTER)
            imposed = d["imposed_at"]
            end = clocks.order_end(imposed)
            oid = wr._id("acute.restrainingorder")
            mine["order"] = self.t_order.add(
                oid,
                case_id,
                rid,
                plan.municipality_id,
                imposed,
                (plan.police_reference or "").strip(),
                wr.person_id(d["removed"]),
                d["street"].strip(),
                d["house_number"].strip(),
                d["postcode"].strip().upper(),
                d["city"].strip(),
                "imposed",
                0,
                end,
                end,
                clocks.advice_due(imposed, wr.calendar),
                clocks.advice_warning(imposed, wr.calendar),
                None,
                "",
                None,
                None,
                None,
                None,
                "",
                "",
                wr.out_of_hours(imposed),
                e.by,
            )
            for row in d["staying"]:
                self.t_staying.add(oid, wr.person_id(row))
            self._order_step(e, "register", "", "imposed", "", case_id, claim=False)
        elif kind == a.ORDER_HELP:
            row = mine["order"]
            row[20 if d["to_removed"] else 21] = d["offered_at"]
            note = "uithuisgeplaatste" if d["to_removed"] else "achterblijvers"
            self._order_step(e, "offer_help", row[11], row[11], note, case_id)
        elif kind == a.ORDER_ADVICE:
            row = mine["order"]
            row[17], row[18] = d["advised_at"], d["advice"]
            self._order_step(e, "advise", row[11], row[11], "", case_id)
        elif kind == a.ORDER_EXTEND:
            row = mine["order"]
            until = d["until"].astimezone(w.AMS)
            row[19], row[14] = d["decided_at"], until
            note = f"tot {until:%d-%m-%Y %H:%M}"
            self._order_step(e, "extend", row[11], "extended", note, case_id)
        elif kind == a.ORDER_END:
            row = mine["order"]
            row[22], row[23] = d["ended_at"], d["reason"]
            self._order_step(e, "end", row[11], "ended", EndReason(d["reason"]).label, case_id)
        elif kind == a.ORDER_CLOSE:
            row = mine["order"]
            row[24] = d["aftermath"]
            self._order_step(e, "close", row[11], "closed", "", case_id)
        elif kind == a.ORDER_OUT_OF_HOURS:
            # record_out_of_hours_contribution
            order = mine["order"]
            xid = wr._id("acute.outofhourscontribution")
            self.t_out_of_hours.add(xid, order[0], d["started_at"], d["ended_at"], e.by, "")
            wr._audit_row(
                e.at,
                e.by,
                "restraining_order.out_of_hours",
                "acute.outofhourscontribution",
                xid,
                case_id,
                {"order_id": order[0], "case_id": case_id},
            )
        elif kind == a.INFO_ASK:
            # request_information
            qid = wr._id("acute.informationrequest")
            mine["info"][d["key"]] = self.t_information.add(
                qid, rid, d["source"], d["question"].strip(), e.at, e.by, None, "", ""
            )
            wr._audit_row(
                e.at,
                e.by,
                "information_request.asked",
                "acute.informationrequest",
                qid,
                case_id,
                {"report_id": rid, "source": d["source"]},
            )
        elif kind == a.INFO_ANSWER:
            # record_answer
            row = mine["info"][d["key"]]
            row[6], row[7], row[8] = e.at, d["answer"].strip(), d["answered_by"].strip()
            wr._audit_row(
                e.at,
                e.by,
                "information_request.answered",
                "acute.informationrequest",
                row[0],
                case_id,
                {"report_id": rid},
            )
        elif kind == a.FAMILY_START:
            # start_family_intervention
            fid = wr._id("acute.familyintervention")
            mine["family"][d["kind"]] = self.t_family.add(
                fid, case_id, d["kind"], d["started_on"], None, d["lead"], d["vt_leads"], "", e.by
            )
            self._audit(
                e, "family_intervention.started", FamilyIntervention, fid, case_id, kind=d["kind"]
            )
        elif kind == a.FAMILY_END:
            # end_family_intervention
            row = mine["family"][d["kind"]]
            row[4] = d["ended_on"]
            self._audit(e, "family_intervention.ended", FamilyIntervention, row[0], case_id)
        elif kind == a.JOURNAL:
            # casefile.services.add_journal_entry
            jid = wr._id("casefile.journalentry")
            self.t_journal.add(
                jid,
                case_id,
                rid,
                d["occurred_at"],
                d["channel"],
                d["participants"].strip(),
                d["note"],
                e.by,
                e.at,
                0,
            )
            self._audit(e, "journal.added", JournalEntry, jid, case_id)
        else:  # pragma: no cover - the planner makes no other events
            raise ValueError(f"unknown event {kind}")

    def _audit(self, e, event, model, subject_id, case_id, **details) -> None:
        self.wr._audit_row(
            e.at,
            e.by,
            event,
            model._meta.label_lower,
            subject_id,
            case_id,
            {"case_id": case_id, **details},
        )

    def _order_step(self, e, action, current, target, note, case_id, *, claim=True) -> None:
        """acute.transitions.apply: status and version, the history row, the audit entry."""
        row = self.report["order"]
        if claim:
            row[11] = target
            row[12] += 1
        self.t_order_history.add(row[0], action, current, target, e.by, e.at, note)
        self.wr._audit_row(
            e.at,
            e.by,
            f"restraining_order.{action}",
            "acute.restrainingorder",
            row[0],
            case_id,
            {"case_id": case_id, "from_status": current, "to_status": target},
        )

    # ------------------------------------------------------------------ hearings

    def hearing(self, h: a.HearingPlan) -> None:
        wr = self.wr
        row = None
        for e in h.events:
            if e.kind == a.HEARING_REQUEST:
                # request_hearing
                hid = wr._id("acute.hearing")
                row = self.t_hearing.add(
                    hid, None, h.municipality_id, None, h.requested_at, None, None, "", None, e.by
                )
                wr._audit_row(
                    e.at, e.by, "hearing.requested", "acute.hearing", hid, None, {"case_id": None}
                )
            else:
                # record_hearing
                d = e.data
                heard = d["heard_at"]
                row[5], row[6], row[7], row[8] = (
                    heard,
                    e.by if heard else None,
                    d["not_heard_reason"].strip(),
                    d["report_sent_at"],
                )
                wr._audit_row(
                    e.at,
                    e.by,
                    "hearing.recorded",
                    "acute.hearing",
                    row[0],
                    None,
                    {"case_id": None, "heard": bool(heard)},
                )
