"""Settings come from the environment alone: production values pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_adopt(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The test run's own settings (from pytest-env and fixtures) must not leak into a production-like process.
    leaked = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "STATICFILES_BACKEND"}
    clean = {key: value for key, value in os.environ.items() if key not in leaked and not key.startswith("DJANGO_")}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "config.manage", *args],
        cwd=REPO,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks_at_warning_level():
    result = run_adopt(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x7!kq2-production-like-secret-key-with-enough-length-and-variety-0193",
        ALLOWED_HOSTS="adopt.example.org",
        DATABASE_URL="sqlite:////tmp/adopt-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_missing_secret_key_without_debug_fails_loudly():
    result = run_adopt("check", ALLOWED_HOSTS="adopt.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_is_off_unless_set():
    result = run_adopt(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        SECRET_KEY="x7!kq2-production-like-secret-key-with-enough-length-and-variety-0193",
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
