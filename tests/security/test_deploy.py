"""With production settings, `manage.py check --deploy` reports no issue at all."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean():
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x7#Kq!v2@pL9$wZ4^mN8&rT1*bY6(cF3)hJ5_dG0+sA-eU"
        "iO-production-like-secret-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "maillage.example.org",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
    }
    # Test-only variables must not leak into the check (the browser tests set the first).
    for name in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
