from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    # The models each app declares for the staff roles (partners.roles): what a partner writes itself, and the
    # reference data records refer to.
    partner_content = ["partners.actionplan", "partners.action"]
    reference_data = ["partners.region", "partners.instrument"]

    def ready(self):
        from partners.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="partners_ensure_roles")
