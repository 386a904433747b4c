"""Staff imports: upload → preview (per row) → confirm; nothing written before that."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import STAFF, access_rule, deny_unless

from .. import imports
from ..forms import ImportUploadForm


@access_rule(STAFF)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = imports.stash(
            user=request.user,
            kind=form.cleaned_data["kind"],
            content=form.content,
            extension=form.file_type.extension,
        )
        return redirect("structures:import_preview", token=token)
    return render(
        request,
        "structures/import_upload.html",
        {
            "form": form,
            "structure_columns": list(imports.STRUCTURE_COLUMNS),
            "siae_columns": imports.SIAE_COLUMNS,
            "structure_required": imports.STRUCTURE_REQUIRED,
            "indicator_columns": ["siret", "type", *imports.INDICATOR_COLUMNS],
            "indicator_required": imports.INDICATOR_REQUIRED,
        },
        status=400 if form.errors else 200,
    )


@access_rule(STAFF)
def import_preview(request, token):
    """GET: what the file would do, row by row; POST: confirm and write it in one go."""
    try:
        kind, extension, content = imports.unstash(user=request.user, token=token)
    except LookupError:
        deny_unless(False, visible=False)  # not this person's file, or no longer kept
    if request.method == "POST":
        report = imports.run(kind=kind, content=content, extension=extension, user=request.user)
        if report.is_valid:
            imports.discard(user=request.user, token=token)
            messages.success(
                request,
                _(
                    "Import terminé. Créations : %(create)s ; mises à jour : %(update)s ; "
                    "lignes inchangées : %(unchanged)s."
                )
                % report.counts,
            )
            return redirect("structures:directory")
        messages.error(request, _("Le fichier contient des erreurs : rien n'a été enregistré."))
    else:
        report = imports.preview(kind=kind, content=content, extension=extension, user=request.user)
    return render(
        request,
        "structures/import_preview.html",
        {"report": report, "token": token, "counts": report.counts},
    )
