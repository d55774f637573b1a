"""English inflection: lemma -> inflected forms, and back; no thesaurus needed.

Used at run time by :mod:`despin.learn` (a learned ``city > metropolis`` also gives
``cities > metropolises``) and at build time by ``scripts/inflect.py`` for the
built-in lexicons, so the rules exist once.

The rules are the inverse of WordNet's morphy detachment rules, with consonant doubling
for short stress-final words; irregular forms and the parts of speech of common lemmas
come from :mod:`despin.inflect_table` (the packaged table and built-in irregulars),
whose :data:`TABLE`, :class:`Tables`, :func:`read_wordnet`, :func:`format_table` and
:func:`parse_table` are importable from here too. Every function takes
``wordnet_dir``: ``None`` reads the packaged table, a directory reads WordNet's own
files from it (the build does that; a directory without them leaves only the built-in
irregulars and the rules).

>>> inflections("say", "verb")
{'VBZ': 'says', 'VBD': 'said', 'VBN': 'said', 'VBG': 'saying'}
>>> inflections("metropolis", "noun")
{'NNS': 'metropolises'}
>>> inflections("get ready", "verb")["VBG"]
'getting ready'
>>> inflections("urban center", "noun")
{'NNS': 'urban centers'}
>>> inflections("big", "adj")
{'JJR': 'bigger', 'JJS': 'biggest'}
>>> lemmatize("cities", "noun"), lemmatize("told", "verb"), lemmatize("stopping", "verb")
('city', 'tell', 'stop')
>>> sorted(analyses("stated"))
[('adj', '', 'stated'), ('verb', 'VBD', 'state'), ('verb', 'VBN', 'state')]
"""

from __future__ import annotations

import re

from despin.inflect_table import (
    FALLBACK_ADJS,
    FALLBACK_NOUNS,
    IRREGULAR_VBG,
    IRREGULAR_VBZ,
    IRREGULAR_VERBS,
    PARTS,
    TABLE,
    Tables,
    format_table,
    index_lemmas,
    parse_table,
    read_exc,
    read_wordnet,
    reverse_exc,
)

__all__ = [
    "POS_TAGS",
    "TABLE",
    "Tables",
    "analyses",
    "format_table",
    "inflections",
    "lemmatize",
    "parse_table",
    "parts_of_speech",
    "read_wordnet",
    "syllables",
]

POS_TAGS: dict[str, tuple[str, ...]] = {
    "noun": ("NNS",),
    "verb": ("VBZ", "VBD", "VBN", "VBG"),
    "adj": ("JJR", "JJS"),
    "adv": (),
}

# Prefixes under which a built-in irregular verb keeps its forms (overrun > overran).
_VERB_PREFIXES = ("under", "over", "out", "mis", "with", "fore", "re", "up", "be")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Nouns whose plural is the same word (series, sheep) or that are already plural-only.
_INVARIANT_NOUNS = _words(
    "series species sheep deer aircraft spacecraft hovercraft means news headquarters offspring "
    "moose salmon trout swine bison corps chassis fish cattle police personnel staff "
    "crossroads barracks gallows"
)
# -man words that are not compounds of "man" (human > humans).
_MAN_NOT_MEN = _words(
    "human german roman shaman talisman caiman cayman ottoman dolman desman walkman "
    "doberman brahman ataman firman hetman"
)
# Polysyllabic verbs ending in -l whose last syllable is stressed (double the l); other -l
# verbs (travel, cancel, label, model) follow US spelling and do not double.
_STRESSED_FINAL_L = _words(
    "compel control patrol propel repel expel excel rebel annul distil fulfil instil extol "
    "enrol impel dispel appal instal enthral"
)
# Polysyllables WordNet lists with a British/variant doubled form; US news writes them single.
_NO_DOUBLE = _words("benefit focus bias worship target")

_VOWELS = "aeiou"


def syllables(word: str) -> int:
    """Rough syllable count (vowel groups, minus a silent final e), enough to say 'short'.

    >>> [syllables(w) for w in ("big", "large", "happy", "simple", "beautiful", "seize")]
    [1, 1, 2, 2, 3, 1]
    """
    w = word.lower()
    groups = re.findall(r"[aeiouy]+", w[1:] if w.startswith("y") else w)
    count = len(groups)
    silent_e = w.endswith("e") and not w.endswith(("le", "ee", "ye", "oe"))
    vowel_le = w.endswith("le") and len(w) > 2 and w[-3] in _VOWELS
    if (silent_e or vowel_le) and count > 1:
        count -= 1
    if w.endswith(("es", "ed")) and count > 1 and not w.endswith(("tes", "des", "ted", "ded")):
        # silent -es/-ed endings (only relevant to adjectives such as "tired")
        count -= 1
    return max(count, 1)


