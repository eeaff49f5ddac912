-- Synthetic facts for the KPI benchmark, written straight into the register's tables with
-- generate_series: the KPIs need facts (dates, places, outcomes), not realistic names, and the
-- national size (1.5 million reports) must load in minutes. Parameters (psql-style, replaced by
-- bench/kpi.py): :N reports, :A advice requests, :H households, :U1/:U2 user ids. The ten years
-- end on 2025-12-31.
SELECT setseed(0.42);

CREATE TEMP TABLE slot AS
SELECT row_number() OVER () - 1 AS idx, m.id AS municipality_id,
       coalesce(m.work_area_id, d.work_area_id) AS work_area_id, d.id AS district_id
FROM reference_municipality m
LEFT JOIN reference_district d ON d.municipality_id = m.id
CROSS JOIN LATERAL generate_series(1, greatest(1, (
    SELECT max(p.population) FROM reference_populationfigure p WHERE p.municipality_id = m.id
) / 10000 / CASE WHEN d.id IS NULL THEN 1 ELSE 14 END)) AS weight
WHERE m.served AND m.valid_to IS NULL;

CREATE TEMP TABLE rt AS SELECT row_number() OVER (ORDER BY code) - 1 AS idx, id FROM reference_reportertype;
CREATE TEMP TABLE vf AS SELECT row_number() OVER (ORDER BY code) - 1 AS idx, id FROM reference_violenceform;
CREATE TEMP TABLE hd AS SELECT row_number() OVER (ORDER BY code) - 1 AS idx, id FROM reference_handoverdestination;

INSERT INTO registry_household (id, created_at)
SELECT g, timestamptz '2016-01-01' FROM generate_series(1, :H) g;
INSERT INTO registry_case (id, opened_at, closed_at, shielded, household_id)
SELECT g, timestamptz '2016-01-01', NULL, g % 500 = 0, g FROM generate_series(1, :H) g;

-- Ids follow the time of receipt, as in a register that is filled day by day (so the rows of
-- one period lie together on disk, as they do in production).
CREATE TEMP TABLE r AS
SELECT row_number() OVER (ORDER BY received_at) AS id, received_at, household, slot,
       u1, u2, u3, u4
FROM (
  SELECT timestamptz '2016-01-01 00:00+01' + random() * interval '3653 days' AS received_at,
         1 + floor(random() ^ 1.4 * :H)::bigint AS household,
         floor(random() * (SELECT count(*) FROM slot))::int AS slot,
         random() AS u1, random() AS u2, random() AS u3, random() AS u4
  FROM generate_series(1, :N)
) x;
ALTER TABLE r ADD COLUMN day date;
UPDATE r SET day = (received_at AT TIME ZONE 'Europe/Amsterdam')::date;
-- Reports of the last ten days are partly still waiting for their triage decision.
ALTER TABLE r ADD COLUMN decided_on date, ADD COLUMN outcome text;
UPDATE r SET
  decided_on = CASE WHEN day > date '2025-12-21' AND u4 < 0.5 THEN NULL
                    ELSE day + floor(1 + u4 ^ 2 * 16)::int END,
  outcome = CASE WHEN u2 < 0.62 THEN 'overdracht' WHEN u2 < 0.73 THEN 'voorwaarden_vervolg'
                 WHEN u2 < 0.83 THEN 'onderzoek' WHEN u2 < 0.85 THEN 'verzoek_rvdk'
                 ELSE 'einde_bemoeienis' END;
UPDATE r SET decided_on = NULL WHERE decided_on > date '2025-12-31';

