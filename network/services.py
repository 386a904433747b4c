"""Writes on the network: contacts' personal data, adhesion campaigns and their
reminders, the structuring of regional networks."""

import csv
import datetime
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import mail_send
from structures.enums import AdhesionReminderKind, AdhesionStatus, PaymentStatus
from structures.models import (
    Adhesion,
    AdhesionCampaign,
    AdhesionReminderLog,
    Structure,
    StructureMembership,
)

from .enums import (
    BureauRole,
    NetworkDecisionKind,
    NetworkDocumentKind,
    NetworkDocumentStatus,
    NetworkMemberStatus,
    RegionalNetworkStatus,
)
from .models import (
    BureauMandate,
    College,
    Contact,
    Milestone,
    NetworkDecision,
    NetworkDocument,
    NetworkMember,
    NetworkStageChange,
    RegionalNetwork,
)


class NetworkError(Exception):
    """A domain error whose message is shown to the user as is."""


# --- Contacts: personal data --------------------------------------------------------------


def contact_export_data(*, contact: Contact) -> dict:
    """Everything held about one person (right of access, RGPD art. 15)."""
    return {
        "prénom": contact.first_name,
        "nom": contact.last_name,
        "fonction": contact.role,
        "e-mail": contact.email,
        "téléphone": str(contact.phone or ""),
        "organisation": contact.organisation.name,
        "créé le": contact.created_at.isoformat(),
        "échanges": [
            {"date": i.occurred_on.isoformat(), "intitulé": i.title, "lieu": i.place}
            for i in contact.interactions.order_by("occurred_on", "pk")
        ],
        "modifications": [
            {
                "date": h.history_date.isoformat(),
                "type": h.get_history_type_display(),
                "par": str(h.history_user) if h.history_user_id else "",
            }
            for h in contact.history.select_related("history_user").order_by("history_date")
        ],
    }


def contact_export(*, contact: Contact, fmt: str) -> tuple[str, str]:
    """(content, content type) in JSON or CSV (one "field,value" row per item)."""
    data = contact_export_data(contact=contact)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2), "application/json"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["champ", "valeur"])
    for key, value in data.items():
        if isinstance(value, list):
            for item in value:
                writer.writerow([key, " ; ".join(f"{k} : {v}" for k, v in item.items())])
        else:
            writer.writerow([key, value])
    return out.getvalue(), "text/csv; charset=utf-8"


@transaction.atomic
def contact_erase(*, contact: Contact, by) -> Contact:
    """Erase a person on request (RGPD art. 17): personal fields are blanked, past versions
    in the audit log are deleted, one audit entry records who erased and when. The contact
    stays as a placeholder so meeting records keep their shape."""
    if contact.erased_at:
        raise NetworkError(_("Ce contact a déjà été effacé."))
    contact.history.all().delete()
    for name in Contact.PERSONAL_FIELDS:
        setattr(contact, name, "")
    contact.last_name = _("Contact effacé")
    contact.erased_at = timezone.now()
    contact._history_user = by
    contact._change_reason = "erased on request"
    contact.save()
    return contact


# --- Adhesion campaigns -----------------------------------------------------------------


@transaction.atomic
def campaign_open(
    *,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    default_dues: Decimal,
    by,
) -> tuple[AdhesionCampaign, int]:
    """Open a year's campaign: one adhesion per structure (members of the previous year
    are awaited for renewal, the others invited). Opening again only adds new structures."""
    if not by.is_national_staff:
        raise NetworkError(_("Seule l'équipe nationale ouvre une campagne."))
    if ends_on < starts_on:
        raise NetworkError(_("La fin de la période précède son début."))
    campaign, _created = AdhesionCampaign.objects.get_or_create(
        year=year,
        defaults={"starts_on": starts_on, "ends_on": ends_on, "default_dues": default_dues},
    )
    if campaign.opened_at is None:
        campaign.opened_at = timezone.now()
        campaign.save(update_fields=["opened_at"])
    previous_members = set(
        Adhesion.objects.filter(campaign__year=year - 1, status=AdhesionStatus.MEMBER).values_list(
            "structure_id", flat=True
        )
    )
    already = set(campaign.adhesions.values_list("structure_id", flat=True))
    new = [
        Adhesion(
            campaign=campaign,
            structure_id=pk,
            status=AdhesionStatus.PENDING if pk in previous_members else AdhesionStatus.INVITED,
            dues_amount=campaign.default_dues,
        )
        for pk in Structure.objects.exclude(pk__in=already).values_list("pk", flat=True)
    ]
    Adhesion.objects.bulk_create(new, batch_size=1000)
    return campaign, len(new)


