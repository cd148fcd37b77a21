from django.apps import AppConfig


class PracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practices"
    # For the staff roles (partners.roles): what a partner writes itself, and the reference data records refer to.
    partner_content = [
        "practices.goodpractice",
        "practices.goodpracticeimage",
        "practices.goodpracticelink",
        "practices.goodpracticestep",
        "practices.studyvisit",
        "practices.transfer",
    ]
    reference_data = ["practices.theme"]
