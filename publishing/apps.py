from django.apps import AppConfig


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publishing"
    # For the staff roles (defined by the app that knows the partners): the reference data records refer to.
    reference_data = ["publishing.source"]

    def ready(self):
        from django.db.models.signals import post_migrate

        from publishing import generation

        post_migrate.connect(generation.ensure_row, sender=self, dispatch_uid="publishing_content_generation_row")
        from publishing import notifications  # noqa: F401  (connects the workflow's e-mails to Transition rows)
