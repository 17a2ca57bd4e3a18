"""Supervisor review over HTTP: inbox, record lists and detail, approve-clean, flags, scope.

Real server on loopback, SQLite and PostgreSQL (the ``live`` fixture is parametrised).
"""

from __future__ import annotations

import io
import sys
import uuid
from datetime import UTC, date, datetime, timedelta

from app.domain.kk import make_kk
from app.domain.nik import make_nik
from app.domain.regions import regions
from server.cli import main as server_main
from server.flags import WITA
from sync.review_protocol import (
    DEVICE_TIME_HEADER,
    BatchList,
    RecordDetail,
    RecordList,
)
from tests.server.conftest import (
    KECAMATAN,
    OTHER_KECAMATAN,
    PASSWORD,
    auth_header,
    envelope,
    login,
    put_batch,
    register,
    request_data,
    sealed,
)

DESA_A = regions().desa_of(KECAMATAN)[0].code
DESA_A2 = regions().desa_of(KECAMATAN)[1].code


def push(client, device: dict, datas: list[dict], uuids=None, revision=1, **headers):
    """One batch of requests from ``device``; returns (batch_uuid, record uuids)."""
    uuids = uuids or [str(uuid.uuid4()) for _ in datas]
    envs = [envelope(u, revision=revision, data=d) for u, d in zip(uuids, datas, strict=True)]
    batch, body = sealed(device["device_id"], envs)
    resp = put_batch(client, device["token"], batch.batch_uuid, body, **headers)
    assert resp.status_code == 200, resp.text
    outcomes = [r["outcome"] for r in resp.json()["results"]]
    assert outcomes == ["accepted"] * len(datas), resp.text
    return batch.batch_uuid, uuids


def batches(client, who, **params) -> BatchList:
    resp = client.get("/api/v1/review/batches", params=params, headers=who)
    assert resp.status_code == 200, resp.text
    return BatchList.model_validate(resp.json())


def records(client, who, **params) -> RecordList:
    resp = client.get("/api/v1/review/records", params=params, headers=who)
    assert resp.status_code == 200, resp.text
    return RecordList.model_validate(resp.json())


def detail(client, who, record_uuid) -> RecordDetail:
    resp = client.get(f"/api/v1/review/records/{record_uuid}", headers=who)
    assert resp.status_code == 200, resp.text
    return RecordDetail.model_validate(resp.json())


def decide(client, who, record_uuid, decision, comment=""):
    resp = client.post(
        f"/api/v1/records/{record_uuid}/decision",
        json={"decision": decision, "comment": comment},
        headers=who,
    )
    assert resp.status_code == 200, resp.text


def flags_by_uuid(client, who, **params) -> dict[str, list[str]]:
    return {r.uuid: r.flags for r in records(client, who, limit=1000, **params).items}


def feed(client, device) -> list[dict]:
    resp = client.get("/api/v1/changes", headers=auth_header(device["token"]))
    assert resp.status_code == 200, resp.text
    return resp.json()["changes"]


# --------------------------------------------------------------------------- inbox, scope


def test_supervisor_sees_only_own_kecamatan(live, client, team):
    batch_a, uuids_a = push(client, team["ani"], [request_data(s) for s in (1, 2, 3)])
    batch_b, uuids_b = push(
        client, team["rudi"], [request_data(s, OTHER_KECAMATAN) for s in (4, 5)]
    )

    inbox = batches(client, team["budi"])
    assert inbox.total == 1
    item = inbox.items[0]
    assert item.batch_uuid == batch_a and item.officer == "ani"
    assert (item.officer_name, item.team, item.kecamatan_code) == (
        "Ani Rahmawati",
        "Tim 1",
        KECAMATAN,
    )
    assert item.desa_codes == [DESA_A]
    assert (item.record_count, item.pending, item.approved, item.state) == (3, 3, 0, "new")
    assert [i.batch_uuid for i in batches(client, team["eka"]).items] == [batch_b]
    assert {i.batch_uuid for i in batches(client, team["root"]).items} == {batch_a, batch_b}
    assert batches(client, team["root"], kecamatan=OTHER_KECAMATAN).items[0].batch_uuid == batch_b
    assert records(client, team["budi"]).total == 3
    assert {r.uuid for r in records(client, team["root"]).items} == set(uuids_a + uuids_b)

    # B's data is out of reach for A's supervisor: listed, read or decided
    for path, params in [
        ("/api/v1/review/batches", {"kecamatan": OTHER_KECAMATAN}),
        ("/api/v1/review/records", {"kecamatan": OTHER_KECAMATAN}),
        ("/api/v1/review/records", {"batch_uuid": batch_b}),
        ("/api/v1/review/records", {"desa": regions().desa_of(OTHER_KECAMATAN)[0].code}),
        (f"/api/v1/review/records/{uuids_b[0]}", {}),
    ]:
        resp = client.get(path, params=params, headers=team["budi"])
        assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope", path
    resp = client.post(f"/api/v1/review/batches/{batch_b}/approve-clean", headers=team["budi"])
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope"
    resp = client.post(
        f"/api/v1/records/{uuids_b[0]}/decision",
        json={"decision": "approve", "comment": ""},
        headers=team["budi"],
    )
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_scope"
    assert live.count("decisions") == 0 and live.count("changes") == 0

    # wrong tokens, unknown ids, bad parameters
    device = auth_header(team["ani"]["token"])
    resp = client.get("/api/v1/review/batches", headers=device)
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden_role"
    assert client.get("/api/v1/review/batches").json()["code"] == "auth_required"
    resp = client.get(f"/api/v1/review/records/{uuid.uuid4()}", headers=team["budi"])
    assert resp.status_code == 404 and resp.json()["code"] == "not_found"
    resp = client.post(f"/api/v1/review/batches/{uuid.uuid4()}/approve-clean", headers=team["root"])
    assert resp.status_code == 404 and resp.json()["code"] == "not_found"
    resp = client.get("/api/v1/review/batches", params={"state": "open"}, headers=team["budi"])
    assert resp.status_code == 400 and "state" in resp.json()["message"]
    resp = client.get("/api/v1/review/records", params={"limit": 0}, headers=team["budi"])
    assert resp.status_code == 400 and resp.json()["code"] == "bad_request"


