"""`make lint`: every French string of the code has an English translation.

`makemessages` is run on a temporary copy of the sources, so the tracked .po file is never
rewritten (its order is kept); the copy's .po then lists what the code says that the
tracked file does not translate: a new msgid without msgstr, or one `msgmerge` could only
guess (fuzzy). Any such string fails, with its place in the code.

Run from the project root: `python scripts/check_translations.py` (or give another root).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["manage.py", "config", "templates", "locale"]
APPS_IGNORED = {".venv", "node_modules", "static", "staticfiles", "media", "tests", "benchmarks"}
PO = Path("locale/en/LC_MESSAGES/django.po")


def source_dirs(root: Path = ROOT) -> list[str]:
    """The project's Python packages (apps and config) and its templates."""
    names = set(SOURCES)
    for path in root.iterdir():
        if path.is_dir() and (path / "__init__.py").exists() and path.name not in APPS_IGNORED:
            names.add(path.name)
    return sorted(names)


def _msgattrib(option: str, po: Path) -> str:
    command = [shutil.which("msgattrib") or "msgattrib", option, "--no-obsolete", "--no-wrap"]
    return subprocess.run(  # noqa: S603 - fixed arguments, a path of ours
        [*command, str(po)], check=True, capture_output=True, text=True
    ).stdout


def untranslated(po: Path) -> str:
    """Entries of `po` without a translation or marked fuzzy, in gettext's own format."""
    missing = _msgattrib("--untranslated", po)
    fuzzy = _msgattrib("--only-fuzzy", po)
    # The header entry (msgid "") is not a string of the code.
    entries = [
        block
        for block in (missing + "\n\n" + fuzzy).split("\n\n")
        if "msgid " in block and 'msgid ""\nmsgstr ""\n"' not in block
    ]
    return "\n\n".join(entry.strip() for entry in entries)


def main(root: Path = ROOT) -> int:
    with tempfile.TemporaryDirectory(prefix="maillage-messages-") as tmp:
        copy = Path(tmp)
        for name in source_dirs(root):
            source = root / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("*.pyc"))
            elif source.exists():
                shutil.copy2(source, copy / name)
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "makemessages", "-l", "en", "-v", "0", "--no-obsolete"],
            cwd=copy,
            check=True,
        )
        report = untranslated(copy / PO)
    if report:
        print(f"Strings of the code without an English translation in {PO}:\n")
        print(report)
        print("\nAdd them (msgid/msgstr) at the end of the .po file.")
        return 1
    print("Translations: every string of the code has its English msgstr.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT))
