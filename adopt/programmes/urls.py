from django.urls import path

from adopt.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("new/", views.programme_new, name="programme-new"),
    path("<slug:slug>/", views.programme_detail, name="programme-detail"),
    path("<slug:slug>/edit/", views.programme_edit, name="programme-edit"),
    path("<slug:slug>/areas/", views.programme_areas, name="programme-areas"),
    path("<slug:slug>/targets/", views.programme_targets, name="programme-targets"),
]
