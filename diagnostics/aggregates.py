"""Scores per axis of assessments, in one query (GROUP BY in SQL, never a Python loop).

The territorial figures are computed in structures/figures.py (with this app's sections
in diagnostics/figures.py), nowhere else.
"""

from django.db.models import Avg, Count

from .models import Answer


def _score(value) -> float | None:
    return None if value is None else round(float(value), 2)


# Scores ---------------------------------------------------------------------------------


def axis_scores(assessment_ids) -> dict[int, dict[int, dict]]:
    """Average level per axis for each assessment, in one query.

    Returns {assessment id: {axis order: {"title", "average", "answered"}}}; axes are
    matched across grid versions by their order, so two visits made with different versions
    of the same grid can still be compared.
    """
    rows = (
        Answer.objects.filter(assessment_id__in=list(assessment_ids))
        .values("assessment_id", "criterion__axis__order", "criterion__axis__title")
        .annotate(average=Avg("level"), answered=Count("level"))
        .order_by("assessment_id", "criterion__axis__order")
    )
    scores: dict[int, dict[int, dict]] = {}
    for row in rows:
        scores.setdefault(row["assessment_id"], {})[row["criterion__axis__order"]] = {
            "title": row["criterion__axis__title"],
            "average": _score(row["average"]),
            "answered": row["answered"],
        }
    return scores
