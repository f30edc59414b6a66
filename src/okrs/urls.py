"""URL routes: the web app at /, the REST API under /api/v1/, the admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("okrs.api.urls")),
    path("", include("okrs.web.urls")),
]
