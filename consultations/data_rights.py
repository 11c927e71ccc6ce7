"""The patient's consultations in their data export, and their enquiry reports' files
removed with their account (registered with portal.accounts.data_rights in apps.py).
The rows themselves go with the account: they point at it with on_delete=CASCADE."""

from django.db import transaction

from portal.accounts.data_rights import ExportSection

from .models import Booking, ChatMessage, EnquiryReport, QuoteEnquiry


def _iso(when) -> str | None:
    return when.isoformat() if when else None


def consultations_export(user) -> ExportSection:
    bookings = Booking.objects.filter(patient=user).select_related("doctor").order_by("starts_at")
    messages = {}
    for message in ChatMessage.objects.filter(booking__patient=user).select_related("author"):
        messages.setdefault(message.booking_id, []).append(
            {
                "from": "you" if message.author_id == user.pk else "the doctor",
                "message": message.body,
                "at": _iso(message.created_at),
            }
        )
    enquiries = (
        QuoteEnquiry.objects.filter(patient=user)
        .select_related("treatment", "patient_country")
        .prefetch_related("quotes__clinic", "reports")
        .order_by("created_at")
    )
    files = []
    enquiry_rows = []
    for enquiry in enquiries:
        reports = []
        for report in enquiry.reports.all():
            path = f"quote_reports/{report.pk}.{report.extension}"
            files.append((path, report.file))
            reports.append(path)
        enquiry_rows.append(
            {
                "treatment": enquiry.treatment.name,
                "your_city": enquiry.patient_city,
                "your_country": enquiry.patient_country.name,
                "preferred_from": _iso(enquiry.preferred_from),
                "preferred_to": _iso(enquiry.preferred_to),
                "notes": enquiry.notes,
                "status": str(enquiry.get_status_display()),
                "asked_at": _iso(enquiry.created_at),
                "reports": reports,
                "quotes": [
                    {
                        "hospital": quote.clinic.name,
                        "status": str(quote.get_status_display()),
                        "low_price": str(quote.low_price) if quote.low_price is not None else None,
                        "high_price": str(quote.high_price)
                        if quote.high_price is not None
                        else None,
                        "currency": quote.currency,
                        "includes": quote.includes,
                        "valid_until": _iso(quote.valid_until),
                        "accepted_at": _iso(quote.accepted_at),
                    }
                    for quote in enquiry.quotes.all()
                ],
            }
        )
    data = {
        "bookings": [
            {
                "doctor": booking.doctor.display_name,
                "mode": str(booking.get_mode_display()),
                "starts_at": _iso(booking.starts_at),
                "ends_at": _iso(booking.ends_at),
                "status": str(booking.get_status_display()),
                "reason": booking.reason,
                "shared_question_id": booking.question_id,
                "fee": booking.fee,
                "currency": booking.currency,
                "chat": messages.get(booking.pk, []),
            }
            for booking in bookings
        ],
        "hospital_quote_enquiries": enquiry_rows,
    }
    return ExportSection(name="consultations.json", data=data, files=files)


def consultations_erase(user) -> None:
    """Delete the files of the patient's enquiry reports once the deletion commits (the
    rows cascade with the account)."""
    stored = [r.file for r in EnquiryReport.objects.filter(enquiry__patient=user) if r.file]

    def delete_files():
        for field in stored:
            field.storage.delete(field.name)

    transaction.on_commit(delete_files)
