"""Targets: workforce leads set them, everyone reads them, dashboards show the status."""

from __future__ import annotations

from workforce_web.accounts.models import AuditEvent
from workforce_web.dashboards.models import Target


def test_a_workforce_lead_sets_a_target(as_user):
    client = as_user("lead")
    response = client.post("/dashboards/targets/M20/", {"value": "90", "target_date":
                                                        "2027-03-31", "note": "Strategy"})
    assert response.status_code == 302 and response["Location"] == "/dashboards/targets/"
    t = Target.objects.get(organisation="T1", measure_id="M20")
    assert (t.value, str(t.target_date), t.note) == (90.0, "2027-03-31", "Strategy")
    assert AuditEvent.objects.filter(action="set_target", detail="M20=90.0").exists()
    page = client.get("/dashboards/targets/").content.decode()
    assert "90.0" in page and "31 Mar 2027" in page


def test_a_target_can_be_changed_and_removed(as_user):
    client = as_user("admin")
    client.post("/dashboards/targets/M21/", {"value": "80", "target_date": "2027-03-31"})
    client.post("/dashboards/targets/M21/", {"value": "85", "target_date": "2028-03-31"})
    assert Target.objects.get(measure_id="M21").value == 85.0
    client.post("/dashboards/targets/M21/", {"delete": "1"})
    assert not Target.objects.filter(measure_id="M21").exists()


def test_a_wrong_target_says_what_to_do(as_user):
    response = as_user("lead").post("/dashboards/targets/M20/", {"value": "ninety",
                                                                 "target_date": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the target as a number" in body and "Enter the date" in body
    assert not Target.objects.exists()


def test_managers_and_viewers_cannot_set_targets(as_user):
    for who in ("manager_a", "viewer"):
        response = as_user(who).post("/dashboards/targets/M20/", {
            "value": "1", "target_date": "2027-03-31"})
        assert response.status_code == 403
    assert not Target.objects.exists()


def test_targets_belong_to_one_organisation(as_user):
    as_user("other_org").post("/dashboards/targets/M20/", {"value": "50",
                                                           "target_date": "2027-03-31"})
    assert "50.0" not in as_user("lead").get("/dashboards/targets/").content.decode()


def test_the_dashboard_states_the_rag_rules_and_the_status_against_target(as_user):
    client = as_user("lead")
    client.post("/dashboards/targets/turnover_rate_fte/", {"value": "12",
                                                           "target_date": "2027-03-31"})
    body = client.get("/dashboards/stability/").content.decode()
    assert "Green (on target)" in body and "Amber (near target)" in body
    assert "Dashboard target: 12.0% by 31 March 2027." in body
    overview = client.get("/dashboards/").content.decode()
    assert "Dashboard target</span><br>12.0% by 31 March 2027" in overview


def test_targets_can_be_hidden_from_the_comparison(as_user):
    client = as_user("lead")
    client.post("/dashboards/targets/turnover_rate_fte/", {"value": "12",
                                                           "target_date": "2027-03-31"})
    body = client.get("/dashboards/stability/?f=1&compare=england").content.decode()
    assert "Dashboard target: 12.0% by 31 March 2027" not in body
