#!/usr/bin/env python3
"""Build lexicons/science.tsv: tortured phrases of scientific writing and their restorations.

Run from the repository root::

    python scripts/build_science_lexicon.py

Two sources, both read only at build time (despin never reads them at run time):

1. The Problematic Paper Screener (PPS) "tortured phrases" list (Cabanac, Labbe & Magazinov
   2021, arXiv:2107.06751), exported as a CSV (see SOURCE.md beside it; the CSV itself is
   never copied into this repository). Each row is a PPS *query* (``"phrase" AND "term"``,
   ``"phrase"~N``, ``NOT`` ...), the expected phrase with editorial notes, and a paper count.
   We turn the query into the bare tortured phrase(s), the notes into clean restorations,
   the count into a weight, the ``AND`` terms into a ``doc:`` constraint for phrases that are
   also ordinary English, and add regular plurals of noun phrases.
2. MyThes (``th_en_US_v2.dat``): for common two-word technical terms, what a first-sense
   thesaurus spinner writes ("heart attack" > "bosom onslaught"), kept only when the result
   is not itself an ordinary English phrase.

Why reviewed tables live in this file: about fifty PPS rows are queries or notes that no
general rule reads correctly (``"gatherings clustering"~10`` means the tortured word
"gatherings" near the correct "clustering"; "(mean) squared error"; URLs), and whether a
tortured phrase is also ordinary English ("malignant growth") takes a reader's judgement.
``OVERRIDES``, ``RESCUED``, ``ORDINARY``, ``REVIEWED_DROP`` and ``MYTHES_ORDINARY`` record those
decisions, so the output is reproducible and reviewable like code. See lexicons/README.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[1]


sys.path.insert(0, str(ROOT / "src"))

from despin.inflect import inflections  # noqa: E402
from despin.lexicon import parse_lexicon  # noqa: E402
from despin.tokens import WORD  # noqa: E402

DEFAULT_CSV = Path("/work/shared/corpora/tortured-phrases/tortured.csv")
EXPECTED_SHA256 = "8283165a73f823139fd2dd9f615af4e246c432271d97615bfdf6bbff9cd12dcc"
DEFAULT_MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
DEFAULT_WORDNET = Path("/usr/share/wordnet")
DEFAULT_OUT = ROOT / "lexicons" / "science.tsv"
MAX_ROWS = 40_000

# Weights: p(spinner writes spun | original said restored), from the PPS paper count.
# 0.6 for a phrase seen in no paper up to 0.99 for the most frequent one, linear in log(1+n).
W_MIN, W_MAX = 0.6, 0.99
W_INFLECTED = 0.95  # factor for generated plurals: same spinner, but not attested as such
W_MYTHES = 0.5  # thesaurus candidates: plausible spinner output, never observed in print
MYTHES_MIN_PAPERS = 10  # PPS expected terms spun by MyThes: only those seen in >= 10 papers
SINGLE_WORD_FINGERPRINT_ZIPF = 2.5  # a single tortured word rarer than this is a fingerprint

# --------------------------------------------------------------------------------------------
# Reviewed tables
# --------------------------------------------------------------------------------------------

#: Query strings (exact CSV text) whose meaning no rule reads: mapped to explicit
#: (tortured, restored) pairs. An empty list drops the row (reason: "reviewed: dropped").
OVERRIDES: dict[str, list[tuple[str, ...]]] = {
    # "~N" proximity queries: tortured word(s) next to the correct word or an acronym.
    '"squares blockchain"~5': [("squares", "blocks", "blockchain")],
    '"vanishing slope gradient"~10': [("vanishing slope", "vanishing gradient")],
    '"straight non-direct"~5': [("straight and non-direct", "linear and non-linear")],
    '"casing picture"~3': [
        ("picture casing", "picture frame"),
        ("picture casings", "picture frames"),
    ],
    '"bleakness mortality"~5': [("bleakness", "morbidity")],
    '"dissolvable chromatographic"~20': [("dissolvable", "solvent", "chromatograph*")],
    '"exactness responsiveness explicitness"~5': [
        ("exactness, responsiveness and explicitness", "accuracy, sensitivity and specificity"),
        ("exactness, responsiveness, and explicitness", "accuracy, sensitivity, and specificity"),
    ],
    '"single-abandoned virus"~20': [("single-abandoned", "single-stranded")],
    '"Chime labs" NOT "CHIMe labs Stanford"~5': [("chime labs", "Bell Labs")],
    '"commonness ailment"~5': [("commonness", "prevalence")],
    '"revolution scaling interpretation"~2': [
        ("revolution, scaling and interpretation", "rotation, scaling and translation"),
        ("revolution, scaling, and interpretation", "rotation, scaling, and translation"),
    ],
    '"Post-awful PTSD"~5': [("post-awful", "post-traumatic")],
    '"Post-horrendous PTSD"~5': [("post-horrendous", "post-traumatic")],
    '"GB Slam"~3': [("GB slam", "GB RAM")],
    '"GB Smash"~3': [("GB smash", "GB RAM")],
    # UTAUT constructs the PPS note gets wrong ("conduct" = behaviour, "exertion" = effort).
    '"conduct goal UTAUT"~10': [("conduct goal", "behavioral intention")],
    '"conduct expectation UTAUT"~10': [("conduct expectation", "behavioral expectation")],
    '"exertion expectancy UTAUT"~10': [("exertion expectancy", "effort expectancy")],
    # Expected phrase is a description of a paraphrasing tool's output, not a term.
    '"area unit" AND "square measure"': [("area unit", "are"), ("square measure", "are")],
    '"Associate in Nursing" AND "area unit"': [("associate in nursing", "an")],
    '"mobileular"': [("mobileular", "cellular")],
    # Four ordinary adjectives for "smart" with no term to anchor them: not worth an entry.
    '"brilliant" AND "keen" AND "savvy" AND "shrewd"': [],
    '"corvus corone" NOT "corvus corone module for a secured two way"': [
        ("corvus corone", "crow"),
    ],
    '"outfit, troupe"': [("outfit", "ensemble"), ("troupe", "ensemble")],
    '"speed, assortment"': [("speed, assortment", "velocity, variety")],
    '"in rundown, this"': [("in rundown, this", "in summary, this")],
    '"into the combination"': [("into the combination", "into the mixture")],
    '"monetary development"': [("monetary development", "economic development")],
    '"digital misconduct"': [("digital misconduct", "digital crime")],
    '"a mind boggling want"': [("a mind boggling want", "an incredible need")],
    '"gas and mass spectroscopy"': [
        ("gas and mass spectroscopy", "gas chromatography-mass spectrometry"),
    ],
    '"mentally unbalanced" AND "ASD"': [("mentally unbalanced", "autistic")],
    '"sidekick degree"': [("sidekick degree", "associate degree")],
    '"renal disappointment"': [("renal disappointment", "renal failure")],
    '"10,000 foot see"': [("10,000 foot see", "bird's eye view")],
    # "YOLO (You Only Look Once, a computer vision model)": the acronym is the restoration.
    '"Just go for it" AND YOLO': [("just go for it", "YOLO")],
    '"Consequences be damned" AND YOLO': [("consequences be damned", "YOLO")],
    '"down-testing" AND "up-inspecting"': [
        ("down-testing", "downsampling"),
        ("up-inspecting", "upsampling"),
    ],
    '"preparing exactness"': [("preparing exactness", "training accuracy")],
    '"[C=O] bunches"': [("C=O bunches", "C=O groups")],
    # Expected phrase equal to the tortured one (a slip in the list).
    '"innovative coronavirus"': [("innovative coronavirus", "novel coronavirus")],
    '"scientific picture reputation"': [
        ("scientific picture reputation", "medical image recognition"),
    ],
    '"Dimensionality Reduction (DR)" AND "Diabetic Retinopathy"': [],
    '"Joined Together States Natural Assurance Office"': [
        ("joined together states natural assurance office", "US Environmental Protection Agency"),
    ],
    '"V-E Day land"': [],
    '"genuine, high-quality charge"': [("genuine, high-quality charge", "true positive rate")],
    '"authentic, acceptable rate"': [("authentic, acceptable rate", "true positive rate")],
    '"genuine, fanciful portion"': [("genuine, fanciful portion", "real and imaginary part")],
    '"differential condition" AND "fragmentary request"': [
        ("differential condition", "differential equation"),
    ],
}

#: Rows whose expected phrase is "???" or "(?)" but whose restoration is unambiguous to a
#: reader of the field (provenance says ``expected=despin-review``).
RESCUED: dict[str, list[tuple[str, str]]] = {
    '"thyroid sickness"': [("thyroid sickness", "thyroid disease")],
    '"Gibbs free vitality"': [("Gibbs free vitality", "Gibbs free energy")],
    '"bushy logic"': [("bushy logic", "fuzzy logic")],
    '"highlight designing"': [("highlight designing", "feature engineering")],
    '"squander the board"': [("squander the board", "waste management")],
    '"stomach related framework"': [("stomach related framework", "digestive system")],
    '"renin-angiotensin framework"': [("renin-angiotensin framework", "renin-angiotensin system")],
    '"drawn-out impacts"': [("drawn-out impacts", "long-term effects")],
    '"end-to-end postponement"': [("end-to-end postponement", "end-to-end delay")],
    '"normal exactness"': [("normal exactness", "average precision")],
    '"mind cellular"': [("mind cellular", "brain cell")],
    '"folic destructive"': [("folic destructive", "folic acid")],
    '"hydroxycinnamic destructive"': [("hydroxycinnamic destructive", "hydroxycinnamic acid")],
    '"unwavering quality (CR)"': [("unwavering quality", "composite reliability")],
    '"auxiliary condition displaying (SEM)"': [
        ("auxiliary condition displaying", "structural equation modeling"),
    ],
    '"average change extricated (AVE)"': [
        ("average change extricated", "average variance extracted")
    ],
    '"otherworldly collocation techniques (CSM)"': [
        ("otherworldly collocation techniques", "spectral collocation methods"),
    ],
    '"digital dual (DT)"': [("digital dual", "digital twin")],
    '"maximum probability interpreting"': [
        ("maximum probability interpreting", "maximum likelihood decoding")
    ],
    '"rich unearthly data"': [("rich unearthly data", "rich spectral data")],
    '"warmth move capacity"': [("warmth move capacity", "heat transfer capacity")],
    '"gadget verification"': [("gadget verification", "device authentication")],
}

#: Typos in the PPS expected phrases (word-level, applied after cleaning).
EXPECTED_TYPOS: dict[str, str] = {
    "rythm": "rhythm",
    "netwok": "network",
    "opeerator": "operator",
    "tesselation": "tessellation",
    "particule": "particle",
    "composent": "component",
    "assocated": "associated",
    "sensibility": "sensitivity",
    "chi-squarred": "chi-squared",
    "co-ocurrence": "co-occurrence",
    "consuption": "consumption",
    "continious": "continuous",
    "countinuous": "continuous",
    "crispr-assocated": "CRISPR-associated",
    "entrooy": "entropy",
    "forecastingc": "forecasting",
    "fruxtose": "fructose",
    "gradiant": "gradient",
    "gradiants": "gradients",
    "illneses": "illnesses",
    "mamography": "mammography",
    "medicial": "medical",
    "polyphormism": "polymorphism",
    "preprocesing": "preprocessing",
    "unbiaised": "unbiased",
    "valiadation": "validation",
    "highresolution": "high-resolution",
}

#: Expected phrases that look like notes and would slip past the rules.
DESCRIPTION_MARKERS = regex.compile(
    r"(?i)\b(see|meaning unclear|search and replace|the word|paraphrased|caveat|"
    r"could be either|found in|as in|i\.e\.|e\.g\.|possibly|please note)\b|https?://|‘"
)

#: Capitalised words kept capitalised in restorations (proper names in technical terms).
PROPER_WORDS = frozenset(
    """
    bayes bayesian markov gaussian fourier boltzmann laplacian laplace euclidean pearson
    pearson's python java voronoi kalman gabor poisson monte carlo hilbert riemann arrhenius
    kuznets alzheimer's parkinson's huntington's crohn's hodgkin's newton newtonian maxwell
    schrodinger hamiltonian lagrangian lagrange jacobian hessian cholesky lyapunov nash
    pareto weibull bernoulli dirichlet fisher student's gibbs helmholtz langmuir freundlich
    raman doppler hall bragg coulomb ohm's boolean hebbian turing nyquist shannon wiener
    rayleigh mie darcy reynolds nusselt prandtl navier-stokes stokes kolmogorov bell
    """.replace("\n", " ").split()
)


#: Tortured phrases that are ALSO ordinary English (or a legitimate phrase of some field):
#: never fingerprints, and restricted by the PPS query's AND terms (a ``doc:`` constraint)
#: when it has any. Reviewed by hand from the candidates a build prints with --candidates
#: (multi-word phrases in symspellpy's bigram list, PPS queries with AND, the 400 most
#: frequent rows). Every other multi-word tortured phrase is a fingerprint.
ORDINARY: frozenset[str] = frozenset(
    line.strip()
    for line in """
    surface region; malignant growth; brain organization; atomic composition;
    test technique; surface highlights; highlight extraction; genuine positive; genuine negative;
    network safety; directed learning; regulated learning; preparation stage; study database;
    component map; supply route; content arrangement; backward probability; carbon discharge;
    buried layer; pre-prepared; ecological alteration; working framework; bogus news;
    bogus message; bogus positive; bogus negative; radio wire; market effectiveness;
    selection tree; preparing dataset; thick woods; social detachment; machine literacy;
    exploratory outcomes; mystery key; reusable energy; characteristic channel; steering table;
    internet learning; measurable learning; community security; deep literacy; remote detecting;
    executive framework; delicate information; delicate data; traffic designs; back spread;
    quality regulation; adjustment time; activation ability; element determination; naive bias;
    regenerative system; regenerative organs; regenerative framework; most crowded;
    exchange learning; movement business; expanded reality; increased reality; element space;
    query table; machine education; inexhaustible power; inexhaustible force; relapse strategies;
    bundle transmission; dispersion system; mind association; quality articulation;
    information expansion; information growth; remove highlights; removing highlights;
    managed learning; charcoal electrode; cloud organization; brilliant agreement; guide vector;
    cloud climate; call tree; master framework; computerized intelligence; brilliant city;
    top learning; forbidden search; standard mistake; channel methods; solitary layer;
    picture arrangement; safe reaction; social database; moderate dissipation; issue determination;
    big facts; square chain; participation capacity; frame temperature; picture highlights;
    arrangement model; prepared information; image ordering; post-handling; social designing;
    voice arrangement; genuine numbers; overall advancement; normal least-squares;
    model exhibition; arrangement strategy; resistance framework; data board; activity unit;
    corridor impact; planning set; exchange work; omit price; mind growth;
    border situation; coaching information; variant operator; face reputation; wind propellers;
    warmth transport; solitary variable; natural liquids; superior visualization;
    establishment work; median channel; mind cancer; exchange training; savage power;
    therapeutic conclusion; image upgrade; mechanical homes; rice impact; hereditary data;
    favorable cancer; marked information; conventional steering; audit article; distant worker;
    lagging period; channel banks; sample reputation; issue conclusion; community coding;
    approval information; matrix search; energy lattice; movement acknowledgment;
    product servers; ecological corruption; exterior zone; remove measurements; photo popularity;
    prospects markets; dynamic consistency; oil expulsion; visually affected;
    consonant mean; direct coefficient; mind signal; seen mild; differential condition;
    adverse impressions; warm exchange; execution pointers; created nations; directly distinct;
    chart theory; model schooling; crude dataset; heat foundation; seepage flux;
    warmth movement; harsh set; prohibits growth; social architects; remarkable words;
    expense work; kind cancer; value revelation; keen devices; crude picture; dark out;
    system dissatisfaction; fresh set; online preparing; hand flags; system disappointment;
    oil evacuation; direct mix; constant aggravation; worldwide pooling; window capacity;
    double grouping; excess oxygen; phantom groups; ground vicinity; contrarily influenced;
    remedy research; directly detachable; false anxiety; major recurrence; toxic emanation;
    straightforward structures; mind surgery; random hunt; higher pay levels; offering stage;
    advanced declaration; double veils; liquid logic; void tank; journalist gene;
    proceeding require; crude sign; sovereign experiments; value conjectures; smart groups;
    seen value; natural files; social impact; social effect; expected effort; effort trust;
    enabling circumstances; working with conditions; encouraging conditions; precious stones;
    grouping methods; component extraction; information mining; test arrangement;
    feedback processing; professional system; picture recognition; huge information;
    discourse data; characterization problems; creation innovations; data gain;
    objective language; resistant reaction; machine knowledge; heart ailments; liver ailments;
    kidney ailments; eye ailments; plant ailments; monetary development; programmed learning;
    limited motivation; machine interpretation; chief parts; recurrence range; driving reason;
    utility lattice; electrical gadget; crude information; reactive blend; project memory;
    creepy crawlies; image determination; confrontation network; oral tract; data technology;
    observational examination; limit layer; sound individuals; universal exchange;
    positive societies; optical stream; coronary illness; natural corruption; elderly folks;
    persistent speech; profound layers; energy ingestion; patient gathering; poisonous impacts;
    rate focuses; customary strategies; mind waves; optimistic impact; fundamental metals;
    disposition issues; vitality source; cloud worker; short blast;
    cooling framework; undefined material; blood clusters; human blunder; creature models;
    weight esteem; incorporated circuits; ethnic gatherings; warm radiation; enthusiastic state;
    business knowledge; into the combination; independent learning; shared data;
    gathering of patients; identification and arrangement; intensity and vulnerability;
    accuracy of an order; commented on information; nature of administration;
    transactions are unknown; verification of work; checking the votes; planning and testing;
    pay and exchange; investigation of change; tune in to client; sent to the rest;
    loss of equality; to mislead the votes; plan of the trial; working framework;
    heart sickness; substantial metals; 128 pieces
    """.replace("\n", " ").split(";")
    if line.strip()
)

#: Tortured phrases that should not be in the lexicon at all: they are correct phrases of
#: science in their own right, so restoring them would damage clean papers.
_CORRECT_ALREADY = "reviewed: tortured phrase is a correct technical phrase in its own right"
REVIEWED_DROP: dict[str, str] = {
    "hazard ratio": _CORRECT_ALREADY,  # the PPS note itself: "please note that the HR does exist"
    "magnetic cell separation": _CORRECT_ALREADY,
    "international organizations": _CORRECT_ALREADY,
    "degree of displacement": _CORRECT_ALREADY,  # physics; "shift" is no drop-in restoration
    "actually occur": _CORRECT_ALREADY,  # "actually occur" > "true positive"
    "outcomes likewise": "reviewed: the PPS expected phrase ('results similarity') is not a "
    "restoration",
}


# --------------------------------------------------------------------------------------------
# Query and note parsing
# --------------------------------------------------------------------------------------------

_QUERY_TOKEN = regex.compile(r'"([^"]*)"(?:~(\d+))?|(\()|(\))|([^\s"()]+)')
_ACRONYM = regex.compile(r"^(?=.*\p{Lu}.*\p{Lu}|.*\p{Lu}\d|.*\d\p{Lu})\S+$")


@dataclass
class Query:
    """A parsed PPS query: the tortured alternatives, the ``AND`` terms, the proximity slop."""

    phrases: list[str]
    required: list[list[str]] = field(default_factory=list)  # AND of (OR of terms)
    slop: int | None = None


def parse_query(text: str) -> Query:
    """Read a PPS query: leading quoted phrase(s) joined by OR are the tortured forms."""
    tokens: list[tuple[str, str]] = []  # (kind, value): phrase / word / op / ( / )
    slop: int | None = None
    for m in _QUERY_TOKEN.finditer(text):
        if m.group(1) is not None:
            tokens.append(("phrase", m.group(1)))
            if m.group(2) is not None and slop is None and len(tokens) == 1:
                slop = int(m.group(2))
        elif m.group(3):
            tokens.append(("(", "("))
        elif m.group(4):
            tokens.append((")", ")"))
        else:
            word = m.group(5)
            if word in ("AND", "OR", "NOT"):
                tokens.append(("op", word))
            else:
                tokens.append(("phrase", word))
    query = Query(phrases=[], slop=slop)
    i = 0
    # Leading alternatives: phrase (OR phrase)*
    while i < len(tokens) and tokens[i][0] == "phrase":
        query.phrases.append(tokens[i][1])
        i += 1
        if i + 1 < len(tokens) and tokens[i] == ("op", "OR") and tokens[i + 1][0] == "phrase":
            i += 1
            continue
        break
    mode = "AND"
    group: list[str] | None = None
    for kind, value in tokens[i:]:
        if kind == "op":
            if value in ("AND", "NOT"):
                mode = value
            continue
        if kind == "(":
            group = []
            continue
        if kind == ")":
            if group and mode == "AND":
                query.required.append(group)
            group = None
            continue
        if group is not None:
            group.append(value)
        elif mode == "AND":
            query.required.append([value])
    return query


def _strip_brackets(text: str) -> tuple[str, list[str]]:
    """Remove (...) and [...] notes (nested ones too); return the rest and what was removed."""
    removed: list[str] = []
    pattern = regex.compile(r"\s*[(\[]([^()\[\]]*)[)\]]")
    while True:
        m = pattern.search(text)
        if not m:
            break
        removed.append(m.group(1).strip())
        text = (
            text[: m.start()] + (" " if m.start() and m.end() < len(text) else "") + text[m.end() :]
        )
    return regex.sub(r"\s+", " ", text).strip(), removed


def _is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word))


def clean_tortured(phrase: str) -> str:
    """The tortured phrase as despin matches it: lower-case except acronyms, notes removed."""
    text, removed = _strip_brackets(phrase)
    if (not text or (len(text.split()) == 1 and _is_acronym(text))) and removed:
        # "IoT (Web of Things)": the acronym is the correct part, the note is tortured.
        longest = max(removed, key=len)
        if len(longest.split()) > 1:
            text = longest
    # Punctuation stays: despin's tokenizer makes each mark a token that a phrase must match
    # ("sq. accreditation", "red, inexperienced and blue", "TCP/IP bundle").
    text = regex.sub(r"\s+", " ", text.replace("\xa0", " ")).strip(" \"'.;:")
    return WORD.sub(lambda m: m.group() if _is_acronym(m.group()) else m.group().lower(), text)


def clean_expected(expected: str, *, split_slashes: bool = True) -> tuple[list[str], str]:
    """Clean restorations from an expected-phrase cell, or ([], reason) when none is usable."""
    text = expected.replace("\xa0", " ").replace('\\"', "").replace('"', "").strip()
    text = regex.sub(r"\s*\([^()]*https?://[^()]*\)", "", text)
    text = regex.sub(r",?\s*\bsee\b.*$", "", text) if "http" in text else text
    text = regex.sub(r"https?://\S+", "", text)
    if regex.fullmatch(r"[\s?()]*", text):
        return [], "no expected phrase (empty or '???')"
    text = regex.split(r"\s+AND\s+", text)[0]
    core, removed = _strip_brackets(text)
    if (len(core.split()) == 1 and _is_acronym(core)) and removed:
        longest = max(removed, key=len)
        if len(longest.split()) > 1:
            core = longest  # "NGS (Next-Generation Sequencing)"
    core = core.replace("*", "").replace("...", "").strip(" ?.,;:")
    core = regex.sub(r"\s*\?\s*", " ", core).strip()
    core = regex.sub(r"\s+", " ", core)
    if not core or regex.fullmatch(r"[\W_]*", core):
        return [], "no expected phrase (empty or '???')"
    if DESCRIPTION_MARKERS.search(core):
        return [], "expected phrase is a description, not a term"
    alternatives = _split_or(core) if split_slashes else [core]
    if split_slashes:
        alternatives = [a for alt in alternatives for a in _split_alternatives(alt)]
    fixed = []
    for alt in alternatives:
        words = [
            EXPECTED_TYPOS.get(w.lower(), w) if w.lower() in EXPECTED_TYPOS else w
            for w in alt.split()
        ]
        phrase = " ".join(words)
        if phrase.lower() == "internet of thing":
            phrase += "s"
        fixed.append(phrase)
    return fixed, ""


def _split_or(text: str) -> list[str]:
    """'HMI OR human-computer interaction', 'hydrofluoric acid or hydrogen fluoride'."""
    parts = regex.split(r"\s+OR\s+", text)
    out = []
    for part in parts:
        halves = part.split(" or ")
        if len(halves) == 2 and all(len(h.split()) >= 2 for h in halves):
            out.extend(halves)
        else:
            out.append(part)
    return out


def _split_alternatives(text: str) -> list[str]:
    """'brain cancer / brain tumor' and 'contagious/transmissible diseases' list alternatives."""
    if " / " in text or "/ " in text or " /" in text:
        return [p.strip() for p in regex.split(r"\s*/\s*", text) if p.strip()]
    words = text.split()
    slashed = [i for i, w in enumerate(words) if "/" in w]
    if len(slashed) != 1:
        return [text]
    i = slashed[0]
    options = [o for o in words[i].split("/") if o]
    return [" ".join([*words[:i], o, *words[i + 1 :]]) for o in options]


def derive_phrases(query: Query, expected: list[str]) -> tuple[list[str], list[str]]:
    """Bare tortured phrase(s) of a query, plus words a "~N" query wants nearby (doc terms)."""
    phrases = list(query.phrases)
    near: list[str] = []
    if query.slop is not None and phrases:
        bare, stripped = _proximity_phrase(phrases[0], expected)
        phrases[0] = bare
        if stripped:
            near.append(stripped)
    out: list[str] = []
    for phrase in phrases:
        parts = [p.strip() for p in phrase.split(",")]
        if (
            len(parts) > 1
            and all(len(p.split()) == 1 for p in parts)
            and all("," not in e and len(e.split()) == 1 for e in expected)
        ):
            out.extend(parts)  # "outfit, troupe" > "ensemble": alternatives
        else:
            out.append(phrase)
    return out, near


def _proximity_phrase(phrase: str, expected: list[str]) -> tuple[str, str]:
    """'"gatherings clustering"~10' is "gatherings" near the correct word "clustering"."""
    words = phrase.split()
    for exp in expected:
        exp_words = exp.lower().split()
        n = len(exp_words)
        if len(words) > n and [w.lower() for w in words[-n:]] == exp_words:
            return " ".join(words[:-n]), " ".join(words[-n:])
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) >= 2:
        return " ".join(words[:-1]), words[-1]  # "genuine positive TP"~5
    if len(words) == 2 and any(regex.fullmatch(r"\S+ and \S+", e) for e in expected):
        return f"{words[0]} and {words[1]}", ""  # "characterization relapse"~5
    return phrase, ""


def _is_title(phrase: str) -> bool:
    words = [w for w in phrase.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def restore_case(restored: str, tortured_raw: str) -> str:
    """Lower-case a restoration except acronyms and proper names (case is carried from text)."""
    words = restored.split()
    alpha = [w for w in words if w[:1].isalpha() and len(w) > 3]
    title = bool(alpha) and all(w[0].isupper() for w in alpha)
    t_words = set(regex.findall(r"[\w'’-]+", tortured_raw))
    t_alpha = [w for w in t_words if w[:1].isalpha() and len(w) > 3]
    t_title = bool(t_alpha) and all(w[0].isupper() for w in t_alpha)
    out = []
    for i, w in enumerate(words):
        if (
            _is_acronym(w)
            or w.lower() in PROPER_WORDS
            or (w[:1].isupper() and ((not title and i > 0) or (w in t_words and not t_title)))
        ):
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)


# --------------------------------------------------------------------------------------------
# Word data: wordfreq, symspell bigrams, WordNet nouns, MyThes
# --------------------------------------------------------------------------------------------


def load_bigrams() -> frozenset[str]:
    """symspellpy's English bigram list (~240k frequent bigrams): evidence of ordinary English."""
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    out = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out.add(f"{parts[0]} {parts[1]}".lower())
    return frozenset(out)


