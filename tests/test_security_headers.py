"""Security headers on every answer, secure cookies, CSRF on every form, and uploaded files served safely."""

import re
from pathlib import Path

import pytest
from django.urls import re_path, resolve, reverse

from ibuy_portal import media
from ibuy_portal.log import RequestFormatter
from ibuy_portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import UserFactory

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The portal's addresses plus the production media route (the lines urls.py gets when files are not on S3).
urlpatterns = [*portal_urlpatterns, re_path(r"^media/(?P<path>.+)$", media.serve_media, name="media")]

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response):
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return dict(directive.split(" ", 1) for directive in directives)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/practices/", "/about/", "/search/?q=pcp", "/no-such-page/", "/admin/login/"])
def test_every_page_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = policy_of(response)
    for directive, sources in POLICY.items():
        assert policy[directive] == sources
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_https_answers_carry_hsts_for_a_year_with_subdomains(client):
    response = client.get("/about/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/practices/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/practices/?page=2"


@pytest.mark.django_db
def test_the_health_check_answers_over_plain_http_for_load_balancers(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_its_https_header_counts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/about/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


@pytest.mark.django_db
def test_signing_in_sets_secure_http_only_cookies(client):
    UserFactory(username="editor", password="a long pass phrase 42", is_staff=True)
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a long pass phrase 42", "next": "/admin/"},
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_is_refused(client):
    client.handler.enforce_csrf_checks = True
    response = client.post("/admin/login/", {"username": "editor", "password": "anything"})
    assert response.status_code == 403


# Forms that post to a view taking no CSRF token on purpose, {template: view}: no session is involved, and the
# signed link (or, for a request to follow a search, only a confirmation mail) is all they act on; see alerts/views.py.
TOKENLESS_FORMS = {
    "includes/list_follow.html": "alerts:subscribe",
    "alerts/subscribe.html": "alerts:subscribe",
    "alerts/confirm.html": "alerts:confirm",
    "alerts/unsubscribe.html": "alerts:unsubscribe",
}


def test_every_form_that_posts_carries_a_csrf_token():
    forms = 0
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for form in re.finditer(r"<form\b[^>]*>(.*?)</form>", text, flags=re.DOTALL | re.IGNORECASE):
            if re.search(r"""method\s*=\s*["']?post""", form.group(0), flags=re.IGNORECASE):
                forms += 1
                tokenless = TOKENLESS_FORMS.get(template.relative_to(TEMPLATES).as_posix())
                if tokenless:
                    assert f"{{% url '{tokenless}'" in form.group(0), template
                    continue
                assert "{% csrf_token %}" in form.group(1), template
    assert forms > 0


@pytest.mark.parametrize("name", sorted(set(TOKENLESS_FORMS.values())))
def test_the_views_of_the_tokenless_forms_are_exempt_on_purpose(name):
    args = [] if name == "alerts:subscribe" else ["token"]
    assert getattr(resolve(reverse(name, args=args)).func, "csrf_exempt", False) is True


# Uploaded files, when the portal serves them itself (no object storage)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "practices").mkdir()
    (tmp_path / "practices" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n...")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "final.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "reports" / "page.html").write_bytes(b"<script>alert(1)</script>")
    (tmp_path.parent / "secret.txt").write_text("outside")
    return tmp_path


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_uploaded_image_is_shown_but_never_sniffed_or_run(client, media_root):
    response = client.get("/media/practices/photo.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.urls(__name__)
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "content_type"),
    [("reports/final.pdf", "application/pdf"), ("reports/page.html", "application/octet-stream")],
)
def test_any_other_file_is_a_sandboxed_download(client, media_root, path, content_type):
    response = client.get(f"/media/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.urls(__name__)
@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["../secret.txt", "%2e%2e/secret.txt", "practices/", "practices", "nothing.png", "a%00b.png", "a" * 5000 + ".png"],
)
def test_nothing_outside_the_upload_folder_and_no_folder_is_served(client, media_root, path):
    assert client.get(f"/media/{path}").status_code == 404


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_uploaded_files_take_no_post(client, media_root):
    assert client.post("/media/practices/photo.png").status_code == 405


# Permissions-Policy, and a disallowed Host as one warning line

FEATURES_OFF = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()"]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/practices/", "/no-such-page/", "/admin/login/", "/healthz", "/media/practices/photo.png"]
)
def test_every_answer_turns_off_the_browser_features_no_page_uses(client, media_root, path):
    response = client.get(path)
    policy = [part.strip() for part in response["Permissions-Policy"].split(",")]
    for feature in FEATURES_OFF:
        assert feature in policy


@pytest.mark.django_db
def test_a_refused_host_and_a_refused_body_carry_it_too(client):
    assert "camera=()" in client.get("/", HTTP_HOST="evil.example")["Permissions-Policy"]
    assert "camera=()" in client.post("/", CONTENT_LENGTH=str(10**9))["Permissions-Policy"]


@pytest.mark.django_db
def test_a_disallowed_host_is_one_warning_line_without_a_traceback(client, caplog):
    response = client.get("/practices/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    records = [record for record in caplog.records if record.name == "django.security.DisallowedHost"]
    assert [record.levelname for record in records] == ["WARNING"]
    assert records[0].exc_info is None
    assert "Invalid HTTP_HOST header: 'evil.example'" in records[0].getMessage()
    # As the portal's log format writes it to standard output: one line, no traceback.
    lines = RequestFormatter().format(records[0]).splitlines()
    assert len(lines) == 1
    assert " WARNING django.security.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'." in lines[0]
    assert lines[0].endswith("[request: GET /practices/ user=anonymous]")
