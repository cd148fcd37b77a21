"""Safe uploads: images and PDF documents checked by their content, stored under names the uploader cannot choose.

- `ImageUploadField` (logos, practice images) accepts PNG, JPEG, WebP and GIF files that Pillow can decode, within
  a size and a pixel limit checked before anything is decoded, so a decompression bomb is refused cheaply.
  SVG is refused: it is not a raster image and may carry script.
- `PdfUploadField` (reports) accepts files whose content is a PDF that pypdf can open, whatever their name says.
- Both store a file as `<upload_to folder>/<random hex><extension of what the file really is>`: nothing of the
  uploaded name reaches the path, so it cannot leave the media folder, and a random name cannot replace another
  file (the storage would add a suffix even if it could).
- An image is stored re-encoded (publishing/images.py): upright, in its own format, without EXIF (GPS position,
  camera), XMP or comments; the uploaded bytes themselves are never stored. `manage.py clean_image_metadata`
  does the same to images stored before.
- `ThumbnailedModel` keeps a small WebP copy of a model's image in its `thumbnail` field, for lists.

The limits are settings: UPLOAD_MAX_IMAGE_BYTES, UPLOAD_MAX_IMAGE_PIXELS and UPLOAD_MAX_DOCUMENT_BYTES.
"""

import io
import logging
import uuid
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps
from pypdf import PdfReader

from publishing.images import without_metadata

logger = logging.getLogger(__name__)

# Pillow's format name -> the extension a stored file gets.
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif"}
IMAGE_TYPES = "image/png,image/jpeg,image/webp,image/gif"
ACCEPTED_IMAGES = "PNG, JPEG, WebP or GIF"
# Thumbnails fit in a square of this many pixels, keeping their proportions.
THUMBNAIL_SIZE = 320


def _is_stored(file):
    # A file already in storage was checked when it was uploaded; editing the record must not re-read it or fail
    # because a limit has changed since.
    return isinstance(file, FieldFile) and file._committed


def _check_size(file, limit, what):
    if file.size > limit:
        raise ValidationError(
            "The file is %(size)s; %(what)s can be at most %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "what": what, "limit": filesizeformat(limit)},
        )


def _pixel_limit():
    # Never above Pillow's own limit, where it starts to warn of a decompression bomb.
    return min(settings.UPLOAD_MAX_IMAGE_PIXELS, Image.MAX_IMAGE_PIXELS or settings.UPLOAD_MAX_IMAGE_PIXELS)


def _check_pixels(width, height):
    limit = _pixel_limit()
    if width * height > limit:
        raise ValidationError(
            "The image is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels. "
            "Make it smaller and upload it again.",
            code="too_many_pixels",
            params={"width": f"{width:,}", "height": f"{height:,}", "limit": f"{limit / 1_000_000:g}"},
        )


def _check_frames(image):
    # An animation is re-encoded frame by frame, each frame whole: all of them together must be within the limit.
    frames = getattr(image, "n_frames", 1)
    limit = _pixel_limit()
    if frames > 1 and frames * image.size[0] * image.size[1] > limit:
        raise ValidationError(
            "The animation has %(frames)s frames of %(width)s × %(height)s pixels; all frames together can have at "
            "most %(limit)s megapixels. Use fewer or smaller frames, or upload a still image.",
            code="too_many_frames",
            params={
                "frames": f"{frames:,}",
                "width": f"{image.size[0]:,}",
                "height": f"{image.size[1]:,}",
                "limit": f"{limit / 1_000_000:g}",
            },
        )


def _looks_like_svg(file, head):
    name = (getattr(file, "name", "") or "").lower()
    return name.endswith((".svg", ".svgz")) or b"<svg" in head.lower()


def validate_image(file):
    """Refuses anything but a PNG, JPEG, WebP or GIF image that decodes completely and is within the limits."""
    if not file or _is_stored(file):
        return
    _check_size(file, settings.UPLOAD_MAX_IMAGE_BYTES, "images")
    file.seek(0)
    head = file.read(4096)
    try:
        file.seek(0)
        # open() reads only the header: the pixel count is checked before anything is decoded.
        with Image.open(file) as image:
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(
                    "%(format)s images are not accepted: upload a %(accepted)s image.",
                    code="image_format",
                    params={"format": image.format, "accepted": ACCEPTED_IMAGES},
                )
            _check_pixels(*image.size)
            _check_frames(image)
            image.verify()
        # verify() leaves the image unusable; a fresh one is decoded in full, which finds a truncated file.
        file.seek(0)
        with Image.open(file) as image:
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow refuses to open an image of more than twice its limit (and warns above it, which the test
        # suite turns into an error).
        raise ValidationError(
            "The image has too many pixels to be opened safely; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={"limit": f"{_pixel_limit() / 1_000_000:g}"},
        ) from error
    except Exception as error:
        if _looks_like_svg(file, head):
            raise ValidationError(
                "SVG images are not accepted, as they can carry scripts: upload a %(accepted)s version.",
                code="svg",
                params={"accepted": ACCEPTED_IMAGES},
            ) from error
        raise ValidationError(
            "This file is not an image that can be read, or it is damaged: upload a %(accepted)s image.",
            code="invalid_image",
            params={"accepted": ACCEPTED_IMAGES},
        ) from error
    finally:
        file.seek(0)


def validate_pdf(file):
    """Refuses anything but a PDF that pypdf can open without a password, within the size limit."""
    if not file or _is_stored(file):
        return
    _check_size(file, settings.UPLOAD_MAX_DOCUMENT_BYTES, "documents")
    file.seek(0)
    if file.read(5) != b"%PDF-":
        file.seek(0)
        raise ValidationError(
            "This file is not a PDF, whatever its name says: save or export the document as a PDF and upload that.",
            code="not_pdf",
        )
    try:
        file.seek(0)
        reader = PdfReader(file)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                "This PDF is protected by a password: upload a version that opens without one.", code="encrypted_pdf"
            )
        if not len(reader.pages):
            raise ValidationError("This PDF has no pages.", code="empty_pdf")
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(
            "This PDF is damaged and cannot be read: save or export it again and upload the new file.",
            code="invalid_pdf",
        ) from error
    finally:
        file.seek(0)