def load_wordnet_nouns(root: Path) -> frozenset[str]:
    nouns = set()
    with (root / "index.noun").open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" "):
                nouns.add(line.split(" ", 1)[0].replace("_", " "))
    return frozenset(nouns)


def load_mythes_first(path: Path) -> dict[str, str]:
    """headword -> first plain synonym of its first sense (what a first-sense spinner writes)."""
    first: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        f.readline()  # encoding line
        while True:
            line = f.readline()
            if not line:
                break
            head, _, count = line.rstrip("\n").rpartition("|")
            senses = [f.readline().rstrip("\n") for _ in range(int(count))]
            if not senses:
                continue
            for syn in senses[0].split("|")[1:]:
                if "(" not in syn and syn.lower() != head.lower():
                    first.setdefault(head.lower(), syn.lower())
                    break
    return first


def is_fingerprint(spun: str, ordinary: frozenset[str]) -> bool:
    """A tortured form that is not ordinary English is near-certain evidence of spinning."""
    key = spun.lower()
    if key in ordinary:
        return False
    if _is_plain_word(key):
        return zipf_frequency(key, "en") < SINGLE_WORD_FINGERPRINT_ZIPF
    return True


def _is_plain_word(key: str) -> bool:
    """One word without hyphens or marks ("bosom", not "pre-prepared" or "grasp/slave")."""
    return WORD.fullmatch(key) is not None and "-" not in key


