import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_read_is_documented():
    source = (ROOT / "meldpunt" / "settings.py").read_text()
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))
    documented = set(
        re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "docs" / "deployment.md").read_text(), re.M)
    )
    assert read, "no environment variables found: the pattern is out of date"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"
