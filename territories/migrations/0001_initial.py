# Régions, départements and communes, moved from `network`: the tables already exist
# (renamed by network.0006), so only the migration state is created here. Their content
# types follow them, so admin permissions granted on them are kept.

import django.db.models.deletion
import territories.models
from django.db import migrations, models

MOVED = ['region', 'departement', 'commune']


def content_types_move(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    for model in MOVED:
        if not ContentType.objects.filter(app_label='territories', model=model).exists():
            ContentType.objects.filter(app_label='network', model=model).update(
                app_label='territories'
            )


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.filter(app_label='territories', model__in=MOVED).update(
        app_label='network'
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('network', '0006_territories_tables'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=3, unique=True, verbose_name='code INSEE')),
                        ('name', models.CharField(max_length=100, verbose_name='nom')),
                        ('time_zone', models.CharField(default='Europe/Paris', max_length=64, validators=[territories.models.validate_time_zone], verbose_name='fuseau horaire')),
                    ],
                    options={
                        'verbose_name': 'région',
                        'verbose_name_plural': 'régions',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Departement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=3, unique=True, verbose_name='code INSEE')),
                        ('name', models.CharField(max_length=100, verbose_name='nom')),
                        ('time_zone', models.CharField(default='Europe/Paris', max_length=64, validators=[territories.models.validate_time_zone], verbose_name='fuseau horaire')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='departements', to='territories.region', verbose_name='région')),
                    ],
                    options={
                        'verbose_name': 'département',
                        'verbose_name_plural': 'départements',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='Commune',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('insee_code', models.CharField(max_length=5, unique=True, verbose_name='code INSEE')),
                        ('name', models.CharField(max_length=100, verbose_name='nom')),
                        ('postcode', models.CharField(blank=True, max_length=5, verbose_name='code postal')),
                        ('departement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='territories.departement', verbose_name='département')),
                    ],
                    options={
                        'verbose_name': 'commune',
                        'verbose_name_plural': 'communes',
                        'ordering': ['name'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_move, content_types_back),
    ]