@transaction.atomic
def adhesion_update(*, adhesion: Adhesion, by, **fields) -> Adhesion:
    """Staff record status and payment; a paid pending adhesion becomes a member."""
    for name, value in fields.items():
        setattr(adhesion, name, value)
    if adhesion.payment_status == PaymentStatus.PAID and not adhesion.paid_on:
        adhesion.paid_on = timezone.localdate()
    if adhesion.payment_status in (PaymentStatus.PAID, PaymentStatus.WAIVED) and (
        adhesion.status == AdhesionStatus.PENDING
    ):
        adhesion.status = AdhesionStatus.MEMBER
    adhesion._history_user = by
    adhesion.save()
    return adhesion


@transaction.atomic
def adhesion_renew(*, adhesion: Adhesion, by, contact_email: str) -> Adhesion:
    """A member renews from the member area: the adhesion awaits payment."""
    if adhesion.status == AdhesionStatus.LEFT:
        raise NetworkError(_("Cette structure a quitté le réseau : contactez l'équipe."))
    adhesion.contact_email = contact_email
    if adhesion.renewed_at is None:
        adhesion.renewed_at = timezone.now()
    if adhesion.status in (AdhesionStatus.INVITED, AdhesionStatus.LAPSED):
        adhesion.status = (
            AdhesionStatus.MEMBER
            if adhesion.payment_status != PaymentStatus.DUE
            else AdhesionStatus.PENDING
        )
    adhesion._history_user = by
    adhesion.save()
    return adhesion


def _reminder_kind(adhesion: Adhesion) -> str | None:
    if adhesion.status in (AdhesionStatus.INVITED, AdhesionStatus.LAPSED):
        return AdhesionReminderKind.RENEWAL
    if (
        adhesion.status in (AdhesionStatus.PENDING, AdhesionStatus.MEMBER)
        and adhesion.payment_status == PaymentStatus.DUE
    ):
        return AdhesionReminderKind.PAYMENT
    return None


def _recipients(adhesion: Adhesion, admins: dict[int, list[str]]) -> list[str]:
    if adhesion.contact_email:
        return [adhesion.contact_email]
    return sorted(admins.get(adhesion.structure_id, []))


