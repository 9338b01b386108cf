"""The PB committee and the proposal-support group come from the governance register.

A cycle links to its committee (a body of type PB committee) and its support group; members,
terms and composition are kept there. The interim per-cycle member list (``Member``) is moved
into governance bodies and then dropped, so that an official keeps one register:

* per cycle with members, a body of type PB committee ("<cycle title> 주민참여예산위원회") and,
  for the support group, a working group ("<cycle title> 구민제안참여단"), both linked to the
  cycle; every subcommittee name becomes a subcommittee body under the committee;
* each member becomes one term over the cycle's year (sector as listed, civil when blank;
  gender "not stated", commissioned), in the committee and, when listed there, also in the
  subcommittee. Composition thresholds are switched off on these bodies: the old list did not
  record genders, and officials complete them in the governance screens.

The move writes no audit entries (a migration cannot run the services); the reverse drops
the links and leaves the bodies in the register.
"""

import datetime as dt

import django.db.models.deletion
import maeul.budgeting.models
from django.db import migrations, models


def move_members(apps, schema_editor):
    Member = apps.get_model("budgeting", "Member")
    Cycle = apps.get_model("budgeting", "Cycle")
    Body = apps.get_model("governance", "Body")
    Membership = apps.get_model("governance", "Membership")
    for cycle in Cycle.objects.filter(pk__in=Member.objects.values("cycle_id")).order_by("pk"):
        municipality_id = cycle.municipality_id
        start, end = dt.date(cycle.cycle_year, 1, 1), dt.date(cycle.cycle_year, 12, 31)
        bodies = {}

        def body(name, kind, parent=None):
            found, _created = Body.objects.get_or_create(
                municipality_id=municipality_id,
                name=name[:120],
                defaults={
                    "kind": kind,
                    "parent": parent,
                    "min_gender_percent": None,
                    "min_civil_percent": None,
                },
            )
            return found

        def term(target, member):
            name = member.name[:60]
            clash = Membership.objects.filter(body=target, person_name=name, term_start=start)
            if clash.filter(user_id=member.user_id).exists():
                return
            if clash.exists():
                name = f"{name[:54]} ({member.pk})"
            Membership.objects.create(
                body=target,
                user_id=member.user_id,
                person_name=name,
                sector=member.sector or "civil",
                gender="other",
                appointment="commissioned",
                role="member",
                term_start=start,
                term_end=end,
            )

        for member in Member.objects.filter(cycle=cycle).order_by("pk"):
            if member.body == "committee":
                if "committee" not in bodies:
                    bodies["committee"] = body(f"{cycle.title} 주민참여예산위원회", "pb_committee")
                term(bodies["committee"], member)
                if member.subcommittee:
                    key = "sub:" + member.subcommittee
                    if key not in bodies:
                        bodies[key] = body(
                            f"{bodies['committee'].name} {member.subcommittee}",
                            "subcommittee",
                            parent=bodies["committee"],
                        )
                    term(bodies[key], member)
            else:
                if "support" not in bodies:
                    bodies["support"] = body(f"{cycle.title} 구민제안참여단", "working_group")
                term(bodies["support"], member)
        cycle.committee_body = bodies.get("committee")
        cycle.support_body = bodies.get("support")
        cycle.save(update_fields=["committee_body", "support_body"])


def unlink(apps, schema_editor):
    apps.get_model("budgeting", "Cycle").objects.update(committee_body=None, support_body=None)


class Migration(migrations.Migration):

    dependencies = [
        ('budgeting', '0004_mobile_vote'),
        ('governance', '0002_sessionattendance'),
    ]

    operations = [
        migrations.AddField(
            model_name='cycle',
            name='committee_body',
            field=models.ForeignKey(blank=True, help_text='The participatory-budgeting committee (주민참여예산위원회) in the governance register; its members and those of its subcommittees review, comment and vote.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pb_committee_cycles', to='governance.body', verbose_name='PB committee'),
        ),
        migrations.AddField(
            model_name='cycle',
            name='support_body',
            field=models.ForeignKey(blank=True, help_text='The group that comments on proposals and suggests edits (구민제안참여단).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pb_support_cycles', to='governance.body', verbose_name='proposal-support group'),
        ),
        migrations.CreateModel(
            name='CommitteeVote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('poll_code', models.SlugField(max_length=60, unique=True)),
                ('numbers', models.JSONField()),
                ('opened_at', models.DateTimeField(auto_now_add=True)),
                ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='committee_votes', to='budgeting.cycle')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='budgeting.categorygroup')),
            ],
            options={
                'verbose_name': 'committee vote',
                'verbose_name_plural': 'committee votes',
                'ordering': ['cycle_id', 'group__sort_order'],
            },
            bases=(maeul.budgeting.models._InCycle, models.Model),
        ),
        migrations.RunPython(move_members, unlink),
        migrations.DeleteModel(
            name='Member',
        ),
        migrations.AddConstraint(
            model_name='committeevote',
            constraint=models.UniqueConstraint(fields=('cycle', 'group'), name='pb_committee_vote_per_group'),
        ),
    ]
