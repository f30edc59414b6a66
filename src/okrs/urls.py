"""URL routes: the web app at /, the REST API under /api/v1/, the admin under /admin/.

An unhandled exception ends in `okrs.web.views.errors.server_error` (a busy database is a 503).
"""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("okrs.api.urls")),
    path("", include("okrs.rhythm.urls")),
    path("", include("okrs.web.urls")),
]

handler500 = "okrs.web.views.errors.server_error"
