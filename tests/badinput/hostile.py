"""Hostile input for property tests: long strings, control characters, NUL bytes, markup,
formulas, odd Unicode, wrong encodings."""

from hypothesis import strategies as st

XSS = '"><script>alert("maillage")</script><img src=x onerror=alert(1)>'
SAMPLES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t\x0b\x0c\x1b[31m",
    "x" * 10_000,
    "é" * 5_000,
    XSS,
    '=HYPERLINK("http://evil.test")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "../../../../etc/passwd",
    "file:///etc/passwd",
    "' OR 1=1 --",
    "%00%0d%0a",
    "\u202e\u200b\ufeff",
    "🇬🇫" * 100,
    "\ud7ff\ue000\uffff",
]

hostile_text = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=50),
    st.text(min_size=1000, max_size=3000),
    st.builds(lambda a, b: a + XSS + b, st.text(max_size=20), st.text(max_size=20)),
)

hostile_bytes = st.one_of(
    st.sampled_from(
        [
            b"",
            b"\x00" * 100,
            b"\xff\xfe" + "nom;type\n".encode("utf-16-le"),
            "nom;type;siret;commune_insee\nÉtoile;ACI;x;97302\n".encode("latin-1"),
            b"PK\x03\x04" + b"\x00" * 200,  # the start of a zip (XLSX) and nothing else
            b"<html><script>alert(1)</script></html>",
            b"\xef\xbb\xbf" + b"nom;type\n" + b"a;b\n" * 100,
        ]
    ),
    st.binary(max_size=2000),
    st.builds(lambda text: text.encode("utf-8", "surrogatepass"), st.text(max_size=500)),
)
