from django.urls import path

from adopt.support import views

app_name = "support"

urlpatterns = [
    path("companies/<int:company_pk>/", views.support_log, name="log"),
]
