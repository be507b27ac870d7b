from django.urls import path

from adopt.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("<slug:slug>/", views.programme_detail, name="programme-detail"),
]