def test_batch_counts_and_state_follow_decisions(live, client, team):
    batch_a, uuids = push(client, team["ani"], [request_data(s) for s in (1, 2, 3)])
    batch_d, _ = push(client, team["dedi"], [request_data(9, desa_code=DESA_A2)])
    budi = team["budi"]
    assert batches(client, budi).total == 2
    assert [i.batch_uuid for i in batches(client, budi, officer="dedi").items] == [batch_d]
    assert [i.batch_uuid for i in batches(client, budi, team="Tim 1").items] == [batch_a]
    assert [i.batch_uuid for i in batches(client, budi, desa=DESA_A2).items] == [batch_d]
    today = datetime.now(WITA).date()  # receipt days are Kutai Kartanegara days
    assert batches(client, budi, date_from=today - timedelta(days=1), date_to=today).total == 2
    assert batches(client, budi, date_from=today + timedelta(days=2)).total == 0

    decide(client, budi, uuids[0], "approve")
    decide(client, budi, uuids[1], "return", "Foto KK buram")
    item = batches(client, budi, officer="ani").items[0]
    assert (item.pending, item.approved, item.returned, item.rejected) == (1, 1, 1, 0)
    assert item.state == "in_review"
    assert [i.batch_uuid for i in batches(client, budi, state="in_review").items] == [batch_a]
    assert [i.batch_uuid for i in batches(client, budi, state="new").items] == [batch_d]
    decide(client, budi, uuids[2], "reject", "Data ganda")
    item = batches(client, budi, officer="ani").items[0]
    assert (item.pending, item.rejected, item.state) == (0, 1, "done")
    assert [i.batch_uuid for i in batches(client, budi, state="done").items] == [batch_a]

    assert [r.uuid for r in records(client, budi, state="returned").items] == [uuids[1]]
    assert records(client, budi, state="pending").total == 1
    assert records(client, budi, batch_uuid=batch_a, state="approved").items[0].uuid == uuids[0]

    # the decisions reach ani's laptop through the changes feed
    seen = feed(client, team["ani"])
    assert [(c["entity_uuid"], c["data"]["decision"]) for c in seen] == [
        (uuids[0], "approve"),
        (uuids[1], "return"),
        (uuids[2], "reject"),
    ]
    assert feed(client, team["dedi"]) == []


def test_record_lists_filter_and_page(live, client, team):
    names = ["Budi Santoso", "Bunga Citra Lestari", "Siti Aminah", "Siti Rahma"]
    datas = [request_data(10 + i, name=n) for i, n in enumerate(names)]
    datas[3]["service"] = "ktp_printing"
    batch, uuids = push(client, team["ani"], datas)
    budi = team["budi"]
    assert {r.name for r in records(client, budi, q="bu").items} == set(names[:2])
    assert [r.name for r in records(client, budi, q="  SITI   am").items] == ["Siti Aminah"]
    assert records(client, budi, service="ktp_printing").items[0].uuid == uuids[3]
    nik = datas[2]["nik"]
    found = records(client, budi, q=f"{nik[:6]}.{nik[6:12]}").items
    assert len(found) == 4  # same region and birth date: the prefix matches all
    assert [r.uuid for r in records(client, budi, q=nik).items] == [uuids[2]]
    one = records(client, budi, q=nik).items[0]
    assert (one.nik, one.name, one.batch_uuid, one.officer) == (nik, "Siti Aminah", batch, "ani")
    assert (one.desa_code, one.visit_date, one.service, one.status) == (
        DESA_A,
        "2025-06-01",
        "ktp_recording",
        "received",
    )
    assert one.review_state == "pending" and one.revision == 1 and one.flags == []
    first = records(client, budi, limit=3)
    second = records(client, budi, limit=3, offset=3)
    assert first.total == second.total == 4
    assert len(first.items) == 3 and len(second.items) == 1
    assert {r.uuid for r in first.items + second.items} == set(uuids)
    assert records(client, budi, q="zz").total == 0