def adhesion_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the day's reminders of the current campaign; each one is logged first
    (unique per adhesion, kind and day), so a second run the same day sends nothing."""
    campaign = AdhesionCampaign.current()
    today = today or timezone.localdate()
    if campaign is None or today > campaign.ends_on:
        return 0
    recent = datetime.timedelta(days=campaign.reminder_interval_days)
    adhesions = list(
        campaign.adhesions.select_related("structure", "campaign").exclude(
            status=AdhesionStatus.LEFT
        )
    )
    admins: dict[int, list[str]] = {}
    for structure_id, email in StructureMembership.objects.filter(
        structure__in=[m.structure_id for m in adhesions], is_admin=True, user__is_active=True
    ).values_list("structure_id", "user__email"):
        admins.setdefault(structure_id, []).append(email)
    last_sent = {
        (log["adhesion_id"], log["kind"]): log["sent_on"]
        for log in AdhesionReminderLog.objects.filter(adhesion__campaign=campaign)
        .order_by("sent_on")
        .values("adhesion_id", "kind", "sent_on")
    }
    sent = 0
    for adhesion in adhesions:
        kind = _reminder_kind(adhesion)
        recipients = _recipients(adhesion, admins)
        if kind is None or not recipients:
            continue
        previous = last_sent.get((adhesion.pk, kind))
        if previous is not None and today - previous < recent:
            continue
        if _reminder_send_one(adhesion=adhesion, kind=kind, today=today, to=recipients):
            sent += 1
    return sent


def _reminder_send_one(*, adhesion, kind, today, to) -> bool:
    try:
        with transaction.atomic():
            _log, created = AdhesionReminderLog.objects.get_or_create(
                adhesion=adhesion,
                kind=kind,
                sent_on=today,
                defaults={"recipients": ", ".join(to)},
            )
            if not created:
                return False
            url = settings.SITE_URL.rstrip("/") + reverse("network:member_adhesion")
            context = {"adhesion": adhesion, "kind": kind, "url": url}
            mail_send(
                key=f"network:reminder:{_log.pk}",
                subject=render_to_string("network/email/reminder_subject.txt", context).strip(),
                body=render_to_string("network/email/reminder_message.txt", context),
                to=to,
            )
    except IntegrityError:
        return False  # another worker logged (and sent) it first
    return True


# --- News and resources -------------------------------------------------------------------


def publication_recipients(*, publication) -> list[str]:
    """Active managers of the structures the publication is addressed to."""
    structures = Structure.objects.all()
    region_ids = list(publication.regions.values_list("pk", flat=True))
    if region_ids:
        structures = structures.filter(departement__region__in=region_ids)
    if publication.kinds_list:
        structures = structures.filter(kind__in=publication.kinds_list)
    return sorted(
        set(
            StructureMembership.objects.filter(
                structure__in=structures, user__is_active=True, user__role="manager"
            ).values_list("user__email", flat=True)
        )
    )


def publication_notify(*, publication_id: int) -> int:
    """E-mail the members a publication is addressed to, once (notified_at is the lock)."""
    from .models import Publication

    with transaction.atomic():
        publication = Publication.objects.select_for_update().filter(pk=publication_id).first()
        if (
            publication is None
            or not publication.notify_members
            or publication.notified_at is not None
            or not publication.is_published
        ):
            return 0
        publication.notified_at = timezone.now()
        publication.save(update_fields=["notified_at"])
        recipients = publication_recipients(publication=publication)
        url = settings.SITE_URL.rstrip("/") + reverse(
            "network:publication_detail", kwargs={"pk": publication.pk}
        )
        context = {"publication": publication, "url": url}
        subject = render_to_string("network/email/publication_subject.txt", context).strip()
        message = render_to_string("network/email/publication_message.txt", context)
        for email in recipients:
            mail_send(
                key=f"network:publication:{publication.pk}:{email}",
                subject=subject,
                body=message,
                to=[email],
            )
    return len(recipients)


@transaction.atomic
def publication_save(*, publication, regions, kinds, publish: bool, by):
    """Save a publication; publishing with "notify" set e-mails the members after commit."""
    from . import tasks

    if publication.pk is None:
        publication.created_by = by
    publication.set_kinds(kinds)
    if publish and publication.published_at is None:
        publication.published_at = timezone.now()
    if not publish:
        publication.published_at = None
    if publication.attachment and not publication.attachment_name:
        publication.attachment_name = PurePosixPath(publication.attachment.name).name
    publication.save()
    publication.regions.set(regions)
    if publication.is_published and publication.notify_members and not publication.notified_at:
        publication_id = publication.pk
        transaction.on_commit(lambda: tasks.publication_notify.delay(publication_id=publication_id))
    return publication


# --- Regional networks: stages, members, governance, milestones, documents --------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NetworkError(message)


@transaction.atomic
def regional_network_create(
    *, name: str, region, federation=None, purpose: str = "", started_on=None, by
) -> RegionalNetwork:
    """A network starts as a project; its first history line says when and by whom."""
    from . import perms

    _require(
        perms.can_create_regional_network(by, region),
        _("Vous ne pouvez pas créer de réseau sur ce territoire."),
    )
    if RegionalNetwork.objects.filter(name__iexact=name.strip(), region=region).exists():
        raise NetworkError(_("Un réseau de ce nom existe déjà sur ce territoire."))
    network = RegionalNetwork.objects.create(
        name=name.strip(),
        region=region,
        federation=federation,
        purpose=purpose,
        status=RegionalNetworkStatus.PROJECT,
        created_by=by,
    )
    NetworkStageChange.objects.create(
        network=network,
        from_status="",
        to_status=RegionalNetworkStatus.PROJECT,
        changed_on=started_on or timezone.localdate(),
        reason=_("Création du réseau dans le portail."),
        changed_by=by,
    )
    return network


@transaction.atomic
def regional_network_stage_change(
    *, network: RegionalNetwork, to_status: str, changed_on: datetime.date, reason: str, by
) -> NetworkStageChange:
    """Move the network to one of the stages its current stage allows, with a reason."""
    from . import perms

    network = RegionalNetwork.objects.select_for_update().get(pk=network.pk)
    _require(
        perms.can_manage_regional_network(by, network),
        _("Ce réseau ne peut plus être modifié."),
    )
    if to_status not in network.next_stages:
        raise NetworkError(
            _("Le réseau ne peut pas passer de « %(from)s » à « %(to)s ».")
            % {
                "from": network.get_status_display(),
                "to": RegionalNetworkStatus(to_status).label,
            }
        )
    last = network.stage_changes.order_by("-changed_on").values_list("changed_on", flat=True)
    if last and changed_on < last[0]:
        raise NetworkError(
            _("La date précède celle de l'étape actuelle (%(date)s).")
            % {"date": last[0].strftime("%d/%m/%Y")}
        )
    if not reason.strip():
        raise NetworkError(_("Expliquez ce changement d'étape."))
    change = NetworkStageChange.objects.create(
        network=network,
        from_status=network.status,
        to_status=to_status,
        changed_on=changed_on,
        reason=reason.strip(),
        changed_by=by,
    )
    network.status = to_status
    network.save(update_fields=["status"])
    return change


def _status_dates(member: NetworkMember, on: datetime.date) -> None:
    """The date of the member's current status, when none was given."""
    field_name = {
        NetworkMemberStatus.INVITED: "invited_on",
        NetworkMemberStatus.COMMITTED: "committed_on",
        NetworkMemberStatus.MEMBER: "joined_on",
        NetworkMemberStatus.LEFT: "left_on",
    }[member.status]
    if getattr(member, field_name) is None:
        setattr(member, field_name, on)


