"""What the cluster's parts and proofs share: names, ports, and small helpers (standard library only)."""

import contextlib
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent
WORK = Path(os.environ.get("CLUSTER_WORK", "/tmp/ibuy-cluster"))
TOOLS = Path(os.environ.get("CLUSTER_TOOLS", "/var/tmp/ibuy-cluster-tools"))
VENV = ROOT / ".venv" / "bin"
PG_VERSION = "15"
PRIMARY, REPLICA = ("ibuyprimary", 5434), ("ibuyreplica", 5435)
BRIDGE, HOST_ADDRESS = "ibuycl0", "10.77.0.1"
REDIS_PORT, S3_PORT, BALANCER_PORT, APP_PORT = 6390, 18333, 8190, 8000
DATABASE = "ibuy"
BUCKET = "ibuy-media"


def say(message):
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


def sh(*command, check=True, quiet=False, **kwargs):
    if not quiet:
        say("$ " + " ".join(str(part) for part in command))
    result = subprocess.run([str(part) for part in command], text=True, capture_output=True, **kwargs)
    if check and result.returncode:
        say(f"failed ({result.returncode}): {result.stderr.strip()[-2000:] or result.stdout.strip()[-2000:]}")
        result.check_returncode()
    return result


def wait_for(what, probe, timeout=60, interval=0.2):
    """Polls `probe` until it returns a true value (a bounded loop, never a fixed sleep); returns that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            value = probe()
            if value:
                return value
        time.sleep(interval)
    raise SystemExit(f"{what} did not answer within {timeout} s")


def http(url, headers=None, data=None, timeout=10):
    """(status, headers, body text) of one request, following no redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def psql(port, sql, database=DATABASE):
    result = sh("psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database, "-XAtc", sql, quiet=True)
    return result.stdout.strip()
