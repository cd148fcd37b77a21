"""The portal's own deployment checks (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_portal_operator(app_configs, **kwargs):
    """The accessibility statement must name the body responsible for the portal and a contact for feedback."""
    if not settings.PORTAL_OPERATOR_NAME:
        return [
            Warning(
                "The body responsible for the portal is not named: the accessibility statement and the footer say "
                "that the operator has not been named, and give no contact for feedback.",
                hint="Set PORTAL_OPERATOR_NAME and PORTAL_OPERATOR_CONTACT (an e-mail or https address); "
                "see .env.example.",
                id="ibuy.W001",
            )
        ]
    if not settings.PORTAL_OPERATOR_CONTACT:
        return [
            Warning(
                f"The portal's operator ({settings.PORTAL_OPERATOR_NAME}) has no contact: the accessibility "
                "statement gives no way to send feedback.",
                hint="Set PORTAL_OPERATOR_CONTACT to an e-mail or https address; see .env.example.",
                id="ibuy.W002",
            )
        ]
    return []