def _check_member_dates(member: NetworkMember) -> None:
    if member.joined_on and member.left_on and member.left_on < member.joined_on:
        raise NetworkError(_("La date de départ précède la date d'adhésion."))
    if member.status != NetworkMemberStatus.LEFT and member.left_on:
        raise NetworkError(_("Une date de départ n'a de sens que pour un membre parti."))


@transaction.atomic
def network_member_add(
    *,
    network: RegionalNetwork,
    structure=None,
    organisation=None,
    status: str = NetworkMemberStatus.INVITED,
    is_founding: bool = False,
    college=None,
    on: datetime.date | None = None,
    note: str = "",
    by,
) -> NetworkMember:
    """A structure of the network's territory (member of the federation or not) or a
    partner organisation of the territory as associate member."""
    from . import perms

    _require(
        perms.can_manage_regional_network(by, network), _("Ce réseau ne peut plus être modifié.")
    )
    if (structure is None) == (organisation is None):
        raise NetworkError(_("Choisissez une structure ou un partenaire (un seul)."))
    if structure is not None and structure.departement.region_id != network.region_id:
        raise NetworkError(_("Cette structure n'est pas sur le territoire du réseau."))
    if organisation is not None and organisation.region_id != network.region_id:
        raise NetworkError(_("Ce partenaire n'est pas sur le territoire du réseau."))
    if college is not None and college.network_id != network.pk:
        raise NetworkError(_("Ce collège appartient à un autre réseau."))
    existing = network.members.filter(structure=structure, organisation=organisation).exists()
    if existing:
        raise NetworkError(_("Elle fait déjà partie des membres ou des invités du réseau."))
    member = NetworkMember(
        network=network,
        structure=structure,
        organisation=organisation,
        status=status,
        is_founding=is_founding,
        college=college,
        note=note,
    )
    _status_dates(member, on or timezone.localdate())
    _check_member_dates(member)
    member.save()
    return member