def doc_regex(required: Iterable[Iterable[str]]) -> str:
    """A ``doc:`` constraint from PPS ``AND`` terms: every group must occur (any member of it)."""

    def term(t: str) -> str:
        t = t.strip()
        wild = t.endswith("*")
        body = r"\s+".join(regex.escape(w) for w in t.rstrip("*").split())
        return r"\b" + body + (r"\w*" if wild else r"\b")

    groups = []
    for group in required:
        terms = sorted({term(t) for t in group if t.strip(" *")})
        if terms:
            groups.append(terms[0] if len(terms) == 1 else "(?:" + "|".join(terms) + ")")
    if not groups:
        return ""
    if len(groups) == 1:
        return "(?i)" + groups[0]
    return "(?is)^" + "".join(f"(?=.*{g})" for g in groups)


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    """A candidate lexicon row with what the report and deduplication need to know."""

    spun: str
    restored: str
    papers: int
    fingerprint: bool
    doc: str
    provenance: str
    source: int  # CSV data-row number (1-based), 0 for MyThes rows
    kind: str = "pps"
    proper: bool = False  # the restoration is a Title Case name: no plural

    @property
    def key(self) -> tuple[str, str]:
        return self.spun.lower(), self.restored.lower()


@dataclass
class SourceRow:
    """One CSV row and what became of it."""

    number: int
    tortured: str
    expected: str
    papers: int
    pairs: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""  # why no pair was made, or why the pairs were dropped


