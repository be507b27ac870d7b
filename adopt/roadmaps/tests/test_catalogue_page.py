"""The technology catalogue as an owner reads it: names and words, never the catalogue's keys."""

import re

from django.urls import reverse

KEY_LIKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b\w+@\d+\b")


def visible_text(html: str) -> str:
    without_code = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", without_code)


def test_the_catalogue_names_prerequisites_and_dimensions_in_words(client, world):
    client.force_login(world.sme_member)
    text = visible_text(client.get(reverse("roadmaps:catalogue")).text)
    assert KEY_LIKE.findall(text) == []
    assert "at level 1 or above" in text


def test_a_re_plan_says_what_it_used_in_words(world):
    from adopt.roadmaps.services import programme_roadmaps_replan

    programme_roadmaps_replan(world.programme.pk, actor=world.adviser)
    latest = world.roadmap.versions.order_by("-number").first()
    assert "@" not in latest.reason
