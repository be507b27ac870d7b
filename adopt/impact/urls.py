from django.urls import path

from adopt.impact import views

app_name = "impact"

urlpatterns = [
    path("simulator/", views.simulator, name="simulator"),
]
