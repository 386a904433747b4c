"""Writes on the network: contacts' personal data, adhesion campaigns and their
reminders."""

import csv
import datetime
import io
import json
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

from .models import Contact


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