def test_record_detail_and_new_revision(live, client, team):
    data = request_data(21)
    data["kk"] = make_kk("64.02.99", date(2015, 3, 1), 21)  # unknown district: a warning
    batch1, (rec,) = push(client, team["ani"], [data])
    budi = team["budi"]
    first = detail(client, budi, rec)
    assert first.revision == 1 and first.review_state == "pending"
    assert first.data["name"] == "Siti Aminah" and first.data["desa_code"] == DESA_A
    assert first.nik_decoded is not None
    assert (first.nik_decoded.birth_date, first.nik_decoded.sex) == ("1990-05-17", "P")
    assert first.nik_decoded.region_code == KECAMATAN
    assert first.nik_decoded.region_name == "Muara Badak"
    assert len(first.warnings) == 1 and "64.02.99" in first.warnings[0]
    assert first.flags == []
    assert [r.revision for r in first.revisions] == [1] and first.revisions[0].changes == {}
    assert first.revisions[0].device_time == "2025-06-01T02:03:04.000Z"

    decide(client, budi, rec, "return", "Nama belum lengkap")
    returned = detail(client, budi, rec)
    assert returned.review_state == "returned"
    assert [(d.decision, d.comment, d.by, d.revision) for d in returned.decisions] == [
        ("return", "Nama belum lengkap", "budi", 1)
    ]

    corrected = dict(data, name="Siti Aminah Putri")
    batch2, _ = push(client, team["ani"], [corrected], uuids=[rec], revision=2)
    again = detail(client, budi, rec)
    assert again.revision == 2 and again.review_state == "pending"
    assert [r.revision for r in again.revisions] == [1, 2]
    assert again.revisions[1].changes == {"name": ["Siti Aminah", "Siti Aminah Putri"]}
    assert again.revisions[0].data["name"] == "Siti Aminah"
    assert [d.revision for d in again.decisions] == [1]
    listed = records(client, budi).items
    assert [(r.uuid, r.revision, r.batch_uuid, r.review_state) for r in listed] == [
        (rec, 2, batch2, "pending")
    ]
    assert [i.batch_uuid for i in batches(client, budi).items] == [batch2]
    decide(client, budi, rec, "approve")
    assert [d.revision for d in detail(client, budi, rec).decisions] == [1, 2]


# --------------------------------------------------------------------------- approve-clean


def test_approve_clean_approves_only_clean_pending_records(live, client, team):
    clean = [request_data(s) for s in (31, 32, 33)]
    implausible = request_data(34, nik=make_nik(OTHER_KECAMATAN, date(1990, 5, 17), "P", 34))
    warned = request_data(35, kk=make_kk("64.02.99", date(2015, 3, 1), 35))
    returned = request_data(36)
    batch, uuids = push(client, team["ani"], clean + [implausible, warned, returned])
    budi = team["budi"]
    decide(client, budi, uuids[5], "return", "Foto buram")

    resp = client.post(f"/api/v1/review/batches/{batch}/approve-clean", headers=budi)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"approved": 3, "skipped": 2}
    states = {r.uuid: r.review_state for r in records(client, budi, batch_uuid=batch).items}
    assert [states[u] for u in uuids] == [
        "approved",
        "approved",
        "approved",
        "pending",
        "pending",
        "returned",
    ]
    item = batches(client, budi).items[0]
    assert (item.pending, item.approved, item.returned, item.state) == (2, 3, 1, "in_review")
    assert live.count("decisions") == 4
    seen = feed(client, team["ani"])
    assert [c["data"]["decision"] for c in seen] == ["return", "approve", "approve", "approve"]
    assert {c["entity_uuid"] for c in seen[1:]} == set(uuids[:3])
    assert all(
        c["data"]["record_revision"] == 1 and c["data"]["decided_by"] == "budi" for c in seen
    )
    assert detail(client, budi, uuids[0]).decisions[0].by == "budi"

    again = client.post(f"/api/v1/review/batches/{batch}/approve-clean", headers=team["root"])
    assert again.json() == {"approved": 0, "skipped": 2}
    assert live.count("decisions") == 4


