"""Settings for the test suite: the real ones, made fast and kept away from the developer's own files."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-the-check")

from ibuy_portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="ibuy-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="ibuy-test-static-")
OPEN_DATA_ROOT = tempfile.mkdtemp(prefix="ibuy-test-open-data-")
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Plain http in the test client; the page cache off, so that every test sees its own data (tests/test_page_cache.py
# switches it on where it is the subject).
SECURE_SSL_REDIRECT = False
PAGE_CACHE_SECONDS = 0
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ibuy-test-default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ibuy-test-pages"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ibuy-test-fragments"},
}
