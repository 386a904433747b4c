from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0008_adhesion_moves_to_structures'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.RenameModel(old_name='FollowUp', new_name='InteractionFollowUp'),
        migrations.AlterModelOptions(
            name='interactionfollowup',
            options={'ordering': ['due_on'], 'verbose_name': "suite à donner d'un échange", 'verbose_name_plural': 'suites à donner des échanges'},
        ),
    ]
