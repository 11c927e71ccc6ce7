from .models import AuditLogEntry


def audit_log_write(*, actor, action: str, target, detail: str = "") -> AuditLogEntry:
    """``target`` is a model instance, or a model class for a look at a list of them."""
    return AuditLogEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk) if not isinstance(target, type) else "",
        detail=detail[:300],
    )
