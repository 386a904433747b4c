from tests.access import (
    GUYANE,
    GUYANE_STAFF,
    MANAGER_A,
    MANAGER_B,
    MANAGERS,
    NATIONAL,
    NORMANDIE,
    NORMANDIE_STAFF,
    PARTNERS,
    STAFF,
    SUPERUSER,
    Spec,
)


def _pk(model_path: str, **lookup):
    def kwargs():
        from django.apps import apps

        model = apps.get_model(*model_path.split("."))
        return {"pk": model.objects.get(**lookup).pk}

    return kwargs


def _guyane_partner():
    from network.models import Organisation

    return {"organisation_pk": Organisation.objects.get(name="CRESS Guyane").pk}


def _contact(fmt=None):
    def kwargs():
        from network.models import Contact

        result = {"pk": Contact.objects.get(last_name="Gabarit").pk}
        if fmt:
            result["fmt"] = fmt
        return result

    return kwargs


def _interaction_pk():
    from network.models import Interaction

    return {"interaction_pk": Interaction.objects.get(title="Rencontre de la DIECCTE").pk}


def _aprosep_adhesion():
    from structures.models import Adhesion

    return {"pk": Adhesion.objects.get(structure__name="APROSEP", campaign__year=2019).pk}


ATTACHED = "Compte rendu du comité régional (Normandie)"


NETWORK = "Réseau IAE de Guyane"
SEATED = "Régie de quartier de Matoury"


def _network():
    return _pk("network.RegionalNetwork", name=NETWORK)


def _seat():
    """A seat on the Guyane network's bureau (its assembly is still to come in the demo)."""
    import datetime

    from network.models import BureauMandate, NetworkMember, RegionalNetwork
    from structures.models import Structure

    member, _ = NetworkMember.objects.get_or_create(
        network=RegionalNetwork.objects.get(name=NETWORK),
        structure=Structure.objects.get(name=SEATED),
        defaults={"status": "member", "joined_on": datetime.date(2019, 2, 11)},
    )
    mandate, _ = BureauMandate.objects.get_or_create(
        network=member.network,
        member=member,
        defaults={
            "role": "secretary",
            "person_name": "Sandrine Élisabeth",
            "starts_on": datetime.date(2019, 2, 11),
        },
    )
    return mandate


def _mandate():
    return {"pk": _seat().pk}


