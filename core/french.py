"""French that reads right: "d'APROSEP" and "l'ACI", not "de APROSEP" and "le ACI".

One rule for every page, e-mail and PDF: "de" and "le"/"la" drop their vowel before a word
starting with a vowel sound. Names starting with an "h" keep the article ("de Haute-Guyane"
reads right and a "h aspiré" cannot be told apart from a list of letters). In another
language the phrase comes from the translation ("of APROSEP").
"""

from django.utils.translation import get_language, pgettext

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿœæ")


def _starts_with_vowel(word: str) -> bool:
    return word[:1].lower() in VOWELS


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


def of(name) -> str:
    """ "de Chantier Maroni Insertion", "d'APROSEP"; "of APROSEP" in English."""
    name = str(name)
    if not _french():
        return pgettext("preposition before a name", "de %(name)s") % {"name": name}
    return f"d'{name}" if _starts_with_vowel(name) else f"de {name}"


def the(word, feminine: bool = False) -> str:
    """ "l'ACI", "le chantier", "la structure"; the word alone in English."""
    word = str(word)
    if not _french():
        return word
    if _starts_with_vowel(word):
        return f"l'{word}"
    return f"{'la' if feminine else 'le'} {word}"


# One way of writing dates and times on every page (Django's French names of days and
# months; "1er" for the first of the month, as French writes it).
DATE_STYLES = {
    "short": ("j N Y", "SHORT_DATE_FORMAT"),  # 11 déc. 2026
    "long": ("j F Y", "DATE_FORMAT"),  # 11 décembre 2026
    "weekday": ("l j F Y", "DATE_FORMAT"),  # jeudi 7 février 2019
    "day_month": ("j F", "MONTH_DAY_FORMAT"),  # 1er décembre
    "datetime": ("j N Y, H:i", "SHORT_DATETIME_FORMAT"),  # 11 déc. 2026, 09:00
    "time": ("H:i", "TIME_FORMAT"),  # 09:00
}


def date_text(value, style: str = "long") -> str:
    """`value` (a date, or an aware datetime shown in the current time zone) in `style`."""
    from django.utils import dateformat, formats
    from django.utils.timezone import template_localtime

    if value in (None, ""):
        return ""
    value = template_localtime(value)
    french, named = DATE_STYLES[style]
    if not _french():
        return formats.date_format(value, named)
    text = dateformat.format(value, french)
    if style != "time" and getattr(value, "day", None) == 1:
        text = (
            text.replace("1 ", "1er ", 1)
            if not french.startswith("l")
            else text.replace(" 1 ", " 1er ", 1)
        )
    return text


def file_size(size) -> str:
    """ "850 ko", "2,4 Mo" (French units: octet, not byte; Django's own filter says "Mio")."""
    from django.utils.formats import number_format
    from django.utils.translation import pgettext

    size = int(size or 0)
    units = [
        pgettext("file size", "%(n)s octets"),
        pgettext("file size", "%(n)s ko"),
        pgettext("file size", "%(n)s Mo"),
        pgettext("file size", "%(n)s Go"),
    ]
    value, unit = float(size), 0
    while value >= 1024 and unit < len(units) - 1:
        value, unit = value / 1024, unit + 1
    digits = 0 if unit == 0 or value >= 100 else 1
    text = number_format(round(value, digits), decimal_pos=digits)
    if text.endswith((",0", ".0")):
        text = text[:-2]
    return units[unit] % {"n": text}
