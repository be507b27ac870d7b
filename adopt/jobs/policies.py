from django.db.models import Q, QuerySet

from adopt.accounts.models import User
from adopt.accounts.policies import AnyUser, is_national_admin, signed_in_user
from adopt.jobs.models import Job
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.policies import is_programme_staff, programme_ids_where


def visible_jobs(user: AnyUser) -> QuerySet[Job]:
    """Jobs a person started, and a programme's jobs for its managers; every job for national admins."""
    person = signed_in_user(user)
    if person is None:
        return Job.objects.none()
    if is_national_admin(person):
        return Job.objects.all()
    managed = programme_ids_where(person, ProgrammeStaff.Role.MANAGER)
    return Job.objects.filter(Q(started_by=person) | Q(programme_id__in=managed))


def can_list_jobs(user: AnyUser) -> bool:
    """Staff start jobs (imports, reports); the list shows each person what `visible_jobs` lets them see."""
    person = signed_in_user(user)
    return person is not None and (person.global_role != User.GlobalRole.NONE or is_programme_staff(person))
