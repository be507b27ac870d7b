from django.urls import path

from adopt.notifications import views

app_name = "notifications"

urlpatterns = [
    path("settings/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("companies/<int:company_pk>/", views.company_messages, name="company-messages"),
    path("companies/<int:company_pk>/<int:pk>/", views.message_detail, name="message-detail"),
    path("notify/receipts/", views.notify_receipt, name="notify-receipt"),
]
