"""The doctor's dashboard (their answer queue) and the public doctor profile."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questions.models import Answer
from questions.selectors import doctor_open_question_list
from questions.services import answer_create
from tests.factories import DoctorFactory, QuestionFactory, SpecialtyFactory
from tests.questions.helpers import ANSWER_BODY, answered_question, set_created_at

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("questions:dashboard")

NO_RESOLUTIONS = {"resolved_yes": 0, "resolved_partly": 0, "resolved_no": 0}


def test_dashboard_sends_a_visitor_to_log_in(client):
    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={DASHBOARD_URL}"


@pytest.mark.parametrize("who", ["patient", "staff"])
def test_dashboard_is_forbidden_to_non_doctors(request, client, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(DASHBOARD_URL).status_code == 403


def test_applicant_sees_the_pending_page_and_cannot_answer(client, applicant, patient):
    question = QuestionFactory(author=patient)
    client.force_login(applicant.user)

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "doctors/dashboard_pending.html"
    assert "page_obj" not in response.context
    content = response.content.decode()
    assert "waiting for review" in content
    assert question.text not in content  # no patient questions before verification

    response = client.post(
        reverse("questions:answer", kwargs={"pk": question.pk}), {"body": ANSWER_BODY}
    )
    assert response.status_code == 403
    assert not Answer.objects.exists()


@pytest.fixture
def queue(doctor, specialty, other_specialty, patient):
    """Open questions at known ages; returns them in the order the dashboard should list."""
    other_doctor = DoctorFactory()
    base = timezone.now() - timedelta(days=10)

    def make(days, specialty=None, answered_by=()):
        question = QuestionFactory(author=patient, specialty=specialty)
        for someone in answered_by:
            answer_create(user=someone.user, question=question, body=ANSWER_BODY)
        return set_created_at(question, base + timedelta(days=days))

    mine_old = make(0, specialty)
    mine_new = make(5, specialty)
    mine_answered = make(1, specialty, answered_by=[other_doctor])
    other_old = make(2, other_specialty)
    other_new = make(6, other_specialty)
    no_specialty = make(3, None)
    other_answered = make(4, other_specialty, answered_by=[other_doctor])
    already_answered_by_me = make(0.5, specialty, answered_by=[doctor])
    return {
        "expected": {
            "mine_old": mine_old,
            "mine_new": mine_new,
            "mine_answered": mine_answered,
            "other_old": other_old,
            "no_specialty": no_specialty,
            "other_new": other_new,
            "other_answered": other_answered,
        },
        "answered_by_me": already_answered_by_me,
    }


def test_dashboard_orders_own_specialties_then_unanswered_then_oldest(client, doctor, queue):
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 200
    label = {q.pk: name for name, q in queue["expected"].items()}
    shown = [label.get(q.pk, q.pk) for q in response.context["page_obj"].object_list]
    assert shown == list(queue["expected"])


def test_dashboard_pages_carry_the_order_across_its_parts(client, doctor, queue):
    """The open list is read part by part (mine unanswered, mine answered, elsewhere
    unanswered, elsewhere answered): pages of 3 must cut through the parts and still
    give every question once, in order, with its labels."""

    expected = list(queue["expected"].values())
    open_questions = doctor_open_question_list(doctor=doctor, max_count=100)

    pages = [open_questions[i : i + 3] for i in range(0, 9, 3)]

    assert [q for page in pages for q in page] == expected
    assert open_questions.count() == len(expected)
    labels = [(q.in_my_specialties, q.unanswered) for q in pages[0] + pages[1] + pages[2]]
    assert labels == [
        (True, True),
        (True, True),
        (True, False),
        (False, True),
        (False, True),
        (False, True),
        (False, False),
    ]


def test_dashboard_count_stops_at_its_bound(doctor, queue):

    assert doctor_open_question_list(doctor=doctor, max_count=4).count() == 4


def test_dashboard_page_past_the_bound_is_a_404_that_says_why(client, doctor, queue, settings):
    settings.LIST_MAX_PAGES = 1
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL, {"page": 2})

    assert response.status_code == 404
    assert "no further" in response.content.decode()


def test_dashboard_hides_questions_the_doctor_already_answered(client, doctor, queue):
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL)

    assert queue["answered_by_me"] not in list(response.context["page_obj"].object_list)


def test_dashboard_hides_the_doctors_own_questions(client, doctor, specialty, patient):
    own = QuestionFactory(author=doctor.user, specialty=specialty)
    theirs = QuestionFactory(author=patient, specialty=specialty)
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL)

    assert list(response.context["page_obj"].object_list) == [theirs]
    assert own.get_absolute_url() not in response.content.decode()


def test_doctor_without_specialties_sees_unanswered_oldest_first(client, patient):
    doctor = DoctorFactory(specialties=[])
    base = timezone.now() - timedelta(days=3)
    answered = set_created_at(answered_question(doctors=[DoctorFactory()], author=patient), base)
    new = set_created_at(QuestionFactory(author=patient), base + timedelta(days=2))
    old = set_created_at(QuestionFactory(author=patient), base + timedelta(days=1))
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL)

    assert list(response.context["page_obj"].object_list) == [old, new, answered]


def test_dashboard_shows_private_questions_to_verified_doctors(client, doctor, patient):
    private = QuestionFactory(author=patient, is_private=True, text="A private worry about a mole.")
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL)

    assert private in list(response.context["page_obj"].object_list)
    assert patient.email not in response.content.decode()


def test_answers_tab_lists_only_the_doctors_own_answers(client, doctor, patient):
    other_doctor = DoctorFactory()
    first = answered_question(doctors=[doctor, other_doctor], author=patient)
    second = answered_question(doctors=[doctor], author=patient)
    answered_question(doctors=[other_doctor], author=patient)
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL, {"tab": "answers"})

    assert response.status_code == 200
    answers = list(response.context["page_obj"].object_list)
    assert [a.question for a in answers] == [second, first]  # newest first
    assert all(a.doctor == doctor for a in answers)
    assert response.context["stats"] == {
        "total": 2,
        "this_week": 2,
        "thanks": 0,
        "agreements": 0,
        **NO_RESOLUTIONS,
    }


def test_dashboard_answer_form_posts_back_to_the_dashboard(client, doctor, patient):
    question = QuestionFactory(author=patient)
    client.force_login(doctor.user)

    response = client.post(
        reverse("questions:answer", kwargs={"pk": question.pk}),
        {"body": ANSWER_BODY, "next": DASHBOARD_URL},
    )

    assert response.status_code == 302
    answer = question.answers.get()
    assert response["Location"] == f"{DASHBOARD_URL}?answered={answer.pk}#answered"
    assert list(client.get(DASHBOARD_URL).context["page_obj"].object_list) == []
    assert client.get(response["Location"]).context["just_answered"] == answer


@pytest.mark.parametrize("answered", ["9" * 5000, "99999999999999999999", "٣", "-1", "x"])
def test_dashboard_takes_no_answered_key_it_cannot_read(client, doctor, answered):
    """?answered= is a key the answer form sends back; anything else shows no answer,
    and more digits than int() takes from a string (4,300) are no 500."""
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL, {"answered": answered})

    assert response.status_code == 200
    assert response.context.get("just_answered") is None


# --- Public profile ------------------------------------------------------------------------
def test_verified_doctor_profile_is_public(client, doctor, patient):
    public = answered_question(doctors=[doctor], author=patient, text="Public: dry skin on hands.")
    private = answered_question(
        doctors=[doctor], author=patient, is_private=True, text="Private: a lump in my breast."
    )

    response = client.get(reverse("directory:doctor", kwargs={"slug": "asha-rao"}))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Dr. Asha Rao" in content
    assert "Dermatology" in content
    assert doctor.user.email not in content
    shown = list(response.context["page_obj"].object_list)
    assert shown == [public]
    assert private not in shown
    assert "Private: a lump" not in content


@pytest.mark.parametrize("slug", ["ravi-applicant", "nobody-here"])
def test_unverified_or_unknown_doctor_profile_is_a_404(client, applicant, slug):
    assert client.get(reverse("directory:doctor", kwargs={"slug": slug})).status_code == 404


# --- Dashboard gains ---------------------------------------------------------------------------
def test_dashboard_shows_thanks_agreements_and_completeness(client, doctor, patient):
    from questions.services import answer_agree, answer_thank

    question = answered_question(doctors=[doctor], author=patient)
    answer = question.answers.get()
    answer_thank(user=patient, answer=answer)
    answer_agree(user=DoctorFactory().user, answer=answer)
    client.force_login(doctor.user)

    response = client.get(DASHBOARD_URL)

    assert response.context["stats"] == {
        "total": 1,
        "this_week": 1,
        "thanks": 1,
        "agreements": 1,
        **NO_RESOLUTIONS,
    }
    completeness = response.context["completeness"]
    assert 0 < completeness.percent < 100
    assert "a photo" in completeness.missing
    content = response.content.decode()
    assert f"Your profile is {completeness.percent}% complete" in content
    assert "Thanks from patients" in content and "Doctors agreed" in content


def test_completeness_counts_what_is_filled(doctor, specialty):
    from doctors.models import Qualification
    from doctors.selectors import doctor_profile_completeness
    from tests.doctors.files import jpeg_upload

    before = doctor_profile_completeness(doctor=doctor)
    Qualification.objects.create(doctor=doctor, degree="MBBS", institution="AIIMS", year=2010)
    doctor.photo.save("p.jpg", jpeg_upload(), save=False)
    doctor.years_of_experience, doctor.languages, doctor.clinic = 10, "English", "A clinic"
    doctor.consultation_fee, doctor.bio = 500, "b" * 80
    doctor.city = None
    doctor.save()

    after = doctor_profile_completeness(doctor=doctor)

    assert before.percent < after.percent == 90
    assert after.missing == ["your city"]


# --- Public profile -------------------------------------------------------------------------
def test_profile_shows_the_record_and_the_figures(
    client, doctor, patient, django_assert_max_num_queries
):
    from doctors.models import Qualification
    from questions.services import answer_thank

    Qualification.objects.create(
        doctor=doctor, degree="MD (Dermatology)", institution="KEM", year=2012
    )
    doctor.licensing_council, doctor.registration_year = "mmc", 2009
    doctor.languages, doctor.clinic, doctor.consultation_fee = (
        "English, Marathi",
        "Skin Clinic",
        800,
    )
    doctor.bio = "I treat skin."
    doctor.save()
    first = answered_question(doctors=[doctor], author=patient)
    set_created_at(first, first.answers.get().created_at - timedelta(hours=4))
    second = answered_question(doctors=[DoctorFactory(), doctor], author=patient)
    answer_thank(user=patient, answer=second.answers.get(doctor=doctor))
    answered_question(doctors=[doctor], author=patient, is_private=True)

    with django_assert_max_num_queries(12):
        response = client.get(doctor.get_absolute_url())

    content = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    for text in (
        "Maharashtra Medical Council",
        doctor.registration_number,
        "Registered in 2009",
        f"Verified on {timezone.localtime(doctor.verified_at):%-d %b %Y}",
        "Valid until",
        "MD (Dermatology)",
        "KEM",
        "English, Marathi",
        "Skin Clinic",
        "₹800",
        "I treat skin.",
    ):
        assert text in content, text
    stats = response.context["stats"]
    assert stats["total"] == 2  # public questions only
    assert stats["thanks"] == 1
    # Answered first only on the first question, four hours after it was asked.
    assert stats["first_answer_time"].total_seconds() == pytest.approx(4 * 3600, abs=5)
    assert "4 hours" in content


def test_profile_lists_specialties_qualifications_and_clinics_read_with_the_doctor(
    client, doctor, django_assert_num_queries
):
    """Read with the doctor's row in one query (doctors.selectors): each row's fields land
    where they belong (a clinic's city name, not its slug), in the page's order, and a
    clinic moderators hid stays off the page."""
    from doctors.models import Qualification
    from doctors.selectors import doctor_for_profile_page
    from portal.visibility import Visibility
    from tests.directory.factories import CityFactory, ClinicFactory

    doctor.specialties.add(SpecialtyFactory(name="Allergy", slug="allergy"))
    Qualification.objects.create(doctor=doctor, degree="Fellowship", institution="", year=None)
    Qualification.objects.create(doctor=doctor, degree="MD", institution="KEM", year=2012)
    Qualification.objects.create(doctor=doctor, degree="MBBS", institution="AIIMS", year=2008)
    pune = CityFactory(name="Pune", slug="pune-city")
    nagpur = CityFactory(name="Nagpur", slug="nagpur-city")
    ClinicFactory(name="Zinnia Skin Clinic", city=pune).doctors.add(doctor)
    ClinicFactory(name="Aster Hospital", city=nagpur).doctors.add(doctor)
    ClinicFactory(name="Hidden Clinic", city=pune, visibility=Visibility.HIDDEN).doctors.add(doctor)

    with django_assert_num_queries(1):
        loaded = doctor_for_profile_page(slug=doctor.slug)
        specialties = [s.name for s in loaded.specialties.all()]
        degrees = [(q.degree, q.institution, q.year) for q in loaded.qualification_set.all()]
        clinics = [(c.name, c.city.name, c.get_absolute_url()) for c in loaded.clinics.all()]
    assert specialties == ["Allergy", "Dermatology"]
    assert degrees == [("MBBS", "AIIMS", 2008), ("MD", "KEM", 2012), ("Fellowship", "", None)]
    assert [(name, city) for name, city, _ in clinics] == [
        ("Aster Hospital", "Nagpur"),
        ("Zinnia Skin Clinic", "Pune"),
    ]

    content = " ".join(
        re.sub(r"<[^>]+>", " ", client.get(doctor.get_absolute_url()).content.decode()).split()
    )
    assert "Aster Hospital , Nagpur" in content
    assert "Zinnia Skin Clinic , Pune" in content
    assert "Hidden Clinic" not in content
    html = client.get(doctor.get_absolute_url()).content.decode()
    degrees_list = re.search(r'<ul class="plain-list degrees">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r"<strong>(.*?)</strong>", degrees_list) == ["MBBS", "MD", "Fellowship"]
    assert "Allergy, Dermatology" in content


def test_profile_has_physician_structured_data(client, doctor):
    import json

    content = client.get(doctor.get_absolute_url()).content.decode()

    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content)
    assert len(scripts) == 1
    blocks = json.loads(scripts[0])
    types = {b["@type"] for b in blocks}
    assert types == {"Physician", "BreadcrumbList"}
    physician = next(b for b in blocks if b["@type"] == "Physician")
    assert physician["name"] == "Dr. Asha Rao"
    assert physician["medicalSpecialty"] == ["Dermatology"]
    assert physician["url"].endswith("/doctors/asha-rao/")
    assert doctor.user.email not in content


def test_dashboard_links_the_review_desk_for_medical_reviewers_only(client, doctor):
    from django.contrib.auth.models import Permission

    review_url = reverse("blog:review")
    client.force_login(doctor.user)
    assert review_url not in client.get(DASHBOARD_URL).content.decode()

    doctor.user.user_permissions.add(Permission.objects.get(codename="review_article"))
    client.force_login(doctor.user)
    assert review_url in client.get(DASHBOARD_URL).content.decode()
