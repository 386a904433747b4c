from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_territories_app'),
    ]

    operations = [
        migrations.RenameModel(old_name='ReminderLog', new_name='EventReminderLog'),
        migrations.AlterModelOptions(
            name='eventreminderlog',
            options={'verbose_name': "rappel d'événement envoyé", 'verbose_name_plural': "rappels d'événements envoyés"},
        ),
        migrations.RenameModel(old_name='FollowUp', new_name='MinutesFollowUp'),
        migrations.AlterModelOptions(
            name='minutesfollowup',
            options={'ordering': ['due_on', 'pk'], 'verbose_name': "suite à donner d'un compte rendu", 'verbose_name_plural': 'suites à donner des comptes rendus'},
        ),
    ]
