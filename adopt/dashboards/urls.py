from django.urls import path

from adopt.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("caseload/", views.caseload_board, name="caseload"),
]
