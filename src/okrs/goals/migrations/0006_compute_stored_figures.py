"""Give existing cycles their stored figures and findings (what `okrs recompute` does).

It runs the current upkeep code, which reads and writes the columns of 0005: a later
migration that changes these tables needs this one squashed or rewritten first.
"""

from django.db import migrations


def compute(apps, schema_editor):
    from okrs.goals.figures import recompute_cycle
    from okrs.goals.models import Cycle

    for cycle in Cycle.objects.all():
        recompute_cycle(cycle)


class Migration(migrations.Migration):
    dependencies = [("goals", "0005_stored_figures")]

    operations = [migrations.RunPython(compute, migrations.RunPython.noop)]