def weight(papers: int, max_papers: int) -> float:
    return W_MIN + (W_MAX - W_MIN) * math.log1p(papers) / math.log1p(max_papers)


def read_pps(path: Path) -> list[SourceRow]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            SourceRow(
                number=i,
                tortured=r["tortured_phrase"],
                expected=r["expected_phrase"],
                papers=int(r["num_papers"].replace(",", "") or 0),
            )
            for i, r in enumerate(csv.DictReader(f), start=1)
        ]


def pps_rows(sources: list[SourceRow]) -> list[Row]:
    """Turn every usable CSV row into candidate rows (before deduplication)."""
    rows: list[Row] = []
    for src in sources:
        query = parse_query(src.tortured)
        provenance = f"pps:tortured.csv;papers={src.papers}"
        near: list[str] = []
        triples: list[tuple[str, str, list[str]]]
        if src.tortured in OVERRIDES:
            triples = [(o[0], o[1], list(o[2:])) for o in OVERRIDES[src.tortured]]
            if not triples:
                src.reason = "reviewed: dropped (see OVERRIDES)"
                continue
        else:
            # "TCP/IP bundle" > "TCP/IP packet": a slash in both is part of the term
            expected, why = clean_expected(src.expected, split_slashes="/" not in src.tortured)
            if not expected and src.tortured in RESCUED:
                expected = []
                triples = [(t, r, []) for t, r in RESCUED[src.tortured]]
                provenance += ";expected=despin-review"
            elif not expected:
                src.reason = why
                continue
            else:
                phrases, near = derive_phrases(query, expected)
                triples = [(p, e, []) for p in phrases for e in expected]
        for raw_spun, raw_restored, extra in triples:
            spun = clean_tortured(raw_spun)
            restored = restore_case(raw_restored, src.tortured)
            if not spun or not restored:
                continue
            src.pairs.append((spun, restored))
            if spun.lower() == restored.lower():
                continue
            required = [g for g in query.required if g] + [[n] for n in [*near, *extra]]
            fp = is_fingerprint(spun, ORDINARY)
            rows.append(
                Row(
                    spun=spun,
                    restored=restored,
                    papers=src.papers,
                    fingerprint=fp,
                    doc="" if fp else doc_regex(required),
                    provenance=provenance,
                    source=src.number,
                    proper=_is_title(raw_restored),
                )
            )
        if not src.pairs:
            src.reason = "no tortured phrase left after cleaning"
    return chain(rows)


