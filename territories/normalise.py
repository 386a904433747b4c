"""How commune names are compared: the key written on communes and their aliases by the
loader, and computed the same way from what a user types."""

import re
import unicodedata

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
WORD = re.compile(r"[a-z0-9]+")


def search_key(text: str) -> str:
    """Case, accents, hyphens, apostrophes and spaces dropped, "St"/"Ste" read as
    "Saint"/"Sainte": `Saint-Laurent-du-Maroni`, `St Laurent du Maroni` and
    `saint laurent du maroni` all read `saintlaurentdumaroni`."""
    text = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return "".join(ABBREVIATIONS.get(word, word) for word in WORD.findall(text))
