"""Which trained model the radar uses: the organisation's own, versioned in MELDPUNT_DATA_DIR,
or until it has trained one, the default shipped with Meldpunt (trained on synthetic data)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings

from meldpunt.radar.linkage.scoring import DEFAULT_MODEL, Model

_VERSIONED = re.compile(r"^model-(\d+)\.json$")


def model_dir() -> Path:
    return Path(settings.DATA_DIR) / "radar"


def trained_models() -> list[tuple[int, Path]]:
    found = []
    if model_dir().is_dir():
        for path in model_dir().iterdir():
            match = _VERSIONED.match(path.name)
            if match:
                found.append((int(match.group(1)), path))
    return sorted(found)


def current_path() -> Path:
    models = trained_models()
    return models[-1][1] if models else DEFAULT_MODEL


def current_settings() -> dict[str, Any]:
    return json.loads(current_path().read_text(encoding="utf-8"))


_cache: dict[Path, tuple[float, Model]] = {}


def current_model() -> Model:
    """The scoring model, read once per file change."""
    path = current_path()
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        _cache[path] = (mtime, Model.load(path))
    return _cache[path][1]


def next_path() -> tuple[int, Path]:
    models = trained_models()
    version = (models[-1][0] + 1) if models else 1
    return version, model_dir() / f"model-{version}.json"
