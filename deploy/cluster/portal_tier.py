"""The portal's tier of the cluster: its environment, its commands, gunicorn in each namespace, and HAProxy."""

import json
import os
import socket

from common import (
    APP_PORT,
    BALANCER_PORT,
    BUCKET,
    DATABASE,
    HERE,
    HOST_ADDRESS,
    PRIMARY,
    REDIS_PORT,
    REPLICA,
    ROOT,
    S3_PORT,
    TOOLS,
    VENV,
    WORK,
    http,
    psql,
    sh,
    wait_for,
)


class PortalTier:
    """Mixed into Cluster, which gives it hosts, addresses, spawn() and the media settings."""

    def env(self, with_replica=True):
        database = f"postgres://postgres@{HOST_ADDRESS}:{PRIMARY[1]}/{DATABASE}"
        env = {
            "PATH": os.environ["PATH"],
            "LANG": "C.UTF-8",
            "HOME": str(WORK),
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": ",".join(["127.0.0.1", "localhost", *self.address.values()]),
            "DATABASE_URL": database,
            "DATABASE_CONN_MAX_AGE": "60",
            "REDIS_URL": f"redis://{HOST_ADDRESS}:{REDIS_PORT}/0",
            "PAGE_CACHE_SECONDS": "300",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(TOOLS / "static"),
            "MEDIA_ROOT": str(WORK / "media"),
            "FORWARDED_ALLOW_IPS": HOST_ADDRESS,
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "WARNING",
        }
        if with_replica:
            env["DATABASE_REPLICA_URL"] = f"postgres://postgres@{HOST_ADDRESS}:{REPLICA[1]}/{DATABASE}"
        if self.media.startswith("SeaweedFS"):
            env.update(
                AWS_STORAGE_BUCKET_NAME=BUCKET,
                AWS_S3_ENDPOINT_URL=f"http://{HOST_ADDRESS}:{S3_PORT}",
                AWS_S3_REGION_NAME="us-east-1",
                AWS_ACCESS_KEY_ID=self.s3_key,
                AWS_SECRET_ACCESS_KEY=self.s3_secret,
            )
        return env

    def manage(self, *arguments, namespace=None):
        # Commands write: they run against the primary alone (no replica lag between a write and its reads).
        command = [VENV / "python", "manage.py", *arguments]
        if namespace:
            command = ["ip", "netns", "exec", f"ibuycl-{namespace}", *command]
        return sh(*command, env=self.env(with_replica=False), cwd=ROOT)

    def load(self, practices, reports, visits):
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("loaddata", "ibuy")
        self.manage("generate_demo_data", "--practices", practices, "--reports", reports, "--visits", visits)
        self.manage("collectstatic", "--noinput", "-v", "0")  # kept between runs: only changes are copied
        output = self.manage("shell", "-c", (HERE / "setup_records.py").read_text()).stdout
        self.media_url = next(line.split(" ", 1)[1] for line in output.splitlines() if line.startswith("MEDIA "))
        wait_for("the replica to replay the data", self.replica_caught_up)

    @staticmethod
    def replica_caught_up():
        target = psql(PRIMARY[1], "SELECT pg_current_wal_lsn()")
        return psql(REPLICA[1], f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t"

    def start_host(self, host):
        command = [
            VENV / "gunicorn",
            "-c",
            ROOT / "gunicorn.conf.py",
            "ibuy_portal.wsgi",
            "--bind",
            f"{self.address[host]}:{APP_PORT}",
            "--pid",
            WORK / f"{host}.pid",
            "--no-control-socket",
            "--access-logfile",
            WORK / f"{host}-access.log",
        ]
        self.spawn(host, command, env=self.env(), namespace=host)

    def wait_for_host(self, host):
        wait_for(f"gunicorn on {host}", lambda: self.health(host)[0] == 200, timeout=90)

    def health(self, host):
        status, _headers, body = http(f"http://{self.address[host]}:{APP_PORT}/healthz", {"Host": "localhost"})
        return status, json.loads(body) if body.startswith("{") else body

    def balancer(self, workers=2):
        servers = "\n".join(f"    server {host} {self.address[host]}:{APP_PORT}" for host in self.hosts)
        template = (HERE / "haproxy.cfg.template").read_text()
        config = WORK / "haproxy.cfg"
        config.write_text(template.format(work=WORK, port=BALANCER_PORT, workers=workers, servers=servers))
        sh("haproxy", "-c", "-q", "-f", config)
        self.spawn("haproxy", ["haproxy", "-db", "-f", config])
        wait_for("HAProxy with every host up", lambda: all(self.server_state(h) == "UP" for h in self.hosts))

    @staticmethod
    def haproxy(command):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(5)
            connection.connect(str(WORK / "haproxy.sock"))
            connection.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def stats(self):
        """{server: {column: value}} from HAProxy's `show stat`."""
        lines = self.haproxy("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return {row["svname"]: row for row in rows if row["pxname"] == "app_hosts"}

    def server_state(self, host):
        return self.stats()[host]["status"].split(" ")[0]

    def url(self, path):
        return f"http://127.0.0.1:{BALANCER_PORT}{path}"
