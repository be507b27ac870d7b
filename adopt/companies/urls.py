from django.urls import path

from adopt.companies import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="company-list"),
    path("<int:pk>/", views.company_detail, name="company-detail"),
]