def chain(rows: list[Row]) -> list[Row]:
    """Second-order spinning: "vicinity unit" > "area unit" is itself tortured ("are")."""
    by_spun: dict[str, set[str]] = {}
    for row in rows:
        by_spun.setdefault(row.spun.lower(), set()).add(row.restored)
    out = []
    for row in rows:
        targets = by_spun.get(row.restored.lower())
        if targets and row.restored.lower() != row.spun.lower() and len(targets) == 1:
            (target,) = targets
            if target.lower() != row.spun.lower():
                row = replace(
                    row, restored=target, provenance=f"{row.provenance};via={row.restored}"
                )
        out.append(row)
    return out


def drop_reason(row: Row, standard_terms: frozenset[str]) -> str:
    """Why a candidate row must not be in the lexicon ('' to keep it)."""
    key = row.spun.lower()
    if key in REVIEWED_DROP:
        return REVIEWED_DROP[key]
    if key in standard_terms:
        return "tortured phrase is itself a standard term (another row's expected phrase)"
    if not row.fingerprint and _is_plain_word(key) and not row.doc:
        return "ordinary English word and no term to anchor it (doc context)"
    return ""


def dedupe(rows: Iterable[Row]) -> list[Row]:
    """One row per (spun, restored): the one with most papers (attested beats generated)."""
    rank = {"pps": 2, "inflected": 1, "mythes": 0}
    best: dict[tuple[str, str], Row] = {}
    for row in rows:
        old = best.get(row.key)
        if old is None or (rank[row.kind], row.papers) > (rank[old.kind], old.papers):
            best[row.key] = row
    return list(best.values())


