from django.apps import AppConfig


def register_fold(sender, connection, **kwargs):
    """SQLite has no unaccent: the simple search compares texts through this function (search.text.fold)."""
    if connection.vendor == "sqlite":
        from search.text import fold

        connection.connection.create_function(
            "ibuy_fold", 1, lambda text: fold(text) if text else text, deterministic=True
        )


class SearchConfig(AppConfig):
    """One search over every kind of published content."""

    name = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from publishing.signals import content_written_in_bulk
        from search import vocabulary

        connection_created.connect(register_fold, dispatch_uid="search_register_fold")
        for signal in (post_save, post_delete, m2m_changed, content_written_in_bulk):
            signal.connect(vocabulary.content_changed, dispatch_uid=f"search_vocabulary_{id(signal)}")
