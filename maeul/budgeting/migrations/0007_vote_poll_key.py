"""Link the mobile and committee votes to their polls by a foreign key instead of the poll's
code, in three steps (each its own transaction, so PostgreSQL never alters a table with
pending constraint checks): this one adds the key (nullable) and lets the code be empty,
0008 fills the key from the code, 0009 makes the key required and drops the code."""

import django.db.models.deletion
from django.db import migrations, models

from maeul.core.migration_triggers import keeping_sqlite_triggers

LINKS = ("mobilevote", "committeevote")


class Migration(migrations.Migration):
    dependencies = [
        ("budgeting", "0006_text_length_limits"),
        ("voting", "0007_closing_reason_limits"),
    ]

    operations = keeping_sqlite_triggers(
        [
            *(
                migrations.AddField(
                    model_name=name,
                    name="poll",
                    field=models.OneToOneField(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="voting.poll",
                    ),
                )
                for name in LINKS
            ),
            # nullable while the key takes over, so the way back can fill it again
            *(
                migrations.AlterField(
                    model_name=name,
                    name="poll_code",
                    field=models.SlugField(max_length=60, null=True),
                )
                for name in LINKS
            ),
        ]
    )
