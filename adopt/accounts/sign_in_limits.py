"""Counting wrong passwords per client address, across accounts, for `views.LimitedLoginView`.

Django's authentication reports each wrong password as its `user_login_failed` signal; `AccountsConfig` connects
`count_failed_sign_in` to it.
"""

from typing import Any

from django.http import HttpRequest

from adopt.core.limits import client_address, count_and_check

FAILED_SIGN_INS_PER_ADDRESS_PER_HOUR = 20


def count_failed_sign_in(sender: object, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None:
        count_and_check("sign-in-failed", client_address(request), FAILED_SIGN_INS_PER_ADDRESS_PER_HOUR)
