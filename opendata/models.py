"""The generation of the published content: one row, moved on by every committed change to content, so that the
bulk download is rebuilt on the first request after a change (opendata.bulk), in every process and host alike."""

from django.db import models
from django.db.models import F
from django.utils import timezone

SINGLE_ROW = 1


class DataGeneration(models.Model):
    number = models.PositiveBigIntegerField(default=1)
    changed = models.DateTimeField(default=timezone.now, help_text="When the published content last changed.")

    class Meta:
        verbose_name = "generation of the published data"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=SINGLE_ROW), name="opendata_generation_single_row")
        ]

    def __str__(self):
        return f"Generation {self.number} of {self.changed:%Y-%m-%d %H:%M}"

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=SINGLE_ROW)[0]

    @classmethod
    def move_on(cls):
        if not cls.objects.filter(pk=SINGLE_ROW).update(number=F("number") + 1, changed=timezone.now()):
            cls.current()