# --- plurals ---------------------------------------------------------------------------------


def make_plural(noun: str) -> str:
    """Plural of a singular noun, by despin's own inflector (WordNet's irregular forms)."""
    return inflections(noun, "noun").get("NNS", noun)


def _is_singular_noun(word: str, nouns: frozenset[str]) -> bool:
    low = word.lower()
    if low not in nouns or not low.isalpha():
        return False
    # "woods", "features": already plural (the singular is a noun too)
    return not (
        low.endswith("s") and (low[:-1] in nouns or (low[:-2] in nouns and low.endswith("es")))
    )


def _plural_is_usual(singular: str, plural: str) -> bool:
    """Count nouns only: the plural must be in use, not a mass noun's rarity ("informations")."""
    zs, zp = zipf_frequency(singular, "en"), zipf_frequency(plural, "en")
    return zp >= 1.5 and zp >= zs - 1.3


_FUNCTION_WORDS = frozenset(
    [
        "of",
        "in",
        "for",
        "on",
        "to",
        "with",
        "by",
        "from",
        "at",
        "and",
        "or",
        "as",
        "into",
        "the",
        "a",
        "an",
        "is",
        "are",
        "be",
        "this",
        "that",
    ]
)


def inflected_rows(rows: Iterable[Row], nouns: frozenset[str]) -> list[Row]:
    """Plural forms of noun-phrase rows whose head (the last word) is a singular count noun."""
    out = []
    for row in rows:
        s_words, r_words = row.spun.split(), row.restored.split()
        if row.proper or _FUNCTION_WORDS.intersection(w.lower() for w in s_words + r_words):
            continue  # names, and phrases whose head may not be last ("degree of grasp")
        s_head, r_head = s_words[-1], r_words[-1]
        if _is_acronym(s_head) or _is_acronym(r_head):
            continue
        if not (_is_singular_noun(s_head, nouns) and _is_singular_noun(r_head, nouns)):
            continue
        s_pl, r_pl = make_plural(s_head), make_plural(r_head)
        if s_pl == s_head or r_pl == r_head:
            continue
        if not (_plural_is_usual(s_head, s_pl) and _plural_is_usual(r_head, r_pl)):
            continue
        out.append(
            replace(
                row,
                spun=" ".join([*s_words[:-1], s_pl]),
                restored=" ".join([*r_words[:-1], r_pl]),
                provenance=row.provenance + ";inflected",
                kind="inflected",
            )
        )
    return out


# --- MyThes candidates ---------------------------------------------------------------------

#: Common two-word technical terms beyond the PPS expected phrases (ML/CS, medicine,
#: engineering, physics, statistics, ecology); restorations for first-sense MyThes spinning.
EXTRA_TERMS = """
artificial intelligence; machine learning; deep learning; big data; random forest;
neural network; support vector; decision tree; feature extraction; feature selection;
data mining; signal processing; image processing; image recognition; speech recognition;
natural language; computer vision; reinforcement learning; transfer learning; gradient descent;
loss function; activation function; hidden layer; output layer; input layer; training data;
test data; training set; test set; validation set; cross validation; error rate; mean error;
square error; standard deviation; standard error; confidence interval; null hypothesis;
regression analysis; linear regression; logistic regression; time series; sample size;
control group; clinical trial; risk factor; blood pressure; heart rate; heart failure;
heart disease; breast cancer; lung cancer; cancer cell; tumor growth; immune system;
immune response; side effect; body weight; blood flow; blood sugar; blood vessel; cell growth;
gene expression; cell line; drug delivery; public health; mental health; health care;
climate change; carbon emission; greenhouse gas; renewable energy; solar energy; wind energy;
energy consumption; energy efficiency; power system; power supply; electric field;
magnetic field; heat transfer; heat exchanger; thermal conductivity; surface area;
particle size; tensile strength; compressive strength; crystal structure; chemical reaction;
reaction rate; phase transition; quantum state; light source; wave length; sound wave;
signal strength; noise ratio; network security; cloud computing; operating system;
computer network; data center; data set; data analysis; data collection; social network;
social media; user interface; search engine; web page; smart city; smart grid;
internet access; wireless network; mobile phone; sensor network; control system;
expert system; fuzzy logic; genetic algorithm; swarm optimization; objective function;
cost function; global optimum; local minimum; search space; state space; hidden state;
feature map; feature vector; attention mechanism; language model; word embedding;
sentiment analysis; text classification; image classification; object detection;
face recognition; pattern recognition; anomaly detection; fault diagnosis; intrusion detection;
water quality; air pollution; soil moisture; species richness; food web; habitat loss;
land use; population growth; economic growth; market share; supply chain; stock market;
interest rate; labor market; social capital; human capital; public policy; case study;
field study; pilot study; research question; literature review; sample mean; random sample;
random variable; probability distribution; normal distribution; maximum likelihood;
prior knowledge; boundary condition; initial condition; finite element; fluid flow;
mass flow; flow rate; pressure drop; grain size; crack growth; fatigue life; elastic modulus;
young modulus; shear stress; yield strength; electron microscope; optical fiber;
light emission; laser beam; power plant; fuel cell; battery life; electric vehicle;
""".replace("\n", " ")


MYTHES_COMMON_ZIPF = 4.0  # a substitute this common makes a plausible English phrase: skip
MYTHES_BIZARRE_ZIPF = 2.0  # substitutes this rare (or multi-word) read as clearly bizarre


def _substitute(word: str, first_syn: dict[str, str]) -> str | None:
    """The first-sense synonym a spinner would write for ``word``, if it is a real swap."""
    syn = first_syn.get(word)
    if syn is None or len(word) <= 2 or word in PROPER_WORDS:
        return None
    if (word, syn) in MYTHES_SKIP_SUBSTITUTIONS:
        return None
    if word in syn.split() or syn.startswith(word) or word.startswith(syn):
        return None  # "david hilbert", "flowing": a name's expansion or the same word
    if Levenshtein.normalized_similarity(word, syn) >= 0.7:
        return None  # spelling variants: colour/color, arteria/artery
    return syn


