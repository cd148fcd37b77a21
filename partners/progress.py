"""The action-plan tracker's statuses and how far a plan went: its actions counted per status, as a sentence and
as the parts of a bar (`ActionPlan.progress`)."""

from collections import Counter
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


@dataclass(frozen=True)
class ProgressPart:
    status: str
    label: str
    count: int
    offset: float  # where its bar starts and how wide it is, in per cent of the whole bar
    width: float


@dataclass(frozen=True)
class Progress:
    """The number of a plan's actions in each status, as a sentence and as the parts of a bar."""

    total: int
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    dropped: int = 0

    @classmethod
    def of(cls, actions):
        statuses = Counter(action.status for action in actions)
        return cls(
            total=sum(statuses.values()),
            done=statuses[ActionStatus.DONE],
            in_progress=statuses[ActionStatus.IN_PROGRESS],
            planned=statuses[ActionStatus.PLANNED],
            dropped=statuses[ActionStatus.DROPPED],
        )

    @property
    def not_reported(self):
        return self.total - self.done - self.in_progress - self.planned - self.dropped

    @property
    def any_reported(self):
        return self.not_reported < self.total

    @property
    def counts(self):
        """(status, label, count) in the order a plan goes, ending with the actions whose status nobody reported."""
        return [
            ("done", "done", self.done),
            ("in-progress", "in progress", self.in_progress),
            ("planned", "planned", self.planned),
            ("dropped", "dropped", self.dropped),
            ("not-reported", "status not reported", self.not_reported),
        ]

    @property
    def summary(self):
        """E.g. "3 of 7 actions done, 2 in progress, 1 dropped"; statuses that no action has are left out."""
        if not self.total:
            return "No actions recorded yet"
        noun = "action" if self.total == 1 else "actions"
        if self.not_reported == self.total:
            return f"{self.total} {noun}, status not reported"
        others = [f"{count} {label}" for status, label, count in self.counts[1:] if count]
        return ", ".join([f"{self.done} of {self.total} {noun} done", *others])

    @property
    def parts(self):
        """The bar's parts with at least one action, each placed after the previous one."""
        parts, offset = [], 0.0
        for status, label, count in self.counts:
            if count:
                width = round(100 * count / self.total, 2)
                parts.append(ProgressPart(status, label, count, offset, width))
                offset = round(offset + width, 2)
        return parts