def _cvc(word: str) -> bool:
    """Ends consonant-vowel-consonant (not w/x/y), e.g. stop, plan, quit; not cool, fix."""
    w = word.lower()
    if len(w) < 3 or w[-1] in _VOWELS or w[-1] in "wxy" or w[-2] not in _VOWELS:
        return False
    if w[-3] not in _VOWELS:
        return True
    return w[-3] == "u" and len(w) > 3 and w[-4] == "q"


def _doubles(word: str, directory: str, pos: str) -> bool:
    """Whether the final consonant doubles before -ed/-ing/-er (stop > stopped, big > bigger)."""
    if not word or not word.isalpha() or not _cvc(word) or word in _NO_DOUBLE:
        return False
    if syllables(word) == 1:
        return True
    if word.endswith("l"):
        return word in _STRESSED_FINAL_L
    doubled = word + word[-1]
    forms = read_exc(directory, pos).get(word, ())
    return any(f.startswith(doubled) for f in forms)


def _commonest(forms: list[str]) -> str | None:
    """The most frequent of ``forms`` by wordfreq (first on ties); None without wordfreq."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency of despin
        return None
    best = max(forms, key=lambda f: zipf_frequency(f, "en"))
    return best if zipf_frequency(best, "en") > 0 else None


def _regular_s(word: str) -> str:
    """The -s form shared by plural nouns and 3rd-person verbs."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


#: Singular nouns ending in a consonant and -s (most such nouns are plural already).
_SINGULAR_CONSONANT_S = _words("lens")


def _already_plural(noun: str, directory: str) -> bool:
    """True for a noun that is a plural itself: a plural of a known noun ("forces",
    "authorities", "oxen") or a plural-only noun ending in consonant + s ("druthers",
    "amends"). A thesaurus lists such nouns as synonyms of singulars ("armed forces" for
    "military"); their plural is the same word, not "armed forceses"."""
    if noun in reverse_exc(directory, "noun") and noun not in read_exc(directory, "noun"):
        return True  # an irregular plural ("oxen", "criteria")
    if not noun.endswith("s") or noun.endswith("ss") or noun in _SINGULAR_CONSONANT_S:
        return False
    known = index_lemmas(directory, "noun")
    for suffix, replacement in _DETACH["noun"]:
        if noun.endswith(suffix):
            base = noun[: -len(suffix)] + replacement
            if len(base) >= 3 and base in known:
                return True
    return len(noun) > 1 and noun[-2] not in _VOWELS and noun[-2] not in "sy"


def _plural(noun: str, directory: str) -> str:
    if _already_plural(noun, directory):
        return noun
    exc = read_exc(directory, "noun").get(noun)
    if exc and noun not in _INVARIANT_NOUNS:
        # WordNet lists learned plurals (viri, stadia) beside regular ones it need not list:
        # take the commoner of the exception forms and the regular plural, if wordfreq says.
        return _commonest([*exc, _regular_s(noun)]) or exc[0]
    if noun in FALLBACK_NOUNS:
        return FALLBACK_NOUNS[noun]
    if noun in _INVARIANT_NOUNS:
        return noun
    if noun.endswith("man") and noun not in _MAN_NOT_MEN and not noun.endswith("-man"):
        return noun[:-3] + "men"
    return _regular_s(noun)


def _verb_forms(verb: str, directory: str) -> dict[str, str]:
    forms: dict[str, str] = {}
    if verb in IRREGULAR_VBZ:
        forms["VBZ"] = IRREGULAR_VBZ[verb]
    elif verb.endswith("o") and len(verb) > 1 and verb[-2] not in _VOWELS:
        forms["VBZ"] = verb + "es"
    else:
        forms["VBZ"] = _regular_s(verb)
    past = participle = gerund = None
    principal = IRREGULAR_VERBS.get(verb)
    if principal is None:
        for prefix in _VERB_PREFIXES:
            base = verb[len(prefix) :]
            if verb.startswith(prefix) and base in IRREGULAR_VERBS and len(base) > 2:
                past, participle = (prefix + f for f in IRREGULAR_VERBS[base])
                break
    else:
        past, participle = principal
    doubles = _doubles(verb, directory, "verb")
    stem = verb + verb[-1] if doubles else verb
    exc = [
        f
        for f in read_exc(directory, "verb").get(verb, ())
        if f not in forms.values() and (doubles or not f.startswith(verb + verb[-1]))
    ]
    for form in exc:
        if form.endswith("ing") and gerund is None:
            gerund = form
    if past is None:
        pasts = [f for f in exc if not f.endswith("ing") and not f.endswith("s")]
        participles = [f for f in pasts if f.endswith(("en", "wn", "ne"))]
        simple = [f for f in pasts if f not in participles]
        if simple or participles:
            past = (simple or participles)[0]
            participle = (participles or simple)[0]
    if past is None or participle is None:
        if verb.endswith("e"):
            regular = verb + "d"
        elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
            regular = verb[:-1] + "ied"
        elif verb.endswith("c"):
            regular = verb + "ked"
        else:
            regular = stem + "ed"
        past = past or regular
        participle = participle or regular
    if verb in IRREGULAR_VBG:
        gerund = IRREGULAR_VBG[verb]
    elif gerund is None or (doubles and not gerund.startswith(stem)):
        if verb.endswith("ie"):
            gerund = verb[:-2] + "ying"
        elif verb.endswith(("ee", "ye", "oe")):
            gerund = verb + "ing"
        elif verb.endswith("e") and len(verb) > 2:
            gerund = verb[:-1] + "ing"
        elif verb.endswith("c"):
            gerund = verb + "king"
        else:
            gerund = stem + "ing"
    forms.update(VBD=past, VBN=participle, VBG=gerund)
    return forms


