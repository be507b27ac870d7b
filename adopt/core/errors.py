"""The common base of the domain's refusals: a rule said no, and the message says why in words a person can act on.

Services raise a subclass of `DomainError` (funding, roadmaps, support, claims...); pages show its message beside
the form and the API answers it as a client error. A bug or a broken reference file is not a `DomainError`.
"""


class DomainError(Exception):
    """A rule of the domain refused the request; `str(error)` is the reason, written for the person."""
