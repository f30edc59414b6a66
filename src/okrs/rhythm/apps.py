from django.apps import AppConfig


class RhythmConfig(AppConfig):
    name = "okrs.rhythm"
    label = "rhythm"
    verbose_name = "Rhythm"
