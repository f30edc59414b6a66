from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "okrs.people"
    label = "people"
    verbose_name = "People and teams"
