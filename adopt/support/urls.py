from django.urls import path

from adopt.support import views

app_name = "support"

urlpatterns = [
    path("companies/<int:company_pk>/", views.support_log, name="log"),
    path("cohorts/", views.cohort_list, name="cohorts"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
]
