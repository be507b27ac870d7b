from django.urls import path

from adopt.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.evaluation_index, name="index"),
    path("<slug:slug>/", views.programme_evaluation_page, name="programme"),
    path("<slug:slug>/indicators.csv", views.indicators_csv, name="indicators-csv"),
    path("<slug:slug>/ons-matching.csv", views.ons_matching_csv, name="ons-matching-csv"),
    path("<slug:slug>/outcomes/", views.outcomes_upload, name="outcomes-upload"),
    path("<slug:slug>/draws/", views.draw_create, name="draw-create"),
]
