"""Fill the votes' poll key from the poll code (and the code from the key on the way back).

A link whose code names no poll cannot be carried over: the migration stops and names it
rather than dropping the link silently (the voting core never deletes a poll, so this only
happens after a hand edit of the database)."""

from django.db import migrations

LINKS = ("MobileVote", "CommitteeVote")


def fill_poll(apps, schema_editor):
    Poll = apps.get_model("voting", "Poll")
    for name in LINKS:
        Link = apps.get_model("budgeting", name)
        for link in Link.objects.all():
            poll = Poll.objects.filter(code=link.poll_code).first()
            if poll is None:
                raise RuntimeError(
                    f"budgeting {name} {link.pk}: no poll has the code {link.poll_code!r}; "
                    "restore the poll or delete the link before migrating."
                )
            link.poll = poll
            link.save(update_fields=["poll"])


def fill_code(apps, schema_editor):
    for name in LINKS:
        Link = apps.get_model("budgeting", name)
        for link in Link.objects.select_related("poll"):
            link.poll_code = link.poll.code
            link.save(update_fields=["poll_code"])


class Migration(migrations.Migration):
    dependencies = [("budgeting", "0007_vote_poll_key")]

    operations = [migrations.RunPython(fill_poll, fill_code)]
