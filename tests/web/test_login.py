"""Logging in: password, then a TOTP code for every role that sees personal data; lockout after
failed passwords; sessions that end after inactivity."""

import base64

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from meldpunt.access import twofactor
from meldpunt.access.roles import Role

PASSWORD = "Veilig-Thuis-2026!"


@pytest.fixture
def worker(make_user):
    user = make_user(Role.TRIAGE, username="tineke")
    user.set_password(PASSWORD)
    user.save()
    return user


def _password_step(client, username="tineke", password=PASSWORD, **extra):
    return client.post("/inloggen/", {"username": username, "password": password, **extra})


def _logged_in(client) -> bool:
    response = client.get("/werkvoorraad/")
    return response.status_code == 200


def test_a_password_alone_does_not_log_in_a_role_that_sees_personal_data(client, worker):
    response = _password_step(client)
    assert response.status_code == 302 and response.url == "/inloggen/code/"
    assert not _logged_in(client)
    assert "_auth_user_id" not in client.session


def test_the_code_from_the_authenticator_completes_the_login(client, worker):
    device = twofactor.enrol(worker)
    _password_step(client, next="/zoeken/")
    response = client.post("/inloggen/code/", {"code": twofactor.current_code(device)})
    assert response.status_code == 302 and response.url == "/zoeken/"
    assert _logged_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_or_reused_code_is_refused_in_dutch(client, worker, clock):
    clock.at(2026, 3, 2, 9)
    device = twofactor.enrol(worker)
    _password_step(client)
    response = client.post("/inloggen/code/", {"code": "000000"})
    assert "Deze code klopt niet of is verlopen" in response.content.decode()
    assert not _logged_in(client)
    device.refresh_from_db()
    code = twofactor.current_code(device)
    client.post("/inloggen/code/", {"code": code})
    assert not _logged_in(client), "right after a wrong code the device is throttled"

    clock.at(2026, 3, 2, 9, 1)
    device.refresh_from_db()
    code = twofactor.current_code(device)
    client.post("/inloggen/code/", {"code": code})
    assert _logged_in(client)
    client.post("/uitloggen/")
    _password_step(client)
    response = client.post("/inloggen/code/", {"code": code})
    assert response.status_code == 200 and not _logged_in(client)


def test_without_an_authenticator_the_user_enrols_with_a_qr_code_on_first_login(client, worker):
    _password_step(client)
    page = client.get("/inloggen/code/").content.decode()
    assert "<svg" in page and 'data-testid="totp-qr"' in page
    secret = page.split('data-testid="totp-secret">')[1].split("<")[0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    response = client.post("/inloggen/code/", {"code": f"{TOTP(key).token():06d}"})
    assert response.status_code == 302
    assert _logged_in(client)
    assert twofactor.confirmed_device(worker) is not None


def test_a_session_without_the_second_factor_is_ended(client, worker):
    # As the admin site's own login or a session from before two-factor was on would leave it.
    client.force_login(worker)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()
    response = client.get("/werkvoorraad/")
    assert response.status_code == 302 and response.url == "/inloggen/"
    assert "_auth_user_id" not in client.session


def test_the_api_refuses_a_session_without_the_second_factor(client, worker):
    client.force_login(worker)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()
    response = client.get("/api/v1/crisis-interventions/")
    assert response.status_code == 401
    assert response.json()["title"] == "Tweestapsverificatie vereist"


def test_a_role_without_personal_data_logs_in_with_the_password(client, make_user):
    manager = make_user(Role.MANAGER, username="marco")
    manager.set_password(PASSWORD)
    manager.save()
    response = _password_step(client, username="marco")
    assert response.status_code == 302 and response.url == "/"  # home: where its work is
    assert "_auth_user_id" in client.session


def test_switched_off_the_password_is_enough(client, worker, settings):
    settings.MELDPUNT_TWO_FACTOR = False
    _password_step(client)
    assert _logged_in(client)


def test_the_code_page_without_a_password_step_goes_back_to_the_login(client, db):
    response = client.get("/inloggen/code/")
    assert response.status_code == 302 and response.url == "/inloggen/"


def test_the_admin_site_logs_in_through_the_same_two_steps(client, db):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302 and response.url == "/inloggen/?next=/beheer/"


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(
    client, worker, clock
):
    clock.at(2026, 3, 2, 9)
    for _ in range(5):
        _password_step(client, password="geraden")
    response = _password_step(client)
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    clock.at(2026, 3, 2, 9, 20)
    assert _password_step(client).url == "/inloggen/code/"


def test_a_session_ends_after_thirty_minutes_without_activity(client, worker, settings, clock):
    settings.SESSION_COOKIE_AGE = 30 * 60  # the production default (SESSION_IDLE_MINUTES)
    clock.at(2026, 3, 2, 9)
    client.force_login(worker)
    clock.at(2026, 3, 2, 9, 25)
    assert _logged_in(client)  # each request extends the session
    clock.at(2026, 3, 2, 9, 50)
    assert _logged_in(client)
    clock.at(2026, 3, 2, 10, 21)
    assert not _logged_in(client)


def test_the_idle_clock_is_written_at_most_once_a_minute(client, worker, settings, clock):
    from django.contrib.sessions.models import Session

    settings.SESSION_COOKIE_AGE = 30 * 60
    clock.at(2026, 3, 2, 9)
    client.force_login(worker)
    key = client.session.session_key

    def expires():
        return Session.objects.get(session_key=key).expire_date

    assert _logged_in(client)
    first = expires()
    clock.at(2026, 3, 2, 9, 0, 40)
    assert _logged_in(client)
    assert expires() == first  # within the minute: no write
    clock.at(2026, 3, 2, 9, 1, 30)
    assert _logged_in(client)
    assert expires() > first  # a minute on: the expiry moves with the work
    # Ended 30 minutes after the last write, which was at most a minute before the last request.
    clock.at(2026, 3, 2, 9, 31, 0)
    assert _logged_in(client)
    clock.at(2026, 3, 2, 10, 1, 31)
    assert not _logged_in(client)


@pytest.mark.parametrize(
    "password", ["Kort-12!", "welkom123456", "123456789012345", "veilig-thuis-demo"]
)
def test_weak_passwords_are_refused(worker, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=worker)


def test_demo_users_print_their_totp_secret(reference, capsys):
    call_command("demo-users")
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if row.startswith("demo-triage "))
    secret = line.split()[2]
    assert len(secret) == 32 and secret.isalnum()
    for no_code in ("demo-manager ", "demo-system "):
        row = next(row for row in out.splitlines() if row.startswith(no_code))
        assert row.split()[2] == "-"
