from .imports import import_preview, import_upload
from .member import member_directory, member_home, member_structure, public_profile
from .shared import (
    colleague_admin,
    colleague_invitation_resend,
    colleague_invitation_revoke,
    colleague_remove,
    colleagues,
    document_delete,
    document_download,
    documents,
    indicators_edit,
    structure_edit,
)
from .staff import (
    convention_edit,
    detail,
    directory,
    directory_export,
    indicators_export,
    indicators_lock,
    structure_create,
)

__all__ = [
    "colleague_admin",
    "colleague_invitation_resend",
    "colleague_invitation_revoke",
    "colleague_remove",
    "colleagues",
    "convention_edit",
    "detail",
    "directory",
    "directory_export",
    "document_delete",
    "document_download",
    "documents",
    "import_preview",
    "import_upload",
    "indicators_edit",
    "indicators_export",
    "indicators_lock",
    "member_directory",
    "member_home",
    "member_structure",
    "public_profile",
    "structure_create",
    "structure_edit",
]
