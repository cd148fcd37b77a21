"""The proofs deploy/cluster/run makes on a running cluster; each returns a row of the closing table."""

import itertools
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie

from common import APP_PORT, HERE, PRIMARY, REPLICA, WORK, http, psql, say, wait_for

PUBLIC_PAGES = ["/", "/practices/", "/partners/", "/library/", "/practices/?q=procurement"]
BUSTED_PAGE = "/practices/?page=1"  # with bust.lua: a new address each request, so the database answers each


@dataclass
class Row:
    step: str
    requests: int
    failures: int
    held: bool
    what: str


def wrk(url, seconds, connections=8, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        command += ["-s", str(HERE / script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    with open(WORK / "wrk.log", "a") as log:
        log.write(f"## {url}\n{output}\n")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failures = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(value) for value in socket_errors.groups()) if socket_errors else 0
    )

    def percentile(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "requests": requests,
        "failures": failures,
        "p50": percentile(50),
        "p99": percentile(99),
        "rps": requests / seconds,
    }


class Client:
    """A browser's cookies for one person, sent over plain http (the portal marks them Secure in production)."""

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = "&".join(f"{key}={value}" for key, value in data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, text = http(url, headers, body)
        for header in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, response_headers, text

    def csrf_token(self, url):
        _status, _headers, text = self.request(url)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)

    def log_in(self, base):
        token = self.csrf_token(f"{base}/admin/login/")
        status, _headers, _text = self.request(
            f"{base}/admin/login/?next=/admin/",
            [
                ("csrfmiddlewaretoken", token),
                ("username", "cluster-editor"),
                ("password", "cluster-editor-password-1"),
                ("next", "/admin/"),
            ],
        )
        assert status == 302, f"login on {base} answered {status}"
        assert "sessionid" in self.cookies, f"login on {base} set no session"

    def publish(self, base, word):
        """Publishes the practice whose title has `word`, with the changelist's action, as an editor would."""
        changelist = f"{base}/admin/practices/goodpractice/"
        _status, _headers, text = self.request(f"{changelist}?q={word}")
        pk = re.search(r'name="_selected_action" value="(\d+)"', text).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        status, _headers, _text = self.request(
            f"{changelist}?q={word}",
            [("csrfmiddlewaretoken", token), ("action", "publish_selected"), ("_selected_action", pk), ("index", "0")],
        )
        assert status == 302, f"publishing {word} on {base} answered {status}"


def base(cluster, host):
    return f"http://{cluster.address[host]}:{APP_PORT}"


def load_spread(cluster, seconds):
    cluster.haproxy("clear counters all")
    result = wrk(cluster.url("/practices/"), seconds, connections=12)
    served = {host: int(row["stot"]) for host, row in cluster.stats().items() if host in cluster.hosts}
    say(f"  {result['requests']} requests, {result['rps']:.0f}/s, {result['failures']} failures; per host {served}")
    held = result["failures"] == 0 and all(count > 0 for count in served.values())
    spread = ", ".join(f"{host} {count}" for host, count in served.items())
    return Row("Load spread", result["requests"], result["failures"], held, f"every host served: {spread}")


def host_lost(cluster, seconds):
    victim = cluster.hosts[1]
    log = WORK / "haproxy.log"
    offset = log.stat().st_size
    result = {}
    load = threading.Thread(target=lambda: result.update(wrk(cluster.url("/practices/"), seconds, 12)))
    load.start()
    wait_for("load on every host", lambda: int(cluster.stats()[victim]["stot"]) > 0)
    time.sleep(seconds / 4)  # a moment of load before the loss; the measurement itself is bounded by wrk's -d
    killed_at = time.time()
    cluster.kill(victim, signal.SIGKILL)
    wait_for(f"HAProxy to mark {victim} down", lambda: cluster.server_state(victim) == "DOWN", interval=0.05)
    down_at = time.time()
    load.join()
    lines = [line.split() for line in log.read_text()[offset:].splitlines() if line[:1].isdigit()]
    failed = [line for line in lines if len(line) >= 3 and not line[2].startswith(("2", "3"))]
    after_down = [line for line in failed if float(line[0]) > down_at + 0.01]
    retried = sum(1 for line in lines if len(line) >= 5 and line[4].startswith("+"))
    say(
        f"  {victim} killed; marked down {down_at - killed_at:.2f} s later; wrk: {result['requests']} requests, "
        f"{result['failures']} failures; balancer: {len(failed)} failed, {len(after_down)} after the mark, "
        f"{retried} retried on another host"
    )
    cluster.start_host(victim)
    cluster.wait_for_host(victim)
    wait_for(f"{victim} back in the balancer", lambda: cluster.server_state(victim) == "UP")
    before = int(cluster.stats()[victim]["stot"])
    again = wrk(cluster.url("/practices/"), 2, 12)
    back = int(cluster.stats()[victim]["stot"]) - before
    say(f"  {victim} back: served {back} of {again['requests']} requests")
    in_flight = 2  # the host's sync workers: HAProxy sends it no more than that at once (maxconn)
    held = result["failures"] <= in_flight and not after_down and back > 0 and again["failures"] == 0
    return Row(
        "Host lost under load",
        result["requests"] + again["requests"],
        result["failures"] + again["failures"],
        held,
        f"down after {down_at - killed_at:.2f} s, {len(after_down)} failures after; "
        f"{retried} retried; back and served {back}",
    )


def coherence(cluster):
    host_a, host_b = (base(cluster, host) for host in cluster.hosts[:2])
    slug, word = "cluster-coherence-check", "Clustercoherence"
    listing = f"/practices/?q={word}"
    visitor = Client()
    first = [visitor.request(host_b + listing)[1].get("X-Page-Cache") for _ in range(2)]
    link = f'href="/practices/{slug}/"'
    hidden = link not in visitor.request(host_b + listing)[2]
    editor = Client()
    editor.log_in(host_a)
    editor.publish(host_a, word)
    started = time.monotonic()
    # The replica's lag is not the cache's business: wait until the replica itself shows the record as published.
    published_on_replica = f"SELECT status FROM practices_goodpractice WHERE slug = '{slug}'"
    wait_for(
        "the replica to replay the publication",
        lambda: cluster.replica_caught_up() and psql(REPLICA[1], published_on_replica) == "published",
        interval=0.01,
    )
    lag_ms = (time.monotonic() - started) * 1000
    status, headers, text = visitor.request(host_b + listing)
    shown = link in text and status == 200
    page_status = visitor.request(f"{host_b}/practices/{slug}/")[0]
    admin_status, _headers, admin_page = editor.request(f"{host_b}/admin/")
    session_valid = admin_status == 200 and "cluster-editor" in admin_page
    say(
        f"  B's list before: {first}, record absent {hidden}; published on A; replica replayed in {lag_ms:.0f} ms; "
        f"B's next answer {status} {headers.get('X-Page-Cache')}, record shown {shown}, its page {page_status}; "
        f"A's staff session on B: /admin/ {admin_status}"
    )
    held = first[1] == "hit" and hidden and shown and page_status == 200 and session_valid
    return Row(
        "Coherence",
        9,
        0 if held else 1,
        held,
        f"B showed A's publication on its next request (cache {headers.get('X-Page-Cache')}); "
        f"A's session valid on B ({admin_status})",
    )


def counted_selects(port):
    return int(
        psql(
            port,
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d "
            "ON d.oid = s.dbid WHERE d.datname = 'ibuy' AND s.query ILIKE 'select%'",
        )
        or 0
    )


def replica_reads(cluster, seconds):
    for port in (PRIMARY[1], REPLICA[1]):
        psql(port, "SELECT pg_stat_statements_reset()")
    result = wrk(cluster.url(BUSTED_PAGE), seconds, connections=6, script="bust.lua")
    primary, replica = counted_selects(PRIMARY[1]), counted_selects(REPLICA[1])
    say(f"  {result['requests']} uncached pages: SELECTs on the primary {primary}, on the replica {replica}")
    held = result["failures"] == 0 and replica > 10 * max(primary, 1)
    return Row(
        "Replica takes the reads",
        result["requests"],
        result["failures"],
        held,
        f"SELECTs: replica {replica}, primary {primary} (health checks, sessions)",
    )


def own_writes(cluster):
    """With the replica's replay paused (a lag as long as we like), the editor still sees their own save."""
    host_b, host_c = base(cluster, cluster.hosts[1]), base(cluster, cluster.hosts[-1])
    slug, word = "cluster-own-write-check", "Clusterownwrite"
    psql(REPLICA[1], "SELECT pg_wal_replay_pause()")
    try:
        editor = Client()
        editor.log_in(host_b)
        editor.publish(host_b, word)
        editor_status = editor.request(f"{host_c}/practices/{slug}/")[0]
        visitor_status = Client().request(f"{host_c}/practices/{slug}/?lag=1")[0]
    finally:
        psql(REPLICA[1], "SELECT pg_wal_replay_resume()")
    resumed = time.monotonic()
    wait_for("the replica to catch up", cluster.replica_caught_up)
    # A visitor's page follows the replay; each try has its own address, so no cached copy answers it. The wait is
    # bounded: a page that never shows the record fails the proof.
    tries = itertools.count(2)

    def visitor_sees():
        return Client().request(f"{host_c}/practices/{slug}/?lag={next(tries)}")[0] == 200

    try:
        caught_up = (
            200 if wait_for("a visitor's page to show the save", visitor_sees, timeout=15, interval=0.05) else 0
        )
    except SystemExit:
        caught_up = Client().request(f"{host_c}/practices/{slug}/?lag=last")[0]
    shown_after_ms = (time.monotonic() - resumed) * 1000
    say(
        f"  replay paused; editor saved on B; editor's page on C {editor_status}; a visitor's page on C "
        f"{visitor_status} (the replica's lag); after the replay {caught_up}, {shown_after_ms:.0f} ms after it resumed"
    )
    held = editor_status == 200 and visitor_status == 404 and caught_up == 200
    return Row(
        "Editor reads own write",
        3,
        0 if editor_status == 200 else 1,
        held,
        f"editor {editor_status} during lag, visitor {visitor_status} until replayed, then {caught_up}",
    )


def replica_lost(cluster, seconds):
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", REPLICA[0], "stop", "-m", "fast"], check=True)
    try:
        result = wrk(cluster.url(BUSTED_PAGE), seconds, connections=6, script="bust.lua")
        pages = [http(cluster.url(path))[0] for path in PUBLIC_PAGES]
        health = {host: cluster.health(host) for host in cluster.hosts}
    finally:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", REPLICA[0], "start"], check=True)
    states = {
        host: f"{status} {body.get('status')} replica={body.get('databases', {}).get('replica')}"
        for host, (status, body) in health.items()
    }
    say(
        f"  replica stopped: {result['requests']} uncached pages, {result['failures']} failures; "
        f"pages {pages}; /healthz {states}"
    )
    wait_for(
        "/healthz ok again on every host",
        lambda: all(cluster.health(host)[1]["databases"]["replica"] == "ok" for host in cluster.hosts),
        timeout=60,
    )
    healthz_says = all(
        status == 200 and body["databases"]["replica"] == "unavailable" for status, body in health.values()
    )
    held = result["failures"] == 0 and set(pages) == {200} and healthz_says
    return Row(
        "Replica stopped",
        result["requests"] + len(pages),
        result["failures"],
        held,
        'pages from the primary, /healthz 200 "degraded", replica "unavailable" on every host',
    )


def one_by_one(url, count=9):
    """The median time of `count` requests made one after another (no queue), each to a new address."""
    times = []
    for number in range(count):
        started = time.monotonic()
        http(f"{url}&one={number}-{time.time()}")
        times.append((time.monotonic() - started) * 1000)
    return sorted(times)[count // 2]


def redis_lost(cluster, seconds):
    alone_up = one_by_one(cluster.url(BUSTED_PAGE))
    up = wrk(cluster.url(BUSTED_PAGE), seconds, connections=6, script="bust.lua")
    cluster.kill("redis")
    alone_down = one_by_one(cluster.url(BUSTED_PAGE))
    down = wrk(cluster.url(BUSTED_PAGE), seconds, connections=6, script="bust.lua")
    cached = wrk(cluster.url("/practices/"), seconds, connections=6)  # its entry is gone with Redis
    answers = [http(cluster.url(path)) for path in PUBLIC_PAGES]
    statuses = [status for status, _headers, _text in answers]
    served_cache = [headers.get("X-Page-Cache") for _status, headers, _text in answers]
    added = alone_down - alone_up
    say(
        f"  one request at a time, uncached: Redis up {alone_up:.1f} ms, Redis stopped {alone_down:.1f} ms "
        f"({added:+.1f} ms); under load: p50 {up['p50']:.1f} -> {down['p50']:.1f} ms, p99 {up['p99']:.1f} -> "
        f"{down['p99']:.1f} ms, {down['failures']} failures; a formerly cached page: {cached['rps']:.0f}/s, "
        f"{cached['failures']} failures; pages {statuses}, cache header {served_cache}"
    )
    # A stopped Redis refuses connections at once: no wait beyond noise on a shared machine (25 ms, or 25 % of the
    # page's own time); the client's retries of a refused connection cost a few milliseconds.
    held = (
        down["failures"] == 0
        and cached["failures"] == 0
        and set(statuses) == {200}
        and added < max(25.0, alone_up * 0.25)
    )
    return Row(
        "Redis lost",
        down["requests"] + cached["requests"],
        down["failures"] + cached["failures"],
        held,
        f"served uncached; one request {alone_up:.0f} -> {alone_down:.0f} ms ({added:+.0f} ms); "
        f"under load p50 {up['p50']:.0f} -> {down['p50']:.0f} ms",
    )


def redis_hung(cluster):
    """Redis that accepts connections but never answers (stopped with SIGSTOP): how long one page then takes."""
    process = cluster.processes["redis"]
    process.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        try:  # straight to one host: through the balancer a dropped request would be retried on the others
            status = http(f"{base(cluster, cluster.hosts[0])}{BUSTED_PAGE}&hung=1", timeout=60)[0]
        except OSError as error:  # gunicorn's timeout ends the stuck worker, and its connection with it
            status = f"no answer ({type(error).__name__})"
        waited = time.monotonic() - started
    finally:
        process.send_signal(signal.SIGCONT)
    say(f"  Redis hung: one page answered {status} after {waited:.1f} s")
    return Row(
        "Redis hung (measured, no gate)",
        1,
        0 if status == 200 else 1,
        True,
        f"one page {status} after {waited:.1f} s: the wait is bounded only by the Redis client's timeouts",
    )


def media(cluster):
    """The file saved through the portal's storage, fetched from inside every app host's namespace."""
    url = cluster.media_url
    if not url.startswith("http"):  # a shared folder: every host serves it from MEDIA_ROOT
        url = f"http://{{address}}:{APP_PORT}{url}"
    answers = {}
    for host in cluster.hosts:
        command = [
            "ip",
            "netns",
            "exec",
            f"ibuycl-{host}",
            "curl",
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--max-time",
            "10",
            url.format(address=cluster.address[host]),
        ]
        answers[host] = subprocess.run(command, capture_output=True, text=True).stdout
    say(f"  {cluster.media}: {url.split('?')[0]} from each host: {answers}")
    held = set(answers.values()) == {"200"}
    return Row(
        "Media",
        len(answers),
        sum(code != "200" for code in answers.values()),
        held,
        f"{cluster.media}: the same file from every host",
    )