-- household_previous_at: the stored fact registry.services.refresh_previous_reports keeps (the
-- household's latest earlier report; file g belongs to household g).
INSERT INTO registry_report (id, received_at, status, version, source, acute, crisis_intervention,
  description, police_reference, prior_involvement, case_id, district_id, municipality_id,
  work_area_id, household_previous_at)
SELECT r.id, r.received_at, CASE WHEN decided_on IS NULL THEN 'received' ELSE 'decided' END, 0,
       'generated', u1 < 0.04, u1 < 0.10, '', NULL,
       CASE WHEN decided_on IS NULL THEN ''
            WHEN u3 < 0.32 THEN 'eerste_melding' WHEN u3 < 0.55 THEN 'hermelding_een'
            WHEN u3 < 0.70 THEN 'hermelding_meer' WHEN u3 < 0.85 THEN 'na_veiligheidsbeoordeling'
            ELSE 'tijdens_monitoring' END,
       r.household, s.district_id, s.municipality_id, s.work_area_id,
       max(r.received_at) OVER (PARTITION BY r.household ORDER BY r.received_at
                                RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP)
FROM r JOIN slot s ON s.idx = r.slot
ORDER BY r.id;  -- in the order of receipt on disk, as above

INSERT INTO registry_reporter (id, name, organisation, phone, email, anonymous, wants_feedback,
  report_id, reporter_type_id)
SELECT r.id, '', '', '', '', false, true, r.id, coalesce(police.id, rt.id)
FROM r
JOIN rt ON rt.idx = floor(r.u1 * 1000)::int % (SELECT count(*) FROM rt)
LEFT JOIN reference_reportertype police ON police.code = 'politie' AND r.u3 < 0.75;

INSERT INTO registry_report_violence_forms (report_id, violenceform_id)
SELECT r.id, vf.id FROM r JOIN vf ON vf.idx = floor(r.u4 * 1000)::int % (SELECT count(*) FROM vf)
UNION ALL
SELECT r.id, vf.id FROM r JOIN vf ON vf.idx = (floor(r.u4 * 1000)::int + 3) % (SELECT count(*) FROM vf)
WHERE r.u1 > 0.7;

INSERT INTO registry_person (id, given_names, surname_prefix, surname, date_of_birth, sex, bsn,
  street, house_number, postcode, city, confidential_address, created_at, household_id,
  municipality_id)
SELECT r.id, '', '', 'Kind', r.day - floor(r.u3 * 6500)::int, 'x', '', '', '', '', '', false,
       r.received_at, r.household, NULL
FROM r WHERE r.u1 > 0.5;
INSERT INTO registry_involvement (id, role, person_id, report_id)
SELECT r.id, 'child', r.id, r.id FROM r WHERE r.u1 > 0.5;

-- Terms carry their report's file, municipality and work area (process.terms.open_term).
INSERT INTO process_term (id, kind, started_on, original_due_on, due_on, warn_on, met_on, note,
  extension_reason, report_id, cancelled, case_id, municipality_id, work_area_id)
SELECT r.id, 'triage', r.day, r.day + 7, r.day + 7, r.day + 5, r.decided_on, '', '', r.id, false,
       r.household, s.municipality_id, s.work_area_id
FROM r JOIN slot s ON s.idx = r.slot ORDER BY r.id;

-- Decisions, services, evaluations and hand-overs carry their report's place too
-- (process.places).
INSERT INTO process_triagedecision (id, outcome, rationale, crisis_intervention, notify_police,
  notify_rvdk, status, proposed_at, decided_at, review_note, approved_by_id, proposed_by_id,
  report_id, case_id, municipality_id, work_area_id)
SELECT r.id, r.outcome, '', r.u1 < 0.10, false, false, 'approved',
       r.decided_on + time '10:00', r.decided_on + time '14:00', '', :U2, :U1, r.id,
       p.case_id, p.municipality_id, p.work_area_id
FROM r JOIN registry_report p ON p.id = r.id WHERE r.decided_on IS NOT NULL ORDER BY r.id;

-- V&V and Onderzoek (service id = report id), then monitoring (id = N + report id).
CREATE TEMP TABLE sv AS
SELECT r.id, r.outcome AS kind, r.decided_on AS started_on,
       r.decided_on + floor(20 + r.u3 ^ 1.5 * 90)::int AS closed_on, r.u4
FROM r WHERE r.decided_on IS NOT NULL AND r.outcome IN ('voorwaarden_vervolg', 'onderzoek');
UPDATE sv SET closed_on = NULL WHERE closed_on > date '2025-12-31';
INSERT INTO process_service (id, kind, status, version, started_on, closed_on, conclusion,
  report_id, case_id, municipality_id, work_area_id)
SELECT sv.id, kind, CASE WHEN closed_on IS NULL THEN 'active' ELSE 'closed' END, 0, started_on,
       closed_on, '', sv.id, p.case_id, p.municipality_id, p.work_area_id
FROM sv JOIN registry_report p ON p.id = sv.id ORDER BY sv.id;
INSERT INTO process_term (id, kind, started_on, original_due_on, due_on, warn_on, met_on, note,
  extension_reason, report_id, service_id, cancelled, case_id, municipality_id, work_area_id)
SELECT :N + sv.id, kind, started_on, started_on + 70, started_on + 70, started_on + 66, closed_on,
       '', '', sv.id, sv.id, false, p.case_id, p.municipality_id, p.work_area_id
FROM sv JOIN registry_report p ON p.id = sv.id ORDER BY sv.id;

CREATE TEMP TABLE mon AS
SELECT :N + id AS id, id AS report_id, closed_on AS started_on,
       CASE WHEN closed_on + 540 <= date '2025-12-31' THEN closed_on + 540 END AS closed_on
FROM sv WHERE closed_on IS NOT NULL AND u4 < 0.8;
INSERT INTO process_service (id, kind, status, version, started_on, closed_on, conclusion,
  report_id, previous_id, case_id, municipality_id, work_area_id)
SELECT mon.id, 'monitoring', CASE WHEN closed_on IS NULL THEN 'active' ELSE 'closed' END, 0,
       started_on, closed_on, '', report_id, report_id, p.case_id, p.municipality_id,
       p.work_area_id
FROM mon JOIN registry_report p ON p.id = mon.report_id ORDER BY mon.id;
INSERT INTO process_evaluation (id, moment, done_on, score_family, score_professionals, note,
  service_id, case_id, municipality_id, work_area_id)
SELECT 3 * mon.id + k, m.moment,
       CASE WHEN mon.started_on + m.days <= date '2025-12-31' THEN mon.started_on + m.days END,
       3 + floor(random() * 8)::int, CASE WHEN random() < 0.8 THEN 3 + floor(random() * 8)::int END,
       '', mon.id,
       (SELECT p.case_id FROM registry_report p WHERE p.id = mon.report_id),
       (SELECT p.municipality_id FROM registry_report p WHERE p.id = mon.report_id),
       (SELECT p.work_area_id FROM registry_report p WHERE p.id = mon.report_id)
FROM mon CROSS JOIN (VALUES (0, 3, 90), (1, 9, 270), (2, 18, 540)) AS m(k, moment, days);
UPDATE process_evaluation SET score_family = NULL, score_professionals = NULL WHERE done_on IS NULL;

INSERT INTO process_handover (id, warm, handed_over_on, note, by_id, destination_id, report_id,
  service_id, case_id, municipality_id, work_area_id)
SELECT h.*, p.case_id, p.municipality_id, p.work_area_id FROM (
SELECT r.id, r.u3 < 0.35, r.decided_on, '', :U1, hd.id AS destination_id, r.id AS report_id,
       NULL::bigint
FROM r JOIN hd ON hd.idx = floor(r.u4 * 1000)::int % (SELECT count(*) FROM hd)
WHERE r.decided_on IS NOT NULL AND r.outcome = 'overdracht'
UNION ALL
SELECT :N + sv.id, false, sv.closed_on, '', :U1, hd.id, sv.id, sv.id
FROM sv JOIN hd ON hd.idx = floor(sv.u4 * 1000)::int % (SELECT count(*) FROM hd)
WHERE sv.closed_on IS NOT NULL) h
JOIN registry_report p ON p.id = h.report_id ORDER BY h.id;

INSERT INTO registry_advice (id, received_at, anonymous, asker_name, asker_organisation,
  asker_phone, consent, question, advice_given, status, asker_type_id, municipality_id)
SELECT a.g, a.received_at, false, '', '', '', false, '', '', 'given', rt.id, slot.municipality_id
FROM (
  SELECT row_number() OVER (ORDER BY t) AS g, t AS received_at, ri, si
  FROM (
    SELECT timestamptz '2016-01-01 00:00+01' + random() * interval '3653 days' AS t,
           floor(random() * (SELECT count(*) FROM rt))::int AS ri,
           floor(random() * (SELECT count(*) FROM slot))::int AS si
    FROM generate_series(1, :A)
  ) y
) a
JOIN rt ON rt.idx = a.ri
JOIN slot ON slot.idx = a.si;
