"""Doctors' photos: stored as square renditions through the one image pipeline, shown on the
profile, the directory's cards and beside answers, with the initials when there is none."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from doctors.models import DoctorProfile
from doctors.services import doctor_photo_replace
from doctors.uploads import PHOTO_WIDTHS
from portal.images import Renditions
from portal.taxonomy.models import City, Country
from tests.questions.helpers import answered_question

from .files import image_bytes, jpeg_upload
from .test_application_views import APPLY_URL, form_data

pytestmark = pytest.mark.django_db

PICTURE = re.compile(r"<picture>.*?</picture>", re.S)


def with_photo(doctor, **kwargs) -> DoctorProfile:
    doctor_photo_replace(user=doctor.user, photo=jpeg_upload("me.jpg", **kwargs))
    return DoctorProfile.objects.get(pk=doctor.pk)


def profile_html(client, doctor) -> str:
    return client.get(reverse("directory:doctor", kwargs={"slug": doctor.slug})).content.decode()


def test_the_photo_becomes_square_renditions_named_by_the_largest(doctor):
    doctor = with_photo(doctor, size=(1200, 900))

    renditions = Renditions(doctor.photo_renditions)
    assert [s["w"] for s in doctor.photo_renditions["webp"]] == list(PHOTO_WIDTHS)
    assert all(s["w"] == s["h"] for s in doctor.photo_renditions["jpeg"])
    assert doctor.photo.name == doctor.photo_renditions["jpeg"][-1]["name"]
    assert all(default_storage.exists(name) for name in renditions.names())


def test_profile_shows_the_photo_named_for_the_doctor(client, doctor):
    doctor = with_photo(doctor)

    html = profile_html(client, doctor)

    picture = PICTURE.search(html).group(0)
    assert 'alt="Dr. Asha Rao"' in picture
    assert 'width="88" height="88"' in picture and 'sizes="88px"' in picture
    assert "-96.webp 96w" in picture and "-192.jpg 192w" in picture
    assert "avatar--initials" not in html.split('class="doctor doctor--lg"')[1][:400]


def test_profile_without_a_photo_shows_the_initials_hidden_from_screen_readers(client, doctor):
    html = profile_html(client, doctor)

    badge = html.split('class="doctor doctor--lg"')[1][:400]
    assert '<span class="avatar avatar--initials" aria-hidden="true">AR</span>' in badge
    assert "<picture>" not in badge


def test_answers_show_the_photo_beside_the_name_or_the_initials(client, doctor, patient):
    other = DoctorProfile.objects.create(
        user=patient.__class__.objects.create_user(email="other@example.org", password="x"),
        full_name="Kiran Das",
        slug="kiran-das",
        application_status=doctor.application_status,
        verified_at=doctor.verified_at,
        verified_until=doctor.verified_until,
    )
    doctor = with_photo(doctor)
    question = answered_question(doctors=[doctor, other], specialty=doctor.specialties.first())

    html = client.get(question.get_absolute_url()).content.decode()

    pictures = PICTURE.findall(html)
    # Decorative: the name is the next thing read.
    assert any('class="avatar"' in p and 'alt=""' in p and 'width="44"' in p for p in pictures)
    assert '<span class="avatar avatar--initials" aria-hidden="true">KD</span>' in html


def test_directory_cards_show_the_photo(client, doctor):
    india = Country.objects.create(name="India", slug="india", iso_code="IN", currency="INR")
    city = City.objects.create(name="Mumbai", slug="mumbai", country=india)
    DoctorProfile.objects.filter(pk=doctor.pk).update(city=city)
    doctor = with_photo(doctor)
    url = reverse(
        "directory:top_doctors",
        kwargs={"specialty_slug": doctor.specialties.first().slug, "city_slug": city.slug},
    )

    html = client.get(url).content.decode()

    assert any('class="avatar"' in p for p in PICTURE.findall(html))


def test_a_new_photo_removes_the_old_files_but_the_same_photo_again_keeps_them(
    doctor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = with_photo(doctor, color=(10, 20, 30))
    old = Renditions(first.photo_renditions).names()

    with django_capture_on_commit_callbacks(execute=True):
        again = with_photo(doctor, color=(10, 20, 30))
    assert Renditions(again.photo_renditions).names() == old
    assert all(default_storage.exists(name) for name in old)

    with django_capture_on_commit_callbacks(execute=True):
        changed = with_photo(doctor, color=(200, 20, 30))
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(n) for n in Renditions(changed.photo_renditions).names())


def test_a_damaged_photo_in_the_application_is_a_form_error_not_a_500(client, patient, specialty):
    from .files import pdf_upload

    client.force_login(patient)
    whole = image_bytes("JPEG", size=(900, 900))
    damaged = SimpleUploadedFile("me.jpg", whole[: len(whole) // 2], content_type="image/jpeg")

    response = client.post(
        APPLY_URL, {**form_data(specialty), "documents": [pdf_upload()], "photo": damaged}
    )

    assert response.status_code == 400
    assert "“me.jpg” is damaged or incomplete" in response.content.decode()
    assert not DoctorProfile.objects.filter(user=patient).exists()


def test_link_previews_of_a_profile_show_the_photo(client, doctor, settings):
    doctor = with_photo(doctor, size=(1200, 900))

    html = profile_html(client, doctor)

    photo_url = f"{settings.SITE_URL}{doctor.photo.url}"
    assert photo_url.endswith("-384.jpg")
    assert html.count('<meta property="og:image" ') == 1
    assert f'<meta property="og:image" content="{photo_url}">' in html
    assert '<meta property="og:image:width" content="384">' in html
    assert '<meta property="og:image:height" content="384">' in html
    assert '<meta property="og:image:alt" content="Dr. Asha Rao">' in html


def test_link_previews_of_a_profile_without_a_photo_show_the_sites_image(client, doctor, settings):
    html = profile_html(client, doctor)

    assert html.count('<meta property="og:image" ') == 1
    default = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert default.startswith(settings.SITE_URL) and "img/og-default" in default
    assert finders.find(default.split("/static/", 1)[1])  # a file collectstatic serves
    assert '<meta property="og:image:width" content="1200">' in html
