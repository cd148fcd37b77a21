"""Uploaded files served by the portal itself in production, when they are not on object storage.

Uploads are validated images and PDFs stored under random names, but a file is still never trusted: the answer
forbids content sniffing, sandboxes anything a browser would render, and makes every non-image a download.
"""

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})


@require_safe
def serve_media(request, path):
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, posixpath.normpath(path).lstrip("/")))
        exists = full_path.is_file()
    except (SuspiciousFileOperation, ValueError, OSError):  # outside MEDIA_ROOT, a NUL byte, a name too long
        exists = False
    if not exists:
        raise Http404("No such file")
    content_type, _encoding = mimetypes.guess_type(full_path.name)
    is_image = content_type in IMAGE_TYPES
    response = FileResponse(
        full_path.open("rb"),
        content_type=content_type if is_image or content_type == "application/pdf" else "application/octet-stream",
        as_attachment=not is_image,
        filename=full_path.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'none'"
    response["Cache-Control"] = "public, max-age=86400"
    return response