def image_extension(content):
    """The extension for what `content` really is; `.bin` (served as plain bytes) for an unchecked non-image."""
    try:
        content.seek(0)
        with Image.open(content) as image:
            return IMAGE_FORMATS.get(image.format, ".bin")
    except Exception:
        return ".bin"
    finally:
        content.seek(0)


class RandomName:
    """Stores every file under a new random name: nothing of the uploaded name reaches the storage path."""

    def save(self, name, content, save=True):
        content = self.field.stored_content(content)
        super().save(f"{uuid.uuid4().hex}{self.field.extension_for(content)}", content, save)

    save.alters_data = True


class RandomlyNamedImageFile(RandomName, ImageFieldFile):
    pass


class RandomlyNamedFile(RandomName, FieldFile):
    pass


class UploadFormField(forms.FileField):
    """A file input that offers only the accepted types; the content is checked by the model field's validator,
    so an editor sees the same messages as `full_clean()` gives."""

    def __init__(self, *, accept, **kwargs):
        self.accept = accept
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = self.accept
        return attrs


class ImageUploadField(models.ImageField):
    """An image checked by `validate_image` and stored as `<upload_to>/<random>.<png|jpg|webp|gif>`."""

    attr_class = RandomlyNamedImageFile
    # Replaces ImageField's check of the uploaded name's extension: the content decides, and sets the extension.
    default_validators = [validate_image]

    def extension_for(self, content):
        return image_extension(content)

    def stored_content(self, content):
        """What is stored: the image re-encoded without its metadata (EXIF, XMP, comments), upright."""
        if image_extension(content) == ".bin":
            # Not an image: only a record saved without validation holds one; it is stored as it is, as `.bin`.
            return content
        content.seek(0)
        with Image.open(content) as image:
            _check_pixels(*image.size)  # records saved without validation are checked here too
            _check_frames(image)
        data, _image_format = without_metadata(content)
        return ContentFile(data)

    def formfield(self, **kwargs):
        # The uploaded name is thrown away, so its length does not matter (max_length=None).
        return super().formfield(
            **{"form_class": UploadFormField, "accept": IMAGE_TYPES, "max_length": None, **kwargs}
        )


class PdfUploadField(models.FileField):
    """A PDF checked by `validate_pdf` and stored as `<upload_to>/<random>.pdf`, whatever it was called."""

    attr_class = RandomlyNamedFile
    default_validators = [validate_pdf]

    def extension_for(self, content):
        return ".pdf"

    def stored_content(self, content):
        return content

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": UploadFormField, "accept": "application/pdf,.pdf", "max_length": None, **kwargs}
        )


def make_thumbnail(file):
    """A WebP copy of the image in `file` that fits in THUMBNAIL_SIZE pixels square, or None if it cannot be made."""
    try:
        with Image.open(file) as image:
            # Records saved without validation (scripts, fixtures) are checked here too before decoding.
            _check_pixels(*image.size)
            image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))  # JPEG only: decode at a smaller scale
            thumbnail = ImageOps.exif_transpose(image)
            thumbnail.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            thumbnail = thumbnail.convert("RGBA" if thumbnail.has_transparency_data else "RGB")
            buffer = io.BytesIO()
            thumbnail.save(buffer, "WEBP", quality=85)
    except Exception:
        logger.warning("No thumbnail could be made of %s", getattr(file, "name", file), exc_info=True)
        return None
    return ContentFile(buffer.getvalue())


class ThumbnailedModel:
    """A model whose image, in the field named by `thumbnail_source`, has a small copy in its `thumbnail` field.

    The thumbnail is named after its image, so a saved record whose image changed, or whose thumbnail is missing,
    gets a new one. Old files stay in storage: the change history still names them.
    """

    thumbnail_source = ""

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        refreshing = update_fields is None or self.thumbnail_source in update_fields
        if refreshing and self.refresh_thumbnail() and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "thumbnail"}
        super().save(*args, **kwargs)

    def refresh_thumbnail(self):
        """Makes the thumbnail match the image; True if it changed."""
        source, thumbnail = getattr(self, self.thumbnail_source), self.thumbnail
        if not source:
            if thumbnail:
                self.thumbnail = ""
                return True
            return False
        if not source._committed:
            # Store the image now, under its final name, so that the thumbnail can be named after it.
            source.save(source.name, source.file, save=False)
        stem = PurePosixPath(source.name).stem
        current = PurePosixPath(thumbnail.name or "").stem
        if thumbnail and (current == stem or current.startswith(f"{stem}_")):
            return False
        with source.storage.open(source.name, "rb") as file:
            content = make_thumbnail(file)
        if content is None:
            self.thumbnail = ""
            return bool(thumbnail)
        thumbnail.save(f"{stem}.webp", content, save=False)
        return True

    @property
    def thumbnail_url(self):
        """The thumbnail's address for lists, or the image's own while there is no thumbnail; empty without one."""
        source = getattr(self, self.thumbnail_source)
        if not source:
            return ""
        return (self.thumbnail or source).url
