from django.urls import path

from adopt.support import booking_views, timeline_views, views

app_name = "support"

urlpatterns = [
    path("companies/<int:company_pk>/", views.support_log, name="log"),
    path("companies/<int:company_pk>/timeline/", timeline_views.company_timeline, name="timeline"),
    path("companies/<int:company_pk>/visits/new/", booking_views.booking_new, name="booking-new"),
    path("visits/<int:pk>/", booking_views.booking_detail, name="booking"),
    path("visits/<int:pk>/visit.ics", booking_views.booking_calendar, name="booking-calendar"),
    path("cohorts/", views.cohort_list, name="cohorts"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
]
