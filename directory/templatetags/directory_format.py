"""Prices in their own currency, for directory pages."""

from decimal import Decimal

from django import template

from directory.text import in_country as _in_country

register = template.Library()

SYMBOLS = {
    "INR": "₹",
    "USD": "US$",
    "GBP": "£",
    "EUR": "€",
    "THB": "฿",
    "TRY": "₺",
    "AED": "AED\u00a0",
}
# Indian readers read lakh grouping (2,50,000); everyone else thousands (250,000).
LAKH_GROUPING = frozenset({"INR"})


def _group(digits: str, lakh: bool) -> str:
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    size = 2 if lakh else 3
    groups = []
    while len(head) > size:
        groups.insert(0, head[-size:])
        head = head[:-size]
    groups.insert(0, head)
    return ",".join(groups) + "," + tail


@register.filter
def money(amount, currency: str) -> str:
    """``250000|money:"INR"`` -> "₹2,50,000"; ``4500.5|money:"USD"`` -> "US$4,500.50"."""
    if amount in (None, ""):
        return ""
    value = Decimal(amount)
    whole, cents = divmod(abs(value), 1)
    text = _group(str(int(whole)), currency in LAKH_GROUPING)
    if cents:
        text += f"{cents:.2f}"[1:]
    symbol = SYMBOLS.get(currency, f"{currency}\u00a0")
    return f"{'-' if value < 0 else ''}{symbol}{text}"


@register.simple_tag
def price_range(low, high, currency: str) -> str:
    """ "₹1,50,000 – ₹3,00,000", or one price when both ends are equal."""
    if low == high:
        return money(low, currency)
    return f"{money(low, currency)} – {money(high, currency)}"


@register.filter
def in_country(name: str) -> str:
    """``country.name|in_country`` -> "in India", "in the United Kingdom"."""
    return _in_country(name)
