"""The doctors' forms read their limits from doctors.models and their messages from
doctors.services, so a form and the service that runs after it agree."""

from datetime import date

import pytest

from doctors import services
from doctors.forms import ApplicationForm, DecisionForm, PublicDetailsForm, QualificationForm
from doctors.models import (
    FIRST_YEAR,
    MAX_FEE,
    DoctorProfile,
    Qualification,
    years_of_experience_max,
)


def test_years_of_experience_run_from_the_first_accepted_year():
    assert years_of_experience_max(date(2026, 5, 1)) == 2026 - FIRST_YEAR == 76


def test_the_form_caps_years_of_experience_where_the_service_does():
    limit = years_of_experience_max()
    field = PublicDetailsForm().fields["years_of_experience"]
    message = services.YEARS_OF_EXPERIENCE_RANGE % {"limit_value": limit}

    assert field.max_value == limit
    assert PublicDetailsForm({"years_of_experience": limit + 1}).errors["years_of_experience"] == [
        message
    ]
    assert "years_of_experience" not in PublicDetailsForm({"years_of_experience": limit}).errors


def test_the_form_lengths_are_the_models():
    fields = ApplicationForm().fields
    for name in ("full_name", "registration_number", "licensing_council_other", "languages"):
        assert fields[name].max_length == DoctorProfile._meta.get_field(name).max_length, name
    assert fields["clinic"].max_length == DoctorProfile._meta.get_field("clinic").max_length
    assert fields["bio"].max_length == DoctorProfile._meta.get_field("bio").max_length
    assert fields["consultation_fee"].max_value == MAX_FEE
    qualification = QualificationForm().fields
    for name in ("degree", "institution"):
        assert qualification[name].max_length == Qualification._meta.get_field(name).max_length


@pytest.mark.parametrize("decision", [DecisionForm.NEEDS_INFO, DecisionForm.REJECT])
def test_the_decision_form_needs_the_services_reason_length(decision):
    short = "x" * (services.REASON_MIN_LENGTH - 1)
    enough = "x" * services.REASON_MIN_LENGTH

    assert DecisionForm({"decision": decision, "reason": short}).errors == {
        "reason": [services.REASON_REQUIRED]
    }
    assert DecisionForm({"decision": decision, "reason": enough}).is_valid()
