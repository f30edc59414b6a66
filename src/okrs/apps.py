from django.apps import AppConfig


class OkrsConfig(AppConfig):
    """The install itself: prepares its data directory when Django starts."""

    name = "okrs"
    label = "okrs"
    verbose_name = "okrs"

    def ready(self) -> None:
        from okrs import data_dir

        data_dir.prepare()
