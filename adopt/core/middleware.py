"""Pages are read with GET and changed with POST; only the JSON API speaks other methods."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse

PAGE_METHODS = ("GET", "HEAD", "POST")


class PageMethodsMiddleware:
    """Refuse PUT, PATCH, DELETE and the rest on pages with 405, before any view treats them as a GET."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in PAGE_METHODS and not request.path.startswith("/api/"):
            return HttpResponseNotAllowed(PAGE_METHODS)
        return self.get_response(request)


# Features no page of Adopt uses, refused to any script that might ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NulCharacterMiddleware:
    """Refuse any request carrying a NUL character, in its path, query, cookies or form, with 400.

    No field of Adopt takes one, and PostgreSQL cannot store one: let through, it fails deep in a query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and request.method == "POST" and self._body_carries_nul(request):
            return JsonResponse({"detail": "The request holds a NUL character, which no field takes."}, status=400)
        if self._carries_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "The request holds a NUL character, which no field takes."}, status=400)
            return HttpResponseBadRequest("The request holds a NUL character, which no field takes.")
        return self.get_response(request)

    @staticmethod
    def _body_carries_nul(request: HttpRequest) -> bool:
        # Reading the body first also keeps it for the API's JSON parser after the session's form check has parsed
        # a form body (which would otherwise consume the stream); JSON spells a NUL as an escape.
        return b"\x00" in request.body or b"\\u0000" in request.body

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        texts = [request.path, *request.COOKIES.keys(), *request.COOKIES.values()]
        texts += [value for values in request.GET.lists() for value in (values[0], *values[1])]
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            texts += [value for values in request.POST.lists() for value in (values[0], *values[1])]
        return any("\x00" in text for text in texts)
