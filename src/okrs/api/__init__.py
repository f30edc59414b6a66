"""The REST API v1 (django-ninja)."""
