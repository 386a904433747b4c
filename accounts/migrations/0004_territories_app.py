# Régions, départements and communes now live in `territories`: the foreign keys point
# there in the migration state; the tables, columns and constraints are unchanged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_historicalinvitation_historicaluser'),
        ('territories', '0002_reference_data'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalinvitation',
                    name='region',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.region', verbose_name='territoire'),
                ),
                migrations.AlterField(
                    model_name='invitation',
                    name='region',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territories.region', verbose_name='territoire'),
                ),
                migrations.AlterField(
                    model_name='user',
                    name='regions',
                    field=models.ManyToManyField(blank=True, related_name='staff', to='territories.region', verbose_name='territoires affectés'),
                ),

            ],
            database_operations=[],
        ),
    ]
