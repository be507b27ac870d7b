from django.urls import path

from adopt.impact import views

app_name = "impact"

urlpatterns = [
    path("simulator/", views.simulator, name="simulator"),
    path("kpis/", views.kpi_dashboard, name="kpis"),
    path("kpis/report.<slug:fmt>", views.funder_report_download, name="funder-report"),
    path("follow-ups/", views.follow_up_list, name="follow-ups"),
    path("follow-ups/<int:application_pk>/<int:months>/", views.follow_up_report, name="follow-up"),
]
