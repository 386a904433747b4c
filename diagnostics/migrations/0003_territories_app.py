# Régions, départements and communes now live in `territories`: the foreign keys point
# there in the migration state; the tables, columns and constraints are unchanged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('diagnostics', '0002_default_grid'),
        ('territories', '0002_reference_data'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalterritorialdiagnostic',
                    name='region',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.region', verbose_name='territoire'),
                ),
                migrations.AlterField(
                    model_name='territorialdiagnostic',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='territorial_diagnostics', to='territories.region', verbose_name='territoire'),
                ),

            ],
            database_operations=[],
        ),
    ]
