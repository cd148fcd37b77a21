"""Uploaded images re-encoded without what a camera or an editing program writes into them.

A photo straight from a phone carries EXIF (GPS position, camera make and serial, time), often XMP and comments;
stored as uploaded, anyone who opens the practice page's image could read them. `without_metadata()` turns it
upright (its EXIF orientation applied to the pixels) and writes it again in the same format with only what showing
it needs: pixels, palette and transparency, the colour profile, and an animation's frames and timing.
`has_metadata()` tells whether a stored image still needs it, so cleaning what is stored can run again safely
(`manage.py clean_image_metadata`).
"""

import io

from PIL import ExifTags, Image, ImageOps, ImageSequence

# What a re-encoded image keeps of Pillow's `info`: what is needed to show it the same. Everything else goes.
KEPT_INFO = frozenset({"transparency", "background", "duration", "loop", "icc_profile", "dpi"})
# JPEG segments a clean file may hold: JFIF (APP0), the colour profile (APP2) and Adobe's colour transform (APP14).
CLEAN_JPEG_SEGMENTS = frozenset({("APP0", b"JFIF"), ("APP2", b"ICC_PROFILE"), ("APP14", b"Adobe")})
# Keys of Pillow's `info` that hold metadata in PNG, GIF and WebP files.
METADATA_INFO = frozenset({"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"})
ORIENTATION = ExifTags.Base.Orientation


def has_metadata(image):
    """True if the opened `image` carries EXIF, XMP, a comment or text, or is not upright yet."""
    if image.getexif():
        return True
    if image.format == "JPEG":
        return "comment" in image.info or any(not _is_clean_segment(marker, data) for marker, data in image.applist)
    if getattr(image, "text", None):  # PNG text chunks
        return True
    return bool(METADATA_INFO & set(image.info))


def _is_clean_segment(marker, data):
    return any(marker == kept and data.startswith(prefix) for kept, prefix in CLEAN_JPEG_SEGMENTS)


def _kept_info(image):
    return {key: value for key, value in image.info.items() if key in KEPT_INFO}


def _is_lossless_webp(data):
    # A lossless WebP's image data is a "VP8L" chunk; a lossy one's "VP8 ".
    return b"VP8L" in data[:4096] and b"VP8 " not in data[:4096]


def without_metadata(file):
    """The image in `file` re-encoded, upright and in its own format, with no metadata: `(bytes, Pillow format)`."""
    file.seek(0)
    data = file.read()
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
        if getattr(image, "n_frames", 1) > 1:
            return _animation_without_metadata(image, image_format), image_format
        options = {}
        if image_format == "JPEG" and image.getexif().get(ORIENTATION, 1) == 1:
            # Already upright: the same quantisation tables and subsampling, so nothing visible is lost.
            clean = image
            options = {"quality": "keep", "subsampling": "keep", "qtables": "keep"}
        else:
            clean = ImageOps.exif_transpose(image)
            if image_format == "JPEG":
                options = {"quality": 90}
        if image_format == "WEBP":
            options = {"lossless": True} if _is_lossless_webp(data) else {"quality": 90}
        clean.info = _kept_info(image)
        buffer = io.BytesIO()
        clean.save(buffer, image_format, **options)
    return buffer.getvalue(), image_format


def _animation_without_metadata(image, image_format):
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        # Pillow gives each frame whole (composed on the previous ones), so each replaces the last (disposal 2).
        upright = ImageOps.exif_transpose(frame.copy())
        upright.info = _kept_info(frame)
        frames.append(upright)
    options = {"save_all": True, "append_images": frames[1:], "duration": durations, "loop": image.info.get("loop", 0)}
    if image_format == "GIF":
        options["disposal"] = 2
    else:
        options["lossless"] = True
    buffer = io.BytesIO()
    frames[0].save(buffer, image_format, **options)
    return buffer.getvalue()
