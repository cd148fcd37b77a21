from django.apps import AppConfig


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publishing"

    def ready(self):
        from publishing import notifications  # noqa: F401  (connects the workflow's e-mails to Transition rows)
