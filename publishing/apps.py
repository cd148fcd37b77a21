from django.apps import AppConfig


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publishing"
    # For the staff roles (defined by the app that knows the partners): the reference data records refer to.
    reference_data = ["publishing.source"]

    def ready(self):
        from publishing import notifications  # noqa: F401  (connects the workflow's e-mails to Transition rows)
