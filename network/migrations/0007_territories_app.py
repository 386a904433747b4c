# Régions, départements and communes now live in `territories`: the foreign keys point
# there in the migration state; the tables, columns and constraints are unchanged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0006_territories_tables'),
        ('territories', '0002_reference_data'),
        ('accounts', '0004_territories_app'),
        ('diagnostics', '0003_territories_app'),
        ('events', '0004_territories_app'),
        ('reports', '0002_territories_app'),
        ('structures', '0004_territories_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='interaction',
                    name='commune',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='territories.commune', verbose_name='commune'),
                ),
                migrations.AlterField(
                    model_name='organisation',
                    name='commune',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='territories.commune', verbose_name='commune'),
                ),
                migrations.RemoveField(
                    model_name='departement',
                    name='region',
                ),
                migrations.AlterField(
                    model_name='organisation',
                    name='departement',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='territories.departement', verbose_name='département'),
                ),
                migrations.AlterField(
                    model_name='regionalnetwork',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='networks', to='territories.region', verbose_name='région'),
                ),
                migrations.AlterField(
                    model_name='historicalregionalnetwork',
                    name='region',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territories.region', verbose_name='région'),
                ),
                migrations.AlterField(
                    model_name='mission',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='missions', to='territories.region', verbose_name='territoire'),
                ),
                migrations.AlterField(
                    model_name='interaction',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='interactions', to='territories.region', verbose_name='territoire'),
                ),
                migrations.AlterField(
                    model_name='organisation',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='territories.region', verbose_name='région'),
                ),
                migrations.AlterField(
                    model_name='regionaldelegation',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='delegations', to='territories.region', verbose_name='région'),
                ),
                migrations.AlterField(
                    model_name='publication',
                    name='regions',
                    field=models.ManyToManyField(blank=True, help_text='Aucun : tous les territoires.', related_name='+', to='territories.region', verbose_name='territoires'),
                ),
                migrations.DeleteModel(
                    name='Commune',
                ),
                migrations.DeleteModel(
                    name='Departement',
                ),
                migrations.DeleteModel(
                    name='Region',
                ),

            ],
            database_operations=[],
        ),
    ]
