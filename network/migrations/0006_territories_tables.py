# Régions, départements and communes move to the `territories` app: their tables are
# renamed here (rows, keys and constraints kept) and their models change app in
# territories.0001 and network.0007.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0005_publications'),
    ]

    operations = [
        migrations.AlterModelTable(name='region', table='territories_region'),
        migrations.AlterModelTable(name='departement', table='territories_departement'),
        migrations.AlterModelTable(name='commune', table='territories_commune'),
    ]
