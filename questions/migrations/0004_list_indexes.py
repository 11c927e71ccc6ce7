# Indexes for the paginated public lists: a specialty's answered questions and a
# doctor's answers, newest first. Built CONCURRENTLY so a large questions table keeps
# taking writes while they build (which needs a migration outside a transaction).

from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("doctors", "0004_existing_doctors_approved"),
        ("questions", "0003_agreement"),
        ("taxonomy", "0002_country_treatment_city"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="answer",
            index=models.Index(
                fields=["doctor", "-created_at", "-id"], name="answer_doctor_recent"
            ),
        ),
        AddIndexConcurrently(
            model_name="question",
            index=models.Index(
                condition=models.Q(("answered_at__isnull", False), ("is_private", False)),
                fields=["specialty", "-answered_at", "-id"],
                name="question_answered_specialty",
            ),
        ),
    ]
