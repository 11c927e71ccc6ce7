"""Hostile input never breaks a page, and no page tells a role what it may not read.

Every URL pattern in the project, filled with hostile path values and query parameters,
as a visitor, a patient, a verified doctor, an applicant, staff, a verifier and a
superuser, by GET and POST: never a 5xx, never a script tag echoed unescaped, never a
redirect off the site, never a private question's text, a patient's email or a proof
document's name to someone who may not read it (pages, JSON, feeds, sitemaps, JSON-LD and
redirect addresses alike). Then every form, posted empty, short of fields, oversize, with
NUL characters, wrong types, markup and a tampered formset: a clear message, nothing
saved, and what was typed given back.
"""