def _adj_forms(adj: str, directory: str) -> dict[str, str]:
    exc = read_exc(directory, "adj").get(adj)
    if exc:
        comparative = next((f for f in exc if f.endswith("er")), None)
        superlative = next((f for f in exc if f.endswith("st")), None)
        if comparative and superlative:
            return {"JJR": comparative, "JJS": superlative}
    if adj in FALLBACK_ADJS:
        comparative, superlative = FALLBACK_ADJS[adj]
        return {"JJR": comparative, "JJS": superlative}
    short = syllables(adj) == 1 or (syllables(adj) == 2 and adj.endswith(("y", "le")))
    if not adj.isalpha() or not short or adj.endswith(("ed", "ing")):
        return {}
    if adj.endswith("e"):
        return {"JJR": adj + "r", "JJS": adj + "st"}
    if adj.endswith("y") and len(adj) > 1 and adj[-2] not in _VOWELS:
        return {"JJR": adj[:-1] + "ier", "JJS": adj[:-1] + "iest"}
    stem = adj + adj[-1] if _doubles(adj, directory, "adj") else adj
    return {"JJR": stem + "er", "JJS": stem + "est"}


def _head(words: list[str], pos: str) -> int | None:
    """Which word of a phrase inflects: a verb's first, a noun's last (or the one before
    ``of``); adjectives and adverbs inflect only as single words (None otherwise)."""
    if pos in ("adj", "adv") and len(words) > 1:
        return None
    if pos == "verb":
        return 0
    if pos == "noun" and "of" in words[1:]:
        return words.index("of", 1) - 1
    return len(words) - 1


def inflections(lemma: str, pos: str, *, wordnet_dir: str | None = None) -> dict[str, str]:
    """Inflected forms of ``lemma`` keyed by Penn tag; phrases inflect their head word.

    Verbs inflect their first word (``get ready`` > ``getting ready``), nouns their last
    (``urban center`` > ``urban centers``) or the word before ``of`` (``piece of cake``).
    Adjectives get JJR/JJS only when short (one syllable, or two ending in -y) or irregular;
    adverbs and longer adjectives get ``{}``.

    >>> inflections("tell", "verb")
    {'VBZ': 'tells', 'VBD': 'told', 'VBN': 'told', 'VBG': 'telling'}
    >>> inflections("advise", "verb")
    {'VBZ': 'advises', 'VBD': 'advised', 'VBN': 'advised', 'VBG': 'advising'}
    >>> inflections("run", "verb")
    {'VBZ': 'runs', 'VBD': 'ran', 'VBN': 'run', 'VBG': 'running'}
    >>> [inflections(v, "verb")["VBG"] for v in ("die", "lie", "seize", "stop", "see")]
    ['dying', 'lying', 'seizing', 'stopping', 'seeing']
    >>> inflections("city", "noun"), inflections("series", "noun"), inflections("beautiful", "adj")
    ({'NNS': 'cities'}, {'NNS': 'series'}, {})
    """
    directory = wordnet_dir or ""
    words = lemma.split(" ")
    head = _head(words, pos)
    if head is None:
        return {}
    word = words[head]
    if not word:
        return {}
    lower = word.lower()
    if pos == "noun":
        forms = {"NNS": _plural(lower, directory)}
    elif pos == "verb":
        forms = _verb_forms(lower, directory)
    elif pos == "adj":
        forms = _adj_forms(lower, directory)
    else:
        forms = {}
    result = {}
    for tag, form in forms.items():
        if word != lower and form.startswith(lower[:1]):
            form = word[0] + form[1:]
        result[tag] = " ".join([*words[:head], form, *words[head + 1 :]])
    return result


