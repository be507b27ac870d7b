"""Pinning or dropping an item re-plans the roadmap changing as little as the rules allow: every other item keeps
its phase, or the adviser is told what moved and the rule that left no choice."""

import re

import pytest

from adopt.roadmaps import services
from adopt.roadmaps.catalogue import catalogue
from adopt.roadmaps.selectors import latest_version


def phases_of(roadmap) -> dict[str, int]:
    return {item["key"]: item["phase"] for item in latest_version(roadmap).plan["items"]}


def test_pinning_an_item_moves_no_other_item_unless_a_rule_forces_it(world):
    roadmap = world.roadmap
    before = phases_of(roadmap)
    outside = [item.key for item in catalogue().technologies if item.key not in before][:4]
    tried = 0
    for key in outside:
        for phase in (1, 2):
            services.roadmap_item_pin(roadmap, key, phase, actor=world.adviser)
            try:
                _, moved = services.roadmap_replan_keeping(roadmap, actor=world.adviser, reason="pin")
            except services.RoadmapError:
                services.roadmap_item_unpin(roadmap, key, actor=world.adviser)
                continue  # the pin itself cannot be planned: refused with the reason, nothing stored
            tried += 1
            after = phases_of(roadmap)
            shifted = [other for other, was in before.items() if other != key and after.get(other) != was]
            if shifted:
                assert moved, f"pinning {key} to phase {phase} moved {shifted} without saying why"
                assert any(line.startswith("because ") for line in moved)
                assert "the plan is worth more this way" not in moved[-1]
            else:
                assert not moved
            services.roadmap_item_unpin(roadmap, key, actor=world.adviser)
            services.roadmap_replan_keeping(roadmap, actor=world.adviser, reason="unpin")
            before = phases_of(roadmap)
    assert tried >= 3


def test_dropping_an_item_leaves_the_others_where_they_were_or_names_the_rule(world):
    roadmap = world.roadmap
    for dropped in list(phases_of(roadmap))[:3]:
        before = phases_of(roadmap)
        services.roadmap_item_exclude(roadmap, dropped, actor=world.adviser)
        _, moved = services.roadmap_replan_keeping(roadmap, actor=world.adviser, reason="drop")
        after = phases_of(roadmap)
        assert dropped not in after
        shifted = [key for key, phase in before.items() if key != dropped and after.get(key) != phase]
        names = {item.key: item.name for item in catalogue().technologies}
        for key in shifted:
            assert any(line.startswith(names[key]) for line in moved), (dropped, key, moved)
        if shifted:
            assert any(line.startswith("because ") and "worth more" not in line for line in moved)


def test_dropping_a_prerequisite_says_its_dependent_left_because_of_it(world):
    roadmap = world.roadmap
    services.roadmap_item_exclude(roadmap, "inventory", actor=world.adviser)
    _, moved = services.roadmap_replan_keeping(roadmap, actor=world.adviser, reason="drop")
    names = {item.key: item.name for item in catalogue().technologies}
    assert f"{names['track_trace']} left the plan" in moved
    assert any(names["inventory"] in line for line in moved if line.startswith("because "))


def test_the_adviser_is_told_what_else_moved_or_that_nothing_did(client, world, adviser):
    dropped = list(phases_of(world.roadmap))[-1]
    client.force_login(adviser)
    client.post(f"/roadmaps/companies/{world.company.pk}/items/{dropped}/", {"action": "exclude"})
    page = client.get(f"/roadmaps/companies/{world.company.pk}/").content.decode()
    assert "Nothing else moved." in page or "because" in page


def test_a_done_item_cannot_be_pinned(world):
    key = next(iter(phases_of(world.roadmap)))
    services.roadmap_item_status_set(world.roadmap, key, "done", actor=world.adviser)
    with pytest.raises(services.RoadmapError, match="is done, so it is no longer planned"):
        services.roadmap_item_pin(world.roadmap, key, 1, actor=world.adviser)
    assert key not in world.roadmap.pins


def test_the_rules_that_forced_a_move_are_told_in_words_with_pounds_levels_and_limits(world):
    roadmap = world.roadmap
    outside = [item.key for item in catalogue().technologies if item.key not in phases_of(roadmap)]
    reasons = []
    for key in outside:
        services.roadmap_item_pin(roadmap, key, 2, actor=world.adviser)
        try:
            _, moved = services.roadmap_replan_keeping(roadmap, actor=world.adviser, reason="pin")
        except services.RoadmapError:
            moved = []
        services.roadmap_item_unpin(roadmap, key, actor=world.adviser)
        reasons += [line for line in moved if line.startswith("because ")]
    assert reasons
    for reason in reasons:
        assert "spends" not in reason
        assert "capacity" not in reason
        assert re.search(r"£\d{1,3}(,\d{3})+|a phase can run at once|before it|at level", reason), reason
        assert "_" not in reason, reason


def test_pinning_a_done_item_from_the_page_says_why_and_changes_nothing(client, world, adviser):
    key = next(iter(phases_of(world.roadmap)))
    services.roadmap_item_status_set(world.roadmap, key, "done", actor=world.adviser)
    versions = world.roadmap.versions.count()
    client.force_login(adviser)
    url = f"/roadmaps/companies/{world.company.pk}/items/{key}/"
    response = client.post(url, {"action": "pin", "phase": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "is done, so it is no longer planned" in response.content.decode()
    assert world.roadmap.versions.count() == versions


def test_marking_a_pinned_item_done_lifts_its_pin(world):
    key = next(iter(phases_of(world.roadmap)))
    services.roadmap_item_pin(world.roadmap, key, 1, actor=world.adviser)
    services.roadmap_item_status_set(world.roadmap, key, "done", actor=world.adviser)
    world.roadmap.refresh_from_db()
    assert key not in world.roadmap.pins
