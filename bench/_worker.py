"""Runs one phase of one benchmark in its own process; see bench/harness.py."""

from __future__ import annotations

import argparse
import importlib
import json
import os
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--module", required=True)
    parser.add_argument("--phase", choices=["prepare", "run"], required=True)
    parser.add_argument("--size", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.url
    os.environ["MELDPUNT_DATA_DIR"] = args.work_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldpunt.settings")
    import django

    django.setup()
    module = importlib.import_module(args.module)
    bench_args = argparse.Namespace(
        size=args.size, db=args.db, database_url=args.url, work_dir=Path(args.work_dir)
    )
    if args.phase == "prepare":
        module.prepare(bench_args)
        result = []
    else:
        result = [m.as_dict() for m in module.run(bench_args)]
    Path(args.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
