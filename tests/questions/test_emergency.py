"""questions.emergency: words that should show the emergency notice."""

import pytest

from questions.emergency import EMERGENCY_NUMBERS, looks_like_emergency


@pytest.mark.parametrize(
    "text",
    [
        "I have chest pain and can't breathe",
        "Sudden CHEST PAIN since this morning",
        "chest\n   pain when I climb stairs",
        "my father can’t breathe properly",  # curly apostrophe, as phones type it
        "I cant breathe at night",
        "I cannot breathe through my nose and feel dizzy",
        "I think I am having a heart attack",
        "I feel suicidal most days",
        "I want to end my life",
        "history of self-harm",
        "my son took an overdose of paracetamol",
        "she fainted twice today",
        "He had a seizure.",
    ],
)
def test_emergency_phrases_are_recognised(text):
    assert looks_like_emergency(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "I have been painting my house and my wrist aches",
        "I hurt my back lifting a chest of drawers",
        "My skin itches a lot since May",
        "I breathe fine but cough at night",
        "Is it safe to take paracetamol with ibuprofen?",
        "",
    ],
)
def test_ordinary_questions_are_not_emergencies(text):
    assert looks_like_emergency(text) is False


def test_emergency_numbers_include_india_112():
    assert ("All emergencies (India)", "112") in EMERGENCY_NUMBERS
