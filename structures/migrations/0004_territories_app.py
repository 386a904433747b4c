# Régions, départements and communes now live in `territories`: the foreign keys point
# there in the migration state; the tables, columns and constraints are unchanged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('structures', '0003_profile_documents_history'),
        ('territories', '0002_reference_data'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalstructure',
                    name='commune',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.commune', verbose_name='commune'),
                ),
                migrations.AlterField(
                    model_name='historicalstructure',
                    name='departement',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.departement', verbose_name='département'),
                ),
                migrations.AlterField(
                    model_name='structure',
                    name='commune',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territories.commune', verbose_name='commune'),
                ),
                migrations.AlterField(
                    model_name='structure',
                    name='departement',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='structures', to='territories.departement', verbose_name='département'),
                ),

            ],
            database_operations=[],
        ),
    ]