@transaction.atomic
def network_member_update(*, member: NetworkMember, by, **fields) -> NetworkMember:
    """Status, dates, college and note; the date of a new status defaults to today."""
    from . import perms

    _require(
        perms.can_manage_regional_network(by, member.network),
        _("Ce réseau ne peut plus être modifié."),
    )
    college = fields.get("college")
    if college is not None and college.network_id != member.network_id:
        raise NetworkError(_("Ce collège appartient à un autre réseau."))
    for name, value in fields.items():
        setattr(member, name, value)
    _status_dates(member, timezone.localdate())
    _check_member_dates(member)
    member.save()
    return member


@transaction.atomic
def network_invitation_answer(*, member: NetworkMember, accept: bool, by) -> NetworkMember:
    """The structure commits to the network, or declines (it is then recorded as left)."""
    from . import perms

    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    _require(
        perms.can_answer_network_invitation(by, member),
        _("Cette invitation n'attend plus de réponse de votre part."),
    )
    today = timezone.localdate()
    if accept:
        member.status, member.committed_on = NetworkMemberStatus.COMMITTED, today
    else:
        member.status, member.left_on = NetworkMemberStatus.LEFT, today
        member.note = (member.note + " " if member.note else "") + _("Invitation déclinée.")
    member.save()
    return member


@transaction.atomic
def college_create(*, network: RegionalNetwork, name: str, description: str = "", seats=None, by):
    from . import perms

    _require(
        perms.can_manage_regional_network(by, network), _("Ce réseau ne peut plus être modifié.")
    )
    if network.colleges.filter(name__iexact=name.strip()).exists():
        raise NetworkError(_("Ce collège existe déjà."))
    return College.objects.create(
        network=network, name=name.strip(), description=description, seats=seats
    )


@transaction.atomic
def bureau_mandate_create(
    *, network: RegionalNetwork, role: str, person_name: str, member, starts_on, by
) -> BureauMandate:
    """A seat on the bureau is held by a person of a structure that is a member; the
    previous holder of a single seat (président·e, trésorier·e, secrétaire) steps down."""
    from . import perms

    _require(
        perms.can_manage_regional_network(by, network), _("Ce réseau ne peut plus être modifié.")
    )
    if member.network_id != network.pk or member.status != NetworkMemberStatus.MEMBER:
        raise NetworkError(_("Seule une structure membre du réseau peut siéger au bureau."))
    if not person_name.strip():
        raise NetworkError(_("Indiquez la personne élue."))
    if role != BureauRole.OTHER:
        for previous in network.bureau.filter(role=role, ends_on__isnull=True):
            if previous.starts_on > starts_on:
                raise NetworkError(_("Un mandat plus récent existe déjà pour cette fonction."))
            previous.ends_on = starts_on
            previous.save(update_fields=["ends_on"])
    return BureauMandate.objects.create(
        network=network,
        role=role,
        person_name=person_name.strip(),
        member=member,
        starts_on=starts_on,
    )


@transaction.atomic
def bureau_mandate_end(*, mandate: BureauMandate, ends_on: datetime.date, by):
    from . import perms

    _require(
        perms.can_manage_regional_network(by, mandate.network),
        _("Ce réseau ne peut plus être modifié."),
    )
    if mandate.ends_on is not None:
        raise NetworkError(_("Ce mandat est déjà terminé."))
    if ends_on < mandate.starts_on:
        raise NetworkError(_("La fin du mandat précède son début."))
    mandate.ends_on = ends_on
    mandate.save(update_fields=["ends_on"])
    return mandate


def network_document_store(
    *,
    network: RegionalNetwork,
    kind: str,
    status: str,
    title: str,
    adopted_on,
    uploaded,
    file_type,
    by,
) -> NetworkDocument:
    """Store a checked upload privately (non-guessable path, served only by a view)."""
    from . import perms

    _require(
        perms.can_manage_regional_network(by, network), _("Ce réseau ne peut plus être modifié.")
    )
    if status == NetworkDocumentStatus.ADOPTED and adopted_on is None:
        raise NetworkError(_("Indiquez la date d'adoption."))
    document = NetworkDocument(
        network=network,
        kind=kind,
        status=status,
        title=title.strip() or (uploaded.name or "document"),
        adopted_on=adopted_on if status == NetworkDocumentStatus.ADOPTED else None,
    )
    document.store(uploaded, file_type=file_type, by=by)
    return document


