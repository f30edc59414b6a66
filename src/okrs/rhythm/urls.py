"""Routes of the rhythm's pages."""

from django.urls import path

from okrs.rhythm import views

urlpatterns = [
    path("my/check-ins/", views.my_check_ins, name="my-check-ins"),
    path("my/check-ins/count/", views.my_check_ins_count, name="my-check-ins-count"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
