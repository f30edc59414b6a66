from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "okrs.goals"
    label = "goals"
    verbose_name = "Goals"