@transaction.atomic
def network_document_delete(*, document: NetworkDocument, by) -> None:
    from . import perms

    _require(
        perms.can_manage_regional_network(by, document.network),
        _("Ce réseau ne peut plus être modifié."),
    )
    if document.is_adopted:
        raise NetworkError(_("Un document adopté est conservé : il ne peut pas être supprimé."))
    document.delete_with_file()


@transaction.atomic
def milestone_save(*, milestone: Milestone, by) -> Milestone:
    """Create or change a milestone (validated by its form)."""
    from . import perms

    _require(
        perms.can_manage_regional_network(by, milestone.network),
        _("Ce réseau ne peut plus être modifié."),
    )
    milestone.save()
    return milestone


@dataclass
class ElectedSeat:
    role: str
    person_name: str
    member: NetworkMember


@transaction.atomic
def assembly_decisions_record(
    *,
    network: RegionalNetwork,
    held_on: datetime.date,
    source: str,
    milestones=(),
    joining=(),
    statutes: NetworkDocument | None = None,
    bureau: list[ElectedSeat] = (),
    other: str = "",
    by,
) -> list[NetworkDecision]:
    """What an assembly decided, from its published minutes: the structures that joined
    (at an assemblée constitutive, the founders), the milestones it reached, the statutes
    it adopted, the bureau it elected, other decisions. Each becomes a dated decision of
    the network; recording the same assembly's bureau twice is refused."""
    from . import perms

    _require(
        perms.can_manage_regional_network(by, network), _("Ce réseau ne peut plus être modifié.")
    )
    decisions = []

    def decide(kind, summary):
        decisions.append(
            NetworkDecision.objects.create(
                network=network,
                kind=kind,
                decided_on=held_on,
                summary=summary,
                source=source[:250],
                recorded_by=by,
            )
        )

    joined = []
    for member in joining:
        if member.network_id != network.pk:
            raise NetworkError(_("Ce membre appartient à un autre réseau."))
        if member.status in (NetworkMemberStatus.INVITED, NetworkMemberStatus.COMMITTED):
            member.status, member.joined_on = NetworkMemberStatus.MEMBER, held_on
            member.save(update_fields=["status", "joined_on"])
            joined.append(member.name)
    if joined:
        decide(NetworkDecisionKind.OTHER, _("Adhésion au réseau : %s") % ", ".join(joined))
    for milestone in milestones:
        if milestone.network_id != network.pk:
            raise NetworkError(_("Cette étape appartient à un autre réseau."))
        if milestone.reached_on is None:
            milestone.reached_on = held_on
            milestone.save(update_fields=["reached_on"])
            decide(NetworkDecisionKind.MILESTONE_REACHED, _("Étape atteinte : %s") % milestone)
    if statutes is not None:
        if statutes.network_id != network.pk or statutes.kind != NetworkDocumentKind.STATUTES:
            raise NetworkError(_("Choisissez des statuts de ce réseau."))
        if statutes.is_adopted:
            raise NetworkError(_("Ces statuts sont déjà adoptés."))
        statutes.status, statutes.adopted_on = NetworkDocumentStatus.ADOPTED, held_on
        statutes.save(update_fields=["status", "adopted_on"])
        decide(NetworkDecisionKind.STATUTES_ADOPTED, _("Statuts adoptés : %s") % statutes.title)
    if bureau:
        if network.decisions.filter(
            kind=NetworkDecisionKind.BUREAU_ELECTED, source=source[:250]
        ).exists():
            raise NetworkError(_("Le bureau élu lors de cette assemblée est déjà enregistré."))
        for seat in bureau:
            seat.member.refresh_from_db(fields=["status"])
            bureau_mandate_create(
                network=network,
                role=seat.role,
                person_name=seat.person_name,
                member=seat.member,
                starts_on=held_on,
                by=by,
            )
        decide(
            NetworkDecisionKind.BUREAU_ELECTED,
            _("Bureau élu : %s")
            % " ; ".join(
                f"{BureauRole(seat.role).label} {seat.person_name} ({seat.member.name})"
                for seat in bureau
            ),
        )
    if other.strip():
        decide(NetworkDecisionKind.OTHER, other.strip())
    if not decisions:
        raise NetworkError(_("Aucune décision à enregistrer."))
    return decisions
