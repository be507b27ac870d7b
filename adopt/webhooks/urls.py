from django.urls import path

from adopt.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list, name="endpoint-list"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint-detail"),
    path("<int:pk>/deliveries/<int:delivery_pk>/", views.delivery_detail, name="delivery-detail"),
]
