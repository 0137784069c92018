"""Characters that can fool a reader: terminal controls, invisible marks and look-alike letters.

One table for everything that shows text and everything that checks a name:
displays strip terminal controls and show invisible marks as `<U+202E>`;
a child's name may hold neither, nor look like another child's name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# C0 controls except tab and newline, DEL, and the C1 controls (CSI, OSC, NEL...).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = "[\ud800-\udfff]"
# Marks that change the order of text or take no room at all: the bidi controls (an
# override can make "Sam" read backwards), zero-width spaces, the line and paragraph
# separators, the byte order mark, the soft hyphen, the language tag and the invisible
# fillers of some scripts.
_ALWAYS_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U000e0001"
)
# Letters whose writing never needs a joiner: ASCII, Latin, Greek and Cyrillic. Between
# two other characters (emoji, Arabic, Persian, the Indian scripts) a joiner is part of
# how the text is written; next to one of these, or at either end, it only hides.
_PLAIN_SCRIPTS = "\x00-\x7f\u00c0-\u024f\u0370-\u052f\u1e00-\u1fff"
_JOINER = "[\u200c\u200d]"
# Variation selectors and tag letters shape the emoji or letter before them (a heart drawn in
# color, a flag); after a plain letter or at the start they only hide.
_SELECTOR = "[\ufe00-\ufe0f\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
_INVISIBLE = (
    f"[{_ALWAYS_INVISIBLE}]|(?:(?<=[{_PLAIN_SCRIPTS}])|^){_JOINER}|{_JOINER}(?=[{_PLAIN_SCRIPTS}]|$)"
    f"|(?:(?<=[{_PLAIN_SCRIPTS}])|^){_SELECTOR}"
)

# Letters of other alphabets that look like Latin ones, as they are most often
# mistaken (after the Unicode confusables list, trimmed to the common cases).
_LOOK_ALIKES: dict[str, str | int | None] = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "Ѕ": "S", "І": "I", "Ј": "J", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    "Һ": "H", "Ӏ": "I", "а": "a", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "о": "o", "р": "p",
    "с": "c", "у": "y", "х": "x", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "α": "a", "ο": "o", "ν": "v", "ι": "i",
    "ρ": "p", "υ": "u", "χ": "x", "γ": "y", "ϲ": "c", "ϳ": "j", "Ϲ": "C",
    # Latin letters that pass for others
    "ı": "i", "ɑ": "a", "ɡ": "g", "ʟ": "L",
}  # fmt: skip


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: most text shown is plain ASCII and never needs the larger patterns."""
    return re.compile(pattern)


def invisible() -> re.Pattern[str]:
    return _compiled(_INVISIBLE)


def visible(text: str) -> str:
    """Text safe to show: no terminal controls, no lone surrogates, invisible marks shown as <U+XXXX>."""
    text = CONTROL.sub("", text)
    if text.isascii():
        return text
    text = _compiled(_SURROGATE).sub("\ufffd", text)
    return invisible().sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def hidden_marks(text: str) -> list[str]:
    """The controls and invisible marks in `text`, each as U+XXXX."""
    found = [m.group() for m in CONTROL.finditer(text)] + [m.group() for m in _compiled(_SURROGATE).finditer(text)]
    found += [m.group() for m in invisible().finditer(text)]
    return [f"U+{ord(ch):04X}" for ch in found]


def skeleton(name: str) -> str:
    """What a name looks like: compatibility forms folded, look-alike letters made Latin, case ignored.

    Accents still count: Émile and Emile are two names.
    """
    folded = unicodedata.normalize("NFKC", name).translate(str.maketrans(_LOOK_ALIKES))
    return unicodedata.normalize("NFC", folded).casefold().strip()
