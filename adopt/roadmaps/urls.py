from django.urls import path

from adopt.roadmaps import catalogue_views, views

app_name = "roadmaps"

urlpatterns = [
    path("technologies/", views.technology_catalogue, name="catalogue"),
    path("technologies/versions/", catalogue_views.catalogue_versions, name="catalogue-versions"),
    path("companies/<int:company_pk>/", views.roadmap_detail, name="roadmap"),
    path("companies/<int:company_pk>/plan/", views.roadmap_plan, name="plan"),
    path("companies/<int:company_pk>/items/<slug:key>/", views.roadmap_item, name="item"),
    path("companies/<int:company_pk>/items/<slug:key>/progress/", views.roadmap_progress, name="progress"),
    path("companies/<int:company_pk>/versions/", views.roadmap_versions, name="versions"),
    path("companies/<int:company_pk>/versions/<int:number>/agree/", views.roadmap_agree, name="agree"),
    path("companies/<int:company_pk>/versions/<int:number>/propose/", views.roadmap_propose, name="propose"),
    path("companies/<int:company_pk>/roadmap.pdf", views.roadmap_pdf_download, name="pdf"),
]
