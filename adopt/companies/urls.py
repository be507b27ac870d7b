from django.urls import path

from adopt.companies import assignment_views, views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="company-list"),
    path("new/", views.company_create, name="company-create"),
    path("import/", views.company_import, name="company-import"),
    path("unassigned/<slug:slug>/", assignment_views.unassigned_queue, name="unassigned"),
    path("assignment/<slug:slug>/", assignment_views.assignment_rule, name="assignment-rule"),
    path("<int:pk>/ask-for-adviser/", assignment_views.ask_for_adviser, name="ask-for-adviser"),
    path("<int:pk>/", views.company_detail, name="company-detail"),
    path("<int:pk>/edit/", views.company_edit, name="company-edit"),
    path("<int:pk>/confirm-facts/", views.company_confirm_facts, name="company-confirm-facts"),
    path("<int:pk>/subsidies/", views.company_subsidies, name="company-subsidies"),
    path("<int:pk>/sites-and-contacts/", views.company_places_and_people, name="company-places-and-people"),
]
