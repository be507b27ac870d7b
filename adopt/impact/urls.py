from django.urls import path

from adopt.impact import views

app_name = "impact"

urlpatterns = [
    path("simulator/", views.simulator, name="simulator"),
    path("follow-ups/", views.follow_up_list, name="follow-ups"),
    path("follow-ups/<int:application_pk>/<int:months>/", views.follow_up_report, name="follow-up"),
]