_DETACH: dict[str, tuple[tuple[str, str], ...]] = {
    # WordNet morphy's detachment rules, longest first.
    "noun": (
        ("ches", "ch"),
        ("shes", "sh"),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ies", "y"),
        ("men", "man"),
        ("s", ""),
    ),
    "verb": (
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ied", "y"),
        ("ed", "e"),
        ("ed", ""),
        ("ying", "ie"),
        ("ing", "e"),
        ("ing", ""),
        ("s", ""),
    ),
    "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "adv": (),
}


def lemmatize(word: str, pos: str, *, wordnet_dir: str | None = None) -> str:
    """The lemma of an inflected ``word`` (morphy-style); ``word`` itself when nothing fits.

    Candidates are checked against WordNet's index when it is installed; without it, the
    candidates that regenerate ``word`` compete on wordfreq frequency (stopped > stop).

    >>> lemmatize("seizing", "verb"), lemmatize("metropolises", "noun"), lemmatize("went", "verb")
    ('seize', 'metropolis', 'go')
    """
    directory = wordnet_dir or ""
    lower = word.lower()
    if pos == "noun" and lower in _INVARIANT_NOUNS:
        return lower
    irregular = reverse_exc(directory, pos).get(lower)
    if irregular:
        return irregular
    known = index_lemmas(directory, pos)
    candidates: list[str] = []
    for suffix, replacement in _DETACH.get(pos, ()):
        if lower.endswith(suffix) and len(lower) > len(suffix):
            base = lower[: -len(suffix)] + replacement
            if (
                not replacement
                and suffix in ("ed", "ing", "er", "est")
                and len(base) > 2
                and base[-1] == base[-2]
                and base[-1] not in "ls"
            ):
                candidates.append(base[:-1])
            candidates.append(base)
    if known:
        for candidate in candidates:
            if candidate in known:
                return candidate
        return lower  # already a lemma, or unknown
    tag = _tag_for(lower, pos)
    fitting = [
        c for c in candidates if inflections(c, pos, wordnet_dir=directory).get(tag) == lower
    ]
    if fitting:
        # several bases regenerate the form (stoppe/stop > stopped): take the common word
        return _commonest(fitting) or fitting[0]
    return lower


def _tag_for(word: str, pos: str) -> str:
    if pos == "noun":
        return "NNS"
    if pos == "adj":
        return "JJS" if word.endswith("st") else "JJR"
    if word.endswith("ing"):
        return "VBG"
    if word.endswith("s"):
        return "VBZ"
    return "VBD"


def analyses(form: str, *, wordnet_dir: str | None = None) -> frozenset[tuple[str, str, str]]:
    """The readings of a word or phrase as ``(pos, tag, lemma)``; ``tag`` is ``""`` for a lemma.

    The head word (see :func:`inflections`) must be a lemma the table knows in that part
    of speech, or a form of one that :func:`inflections` regenerates; an unknown word has
    no reading, so nothing is ever inflected by guesswork. Lower case throughout.

    >>> sorted(analyses("cities"))
    [('noun', 'NNS', 'city')]
    >>> sorted(analyses("told"))
    [('verb', 'VBD', 'tell'), ('verb', 'VBN', 'tell')]
    >>> sorted(analyses("urban centers"))
    [('noun', 'NNS', 'urban center')]
    """
    words = form.lower().split(" ")
    text = " ".join(words)
    found: set[tuple[str, str, str]] = set()
    for pos in PARTS:
        head = _head(words, pos)
        if head is None or not words[head]:
            continue
        word = words[head]
        known = index_lemmas(wordnet_dir or "", pos)
        for base in {word, lemmatize(word, pos, wordnet_dir=wordnet_dir)}:
            if base not in known:
                continue
            lemma = " ".join([*words[:head], base, *words[head + 1 :]])
            if base == word:
                found.add((pos, "", lemma))
            for tag, inflected in inflections(lemma, pos, wordnet_dir=wordnet_dir).items():
                if inflected == text:
                    found.add((pos, tag, lemma))
    return frozenset(found)


def parts_of_speech(word: str, *, wordnet_dir: str | None = None) -> frozenset[str]:
    """The parts of speech a word (or phrase) can be: see :func:`analyses`.

    >>> sorted(parts_of_speech("city")), sorted(parts_of_speech("attack"))
    (['noun'], ['noun', 'verb'])
    >>> sorted(parts_of_speech("metropolises")), sorted(parts_of_speech("stated"))
    (['noun'], ['adj', 'verb'])
    """
    return frozenset(pos for pos, _, _ in analyses(word, wordnet_dir=wordnet_dir))
