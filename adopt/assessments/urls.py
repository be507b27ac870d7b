from django.urls import path

from adopt.assessments import views

app_name = "assessments"

urlpatterns = [
    path("start/<int:company_pk>/<slug:framework_key>/", views.assessment_begin, name="start"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/section/<int:number>/", views.assessment_section, name="section"),
    path("<int:pk>/review/", views.assessment_review, name="review"),
]
