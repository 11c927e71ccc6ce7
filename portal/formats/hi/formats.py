"""Dates and numbers on Hindi pages (``FORMAT_MODULE_PATH``): what Django's own Hindi
formats say, with the month names Hindi readers write ("26 नवंबर 2026": Django's ``F``
month names misspell three months, its ``E`` ones do not) and Indian digit grouping
(1,00,000: lakh and crore)."""

DATE_FORMAT = "j E Y"  # 26 नवंबर 2026
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j E Y, g:i A"
YEAR_MONTH_FORMAT = "E Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y g:i A"
FIRST_DAY_OF_WEEK = 1  # Monday

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
# Three digits, then groups of two: 1,00,000 (a lakh), 1,00,00,000 (a crore).
NUMBER_GROUPING = (3, 2, 0)
