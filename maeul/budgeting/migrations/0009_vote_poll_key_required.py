"""The votes' poll key is required now that it is filled; the poll code is gone."""

import django.db.models.deletion
from django.db import migrations, models

from maeul.core.migration_triggers import keeping_sqlite_triggers

LINKS = ("mobilevote", "committeevote")


class Migration(migrations.Migration):
    dependencies = [("budgeting", "0008_vote_poll_key_fill")]

    operations = keeping_sqlite_triggers(
        [
            *(
                migrations.AlterField(
                    model_name=name,
                    name="poll",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="voting.poll",
                    ),
                )
                for name in LINKS
            ),
            *(migrations.RemoveField(model_name=name, name="poll_code") for name in LINKS),
        ]
    )
