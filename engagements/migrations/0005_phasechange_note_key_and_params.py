# Phase notes the system writes are stored as a message key and its parameters, rendered in the
# reader's language (engagements.notes). Rows written before keep their text in `note`; no data
# migration: an old note reads as it was written.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("engagements", "0004_staff_profile_phone")]

    operations = [
        migrations.AddField(
            model_name="phasechange",
            name="note_key",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="phasechange",
            name="note_params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