def build():
    """A Normandie publication with a private attachment (the demo has no files), and a
    seat on the Guyane network's bureau."""
    from django.core.files.base import ContentFile

    from network.models import Publication
    from territories.models import Region

    _seat()
    publication, created = Publication.objects.get_or_create(
        title=ATTACHED,
        kind="legal",
        defaults={"published_at": "2019-04-01T10:00:00Z", "attachment_name": "cr.pdf"},
    )
    if created:
        publication.attachment.save("cr.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
        publication.regions.set([Region.objects.get(code="28")])


def _attached():
    build()
    from network.models import Publication

    return {"pk": Publication.objects.get(title=ATTACHED).pk}


NATIONAL_ONLY = frozenset({SUPERUSER, NATIONAL})
STORY = "Structuration d'un réseau de l'IAE en Guyane : COORACE s'engage"
DECEMBER = "Premier séjour en Guyane (décembre 2018)"

SPECS = {
    "network:staff_home": Spec(STAFF),
    "network:partner_home": Spec(PARTNERS),
    "network:territory_list": Spec(STAFF),
    "network:partner_list": Spec(STAFF),
    "network:partner_create": Spec(STAFF),
    "network:partner_detail": Spec(GUYANE_STAFF, _pk("network.Organisation", name="CRESS Guyane")),
    "network:partner_edit": Spec(
        NORMANDIE_STAFF, _pk("network.Organisation", name="CRESS Normandie")
    ),
    "network:contact_create": Spec(GUYANE_STAFF, _guyane_partner),
    "network:contact_edit": Spec(GUYANE_STAFF, _contact()),
    "network:contact_export": Spec(GUYANE_STAFF, _contact("json")),
    "network:contact_erase": Spec(GUYANE_STAFF, _contact()),
    "network:mission_list": Spec(STAFF),
    "network:mission_create": Spec(STAFF),
    "network:mission_detail": Spec(GUYANE_STAFF, _pk("network.Mission", title=DECEMBER)),
    "network:mission_edit": Spec(GUYANE_STAFF, _pk("network.Mission", title=DECEMBER)),
    "network:interaction_list": Spec(STAFF),
    "network:interaction_create": Spec(STAFF),
    "network:interaction_detail": Spec(
        GUYANE_STAFF, _pk("network.Interaction", title="Rencontre de la CRESS")
    ),
    "network:interaction_edit": Spec(
        GUYANE_STAFF, _pk("network.Interaction", title="Rencontre de la CRESS")
    ),
    "network:followup_create": Spec(GUYANE_STAFF, _interaction_pk),
    "network:followup_list": Spec(STAFF),
    "network:followup_done": Spec(
        GUYANE_STAFF,
        _pk("network.InteractionFollowUp", title__startswith="Préparer les statuts"),
        method="post",
    ),
    "network:federation": Spec(STAFF),
    "network:regional_network_create": Spec(STAFF),
    "network:regional_network_detail": Spec(GUYANE_STAFF, _network()),
    "network:regional_network_stage": Spec(GUYANE_STAFF, _network()),
    "network:regional_network_member_add": Spec(GUYANE_STAFF, _network()),
    "network:regional_network_member_edit": Spec(
        GUYANE_STAFF, _pk("network.NetworkMember", network__name=NETWORK, structure__name="APROSEP")
    ),
    "network:regional_network_college_add": Spec(GUYANE_STAFF, _network()),
    "network:regional_network_mandate_add": Spec(GUYANE_STAFF, _network()),
    "network:regional_network_mandate_end": Spec(GUYANE_STAFF, _mandate),
    "network:regional_network_milestone_add": Spec(GUYANE_STAFF, _network()),
    "network:regional_network_milestone_edit": Spec(
        GUYANE_STAFF, _pk("network.Milestone", title="Réunion collective à Cayenne")
    ),
    "network:regional_network_document_add": Spec(GUYANE_STAFF, _network()),
    # A draft: staff of the territory only; members read adopted documents.
    "network:regional_network_document": Spec(
        GUYANE_STAFF, _pk("network.NetworkDocument", title__startswith="Projet de statuts")
    ),
    "network:regional_network_document_delete": Spec(
        GUYANE_STAFF, _pk("network.NetworkDocument", title__startswith="Projet de statuts")
    ),
    "network:member_regional_networks": Spec(MANAGERS),
    # APROSEP has committed, Chantier Maroni Insertion is invited: both see the network.
    "network:member_regional_network": Spec(MANAGERS, _network()),
    "network:member_network_answer": Spec(
        frozenset({MANAGER_B}),
        _pk(
            "network.NetworkMember",
            network__name=NETWORK,
            structure__name="Chantier Maroni Insertion",
        ),
    ),
    "network:adhesion_list": Spec(STAFF),
    "network:adhesion_export": Spec(STAFF, lambda: {"fmt": "xlsx"}),
    "network:adhesion_edit": Spec(GUYANE_STAFF, _aprosep_adhesion),
    "network:campaign_list": Spec(STAFF),
    "network:campaign_open": Spec(NATIONAL_ONLY),
    "network:member_adhesion": Spec(MANAGERS),
    "network:member_adhesion_renew": Spec(frozenset({MANAGER_A}), _aprosep_adhesion),
    "network:publication_list": Spec(STAFF),
    "network:publication_create": Spec(STAFF),
    "network:publication_detail": Spec(STAFF | MANAGERS, _pk("network.Publication", title=STORY)),
    "network:publication_edit": Spec(
        GUYANE_STAFF, _pk("network.Publication", title__startswith="Modèle de statuts")
    ),
    "network:publication_attachment": Spec(NORMANDIE_STAFF, _attached),
    "network:member_news": Spec(MANAGERS),
}


# Object actions refused to someone who sees the object (403), beside SPECS' one per URL:
# a publication addressed to every territory is the national team's to edit.
OBJECT_ACTIONS = [
    (
        "network:publication_edit",
        Spec(
            NATIONAL_ONLY,
            _pk("network.Publication", title=STORY),
            forbidden=frozenset({GUYANE, NORMANDIE}),
        ),
    ),
]
