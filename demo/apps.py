from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic content at a chosen size (generate_demo_data); it may name every app, so it sits on top."""

    name = "demo"
    verbose_name = "Synthetic demo data"
