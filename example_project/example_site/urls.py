"""URLs of the example site: home, the person's page, allauth and the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from example_site import views

admin.site.site_header = "Example theatre site administration"
admin.site.site_title = "Example theatre site admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.person, name="person"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
