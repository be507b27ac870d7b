from django.contrib import admin
from django_tasks_db.models import DBTaskResult

# Jobs have their own pages, which ask the access policy; the task queue's raw rows stay out of the back office.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
