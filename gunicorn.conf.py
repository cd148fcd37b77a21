"""gunicorn's settings for the portal in production: `.venv/bin/gunicorn -c gunicorn.conf.py ibuy_portal.wsgi`.

Every value comes from the environment (see .env.example). The portal itself logs one line per request to
standard output (ibuy_portal/middleware.py), so gunicorn's access log stays off; its own messages go to standard
output too.
"""

import multiprocessing
import os


def _env(name, default):
    return os.environ.get(name, "").strip() or default


# GUNICORN_BIND, else PORT (as platforms set it) on all interfaces, else loopback only behind a local proxy.
bind = [
    _env("GUNICORN_BIND", f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT", "").strip() else "127.0.0.1:8000")
]
# Sync workers: one request at a time each; the usual 2 x cores + 1.
workers = int(_env("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
# A request taking longer than this many seconds gets its worker restarted.
timeout = int(_env("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(_env("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then, so that a slow leak can never grow without bound.
max_requests = int(_env("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Addresses of the proxies allowed to set X-Forwarded-* headers.
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
pidfile = _env("GUNICORN_PIDFILE", None)
# gunicorn 25+ opens a control socket under ~/.gunicorn by default; the portal does not use it.
control_socket_disable = True

accesslog = None
# The portal's own formats, in UTC: plain lines, or JSON objects with LOG_FORMAT=json (ibuy_portal/log.py).
_FORMATTER = "JsonFormatter" if _env("LOG_FORMAT", "plain").lower() == "json" else "RequestFormatter"
loglevel = _env("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"()": f"ibuy_portal.log.{_FORMATTER}"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"}},
    "root": {"handlers": [], "level": "WARNING"},
    "loggers": {"gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False}},
}
