"""The slowest pages of the demo, for each staff role: `python bench/slow_requests.py [LIMIT_SECONDS]`.

Loads the demo into a fresh SQLite database, signs in as the North West adviser and manager, a national
administrator and a national evaluator (both factors), and requests every page that takes no argument plus the
detail pages of a busy demo company, its roadmap, an application, a fund and a programme. Prints the ten slowest
requests and exits non-zero if any took longer than the limit (2 s by default): long work belongs in a job.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WORKDIR = Path(tempfile.mkdtemp(prefix="adopt-slow-requests-"))
os.environ |= {
    "DEBUG": "true",
    "DATABASE_URL": f"sqlite:///{WORKDIR / 'demo.sqlite3'}",
    "MEDIA_ROOT": str(WORKDIR / "media"),
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "testserver",
    "TASKS_BACKEND": "database",  # jobs are queued, as on a server; nothing here runs them
    "DJANGO_SETTINGS_MODULE": "config.settings",
}

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver, reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402

from adopt.accounts.models import User  # noqa: E402
from adopt.companies.models import Company  # noqa: E402
from adopt.funding.models import Fund, GrantApplication  # noqa: E402
from adopt.programmes.models import Programme  # noqa: E402

PEOPLE = [
    "adviser.north-west@adopt.example",
    "manager.north-west@adopt.example",
]
SKIPPED = ("admin:", "api-", "accounts:logout", "onboarding:")  # the back office, the API, sign-out, public forms


def plain_pages(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            names += plain_pages(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            names.append(prefix + pattern.name)
    return [name for name in names if not name.startswith(SKIPPED)]


def detail_pages() -> list[str]:
    company = Company.objects.filter(programme__slug="north-west").exclude(roadmap=None).order_by("pk").first()
    application = GrantApplication.objects.filter(company__programme__slug="east-lancashire").order_by("pk").first()
    fund = Fund.objects.order_by("pk").first()
    programme = Programme.objects.get(slug="north-west")
    pages = [reverse("programmes:programme-detail", kwargs={"slug": programme.slug})]
    if company:
        pages += [
            reverse("companies:company-detail", kwargs={"pk": company.pk}),
            reverse("roadmaps:roadmap", kwargs={"company_pk": company.pk}),
            reverse("support:log", kwargs={"company_pk": company.pk}),
        ]
    if application:
        pages.append(reverse("funding:application-detail", kwargs={"pk": application.pk}))
    if fund:
        pages.append(reverse("funding:fund-detail", kwargs={"pk": fund.pk}))
    return pages


def signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Bench second factor", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def main() -> None:
    limit = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the command's output is not wanted
    national = [User.objects.filter(global_role=role).first() for role in User.GlobalRole.values if role]
    people = [*User.objects.filter(email__in=PEOPLE), *national]
    urls = [reverse(name) for name in plain_pages()] + detail_pages()
    timings = []
    for person in [p for p in people if p is not None]:
        client = signed_in(person)
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started, person.email, url, response.status_code))
    timings.sort(reverse=True)
    print(f"{len(timings)} requests ({len(urls)} pages × {len(people)} people); the slowest:")
    for seconds, email, url, status in timings[:10]:
        print(f"  {seconds * 1000:7.0f} ms  {status}  {url}  ({email})")
    over = [t for t in timings if t[0] > limit]
    broken = [t for t in timings if t[3] >= 400 and t[3] not in (403, 404)]
    print(f"{len(over)} over {limit:.1f} s; {len(broken)} answered with an error")
    for _seconds, email, url, status in broken[:10]:
        print(f"  {status}  {url}  ({email})")
    sys.exit(1 if over or broken else 0)


if __name__ == "__main__":
    main()
