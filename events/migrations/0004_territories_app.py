# Régions, départements and communes now live in `territories`: the foreign keys point
# there in the migration state; the tables, columns and constraints are unchanged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_follow_up_push'),
        ('territories', '0002_reference_data'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='event',
                    name='audience_regions',
                    field=models.ManyToManyField(blank=True, related_name='audience_events', to='territories.region', verbose_name='territoires invités'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='commune',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territories.commune', verbose_name='commune'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='departement',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territories.departement', verbose_name='département'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territories.region', verbose_name='territoire'),
                ),
                migrations.AlterField(
                    model_name='historicalevent',
                    name='commune',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.commune', verbose_name='commune'),
                ),
                migrations.AlterField(
                    model_name='historicalevent',
                    name='departement',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.departement', verbose_name='département'),
                ),
                migrations.AlterField(
                    model_name='historicalevent',
                    name='region',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.region', verbose_name='territoire'),
                ),

            ],
            database_operations=[],
        ),
    ]
