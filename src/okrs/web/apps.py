from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "okrs.web"
    label = "web"
    verbose_name = "Web app"