def mythes_rows(
    terms: Iterable[str],
    first_syn: dict[str, str],
    bigrams: frozenset[str],
    known_spun: set[str],
    standard_terms: frozenset[str],
) -> list[Row]:
    """What a first-sense MyThes spinner makes of each two-word term, when it reads oddly.

    Ordinary English is kept out three ways: the result is in the bigram list, is another
    term, or every substitute is a common word (zipf >= 4: "training phase", "field survey"
    are English, not spinning). A result whose substitutes are all rare or multi-word words
    ("acute acerb", "severe unwellness") is clearly bizarre: a fingerprint.
    """
    out: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for term in sorted(set(terms)):
        words = term.split()
        if len(words) != 2 or not all(regex.fullmatch(r"[a-z][a-z\-]*", w) for w in words):
            continue
        w1, w2 = words
        s1, s2 = _substitute(w1, first_syn), _substitute(w2, first_syn)
        variants: list[tuple[str, list[str], str]] = []
        if s1:
            variants.append((f"{s1} {w2}", [s1], f"{w1}>{s1}"))
        if s2:
            variants.append((f"{w1} {s2}", [s2], f"{w2}>{s2}"))
        if s1 and s2:
            variants.append((f"{s1} {s2}", [s1, s2], f"{w1}>{s1},{w2}>{s2}"))
        for raw, subs, how in variants:
            spun = " ".join(m.group() for m in WORD.finditer(raw)).lower()
            if not spun or spun == term or (spun, term) in seen:
                continue
            sw = spun.split()
            if all(f"{a} {b}" in bigrams for a, b in itertools.pairwise(sw)):
                continue  # an ordinary English collocation
            if spun in standard_terms or spun in known_spun or spun in MYTHES_ORDINARY:
                continue  # another term, already attested in the PPS list, or reviewed
            zipfs = [zipf_frequency(x, "en") if " " not in x else 0.0 for x in subs]
            if all(z >= MYTHES_COMMON_ZIPF for z in zipfs):
                continue
            bizarre = all(z < MYTHES_BIZARRE_ZIPF for z in zipfs) or spun in MYTHES_BIZARRE
            seen.add((spun, term))
            out.append(
                Row(
                    spun=spun,
                    restored=term,
                    papers=0,
                    fingerprint=bizarre,
                    doc="",
                    provenance=f"mythes:first-sense;term={term};{how}",
                    source=0,
                    kind="mythes",
                )
            )
    return out


#: Substitutions that are established technical synonyms, so what they make is ordinary
#: technical English ("text categorization", "feature" > "characteristic vector"): never used.
MYTHES_SKIP_SUBSTITUTIONS = frozenset(
    {
        ("classification", "categorization"),
        ("feature", "characteristic"),
        ("detection", "sensing"),
        ("predictive", "prognostic"),
        ("risk", "hazard"),
    }
)

#: MyThes candidates that are ordinary English (missed by the bigram list), reviewed: not added.
MYTHES_ORDINARY: frozenset[str] = frozenset(
    """absorption spectrometry; data aggregation; information aggregation; cell nucleus;
    optical fibre; heat conduction; thermal conduction; underdeveloped countries;
    underdeveloped nations; atomic waste; climate alteration; sentiment lexicon; taboo search;
    species designation; network cryptography; web cryptography; software bundle; smart metre;
    energy metre; detector network; detector failure; wireless detector; uninterrupted improvement;
    uninterrupted speech; uninterrupted checking; unstable flow; disruptive flow; total fluctuation;
    gi tract; handicapped persons; immature adults; curative agent; curative molecules;
    inordinate levels; elective bodies; kidney graft; tendency analysis; lower precedence;
    economic downswing; high birthrate; student accomplishment; pupil achievement;
    pupil accomplishment; error rectification; standardization curve; aggregate flow;
    computed imaging; batch standardization; mental wellness; public wellness; wellness care;
    animal wellness; cardiovascular wellness; wellness plans; wellness crisis; harmful impacts;
    septic patients; septic people; septic individuals; tummy ache; tummy pain; stomach aching;
    additive regression; additive function; additive combination; additive operator;
    additive coefficient; mean divergence; average divergence; nutrient shortage;
    nutrient deficit; nutrient processing; nutrient safety; nutrient waste; centrifugal speed;
    centrifugal velocity; generative system; prior cognition; fold alteration; motor velocity;
    atom size; scheduling language; 10 old age; multinomial regression;
    electrostatic attractive force; electrostatic repulsive force; static attractive force;
    static repulsive force; motor nerve cell""".replace("\n", " ").split(";")
) - {""}
MYTHES_ORDINARY = frozenset(x.strip() for x in MYTHES_ORDINARY)
#: MyThes candidates reviewed as clearly bizarre: marked fingerprint.
MYTHES_BIZARRE: frozenset[str] = frozenset()


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Acronyms that are also English words once lower-cased: their entries match case exactly.
_WORD_ACRONYMS = frozenset(
    """
    ITS US WHO IT AS AM AN AT BE CAN DO GO HE IF IN IS ME MY NO OF ON OR SO TO UP WE ARE ALL
    AND FOR MAY NOT ONE OUR SEE THE USE WAS WILL AIM ACT ART CAT MAP PET SAD SAT
    """.replace("\n", " ").split()
)


@dataclass(frozen=True)
class Line:
    """One row of the output file."""

    spun: str
    restored: str
    weight: float
    context: str
    provenance: str

    def __str__(self) -> str:
        return "\t".join(
            (self.spun, self.restored, f"{self.weight:.4g}", self.context, self.provenance)
        )


def to_entry(row: Row, max_papers: int) -> Line:
    w = weight(row.papers, max_papers)
    if row.kind == "inflected":
        w *= W_INFLECTED
    elif row.kind == "mythes":
        w = W_MYTHES
    clauses = []
    if any(w in _WORD_ACRONYMS for w in row.spun.split()):
        clauses.append("cased")  # "ITS groupings" is tortured, "its groupings" is English
    if row.fingerprint:
        clauses.append("fingerprint")
    if row.doc:
        clauses.append(f"doc:{row.doc}")
    return Line(row.spun, row.restored, round(w, 4), ";".join(clauses), row.provenance)


