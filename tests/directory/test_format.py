from decimal import Decimal

import pytest

from directory.templatetags.directory_format import money, price_range


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (250000, "INR", "₹2,50,000"),
        (12500000, "INR", "₹1,25,00,000"),
        (999, "INR", "₹999"),
        (250000, "USD", "US$250,000"),
        (Decimal("4500.50"), "GBP", "£4,500.50"),
        (38000, "AED", "AED\u00a038,000"),
        (1000, "XYZ", "XYZ\u00a01,000"),
        (None, "INR", ""),
    ],
)
def test_money(amount, currency, expected):
    assert money(amount, currency) == expected


def test_price_range():
    assert price_range(100000, 250000, "INR") == "₹1,00,000 – ₹2,50,000"
    assert price_range(5000, 5000, "USD") == "US$5,000"


def test_country_names_inside_a_sentence():
    from directory.text import in_country

    assert in_country("India") == "in India"
    assert in_country("United Kingdom") == "in the United Kingdom"
    assert in_country("United Arab Emirates") == "in the United Arab Emirates"
    assert in_country("Netherlands") == "in the Netherlands"
