"""Documents in S3-compatible object storage: configured by environment variables, written
privately, read back through the service and deleted again — against a local S3-compatible
server (moto's), spoken to over HTTP by django-storages and boto3 as a real store would be."""

import json
import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.storage import storages

from meldpunt.casefile import documents, services
from tests.process import flow

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHOW = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.STORAGES['documents']))"
)


def _settings_with(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "meldpunt.settings", **env},
        capture_output=True,
        text=True,
    )


def test_the_document_store_is_chosen_by_environment_variables():
    assert "FileSystemStorage" in _settings_with().stdout
    done = _settings_with(
        DOCUMENT_STORAGE="s3",
        DOCUMENT_S3_BUCKET="vt-dossiers",
        DOCUMENT_S3_ENDPOINT_URL="https://minio.intern:9000",
    )
    config = json.loads(done.stdout)
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["bucket_name"] == "vt-dossiers"
    assert config["OPTIONS"]["endpoint_url"] == "https://minio.intern:9000"
    assert config["OPTIONS"]["default_acl"] == "private"
    assert "DOCUMENT_S3_BUCKET" in _settings_with(DOCUMENT_STORAGE="s3").stderr
    assert "filesystem" in _settings_with(DOCUMENT_STORAGE="ftp").stderr


@pytest.fixture
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_a_document_round_trip_through_s3_compatible_storage(
    s3_server, settings, intake, triage, reference
):
    keys = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **keys)
    client.create_bucket(Bucket="vt-dossiers")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "vt-dossiers",
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "location": "documents",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    storages._storages.pop("documents", None)  # built again from the new settings
    try:
        case = flow.register(intake).case
        doc = services.upload_document(
            case=case, by=triage, title="Proces-verbaal", filename="pv.pdf", content=PDF
        )
        stored = client.list_objects_v2(Bucket="vt-dossiers")["Contents"]
        assert [o["Key"] for o in stored] == [f"documents/{doc.storage_name}"]
        grants = client.get_object_acl(Bucket="vt-dossiers", Key=stored[0]["Key"])["Grants"]
        assert all("AllUsers" not in str(g.get("Grantee")) for g in grants)
        assert services.open_document(document=doc, by=triage) == PDF
        documents.delete(doc.storage_name)
        assert client.list_objects_v2(Bucket="vt-dossiers").get("KeyCount") == 0
    finally:
        storages._storages.pop("documents", None)
