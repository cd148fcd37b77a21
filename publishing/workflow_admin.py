"""The publication workflow in the admin: draft, submitted for review, published, archived."""


class WorkflowAdmin:
    """Mixin for the admin of a publishable record."""
