"""Production-safe defaults: with DEBUG off and nothing else said, `meldpunt check --deploy`
finds nothing to warn about; the security headers are sent in development too."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(tmp_path, **env):
    # Nothing of this machine's or the test run's own settings (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, CI sets DATABASE_URL): only what the settings file defaults to.
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', (ROOT / "meldpunt/settings.py").read_text()))
    environment = {
        k: v for k, v in os.environ.items() if k not in read and not k.startswith("DJANGO_")
    }
    environment |= {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "meldpunt.example.nl",
        "MELDPUNT_DATA_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "meldpunt", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = _check(tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout


def test_switching_off_https_protections_for_a_proxy_is_warned_about(tmp_path):
    result = _check(tmp_path, SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false")
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W012" in result.stderr


@pytest.mark.django_db
def test_security_headers_are_sent_in_development_too(client):
    response = client.get("/inloggen/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'nonce-" in policy and "'strict-dynamic'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.django_db
def test_each_response_has_its_own_nonce(client):
    first = client.get("/inloggen/")["Content-Security-Policy"]
    second = client.get("/inloggen/")["Content-Security-Policy"]
    assert first != second
