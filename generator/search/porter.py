"""lunr.js 2.3.9's English stemmer (``lunr.stemmer``), rule for rule, for the build side.

lunr.py ships a different Porter implementation that turns a final "y" into "i" where lunr.js
keeps it ("day" -> "dai" / "day", "attorney", "buy", "delay", ...): an index built with it
does not match those words typed in the browser. The regular expressions below are lunr.js's,
applied in its order; ``tests/test_search_pipelines.py`` checks both over the corpus vocabulary.
"""

from __future__ import annotations

import re

STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize",
    "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful",
    "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
STEP3 = {
    "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": "",
}  # fmt: skip

CONSONANT = "[^aeiou]"
VOWEL = "[aeiouy]"
CONSONANTS = CONSONANT + "[^aeiouy]*"
VOWELS = VOWEL + "[aeiou]*"

M_GT_0 = re.compile(f"^({CONSONANTS})?{VOWELS}{CONSONANTS}")
M_EQ_1 = re.compile(f"^({CONSONANTS})?{VOWELS}{CONSONANTS}({VOWELS})?$")
M_GT_1 = re.compile(f"^({CONSONANTS})?{VOWELS}{CONSONANTS}{VOWELS}{CONSONANTS}")
HAS_VOWEL = re.compile(f"^({CONSONANTS})?{VOWEL}")
STEP1A = re.compile(r"^(.+?)(ss|i)es$")
STEP1A_2 = re.compile(r"^(.+?)([^s])s$")
STEP1B = re.compile(r"^(.+?)eed$")
STEP1B_2 = re.compile(r"^(.+?)(ed|ing)$")
STEP1B_AT_BL_IZ = re.compile(r"(at|bl|iz)$")
STEP1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
CVC = re.compile(f"^{CONSONANTS}{VOWEL}[^aeiouwxy]$")
STEP1C = re.compile(r"^(.+?[^aeiou])y$")
STEP2_RE = re.compile(f"^(.+?)({'|'.join(STEP2)})$")
STEP3_RE = re.compile(f"^(.+?)({'|'.join(STEP3)})$")
STEP4 = re.compile(
    r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$"
)
STEP4_2 = re.compile(r"^(.+?)(s|t)(ion)$")
STEP5 = re.compile(r"^(.+?)e$")
DOUBLE_L = re.compile(r"ll$")


def stem_english(word: str) -> str:
    """The stem lunr.js gives ``word``."""
    if len(word) < 3:
        return word
    initial_y = word[0] == "y"
    if initial_y:
        word = "Y" + word[1:]

    if (match := STEP1A.match(word)) or (match := STEP1A_2.match(word)):
        word = match[1] + match[2]

    if match := STEP1B.match(word):
        if M_GT_0.match(match[1]):
            word = word[:-1]
    elif (match := STEP1B_2.match(word)) and HAS_VOWEL.match(match[1]):
        word = match[1]
        if STEP1B_AT_BL_IZ.search(word):
            word += "e"
        elif STEP1B_DOUBLE.search(word):
            word = word[:-1]
        elif CVC.match(word):
            word += "e"

    if match := STEP1C.match(word):
        word = match[1] + "i"

    if (match := STEP2_RE.match(word)) and M_GT_0.match(match[1]):
        word = match[1] + STEP2[match[2]]

    if (match := STEP3_RE.match(word)) and M_GT_0.match(match[1]):
        word = match[1] + STEP3[match[2]]

    if match := STEP4.match(word):
        if M_GT_1.match(match[1]):
            word = match[1]
    elif (match := STEP4_2.match(word)) and M_GT_1.match(match[1] + match[2]):
        word = match[1] + match[2]

    if match := STEP5.match(word):
        stem = match[1]
        if M_GT_1.match(stem) or (M_EQ_1.match(stem) and not CVC.match(stem)):
            word = stem

    if DOUBLE_L.search(word) and M_GT_1.match(word):
        word = word[:-1]

    if initial_y:
        word = "y" + word[1:]
    return word
