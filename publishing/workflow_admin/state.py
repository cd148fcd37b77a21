"""What one request tells the workflow admin's parts about itself, in one small object instead of loose
private attributes on the request."""

import weakref
from dataclasses import dataclass

from publishing.models import PendingChange


@dataclass
class WorkflowState:
    prefill: PendingChange | None = None  # the waiting change the change form is filled with
    revision: object | None = None  # the historical revision a revert form shows
    keep_status: str | None = None  # the status a revert keeps (it restores the content, not the status)
    prepared: PendingChange | None = None  # the waiting change this save made instead of saving
    prepare: bool = False  # this save is to be kept aside as a waiting change
    applied: object | None = None  # the review note of a waiting change this save published


# Keyed by the request object itself, so that the state goes with the request.
_STATES = weakref.WeakKeyDictionary()


def state_of(request):
    """The workflow state of this request, made on first use."""
    state = _STATES.get(request)
    if state is None:
        state = _STATES[request] = WorkflowState()
    return state
