from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "okrs.goals"
    label = "goals"
    verbose_name = "Goals"

    def ready(self) -> None:
        from okrs.goals import signals  # noqa: F401  (connects the receivers)