def build(csv_path: Path, mythes: Path, wordnet: Path) -> tuple[list[Line], list[str], dict]:
    sources = read_pps(csv_path)
    max_papers = max(s.papers for s in sources)
    candidates = pps_rows(sources)
    tortured_forms = {r.spun.lower() for r in candidates}
    standard_terms = (
        frozenset(e.lower() for s in sources for e in clean_expected(s.expected)[0])
        | frozenset(t.strip() for t in EXTRA_TERMS.split(";") if t.strip())
    ) - tortured_forms

    kept: list[Row] = []
    dropped: dict[tuple[str, str], str] = {}
    for row in candidates:
        why = drop_reason(row, standard_terms)
        if why:
            dropped[row.key] = why
        else:
            kept.append(row)
    pps = dedupe(kept)

    nouns = load_wordnet_nouns(wordnet)
    present = {r.spun.lower() for r in pps}
    plurals = [
        r
        for r in dedupe(inflected_rows(pps, nouns))
        if r.spun.lower() not in present and not drop_reason(r, standard_terms)
    ]

    term_papers: dict[str, int] = {}
    for src in sources:
        for e in clean_expected(src.expected)[0]:
            if not _is_title(e) and not any(_is_acronym(w) for w in e.split()):
                term_papers[e.lower()] = term_papers.get(e.lower(), 0) + src.papers
    terms = [t for t, n in term_papers.items() if n >= MYTHES_MIN_PAPERS and t in standard_terms]
    terms += [t.strip() for t in EXTRA_TERMS.split(";") if t.strip()]
    bigrams = load_bigrams()
    known = present | {r.spun.lower() for r in plurals}
    thesaurus = mythes_rows(terms, load_mythes_first(mythes), bigrams, known, standard_terms)

    rows = sorted(
        pps + plurals + thesaurus,
        key=lambda r: (r.spun.lower(), r.restored.lower(), r.spun, r.restored),
    )
    entries = [to_entry(r, max_papers) for r in rows]
    if len(entries) >= MAX_ROWS:
        msg = f"{len(entries)} rows: over the {MAX_ROWS} budget"
        raise SystemExit(msg)

    # Coverage of the public list: rows whose bare phrase made it into the lexicon.
    final_spun = {e.spun.lower() for e in entries}
    reasons: dict[str, list[SourceRow]] = {}
    usable = covered = 0
    for src in sources:
        if src.reason and not src.pairs:
            if src.reason.startswith(("no expected", "expected phrase is a description")):
                reasons.setdefault(src.reason, []).append(src)
                continue
            usable += 1
            reasons.setdefault(src.reason, []).append(src)
            continue
        usable += 1
        if any(s.lower() in final_spun for s, _ in src.pairs):
            covered += 1  # (the restoration may be chained: "vicinity unit" > "are")
            continue
        why = ""
        for s, r in src.pairs:
            if s.lower() == r.lower():
                why = why or (
                    "the tortured part is only a parenthesised acronym ('polyethylene glycol "
                    "(stake)')"
                    if "(" in src.tortured
                    else "tortured phrase equals the expected one"
                )
            elif (s.lower(), r.lower()) in dropped:
                why = why or dropped[(s.lower(), r.lower())]
        reasons.setdefault(why or "other", []).append(src)

    stats = {
        "csv_rows": len(sources),
        "usable": usable,
        "covered": covered,
        "pps": len(pps),
        "inflected": len(plurals),
        "mythes": len(thesaurus),
        "rows": len(entries),
        "fingerprint": sum("fingerprint" in e.context.split(";") for e in entries),
        "fingerprint_pps": sum(r.fingerprint for r in pps),
        "fingerprint_inflected": sum(r.fingerprint for r in plurals),
        "fingerprint_mythes": sum(r.fingerprint for r in thesaurus),
        "doc": sum("doc:" in e.context for e in entries),
        "reasons": reasons,
    }
    header = [
        "Tortured phrases of scientific writing (Problematic Paper Screener list) and their",
        "restorations, plus first-sense MyThes spinnings of common two-word technical terms.",
        "Source: the PPS tortured-phrases list of Cabanac, Labbe & Magazinov (2021),",
        "  'Tortured phrases: A dubious writing style emerging in science', arXiv:2107.06751;",
        f"  CSV export tortured.csv, sha256 {sha256(csv_path)}",
        "  (see the corpus SOURCE.md; the CSV is read at build time, never copied here).",
        f"Also: {mythes.name} (MyThes, first sense, plain synonyms), WordNet 3.0 index.noun,",
        "  wordfreq zipf frequencies, symspellpy's English bigram list.",
        "Built by: python scripts/build_science_lexicon.py   (from the repository root)",
        f"Counts: {len(entries)} rows = {len(pps)} PPS + {len(plurals)} plurals "
        f"(despin.inflect) + {len(thesaurus)} MyThes; {stats['fingerprint']} fingerprint "
        f"({stats['fingerprint_pps']} PPS, {stats['fingerprint_inflected']} plurals, "
        f"{stats['fingerprint_mythes']} MyThes); {stats['doc']} with a doc: constraint.",
        f"Coverage: {covered}/{usable} = {covered / usable:.1%} of the {len(sources)} CSV rows "
        "with a usable expected phrase have their tortured phrase here.",
        "Weights: PPS rows 0.6 + 0.39*log(1+papers)/log(1+max papers); plurals x0.95; MyThes 0.5.",
    ]
    return entries, header, stats


def write_candidates(csv_path: Path, out: Path) -> None:
    """Tortured phrases that may be ordinary English, for review into ORDINARY."""
    sources = read_pps(csv_path)
    by_number = {s.number: s for s in sources}
    bigrams = load_bigrams()
    seen: set[str] = set()
    lines = []
    for row in sorted(pps_rows(sources), key=lambda r: -r.papers):
        key = row.spun.lower()
        if key in seen:
            continue
        seen.add(key)
        words = key.split()
        query = by_number[row.source].tortured
        flags = []
        if len(words) > 1 and all(f"{a} {b}" in bigrams for a, b in itertools.pairwise(words)):
            flags.append("bigram-list")
        if " AND " in query or " NOT " in query:
            flags.append("pps-and")
        if flags or len(lines) < 400:
            state = "ordinary" if key in ORDINARY else "fingerprint" if row.fingerprint else "-"
            lines.append(
                f"{row.papers}\t{key}\t{row.restored}\t{','.join(flags)}\t{state}\t{query}"
            )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--mythes", type=Path, default=DEFAULT_MYTHES)
    parser.add_argument("--wordnet", type=Path, default=DEFAULT_WORDNET)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--report", type=Path, help="write the uncovered CSV rows here")
    parser.add_argument(
        "--candidates", type=Path, help="write tortured phrases to review for ORDINARY here"
    )
    args = parser.parse_args(argv)
    digest = sha256(args.csv)
    if digest != EXPECTED_SHA256:
        print(f"warning: {args.csv} sha256 {digest} is not the reviewed export", file=sys.stderr)
    entries, header, stats = build(args.csv, args.mythes, args.wordnet)
    if args.candidates:
        write_candidates(args.csv, args.candidates)
    text = "\n".join(
        [
            "# despin-lexicon v1",
            "# name: science",
            "# description: tortured phrases of scientific papers (PPS list) and thesaurus "
            "spinnings",
            *(f"# {line}" for line in header),
            "spun\trestored\tweight\tcontext\tprovenance",
            *(str(e) for e in entries),
        ]
    )
    text += "\n"
    parse_lexicon(text, source=str(args.out))  # refuse to write a file despin cannot load
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {stats['rows']} rows", file=sys.stderr)
    for line in header[-3:-1]:
        print(line, file=sys.stderr)
    if args.report:
        with args.report.open("w", encoding="utf-8") as f:
            for reason, srcs in sorted(stats["reasons"].items(), key=lambda kv: -len(kv[1])):
                f.write(f"## {reason}: {len(srcs)} rows\n")
                for s in srcs:
                    f.write(f"{s.number}\t{s.tortured}\t{s.expected}\t{s.papers}\t{s.pairs}\n")
        for reason, srcs in sorted(stats["reasons"].items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(srcs):5d}  {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
