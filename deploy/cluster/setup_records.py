# Run by deploy/cluster/run through `manage.py shell -c`: the editor account and the drafts the proofs publish.
from django.contrib.auth import get_user_model

from partners.models import Region
from practices.models import GoodPractice
from publishing.models import Status

get_user_model().objects.create_superuser("cluster-editor", "editor@example.org", "cluster-editor-password-1")
for slug, title in [
    ("cluster-coherence-check", "Clustercoherence check practice"),
    ("cluster-own-write-check", "Clusterownwrite check practice"),
]:
    GoodPractice.objects.create(
        slug=slug,
        title=title,
        summary="Made by deploy/cluster/run.",
        region=Region.objects.first(),
        status=Status.DRAFT,
    )
print("cluster records ready")

# A file saved through the portal's storage (django-storages on S3 when a bucket is named), for the media check.
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402

name = default_storage.save("cluster/check.txt", ContentFile(b"saved through the portal's storage\n"))
print("MEDIA", default_storage.url(name))
