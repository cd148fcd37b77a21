from django.apps import AppConfig


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    # For the staff roles (partners.roles): what a partner writes itself.
    partner_content = ["library.report"]
