"""Uploaded images are stored re-encoded, upright, without EXIF (GPS position, camera make), XMP or comments; and
`manage.py clean_image_metadata` does the same, atomically and idempotently, to images stored before."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import ExifTags, Image, PngImagePlugin

from practices.models import GoodPracticeImage
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory

pytestmark = pytest.mark.django_db

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>secret-xmp-location</rdf:Description></x:xmpmeta>'
BLUE, RED = (0, 0, 255), (255, 0, 0)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def camera_jpeg(orientation=6):
    """A 40 × 20 photo, its left quarter blue, as a phone stores it: sideways, with GPS, make, XMP and a comment."""
    image = Image.new("RGB", (40, 20), RED)
    image.paste(BLUE, (0, 0, 10, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS 5D Mark IV"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (54.0, 41.0, 20.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (25.0, 16.0, 48.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif, xmp=XMP, comment=b"taken at home")
    return buffer.getvalue()


def assert_carries_nothing(data, image_format):
    """No EXIF, XMP or comment in the bytes, as any tool reading the file would find them."""
    for secret in (b"Exif", b"Canon", b"EOS 5D", b"secret-xmp", b"adobe:ns:meta", b"taken at home"):
        assert secret not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == image_format
        assert not image.getexif()
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info)
        if image_format == "JPEG":
            assert [marker for marker, _data in image.applist] == ["APP0"]


def stored_bytes(field_file):
    with default_storage.open(field_file.name, "rb") as file:
        return file.read()


def close_to(pixel, colour):
    return all(abs(value - expected) < 40 for value, expected in zip(pixel, colour, strict=True))


def test_an_uploaded_photo_is_stored_upright_without_exif_gps_or_xmp(client):
    photo = camera_jpeg()
    with Image.open(io.BytesIO(photo)) as original:  # what would have been stored byte for byte
        assert original.getexif()[ExifTags.Base.Make] == "Canon"
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    practice = GoodPracticeFactory(title="Hospital robots")
    record = GoodPracticeImage(
        practice=practice, image=SimpleUploadedFile("IMG_0001.jpg", photo, "image/jpeg"), alt_text="A robot"
    )
    record.full_clean()
    record.save()

    stored = stored_bytes(record.image)
    assert stored != photo
    assert_carries_nothing(stored, "JPEG")
    with Image.open(io.BytesIO(stored)) as image:
        # Orientation 6: shown turned a quarter clockwise, so the blue left edge is now the top.
        assert image.size == (20, 40)
        assert close_to(image.getpixel((10, 2)), BLUE)
        assert close_to(image.getpixel((10, 37)), RED)
    assert_carries_nothing(stored_bytes(record.thumbnail), "WEBP")
    # The practice page links the stored, clean file.
    page = client.get(practice.get_absolute_url())
    assert f'src="{record.image.url}"' in page.text


def test_an_upright_jpeg_keeps_its_quality_settings_and_loses_only_its_metadata():
    photo = camera_jpeg(orientation=1)
    record = GoodPracticeImage.objects.create(
        practice=GoodPracticeFactory(), image=SimpleUploadedFile("a.jpg", photo, "image/jpeg"), alt_text="A robot"
    )

    stored = stored_bytes(record.image)
    assert_carries_nothing(stored, "JPEG")
    with Image.open(io.BytesIO(photo)) as original, Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 20)
        assert image.quantization == original.quantization


def test_a_partner_logo_png_loses_its_text_chunks_and_exif_but_keeps_its_transparency():
    logo = Image.new("RGBA", (16, 16), (0, 0, 0, 0))
    logo.paste((0, 51, 153, 255), (4, 4, 12, 12))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at home")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    buffer = io.BytesIO()
    logo.save(buffer, "PNG", pnginfo=text, exif=exif)
    partner = PartnerFactory.build(
        region=RegionFactory(), logo=SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"), logo_alt="iBuy"
    )
    partner.full_clean()
    partner.save()

    stored = stored_bytes(partner.logo)
    assert partner.logo.name.endswith(".png")
    assert_carries_nothing(stored, "PNG")
    with Image.open(io.BytesIO(stored)) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0
        assert image.getpixel((8, 8)) == (0, 51, 153, 255)


def test_an_animated_gif_keeps_its_frames_and_timing_and_loses_its_comment():
    frames = [Image.new("RGB", (10, 10), colour) for colour in (RED, (0, 128, 0), BLUE)]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=[50, 60, 70], loop=0, comment=b"at home"
    )
    record = GoodPracticeImage.objects.create(
        practice=GoodPracticeFactory(),
        image=SimpleUploadedFile("a.gif", buffer.getvalue(), "image/gif"),
        alt_text="Moving",
    )

    stored = stored_bytes(record.image)
    assert b"at home" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert "comment" not in image.info
        seen = []
        for index in range(image.n_frames):
            image.seek(index)
            seen.append((image.info["duration"], image.convert("RGB").getpixel((5, 5))))
    assert seen == [(50, RED), (60, (0, 128, 0)), (70, BLUE)]


def test_an_animation_with_too_many_pixels_in_all_is_refused_with_a_message(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 250
    frames = [Image.new("RGB", (10, 10), colour) for colour in (RED, (0, 128, 0), BLUE)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    record = GoodPracticeImage(
        practice=GoodPracticeFactory(), image=SimpleUploadedFile("a.gif", buffer.getvalue()), alt_text="Moving"
    )

    with pytest.raises(ValidationError) as error:
        record.full_clean()

    assert "The animation has 3 frames of 10 × 10 pixels" in " ".join(error.value.message_dict["image"])


# Images stored before: manage.py clean_image_metadata


def stored_before(name, data, alt_text="Stored before"):
    """An image as it was stored before uploads were cleaned: its file put in storage byte for byte."""
    stored = default_storage.save(name, io.BytesIO(data))
    record = GoodPracticeImage.objects.create(practice=GoodPracticeFactory(), image=stored, alt_text=alt_text)
    return record


def run_command(*args):
    out = io.StringIO()
    call_command("clean_image_metadata", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_cleans_an_image_stored_before_in_place_and_a_second_run_changes_nothing():
    photo = camera_jpeg()
    record = stored_before("practices/images/old-photo.jpg", photo)
    clean_png = io.BytesIO()
    Image.new("RGB", (4, 4), BLUE).save(clean_png, "PNG")
    already_clean = stored_before("practices/images/clean.png", clean_png.getvalue())

    assert run_command("--dry-run") == "Would clean practices/images/old-photo.jpg\n1 images would be cleaned.\n"
    assert stored_bytes(record.image) == photo
    output = run_command()

    record.refresh_from_db()
    assert record.image.name == "practices/images/old-photo.jpg"  # same name: no row and no link changes
    stored = stored_bytes(record.image)
    assert_carries_nothing(stored, "JPEG")
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (20, 40)
    assert stored_bytes(already_clean.image) == clean_png.getvalue()
    assert output == "Cleaned 1 images; the others were already clean.\n"
    assert run_command() == "Cleaned 0 images; the others were already clean.\n"
    assert stored_bytes(record.image) == stored


def test_the_command_also_cleans_images_only_the_history_still_names():
    record = stored_before("practices/images/first.jpg", camera_jpeg())
    first = record.image.name
    record.image = SimpleUploadedFile("second.jpg", camera_jpeg(), "image/jpeg")
    record.save()  # the new one is stored clean; the first stays in storage, named by the history

    assert run_command() == "Cleaned 1 images; the others were already clean.\n"
    with default_storage.open(first, "rb") as file:
        assert_carries_nothing(file.read(), "JPEG")


def test_an_image_the_command_cannot_re_encode_leaves_every_file_as_it_was():
    good = stored_before("practices/images/a.jpg", camera_jpeg())
    damaged = stored_before("practices/images/b.jpg", camera_jpeg()[:-50])  # its pixels cut short

    with pytest.raises(CommandError, match="Could not re-encode practices/images/b.jpg"):
        run_command()

    assert stored_bytes(good.image) == camera_jpeg()
    assert stored_bytes(damaged.image) == camera_jpeg()[:-50]


def test_a_storage_failure_midway_puts_back_the_images_already_replaced(monkeypatch):
    first = stored_before("practices/images/a.jpg", camera_jpeg())
    second = stored_before("practices/images/b.jpg", camera_jpeg(orientation=3))
    real_save = FileSystemStorage._save
    failures = []

    def disk_full_once_for_b(storage, name, content):
        if name.endswith("b.jpg") and not failures:
            failures.append(name)
            raise OSError(28, "No space left on device")
        return real_save(storage, name, content)

    # The real storage, failing once as a briefly full disk would when the second image is written back.
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_once_for_b)
    with pytest.raises(CommandError, match="Could not replace practices/images/b.jpg: .*every image was put back"):
        run_command()
    monkeypatch.setattr(FileSystemStorage, "_save", real_save)

    assert failures == ["practices/images/b.jpg"]
    assert stored_bytes(first.image) == camera_jpeg()
    assert stored_bytes(second.image) == camera_jpeg(orientation=3)
