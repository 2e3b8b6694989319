"""The README's run path on SQLite: migrate, load demo data, serve, sign in, see a home page."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def checkpoint(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checkpoint.cli", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in time")


def test_sqlite_demo_serves_the_sign_in_and_a_role_home(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    checkpoint("migrate", "--noinput", env=env)
    checkpoint("demo-data", "--people", "60", "--seed", "3", env=env)
    logins = checkpoint("demo-logins", env=env).stdout
    assert "navigator" in logins and "checkpoint-demo" in logins

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "checkpoint.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/sign-in/", time.monotonic() + 60)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/").read().decode()  # redirected to sign in
        assert "Sign in to Checkpoint" in page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": "navigator",
                "password": "checkpoint-demo",
            }
        )
        request = urllib.request.Request(
            f"{base}/sign-in/", data=form.encode(), headers={"Referer": f"{base}/sign-in/"}
        )
        home = opener.open(request).read().decode()
        assert "My caseload" in home
        css = opener.open(f"{base}/static/checkpoint/app.css")
        assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
