import pytest

from meldpunt.access.roles import Role


@pytest.fixture(autouse=True)
def audit_files(settings, tmp_path):
    """Each test seals with its own key and anchor file, outside the shared data dir."""
    settings.AUDIT_SEAL_KEY = "test-sealing-key"
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit_anchor.json")
    settings.AUDIT_SEAL_DELAY_SECONDS = 0
    return tmp_path


@pytest.fixture(autouse=True)
def private_documents(settings, tmp_path):
    """Documents (uploads, letters) in the test's own private storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents"), "base_url": None},
        },
    }
    return tmp_path / "documents"


@pytest.fixture
def privacy_officer(make_user):
    return make_user(Role.PRIVACY_OFFICER)


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)
