import pytest


@pytest.fixture(autouse=True)
def _emails_sent_at_once(monkeypatch):
    """Emails go out when the transaction commits; these tests run inside one that never does."""
    monkeypatch.setattr("adopt.onboarding.services.transaction.on_commit", lambda callback, **kwargs: callback())
