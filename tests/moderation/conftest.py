import pytest

from moderation.targets import TARGETS
from tests.factories import DoctorFactory, UserFactory
from tests.questions.helpers import answered_question

PUBLIC_TEXT = "My elbows have had an itchy red rash for weeks, which cream should I use?"


@pytest.fixture
def moderator(staff):
    """staff (tests/conftest.py) holds questions.view_private_question: a moderator."""
    return staff


@pytest.fixture
def editor_staff(db):
    """Staff without the moderation permission (an editor or verifier, say)."""
    return UserFactory(email="editor.staff@example.org", is_staff=True)


@pytest.fixture
def question(patient, doctor):
    return answered_question(doctors=[doctor], author=patient, text=PUBLIC_TEXT)


@pytest.fixture
def answer(question):
    return question.answers.get()


@pytest.fixture
def peer(specialty):
    return DoctorFactory(full_name="Ravi Peer", slug="ravi-peer", specialties=[specialty])


@pytest.fixture
def peer2(specialty):
    return DoctorFactory(full_name="Sara Peer", slug="sara-peer", specialties=[specialty])


def target(kind):
    return TARGETS[kind]
