import pytest
from django.urls import reverse

from adopt.assessments.frameworks import framework
from adopt.assessments.models import Assessment
from adopt.assessments.sections import sections_of
from adopt.assessments.tests.factories import AssessmentFactory, answers_at

EU = framework("eu-dma")


def post_for(section, answers):
    """The form a browser would post for one section's answers."""
    data: dict[str, object] = {"then": "next"}
    for dimension in section.dimensions:
        for q in dimension.questions:
            answer = answers[q.key]
            if isinstance(answer, dict):
                data |= {f"q__{q.key}__{item}": str(value) for item, value in answer.items()}
            elif isinstance(answer, list):
                data[f"q__{q.key}"] = answer
            else:
                data[f"q__{q.key}"] = str(answer)
    return data


def start(client, company):
    response = client.post(reverse("assessments:start", kwargs={"company_pk": company.pk, "framework_key": "eu-dma"}))
    return Assessment.objects.get(pk=response.url.split("/")[2])


def test_a_member_takes_the_self_assessment_section_by_section_and_sees_results(client, sme_user, world):
    client.force_login(sme_user)
    assessment = start(client, world.company)
    answers = answers_at(EU, 0.6)
    sections = sections_of(EU)
    assert len(sections) == 6
    for section in sections:
        response = client.post(
            reverse("assessments:section", kwargs={"pk": assessment.pk, "number": section.number}),
            post_for(section, answers),
        )
        assert response.status_code == 302
    review = client.get(reverse("assessments:review", kwargs={"pk": assessment.pk})).content.decode()
    assert "Every question is answered" in review
    result = client.post(reverse("assessments:review", kwargs={"pk": assessment.pk}))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.answers == answers
    page = client.get(result.url).content.decode()
    assert f"Overall {assessment.overall_score:.0f} out of 100: {assessment.overall_band}" in page
    assert "<svg" in page
    assert "Scores by dimension" in page


def test_save_and_come_back_later_keeps_the_answers(client, sme_user, world):
    client.force_login(sme_user)
    assessment = start(client, world.company)
    section = sections_of(EU)[0]
    data = post_for(section, answers_at(EU, 0.5)) | {"then": "later"}
    response = client.post(reverse("assessments:section", kwargs={"pk": assessment.pk, "number": 1}), data)
    assert response.url == reverse("companies:company-detail", kwargs={"pk": world.company.pk})
    assessment.refresh_from_db()
    assert set(assessment.answers) == {"investment_areas", "readiness_to_change"}
    page = client.get(reverse("assessments:section", kwargs={"pk": assessment.pk, "number": 1})).content.decode()
    assert "checked" in page


