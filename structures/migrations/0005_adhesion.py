"""Adhesions arrive from `network` (its migration 0008 renamed the tables, rows kept): their
state is declared here as it was there, then the reminder log's foreign key and both
constraints take the new names."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = {
    "membershipcampaign": "adhesioncampaign",
    "membership": "adhesion",
    "historicalmembership": "historicaladhesion",
    "reminderlog": "adhesionreminderlog",
}


def content_types_follow(apps, schema_editor):
    """Permissions granted to groups on the old models stay granted on the new ones."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in MOVED.items():
        if not ContentType.objects.filter(app_label="structures", model=new).exists():
            ContentType.objects.filter(app_label="network", model=old).update(
                app_label="structures", model=new
            )


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in MOVED.items():
        if not ContentType.objects.filter(app_label="network", model=old).exists():
            ContentType.objects.filter(app_label="structures", model=new).update(
                app_label="network", model=old
            )


class Migration(migrations.Migration):

    dependencies = [
        ('structures', '0004_territories_app'),
        ('network', '0008_adhesion_moves_to_structures'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AdhesionCampaign',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='année')),
                        ('starts_on', models.DateField(verbose_name='début de la période')),
                        ('ends_on', models.DateField(verbose_name='fin de la période')),
                        ('default_dues', models.DecimalField(decimal_places=2, default=0, max_digits=9, verbose_name='cotisation par défaut (€)')),
                        ('opened_at', models.DateTimeField(blank=True, null=True, verbose_name='ouverte le')),
                        ('reminder_interval_days', models.PositiveSmallIntegerField(default=14, verbose_name='jours entre deux relances')),
                    ],
                    options={
                        'verbose_name': "campagne d'adhésion",
                        'verbose_name_plural': "campagnes d'adhésion",
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='Adhesion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('invited', 'Invitée'), ('pending', 'En attente'), ('member', 'Adhérente'), ('lapsed', 'Non renouvelée'), ('left', 'Partie')], default='invited', max_length=10, verbose_name='statut')),
                        ('dues_amount', models.DecimalField(decimal_places=2, max_digits=9, verbose_name='cotisation (€)')),
                        ('payment_status', models.CharField(choices=[('due', 'À payer'), ('paid', 'Payée'), ('waived', 'Exonérée')], default='due', max_length=10, verbose_name='paiement')),
                        ('paid_on', models.DateField(blank=True, null=True, verbose_name='payée le')),
                        ('contact_email', models.EmailField(blank=True, help_text='Reçoit les relances ; à défaut, les administrateurs de la structure.', max_length=254, verbose_name="e-mail pour l'adhésion")),
                        ('renewed_at', models.DateTimeField(blank=True, null=True, verbose_name='renouvelée le')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifiée le')),
                        ('structure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adhesions', to='structures.structure', verbose_name='structure')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='adhesions', to='structures.adhesioncampaign', verbose_name='campagne')),
                    ],
                    options={
                        'verbose_name': 'adhésion',
                        'verbose_name_plural': 'adhésions',
                    },
                ),
                migrations.CreateModel(
                    name='AdhesionReminderLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('renewal', "Relance d'adhésion"), ('payment', 'Relance de paiement')], max_length=10, verbose_name='type')),
                        ('sent_on', models.DateField(verbose_name='envoyée le (jour)')),
                        ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='envoyée le')),
                        ('recipients', models.TextField(verbose_name='destinataires')),
                        ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='structures.adhesion', verbose_name='adhésion')),
                    ],
                    options={
                        'verbose_name': "relance d'adhésion envoyée",
                        'verbose_name_plural': "relances d'adhésion envoyées",
                        'ordering': ['-sent_at'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalAdhesion',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('status', models.CharField(choices=[('invited', 'Invitée'), ('pending', 'En attente'), ('member', 'Adhérente'), ('lapsed', 'Non renouvelée'), ('left', 'Partie')], default='invited', max_length=10, verbose_name='statut')),
                        ('dues_amount', models.DecimalField(decimal_places=2, max_digits=9, verbose_name='cotisation (€)')),
                        ('payment_status', models.CharField(choices=[('due', 'À payer'), ('paid', 'Payée'), ('waived', 'Exonérée')], default='due', max_length=10, verbose_name='paiement')),
                        ('paid_on', models.DateField(blank=True, null=True, verbose_name='payée le')),
                        ('contact_email', models.EmailField(blank=True, help_text='Reçoit les relances ; à défaut, les administrateurs de la structure.', max_length=254, verbose_name="e-mail pour l'adhésion")),
                        ('renewed_at', models.DateTimeField(blank=True, null=True, verbose_name='renouvelée le')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='modifiée le')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='structures.adhesioncampaign', verbose_name='campagne')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('structure', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='structures.structure', verbose_name='structure')),
                    ],
                    options={
                        'verbose_name': 'historical adhésion',
                        'verbose_name_plural': 'historical adhésions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='adhesion',
                    constraint=models.UniqueConstraint(fields=('campaign', 'structure'), name='membership_one_per_campaign'),
                ),
                migrations.AddConstraint(
                    model_name='adhesionreminderlog',
                    constraint=models.UniqueConstraint(fields=('membership', 'kind', 'sent_on'), name='reminder_once_per_day'),
                ),
            ],
        ),
        migrations.RemoveConstraint(model_name='adhesionreminderlog', name='reminder_once_per_day'),
        migrations.RenameField(model_name='adhesionreminderlog', old_name='membership', new_name='adhesion'),
        migrations.RemoveConstraint(model_name='adhesion', name='membership_one_per_campaign'),
        migrations.AddConstraint(
            model_name='adhesion',
            constraint=models.UniqueConstraint(fields=('campaign', 'structure'), name='adhesion_one_per_campaign'),
        ),
        migrations.AddConstraint(
            model_name='adhesionreminderlog',
            constraint=models.UniqueConstraint(fields=('adhesion', 'kind', 'sent_on'), name='adhesion_reminder_once_per_day'),
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
