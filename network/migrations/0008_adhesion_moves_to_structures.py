"""Adhesions (a structure's adhesion to the federation), their campaigns and reminders move
to `structures`: the tables are renamed and the rows kept; the models leave this app's
state here and enter that of `structures` in its migration 0005."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0007_territories_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='membershipcampaign', table='structures_adhesioncampaign'),
                migrations.AlterModelTable(name='membership', table='structures_adhesion'),
                migrations.AlterModelTable(name='historicalmembership', table='structures_historicaladhesion'),
                migrations.AlterModelTable(name='reminderlog', table='structures_adhesionreminderlog'),
            ],
            state_operations=[
                migrations.DeleteModel(name='ReminderLog'),
                migrations.DeleteModel(name='HistoricalMembership'),
                migrations.DeleteModel(name='Membership'),
                migrations.DeleteModel(name='MembershipCampaign'),
            ],
        ),
    ]
