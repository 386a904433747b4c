"""News and resources: sanitised Markdown, audiences, private attachments, e-mails."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from network.models import Publication
from network.services import publication_notify
from tests.factories import region

pytestmark = pytest.mark.django_db
STORY = "Structuration d'un réseau de l'IAE en Guyane : COORACE s'engage"


def publish(title, *, body="", regions=(), kinds=(), **fields):
    publication = Publication(
        title=title, body=body, published_at=timezone.now(), kind="news", **fields
    )
    publication.set_kinds(kinds)
    publication.save()
    publication.regions.set(regions)
    return publication


def test_markdown_is_rendered_and_sanitised(demo, login):
    publication = publish(
        "Piégée",
        body='## Titre\n\n**gras** <script>alert(1)</script> <b onclick="x()">b</b> '
        '[lien](javascript:alert(1)) <span style="color:red">rouge</span> '
        "[ok](https://exemple.test)",
    )
    html = (
        login(demo["siae-a"])
        .get(reverse("network:publication_detail", args=[publication.pk]))
        .content.decode()
    )
    assert "<h2>Titre</h2>" in html and "<strong>gras</strong>" in html
    assert "<script>alert" not in html and "onclick" not in html
    assert "javascript:" not in html and 'style="color' not in html
    assert 'href="https://exemple.test" rel="noopener noreferrer nofollow"' in html


def test_members_see_what_is_addressed_to_them_newest_first(demo, login):
    normandie_only = publish("Pour la Normandie", regions=[region("28")])
    ei_only = publish("Pour les EI", kinds=["EI"])
    eiti_only = publish("Pour les EITI", kinds=["EITI"])
    aci_guyane = publish("Pour les ACI de Guyane", kinds=["ACI"], regions=[region("03")])
    draft = Publication.objects.create(title="Brouillon", kind="news")
    client = login(demo["siae-a"])  # APROSEP, an ACI in Cayenne
    page = client.get(reverse("network:member_news"))
    titles = [p.title for p in page.context["page"]]
    assert titles[0] == "Pour les ACI de Guyane"
    assert STORY in titles
    for hidden in (normandie_only, ei_only, eiti_only, draft):
        assert hidden.title not in titles
        detail = client.get(reverse("network:publication_detail", args=[hidden.pk]))
        assert detail.status_code == 404
    assert (
        client.get(reverse("network:publication_detail", args=[aci_guyane.pk])).status_code == 200
    )
    resources = client.get(reverse("network:member_news"), {"section": "resources"})
    assert STORY not in [p.title for p in resources.context["page"]]


def test_attachments_are_checked_private_and_served_to_their_audience(demo, login, tmp_path):
    staff = login(demo["guyane"])
    fake = SimpleUploadedFile("note.pdf", b"not a pdf at all", content_type="application/pdf")
    response = staff.post(
        reverse("network:publication_create"),
        {
            "kind": "legal",
            "title": "Note frauduleuse",
            "attachment": fake,
            "regions": [region("03").pk],
            "publish": "on",
        },
    )
    assert response.status_code == 200
    assert not Publication.objects.filter(title="Note frauduleuse").exists()
    pdf = SimpleUploadedFile("note.pdf", b"%PDF-1.4 note", content_type="application/pdf")
    response = staff.post(
        reverse("network:publication_create"),
        {
            "kind": "legal",
            "title": "Note juridique Guyane",
            "body": "Voir la pièce jointe.",
            "attachment": pdf,
            "regions": [region("03").pk],
            "publish": "on",
        },
    )
    assert response.status_code == 302
    publication = Publication.objects.get(title="Note juridique Guyane")
    assert publication.is_published and publication.created_by == demo["guyane"]
    assert "/media/" not in publication.attachment.name
    url = reverse("network:publication_attachment", args=[publication.pk])
    download = login(demo["siae-b"]).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 note"
    assert login(demo["normandie"]).get(url).status_code == 404
    assert login(demo["dieccte"]).get(url).status_code == 404


def test_regional_staff_publish_only_to_their_regions(demo, login):
    client = login(demo["normandie"])
    response = client.post(
        reverse("network:publication_create"),
        {"kind": "news", "title": "Pour tout le monde", "publish": "on"},
    )
    assert response.status_code == 200  # a territory is required
    response = client.post(
        reverse("network:publication_create"),
        {"kind": "news", "title": "Ailleurs", "regions": [region("03").pk], "publish": "on"},
    )
    assert response.status_code == 200
    assert not Publication.objects.filter(title__in=["Pour tout le monde", "Ailleurs"]).exists()
    story = Publication.objects.get(title=STORY)
    assert client.get(reverse("network:publication_edit", args=[story.pk])).status_code == 403


def test_members_are_told_by_email_once(
    demo, login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(demo["reseau"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:publication_create"),
            {
                "kind": "news",
                "title": "Assemblée du réseau",
                "summary": "Le 30 septembre à Cayenne.",
                "regions": [region("03").pk],
                "structure_kinds": ["ACI"],
                "notify_members": "on",
                "publish": "on",
            },
        )
    assert response.status_code == 302
    publication = Publication.objects.get(title="Assemblée du réseau")
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == [demo["siae-a"].email, demo["siae-b"].email]  # two ACI in Guyane
    assert "Assemblée du réseau" in mailoutbox[0].subject
    assert publication_notify(publication_id=publication.pk) == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("network:publication_edit", args=[publication.pk]),
            {
                "kind": "news",
                "title": "Assemblée du réseau",
                "regions": [region("03").pk],
                "notify_members": "on",
                "publish": "on",
            },
        )
    assert len(mailoutbox) == 2


def test_publication_pages_cost_the_same_at_two_sizes(demo, login, django_assert_max_num_queries):
    for role, name in (("reseau", "network:publication_list"), ("siae-a", "network:member_news")):
        client = login(demo[role])
        with django_assert_max_num_queries(30) as small:
            client.get(reverse(name))
        for index in range(10):
            publish(f"En plus {role} {index}", regions=[region("03")])
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert client.get(reverse(name)).status_code == 200