# --------------------------------------------------------------------------- flags


def test_duplicate_flags_across_teams_and_within_30_days(live, client, team):
    shared = request_data(50)
    _, (ani_rec,) = push(client, team["ani"], [shared])
    _, (dedi_rec,) = push(client, team["dedi"], [dict(shared, visit_uuid=str(uuid.uuid4()))])
    other_service = dict(shared, service="ikd_activation", has_ektp=True)
    _, (ikd,) = push(client, team["ani"], [other_service])
    budi = team["budi"]
    flags = flags_by_uuid(client, budi)
    assert flags[ani_rec] == flags[dedi_rec] == ["duplicate_team", "duplicate_30d"]
    assert flags[ikd] == []
    dup = {f.code: f for f in detail(client, budi, ani_rec).flags}
    assert dup["duplicate_team"].severity == "error"
    assert "petugas lain" in dup["duplicate_team"].message

    # one officer, same NIK + service: 1 June and 20 June are within 30 days, 15 Aug is not
    days = ["2025-06-01", "2025-06-20", "2025-08-15"]
    _, recs = push(client, team["ani"], [request_data(60, visit_date=d) for d in days])
    flags = flags_by_uuid(client, budi)
    assert [flags[u] for u in recs] == [["duplicate_30d"], ["duplicate_30d"], []]
    near = {f.code: f.message for f in detail(client, budi, recs[0]).flags}
    assert "19 hari" in near["duplicate_30d"]

    # a new revision moving the visit to 30 September clears the partner's flag
    moved = request_data(60, visit_date="2025-09-30")
    push(client, team["ani"], [moved], uuids=[recs[1]], revision=2)
    flags = flags_by_uuid(client, budi)
    assert [flags[u] for u in recs] == [[], [], []]

    # a cancelled request is no duplicate
    push(client, team["dedi"], [dict(shared, status="cancelled")], uuids=[dedi_rec], revision=2)
    flags = flags_by_uuid(client, budi)
    assert flags[ani_rec] == [] and flags[dedi_rec] == []


def test_region_eligibility_and_clock_flags(live, client, team):
    implausible = request_data(70, nik=make_nik(OTHER_KECAMATAN, date(1990, 5, 17), "P", 70))
    child_nik = make_nik(KECAMATAN, date(2015, 1, 10), "P", 71)
    overridden = request_data(71, nik=child_nik, mismatch_reason="Tanggal lahir sesuai akta")
    _, (region_rec, child_rec) = push(client, team["ani"], [implausible, overridden])
    budi = team["budi"]
    region = detail(client, budi, region_rec)
    assert [(f.code, f.severity) for f in region.flags] == [("region_implausible", "warning")]
    assert "Tenggarong" in region.flags[0].message and "Muara Badak" in region.flags[0].message
    child = detail(client, budi, child_rec)
    assert [(f.code, f.severity) for f in child.flags] == [("eligibility", "error")]
    assert "umur pemohon 10 tahun" in child.flags[0].message
    assert child.warnings  # the answered birth-date confirmation

    now = datetime.now(UTC)
    late = (now - timedelta(hours=2)).isoformat().replace("+00:00", "Z")
    _, skewed = push(
        client, team["ani"], [request_data(72), request_data(73)], **{DEVICE_TIME_HEADER: late}
    )
    on_time = now.isoformat().replace("+00:00", "Z")
    _, (fine,) = push(client, team["ani"], [request_data(74)], **{DEVICE_TIME_HEADER: on_time})
    flags = flags_by_uuid(client, budi)
    assert [flags[u] for u in skewed] == [["clock_skew"], ["clock_skew"]]
    assert flags[fine] == []
    message = detail(client, budi, skewed[0]).flags[0].message
    assert "120 menit" in message
    # the officer fixes the clock and resends: the new revision is clean again
    push(
        client,
        team["ani"],
        [request_data(72)],
        uuids=[skewed[0]],
        revision=2,
        **{DEVICE_TIME_HEADER: on_time},
    )
    assert flags_by_uuid(client, budi)[skewed[0]] == []


def test_user_add_full_name_and_team(live, client, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    code = server_main(
        [
            "user",
            "add",
            "sari",
            "--role",
            "officer",
            "--kecamatan",
            KECAMATAN,
            "--full-name",
            "Sari  Dewi",
            "--team",
            "Tim 4",
            "--database-url",
            live.url,
        ]
    )
    assert code == 0 and "team Tim 4" in capsys.readouterr().out
    live.add_user("budi", role="supervisor")
    sari = register(client, "sari")
    push(client, sari, [request_data(80)])
    item = batches(client, login(client, "budi"), team="Tim 4").items[0]
    assert (item.officer, item.officer_name, item.team) == ("sari", "Sari Dewi", "Tim 4")