def test_an_incomplete_assessment_cannot_be_submitted_and_lists_what_is_missing(client, sme_user, world):
    client.force_login(sme_user)
    assessment = start(client, world.company)
    response = client.post(reverse("assessments:review", kwargs={"pk": assessment.pk}))
    body = response.content.decode()
    assert response.status_code == 400
    assert "The assessment is not complete yet" in body
    assert f"/assessments/{assessment.pk}/section/6/#q__green_choices" in body
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q__green_choices", "9", "choose one of the levels 0 to 5"),
        ("q__green_choices", "lots", "That answer is not one of those offered"),
    ],
)
def test_a_tampered_answer_is_refused_and_nothing_saved(client, sme_user, world, field, value, message):
    client.force_login(sme_user)
    assessment = start(client, world.company)
    response = client.post(reverse("assessments:section", kwargs={"pk": assessment.pk, "number": 6}), {field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_the_exclusive_option_ticked_with_others_is_refused(client, sme_user, world):
    client.force_login(sme_user)
    assessment = start(client, world.company)
    data = {"q__data_security": ["none", "backups"]}
    response = client.post(reverse("assessments:section", kwargs={"pk": assessment.pk, "number": 4}), data)
    assert "cannot be ticked with other options" in response.content.decode()
    assessment.refresh_from_db()
    assert "data_security" not in assessment.answers


def test_an_sme_member_cannot_start_the_adviser_diagnostic(client, sme_user, world):
    client.force_login(sme_user)
    url = reverse(
        "assessments:start", kwargs={"company_pk": world.company.pk, "framework_key": "manufacturing-diagnostic"}
    )
    assert client.post(url).status_code == 403


def test_an_adviser_runs_the_diagnostic_in_three_blocks_with_evidence(client, adviser, world):
    client.force_login(adviser)
    url = reverse(
        "assessments:start", kwargs={"company_pk": world.company.pk, "framework_key": "manufacturing-diagnostic"}
    )
    assessment = Assessment.objects.get(pk=client.post(url).url.split("/")[2])
    diagnostic = framework("manufacturing-diagnostic")
    sections = sections_of(diagnostic)
    assert [s.title for s in sections] == ["Process", "Technology", "Organisation"]
    answers = {q.key: 3 for q in diagnostic.questions()}
    for section in sections:
        data = post_for(section, answers) | {
            "evidence__vertical_integration": "ERP and MES not linked; orders retyped."
        }
        client.post(reverse("assessments:section", kwargs={"pk": assessment.pk, "number": section.number}), data)
    client.post(reverse("assessments:review", kwargs={"pk": assessment.pk}))
    assessment.refresh_from_db()
    assert assessment.overall_score == 60
    assert assessment.evidence["vertical_integration"].startswith("ERP and MES")


def test_results_show_progress_since_the_baseline(client, sme_user, world):
    import datetime

    from django.utils import timezone

    world.assessment.submitted_at = timezone.now() - datetime.timedelta(days=400)
    world.assessment.save()
    later = AssessmentFactory(company=world.company, level=0.9)
    client.force_login(sme_user)
    body = client.get(reverse("assessments:detail", kwargs={"pk": later.pk})).content.decode()
    assert "Progress since" in body
    assert "Baseline" in body


def test_benchmarks_are_hidden_below_five_peers_and_shown_from_five(client, sme_user, world):
    client.force_login(sme_user)
    url = reverse("assessments:detail", kwargs={"pk": world.assessment.pk})
    assert "Fewer than 5 similar companies" in client.get(url).content.decode()
    for _ in range(5):
        AssessmentFactory(level=0.3)
    body = client.get(url).content.decode()
    assert "Against 5 other companies" in body
    assert "Peer median" in body


def test_the_company_page_lists_assessments_and_offers_the_right_ones(client, sme_user, adviser, world):
    client.force_login(sme_user)
    page = client.get(reverse("companies:company-detail", kwargs={"pk": world.company.pk})).content.decode()
    assert "Digital maturity self-assessment" in page
    assert "Start a digital maturity self-assessment" in page
    assert "Start a manufacturing digital diagnostic" not in page
    client.force_login(adviser)
    page = client.get(reverse("companies:company-detail", kwargs={"pk": world.company.pk})).content.decode()
    assert "Start a manufacturing digital diagnostic" in page


def test_programme_page_shows_the_maturity_spread_only_from_five_companies(client, manager, world):
    client.force_login(manager)
    url = reverse("programmes:programme-detail", kwargs={"slug": world.programme.slug})
    assert "Fewer than 5 companies have taken it" in client.get(url).content.decode()
    for level in (0.2, 0.4, 0.6, 0.8):
        AssessmentFactory(company__programme=world.programme, level=level)
    body = client.get(url).content.decode()
    assert "5 companies assessed" in body
    assert "Lower quartile" in body


def test_an_sme_member_sees_no_programme_aggregates(client, sme_user, world):
    from django.test import RequestFactory

    from adopt.assessments.panels import programme_maturity_panel

    request = RequestFactory().get("/")
    request.user = sme_user
    assert programme_maturity_panel(request, world.programme) == ""


def test_check_and_submit_shows_every_answer_in_its_own_words_with_a_change_link(client, sme_user, world):
    from django.utils.html import escape

    from adopt.assessments.answers import answer_in_words

    client.force_login(sme_user)
    assessment = start(client, world.company)
    answers = answers_at(EU, 0.6)
    assessment.answers = answers
    assessment.save()
    page = client.get(reverse("assessments:review", kwargs={"pk": assessment.pk})).content.decode()
    for question in EU.questions():
        assert escape(question.text) in page
        for line in answer_in_words(question, answers[question.key]):
            assert escape(line) in page
        assert f"#q__{question.key}" in page
    for key in answers:  # stored keys never reach the page as answers
        assert f">{key}<" not in page


def test_an_unanswered_question_reads_not_answered_yet(client, sme_user, world):
    client.force_login(sme_user)
    assessment = start(client, world.company)
    page = client.get(reverse("assessments:review", kwargs={"pk": assessment.pk})).content.decode()
    assert "Not answered yet" in page


def test_the_results_tell_the_business_what_happens_next_and_who_its_adviser_is(client, sme_user, world):
    assessment = world.assessment
    client.force_login(sme_user)
    page = client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk})).content.decode()
    assert "What happens next:" in page
    assert world.adviser.email in page
    client.force_login(world.adviser)
    assert "What happens next:" not in client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk})).text
