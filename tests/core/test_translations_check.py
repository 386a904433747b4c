"""`make lint` refuses a French string of the code that has no English translation."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_translations.py"


def test_a_new_string_without_translation_fails_the_check(tmp_path):
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import check_translations
    finally:
        sys.path.pop(0)
    for name in check_translations.source_dirs(ROOT):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("*.pyc"))
        else:
            shutil.copy2(source, tmp_path / name)
    probe = tmp_path / "templates" / "core" / "_probe.html"
    probe.write_text('{% load i18n %}{% translate "Une phrase que personne n\'a traduite" %}\n')
    tracked = (tmp_path / "locale/en/LC_MESSAGES/django.po").read_bytes()

    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True, check=False
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Une phrase que personne n'a traduite" in result.stdout
    assert "templates/core/_probe.html" in result.stdout
    # The checked copy's .po file is the one makemessages ran on: the tracked one is untouched.
    assert (tmp_path / "locale/en/LC_MESSAGES/django.po").read_bytes() == tracked
