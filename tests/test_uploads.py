"""Safe uploads (publishing/uploads.py): each refused upload, as `full_clean()` reports it and as an editor sees it
on the admin form, which keeps everything else the editor typed; stored names; thumbnails."""

import io
import random
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from pypdf import PdfWriter

from library.models import Report
from partners.models import Partner
from practices.models import GoodPracticeImage
from publishing.models import Status
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, ReportFactory

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "This file is not an image that can be read, or it is damaged"
NOT_A_PDF = "This file is not a PDF, whatever its name says"
RANDOM_HEX = "[0-9a-f]{32}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores its files in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# Files


def image_bytes(size=(8, 8), image_format="PNG", mode="RGB", color="navy"):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, image_format)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png(name="logo.png", **kwargs):
    return upload(name, image_bytes(**kwargs), "image/png")


def noisy_png_bytes():
    """A PNG that hardly compresses, so that cutting it leaves part of its pixel data."""
    image = Image.frombytes("RGB", (64, 64), random.Random(4).randbytes(64 * 64 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims a size it does not have: a decompression bomb as Pillow first sees it."""
    data = bytearray(image_bytes(size=(1, 1)))
    # The IHDR chunk follows the 8-byte signature: length (4), type (4), width and height (4 each), then 5 more
    # bytes and the CRC of type and data.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>'


def pdf_bytes(pages=1, password=None):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf(name="report.pdf", **kwargs):
    return upload(name, pdf_bytes(**kwargs), "application/pdf")


def messages_of(error, field):
    return " ".join(error.value.message_dict[field])


def practice_image(image, alt_text="Buyers and suppliers at a market consultation"):
    return GoodPracticeImage(practice=GoodPracticeFactory(), image=image, alt_text=alt_text)


def partner_with_logo(logo, logo_alt="iBuy partner logo"):
    return PartnerFactory.build(region=RegionFactory(), logo=logo, logo_alt=logo_alt)


# Images refused by full_clean()

REFUSED_IMAGES = {
    "text-named-png": (lambda: upload("logo.png", b"Just some words, not an image.", "image/png"), NOT_AN_IMAGE),
    "truncated-png": (lambda: upload("logo.png", noisy_png_bytes()[:3000], "image/png"), NOT_AN_IMAGE),
    "svg": (lambda: upload("logo.svg", SVG, "image/svg+xml"), "SVG images are not accepted"),
    "svg-named-png": (lambda: upload("logo.png", SVG, "image/png"), "SVG images are not accepted"),
    "bmp": (lambda: upload("logo.bmp", image_bytes(image_format="BMP"), "image/bmp"), "BMP images are not accepted"),
    "bomb-header": (lambda: upload("logo.png", png_claiming(50_000, 50_000), "image/png"), "too many pixels"),
    "html-named-png": (
        lambda: upload("logo.png", b"<html><script>alert(1)</script></html>", "image/png"),
        NOT_AN_IMAGE,
    ),
    "empty-name-extension": (lambda: upload("logo", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png"), NOT_AN_IMAGE),
}


@pytest.mark.parametrize(("file", "message"), REFUSED_IMAGES.values(), ids=list(REFUSED_IMAGES))
def test_a_partner_logo_that_is_not_an_accepted_image_is_refused(file, message):
    partner = partner_with_logo(file())
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert message in messages_of(error, "logo")


@pytest.mark.parametrize(("file", "message"), REFUSED_IMAGES.values(), ids=list(REFUSED_IMAGES))
def test_a_practice_image_that_is_not_an_accepted_image_is_refused(file, message):
    with pytest.raises(ValidationError) as error:
        practice_image(file()).full_clean()
    assert message in messages_of(error, "image")


def test_an_image_with_more_pixels_than_the_limit_is_refused_before_it_is_decoded(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as error:
        practice_image(png(size=(2000, 1000))).full_clean()
    assert messages_of(error, "image") == (
        "The image is 2,000 × 1,000 pixels; the limit is 1 megapixels. Make it smaller and upload it again."
    )


def test_a_decompression_bomb_above_pillows_own_warning_limit_is_refused(settings):
    # 100 megapixels: above Pillow's warning limit (about 89) but below its error limit (about 179).
    settings.UPLOAD_MAX_IMAGE_PIXELS = 200_000_000
    with pytest.raises(ValidationError) as error:
        practice_image(upload("bomb.png", png_claiming(10_000, 10_000))).full_clean()
    assert [problem.code for problem in error.value.error_dict["image"]] == ["too_many_pixels"]


def test_an_image_larger_than_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = 100
    file = upload("photo.png", noisy_png_bytes(), "image/png")
    with pytest.raises(ValidationError) as error:
        practice_image(file).full_clean()
    assert re.fullmatch(r"The file is [\d.]+\sKB; images can be at most 100\sbytes\.", messages_of(error, "image"))


@pytest.mark.parametrize(
    ("image_format", "mode", "extension"),
    [("PNG", "RGBA", ".png"), ("JPEG", "RGB", ".jpg"), ("WEBP", "RGB", ".webp"), ("GIF", "P", ".gif")],
)
def test_accepted_images_are_stored_with_the_extension_of_their_content(image_format, mode, extension):
    # Named .txt: the content decides what the file is and what it is called.
    image = practice_image(upload("photo.txt", image_bytes(size=(40, 30), image_format=image_format, mode=mode)))
    image.full_clean()
    image.save()
    assert re.fullmatch(rf"practices/images/{RANDOM_HEX}\{extension}", image.image.name)
    with Image.open(image.image.path) as stored:
        assert stored.format == image_format


def test_a_stored_image_is_not_checked_again_when_the_record_is_edited(settings):
    image = practice_image(png(size=(100, 100)))
    image.full_clean()
    image.save()
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10  # the limit changes after the upload
    image = GoodPracticeImage.objects.get(pk=image.pk)
    image.caption = "A new caption"
    image.full_clean()


# Text alternatives


def test_a_logo_needs_a_text_alternative():
    partner = partner_with_logo(png(), logo_alt="  ")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert messages_of(error, "logo_alt") == (
        "Describe the logo for people who cannot see it, for example the name it shows."
    )


def test_a_partner_without_a_logo_needs_no_text_alternative():
    partner_with_logo(None, logo_alt="").full_clean()


def test_a_practice_image_needs_a_text_alternative():
    with pytest.raises(ValidationError) as error:
        practice_image(png(), alt_text="").full_clean()
    assert "alt_text" in error.value.message_dict


# Documents refused and accepted by full_clean()

REFUSED_DOCUMENTS = {
    "html-named-pdf": (
        lambda: upload("report.pdf", b"<!DOCTYPE html><html><body>Hi</body></html>", "application/pdf"),
        NOT_A_PDF,
    ),
    "png-named-pdf": (lambda: upload("report.pdf", image_bytes(), "application/pdf"), NOT_A_PDF),
    "damaged-pdf": (
        lambda: upload("report.pdf", b"%PDF-1.7\n" + b"nonsense " * 50, "application/pdf"),
        "This PDF is damaged",
    ),
    "truncated-pdf": (
        lambda: upload("report.pdf", pdf_bytes(pages=2)[:200], "application/pdf"),
        "This PDF is damaged",
    ),
    "encrypted-pdf": (lambda: pdf(password="secret"), "This PDF is protected by a password"),
}


@pytest.mark.parametrize(("file", "message"), REFUSED_DOCUMENTS.values(), ids=list(REFUSED_DOCUMENTS))
def test_a_report_document_that_is_not_a_readable_pdf_is_refused(file, message):
    report = ReportFactory.build(partner=None, document=file())
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert message in messages_of(error, "document")


def test_a_document_larger_than_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 100
    report = ReportFactory.build(partner=None, document=pdf())
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert re.fullmatch(
        r"The file is \d+\sbytes; documents can be at most 100\sbytes\.", messages_of(error, "document")
    )


@pytest.mark.parametrize("name", ["report.pdf", "report.txt", "report"])
def test_a_real_pdf_is_accepted_and_stored_as_pdf_whatever_its_name(name):
    report = ReportFactory.build(partner=None, document=pdf(name))
    report.full_clean()
    report.save()
    assert re.fullmatch(rf"library/{RANDOM_HEX}\.pdf", report.document.name)
    assert Path(report.document.path).read_bytes() == pdf_bytes()


# Stored names


def test_an_upload_named_with_a_path_is_stored_inside_the_media_folder_under_a_random_name(media):
    image = practice_image(ContentFile(image_bytes(), name="../../../etc/passwd.png"))
    image.full_clean()
    image.save()
    assert re.fullmatch(rf"practices/images/{RANDOM_HEX}\.png", image.image.name)
    assert Path(image.image.path).resolve().is_relative_to(Path(media).resolve() / "practices" / "images")


def test_two_uploads_with_the_same_name_do_not_overwrite_each_other():
    first = ReportFactory(partner=None, document=pdf("report.pdf", pages=1))
    second = ReportFactory(partner=None, document=pdf("report.pdf", pages=2))
    assert first.document.name != second.document.name
    assert Path(first.document.path).read_bytes() == pdf_bytes(pages=1)
    assert Path(second.document.path).read_bytes() == pdf_bytes(pages=2)


# Thumbnails


@pytest.mark.parametrize(
    ("size", "thumbnail_size"), [((800, 400), (320, 160)), ((100, 1000), (32, 320)), ((50, 40), (50, 40))]
)
def test_a_practice_image_gets_a_webp_thumbnail_that_fits_in_320_pixels(size, thumbnail_size):
    image = practice_image(png(size=size))
    image.save()
    assert re.fullmatch(rf"practices/images/thumbnails/{RANDOM_HEX}\.webp", image.thumbnail.name)
    assert Path(image.thumbnail.name).stem == Path(image.image.name).stem
    with Image.open(image.thumbnail.path) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("WEBP", thumbnail_size)
    assert image.thumbnail_url == f"/media/{image.thumbnail.name}"


def test_a_transparent_logo_keeps_its_transparency_in_the_thumbnail():
    partner = PartnerFactory(logo=png(size=(640, 640), mode="RGBA", color=(0, 0, 0, 0)), logo_alt="Logo")
    with Image.open(partner.thumbnail.path) as thumbnail:
        assert thumbnail.size == (320, 320)
        assert thumbnail.mode == "RGBA"
        assert thumbnail.getpixel((0, 0))[3] == 0


def test_a_new_logo_gets_a_new_thumbnail_and_no_logo_no_thumbnail():
    partner = PartnerFactory(logo=png(size=(640, 320)), logo_alt="Logo")
    first_thumbnail = partner.thumbnail.name
    partner.logo = png(size=(400, 400))
    partner.save()
    assert partner.thumbnail.name != first_thumbnail
    with Image.open(partner.thumbnail.path) as thumbnail:
        assert thumbnail.size == (320, 320)
    partner.logo = None
    partner.save()
    partner.refresh_from_db()
    assert not partner.thumbnail
    assert partner.thumbnail_url == ""


def test_saving_other_fields_keeps_the_thumbnail():
    partner = PartnerFactory(logo=png(size=(640, 320)), logo_alt="Logo")
    thumbnail = partner.thumbnail.name
    partner.name = "Renamed agency"
    partner.save()
    partner.save(update_fields=["name"])
    partner.refresh_from_db()
    assert partner.thumbnail.name == thumbnail


def test_without_a_thumbnail_the_list_shows_the_image_itself(settings):
    image = practice_image(png(size=(640, 320)))
    image.save()
    GoodPracticeImage.objects.filter(pk=image.pk).update(thumbnail="")
    image.refresh_from_db()
    assert image.thumbnail_url == f"/media/{image.image.name}"
    # The next save makes the missing thumbnail.
    image.save()
    assert image.thumbnail_url == f"/media/{image.thumbnail.name}"


# The admin: the error on the form, everything else the editor typed kept, nothing saved


def partner_form(region, **changes):
    return {
        "number": "42",
        "name": "Agency typed by the editor",
        "acronym": "ATE",
        "region": str(region.pk),
        "role": "partner",
        "website": "",
        "description": "A description typed by the editor.",
        "logo_alt": "The agency's name in blue",
        "slug": "agency-typed-by-the-editor",
        "status": Status.DRAFT,
        **changes,
    }


def form_errors(response):
    return response.context["adminform"].form.errors


@pytest.mark.parametrize(("file", "message"), REFUSED_IMAGES.values(), ids=list(REFUSED_IMAGES))
def test_the_admin_shows_a_refused_logo_on_the_form_and_keeps_what_was_typed(superuser_client, media, file, message):
    response = superuser_client.post(reverse("admin:partners_partner_add"), partner_form(RegionFactory(), logo=file()))
    assert response.status_code == 200
    assert list(form_errors(response)) == ["logo"]
    assert message in " ".join(form_errors(response)["logo"])
    page = response.content.decode()
    assert escape(message) in page
    assert 'value="Agency typed by the editor"' in page
    assert "A description typed by the editor." in page
    assert 'value="The agency&#x27;s name in blue"' in page
    assert not Partner.objects.exists()
    assert not list(Path(media).rglob("*.*")), "a refused file was stored"


def test_the_admin_asks_for_the_text_alternative_of_a_logo(superuser_client):
    data = partner_form(RegionFactory(), logo=png(), logo_alt="")
    response = superuser_client.post(reverse("admin:partners_partner_add"), data)
    assert response.status_code == 200
    assert form_errors(response)["logo_alt"] == [
        "Describe the logo for people who cannot see it, for example the name it shows."
    ]
    assert 'value="Agency typed by the editor"' in response.content.decode()
    assert not Partner.objects.exists()


def test_the_admin_saves_an_accepted_logo_with_its_thumbnail(superuser_client):
    response = superuser_client.post(
        reverse("admin:partners_partner_add"),
        partner_form(RegionFactory(), logo=png("../../my logo.png", size=(960, 480))),
    )
    assert response.status_code == 302, form_errors(response)
    partner = Partner.objects.get()
    assert re.fullmatch(rf"partners/logos/{RANDOM_HEX}\.png", partner.logo.name)
    with Image.open(partner.thumbnail.path) as thumbnail:
        assert thumbnail.size == (320, 160)


def test_the_logo_input_offers_only_accepted_images(superuser_client):
    page = superuser_client.get(reverse("admin:partners_partner_add")).content.decode()
    assert re.search(r'<input type="file" name="logo" accept="image/png,image/jpeg,image/webp,image/gif"', page)


def report_form(**changes):
    return {
        "title": "A report typed by the editor",
        "kind": "study",
        "partner": "",
        "language": "en",
        "publication_date": "2021-05-04",
        "summary": "A summary typed by the editor.",
        "slug": "a-report-typed-by-the-editor",
        "status": Status.DRAFT,
        **changes,
    }


@pytest.mark.parametrize(("file", "message"), [*REFUSED_DOCUMENTS.values()], ids=list(REFUSED_DOCUMENTS))
def test_the_admin_shows_a_refused_document_on_the_form_and_keeps_what_was_typed(superuser_client, file, message):
    response = superuser_client.post(reverse("admin:library_report_add"), report_form(document=file()))
    assert response.status_code == 200
    assert list(form_errors(response)) == ["document"]
    page = response.content.decode()
    assert escape(message) in page
    assert 'value="A report typed by the editor"' in page
    assert "A summary typed by the editor." in page
    assert 'value="2021-05-04"' in page
    assert not Report.objects.exists()


def test_the_admin_refuses_an_oversized_document(superuser_client, settings):
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 100
    response = superuser_client.post(reverse("admin:library_report_add"), report_form(document=pdf()))
    assert "documents can be at most 100\xa0bytes" in " ".join(form_errors(response)["document"])
    assert not Report.objects.exists()


def test_the_admin_saves_a_real_pdf_under_a_random_name(superuser_client):
    response = superuser_client.post(reverse("admin:library_report_add"), report_form(document=pdf("My report.txt")))
    assert response.status_code == 302, form_errors(response)
    report = Report.objects.get()
    assert re.fullmatch(rf"library/{RANDOM_HEX}\.pdf", report.document.name)


def test_the_admin_shows_a_refused_practice_image_and_keeps_what_was_typed(superuser_client, settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000
    practice = GoodPracticeFactory()
    data = {
        "practice": str(practice.pk),
        "image": png(size=(1500, 1000)),
        "alt_text": "Alt text typed by the editor",
        "caption": "Caption typed by the editor",
        "position": "3",
    }
    response = superuser_client.post(reverse("admin:practices_goodpracticeimage_add"), data)
    assert response.status_code == 200
    assert form_errors(response)["image"] == [
        "The image is 1,500 × 1,000 pixels; the limit is 1 megapixels. Make it smaller and upload it again."
    ]
    page = response.content.decode()
    assert 'value="Alt text typed by the editor"' in page
    assert 'value="Caption typed by the editor"' in page
    assert not GoodPracticeImage.objects.exists()


def test_the_admin_saves_an_upload_streamed_to_a_temporary_file(superuser_client, settings):
    # Above FILE_UPLOAD_MAX_MEMORY_SIZE Django writes the upload to a temporary file, which storage then moves.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    logo = upload("logo.png", noisy_png_bytes(), "image/png")
    response = superuser_client.post(reverse("admin:partners_partner_add"), partner_form(RegionFactory(), logo=logo))
    assert response.status_code == 302, form_errors(response)
    partner = Partner.objects.get()
    assert Path(partner.logo.path).read_bytes() == noisy_png_bytes()
    assert oct(Path(partner.logo.path).stat().st_mode & 0o777) == "0o644"
    with Image.open(partner.thumbnail.path) as thumbnail:
        assert thumbnail.size == (64, 64)
