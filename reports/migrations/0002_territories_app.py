# Régions, départements and communes now live in `territories`: the foreign keys point
# there in the migration state; the tables, columns and constraints are unchanged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
        ('territories', '0002_reference_data'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='report',
                    name='region',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='territories.region', verbose_name='territoire'),
                ),

            ],
            database_operations=[],
        ),
    ]
