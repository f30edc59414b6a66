from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "okrs.people"
    label = "people"
    verbose_name = "People and teams"

    def ready(self) -> None:
        from okrs.people import signals  # noqa: F401  (connects the receivers)
