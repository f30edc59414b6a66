"""Reading OKR sentences: the text heuristics behind the coach's wording rules.

The coach judges sentences it has never seen, so nothing here is a list of example
sentences. A sentence is tokenised, its leading verb is found (past filler such as
"We will" or "Successfully", and through -s/-ed/-ing forms), and small lexicons decide:
an output verb ("launch", "migrate", "hold") makes a task or a deliverable, an outcome
verb ("increase", "make", "become") a change; "from X to Y", thresholds and
quantities tell a measurement from a to-do; "by …ing", "through", "via", "using" and
"with a new …" mark a solution; digits, percentages, money, quarters and words like
"double" are figures.

Every function takes the raw sentence and returns what it found, empty or None when
the sentence is fine, with enough of the sentence to write a useful message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    """A lexicon written as one string of words, for readability."""
    return frozenset(text.split())


# --- lexicons ---------------------------------------------------------------------

#: Verbs that produce a deliverable or an activity, by family (the family picks the
#: kind of outcome the coach suggests instead).
OUTPUT_VERBS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "launch ship release implement deploy build create develop design redesign rebuild "
            "add introduce integrate prototype revamp overhaul rework establish deliver finalize "
            "finalise finish complete install configure automate prepare"
        ),
        "build",
    ),
    **dict.fromkeys(
        _words(
            "migrate upgrade replace refactor rewrite sunset deprecate decommission retire port "
            "replatform architect rearchitect"
        ),
        "change",
    ),
    **dict.fromkeys(
        _words(
            "research analyse analyze investigate audit interview test qa review assess evaluate "
            "study survey benchmark conduct"
        ),
        "learn",
    ),
    **dict.fromkeys(
        _words("hold run host organise organize attend train present sponsor facilitate"),
        "event",
    ),
    **dict.fromkeys(_words("write publish produce post send record"), "publish"),
    **dict.fromkeys(
        _words("document translate localize localise draft define specify"), "document"
    ),
    **dict.fromkeys(_words("hire recruit staff appoint"), "hire"),
}

#: Two-word verbs that are outputs although their first word alone is not.
PHRASAL_OUTPUTS: dict[tuple[str, str], str] = {
    ("roll", "out"): "build",
    ("set", "up"): "build",
    ("go", "live"): "build",
    ("spin", "up"): "build",
    ("stand", "up"): "build",
    ("build", "out"): "build",
    ("kick", "off"): "event",
    ("carry", "out"): "learn",
}

#: Verbs that are a change of place, an output, only with a destination ("Move X to AWS").
DESTINATION_VERBS = _words("move switch shift transition")
DESTINATIONS = _words("to onto into")

#: Output verbs that can also name an outcome ("Build trust", "Create the smoothest
#: onboarding experience"); they are outputs only when their object is a thing.
WEAK_OUTPUT_VERBS = _words("build create establish develop deliver design")

#: Verbs of change: a sentence led by one of these aims at an outcome.
OUTCOME_VERBS = _words(
    "increase reduce grow improve raise lower decrease cut lift boost double triple halve "
    "maintain keep sustain achieve reach hit drive expand win retain convert acquire sign "
    "generate save shorten speed accelerate minimise minimize maximise maximize eliminate "
    "prevent stay make help become delight earn attract engage scale protect ensure let "
    "give get turn transform enable unlock strengthen enhance optimise optimize foster "
    "deepen widen simplify streamline take be"
)

#: Verbs that, leading a sentence, name the means ("Use machine learning to …").
MEANS_VERBS = _words("use leverage adopt harness apply employ utilise utilize")

#: Verbs of obtaining: with a milestone noun and no quantity they name a milestone.
ACQUIRE_VERBS = _words("achieve get obtain pass earn secure gain receive attain")

#: Nouns that make the object of a weak output verb an outcome.
OUTCOME_NOUNS = _words(
    "trust loyalty confidence culture community habit reputation value love momentum "
    "delight advocacy brand relationship relationships"
)
EVALUATIVE = _words(
    "delightful seamless effortless frictionless friction-free smooth trusted intuitive "
    "indispensable loved beloved world-class painless joyful"
)
SUPERLATIVE_EXCEPTIONS = _words(
    "test request interest latest contest harvest manifest protest rest forest quest digest "
    "suggest invest guest west pest nest honest modest chest"
)

#: Nouns whose presence in the object decides the family whatever the verb.
NOUN_FAMILIES: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "research analysis study audit interviews interview tests test survey review "
            "assessment investigation discovery benchmark"
        ),
        "learn",
    ),
    **dict.fromkeys(
        _words(
            "workshop workshops webinar webinars meeting meetings conference conferences "
            "hackathon board boards training trainings offsite summit meetup event events"
        ),
        "event",
    ),
    **dict.fromkeys(
        _words("post posts blog article articles case newsletter newsletters video videos podcast"),
        "publish",
    ),
    **dict.fromkeys(
        _words("documentation docs handbook policy spec specification guide playbook runbook"),
        "document",
    ),
    **dict.fromkeys(_words("migration move upgrade"), "change"),
}

#: Deliverables counted by a key result that counts outputs ("8 blog posts").
COUNTED_OUTPUTS = _words(
    "posts articles studies webinars workshops features releases videos newsletters "
    "templates meetings interviews pages campaigns reports dashboards trainings hackathons "
    "conferences events emails"
)

#: Words that, without a "from X to Y" or a threshold, say a thing is done.
DONE_WORDS = _words("done live approved certified complete")

#: Milestones: can be obtained, not achieved to a degree (compared without hyphens).
MILESTONE_NOUNS = _words(
    "certification certificate accreditation approval signoff golive launch release "
    "migration audit compliance rollout mvp"
)

#: Deliverable nouns: a solution when they follow "with"; stripped to find the subject.
ARTIFACT_NOUNS = _words(
    "feature features chatbot bot tool tooling program programme campaign redesign "
    "integration integrations plugin widget tour tours wizard template templates "
    "automation model algorithm ai ml llm app editor page portal dashboard engine "
    "pipeline system service version checklist notification notifications emails "
    "newsletter codebase cluster warehouse mvp development"
)

#: Words that say nothing specific about whose experience or what would change.
GENERIC_WORDS = _words(
    "experience ux user users customer customers client clients performance quality "
    "efficiency effectiveness productivity process processes operation operations "
    "operational thing things stuff everything everyone growth engagement result results "
    "outcome outcomes value success satisfaction excellence innovation business company "
    "organisation organization product products service services platform team teams work "
    "position market impact collaboration communication alignment revenue sales profit "
    "profitability kpis metrics number numbers capability capabilities offering solution "
    "solutions system systems way ways execution focus people employee employees staff "
    "happiness customer-centric data-driven agility standard standards speed synergy "
    "synergies workflow workflows practice practices procedure procedures activity "
    "activities initiative initiatives approach approaches tooling infrastructure"
)
FLUFF_WORDS = _words(
    "better best greater great good higher high overall general next level levels new whole "
    "entire world-class best-in-class excellent happier happy stronger strong more most "
    "really truly much very"
)
STOP_WORDS = _words(
    "the a an our your their its my we us they them of for to in on at across between among "
    "with without and or but from by into onto as than that which who this these those all "
    "every each it is are be been being do does"
)

#: Filler before the leading verb; the intent words only when "to" follows.
LEAD_WORDS = _words(
    "we i our team the will shall must should to let's lets let us also then first are"
)
INTENT_WORDS = _words("aim plan want need going")
NOT_ADVERBS = _words(
    "only early daily weekly monthly quarterly yearly family reply apply supply rely fly "
    "italy july ally"
)

#: Nouns for people: "for <people>" names the audience, "<people> using X" is no means.
PEOPLE_NOUNS = _words(
    "users customers teams merchants sellers buyers people clinicians patients developers "
    "engineers companies accounts shoppers riders drivers hosts members admins analysts "
    "agents students partners clients investors freelancers readers listeners squads"
)

#: After "through", these name a period or a path, not a means.
THROUGH_NOT_MEANS = _words(
    "season seasons year quarter month week weekend holiday holidays peak summer winter "
    "spring autumn fall night checkout onboarding funnel journey flow migration transition "
    "launch crisis downturn cycle end"
)
NOT_GERUNDS = _words(
    "during morning evening spring string thing things nothing something everything "
    "anything ceiling"
)

THRESHOLD_WORDS = _words("above below under over least most within flat steady")
HOLD_LINE_WORDS = _words("above below under over at steady flat stable")
MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
DATE_PREPOSITIONS = _words("by in until before after of from through end")
MULTIPLIERS = _words("double triple quadruple halve twice tenfold twofold threefold")
FRACTIONS = _words("half third thirds quarter quarters fifth fifths tenth tenths")
RANKING = re.compile(r"^(?:top|no|number)-?\d+$")
SPELLED_NUMBERS = _words(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million millions billion billions "
    "dozen dozens"
)
METRIC_ACRONYMS = _words("nps arr mrr csat dau mau wau gmv aov cac ltv sla slo ces roi")
IRREGULAR_FORMS: dict[str, str] = {
    "built": "build",
    "written": "write",
    "wrote": "write",
    "held": "hold",
    "ran": "run",
    "made": "make",
    "grew": "grow",
    "grown": "grow",
    "kept": "keep",
    "won": "win",
    "got": "get",
    "gotten": "get",
    "set": "set",
    "sent": "send",
}

KNOWN_VERBS = frozenset(
    OUTPUT_VERBS.keys()
    | OUTCOME_VERBS
    | MEANS_VERBS
    | ACQUIRE_VERBS
    | DESTINATION_VERBS
    | {w for w, _ in PHRASAL_OUTPUTS}
)
SUBJECT_NOISE = ARTIFACT_NOUNS | frozenset(NOUN_FAMILIES)

PURPOSE_PHRASES = (("in", "order", "to"), ("so", "that"))
MEANS_MARKERS = (("by", "means", "of"), ("thanks", "to"), ("with", "the", "help", "of"))
SOLE_MEANS_MARKERS = _words("via using leveraging utilising utilizing")
CLAUSE_STOPS = _words(
    "to for in into by across with within on at from so before after without through via "
    "using of and , ( ; :"
)
OBJECT_FILLER = _words(
    "the a an our your their its all every each new redesigned innovative flagship public "
    "full entire whole legacy latest existing next improved better company-wide annual "
    "quarterly monthly weekly senior first"
)

TOKEN = re.compile(
    r"[#$€£]?\d[\d,.:/]*(?:%|\+|[A-Za-z]+)?(?:-[A-Za-z]+)*"  # figures: 1,200 $1M 2x 1-day
    r"|[^\W\d_][\w'’/\-]*"  # words: sign-ups, A/B, B2B
    r"|[^\sA-Za-z0-9]"  # punctuation
)
QUARTER = re.compile(r"^(?:q[1-4]|h[12]|fy\d{2,4})$")
YEAR = re.compile(r"^(?:19|20)\d\d$")


# --- results ----------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """An output or a task found in a sentence.

    `marker` is the word that gives it away as written ("Launch", "shipped"),
    `family` the kind of work (build, change, learn, event, publish, document, hire,
    milestone), `subject` what it is about ("profile" in "the new profile editor",
    empty when nothing specific remains) and `audience` who it is for ("users" unless
    the sentence names people after "for").
    """

    marker: str
    family: str
    subject: str
    audience: str


@dataclass(frozen=True)
class Solution:
    """An objective split into its outcome and the means it prescribes."""

    outcome: str
    means: str


@dataclass(frozen=True)
class Token:
    """A word, figure or punctuation mark: as written, lower-cased, and where it starts."""

    text: str
    low: str
    start: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_figure(self) -> bool:
        return self.text[:2].lstrip("#$€£")[:1].isdigit()


# --- public -----------------------------------------------------------------------


def output_of(text: str) -> Output | None:
    """The output or task a sentence names, or None when it names a change.

    Four signs, any of which suffices: an output verb leads the sentence ("Launch …",
    "Successfully rolled out …"); a done-word without any measurement ("User research
    completed", "New flow live in production"); a count of deliverables ("number of
    blog posts"); a milestone obtained without a quantity ("Achieve SOC 2
    certification").
    """
    tokens = tokenize(text)
    head = leading_verb(tokens)
    for finder in (_led_by_output_verb, _done_without_measure, _counted_outputs, _milestone):
        found = finder(tokens, head)
        if found is not None:
            return found
    return None


def solution_of(text: str) -> Solution | None:
    """The outcome and the means of an objective that prescribes a solution, or None.

    "Increase engagement by optimizing onboarding" → ("Increase engagement",
    "optimizing onboarding"); "Launch referrals to grow sign-ups" → ("Grow sign-ups",
    "Launch referrals").
    """
    tokens = tokenize(text)
    return _means_marker(text, tokens) or _means_with_purpose(text, tokens)


def vague_terms(text: str) -> tuple[str, ...]:
    """The generic words of a sentence that says nothing specific, else empty.

    A sentence is vague when, past its leading verb and small words, every word is
    generic ("user experience", "performance", "processes") or fluff ("better",
    "next level"): it names no people, place or behaviour that could change.
    """
    tokens = tokenize(text)
    head = leading_verb(tokens)
    if head is not None and _output_family(tokens, head) is not None:
        return ()
    skip = set(range(head.index, head.end)) if head else set()
    words = [t for i, t in enumerate(tokens) if t.is_word and i not in skip]
    content = [t for t in words if t.low not in STOP_WORDS]
    if not content and head is None:
        return ()
    if not all(_in(t.low, GENERIC_WORDS | FLUFF_WORDS) for t in content):
        return ()
    generic = tuple(t.text for t in content if _in(t.low, GENERIC_WORDS))
    return generic or tuple(t.text for t in content) or (text.strip(),)


def figures_in(text: str) -> tuple[str, ...]:
    """Numbers, percentages, money, multipliers, rankings and dates in a sentence.

    Digits that are part of a name or a version ("B2B", "v2", "PostgreSQL 16",
    "SOC 2") do not count.
    """
    return tuple(t.text for t, _ in _figures(tokenize(text)))


# --- tokens and the leading verb ----------------------------------------------------


@dataclass(frozen=True)
class Head:
    """The leading verb: its lemma, the word as written, its token span."""

    lemma: str
    text: str
    index: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Words, figures and punctuation of a sentence, with positions in it."""
    tokens = []
    for match in TOKEN.finditer(text):
        word = match.group().rstrip(".,:/'’") or match.group()
        tokens.append(Token(word, word.lower().replace("’", "'"), match.start()))
    return tokens


def lemmas(word: str) -> set[str]:
    """Candidate base forms of a word: launches/launched/launching → launch, re-build → build."""
    word = word.lower()
    found = {word, IRREGULAR_FORMS.get(word, word)}
    if word.startswith("re-") and len(word) > 5:
        found |= lemmas(word[3:])
    for suffix, replacement in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)] + replacement
            found.add(stem)
            if not replacement and len(stem) > 2 and stem[-1] == stem[-2]:
                found.add(stem[:-1])  # shipped → ship, running → run
    return found


def lemma_in(word: str, lexicon: frozenset[str] | dict[str, str]) -> str | None:
    """The base form of `word` that the lexicon knows, if any."""
    return next((lemma for lemma in sorted(lemmas(word)) if lemma in lexicon), None)


def leading_verb(tokens: list[Token]) -> Head | None:
    """The verb that leads a sentence, past filler ("We will", "Successfully")."""
    index = _skip_lead(tokens)
    if index >= len(tokens) or not tokens[index].is_word:
        return None
    token = tokens[index]
    lemma = lemma_in(token.low, KNOWN_VERBS)
    if lemma is None or _is_plural_noun(token.low, lemma):
        return None
    nxt = tokens[index + 1].low if index + 1 < len(tokens) else ""
    end = index + 2 if (lemma, nxt) in PHRASAL_OUTPUTS else index + 1
    return Head(lemma, token.text, index, end)


def _is_plural_noun(word: str, lemma: str) -> bool:
    """A leading "Releases" or "Deploys" is a noun: imperatives use the base form."""
    return word != lemma and word in (lemma + "s", lemma + "es", lemma[:-1] + "ies")


def _skip_lead(tokens: list[Token]) -> int:
    index = 0
    while index < len(tokens) and tokens[index].is_word and _is_lead(tokens, index):
        index += 1
    return index


def _is_lead(tokens: list[Token], index: int) -> bool:
    word = tokens[index].low
    if word in LEAD_WORDS:
        return True
    if word in INTENT_WORDS:
        return index + 1 < len(tokens) and tokens[index + 1].low == "to"
    return word.endswith("ly") and len(word) > 4 and word not in NOT_ADVERBS


def _in(word: str, lexicon: frozenset[str]) -> bool:
    return lemma_in(word, lexicon) is not None


# --- outputs -------------------------------------------------------------------------


def _led_by_output_verb(tokens: list[Token], head: Head | None) -> Output | None:
    if head is None:
        return None
    family = _output_family(tokens, head)
    if family is None:
        return None
    return _output(tokens, head.text, family, tokens[head.end :])


def _output_family(tokens: list[Token], head: Head) -> str | None:
    """The family of an output verb leading the sentence, None for a change."""
    nxt = tokens[head.index + 1].low if head.index + 1 < len(tokens) else ""
    family = PHRASAL_OUTPUTS.get((head.lemma, nxt)) or OUTPUT_VERBS.get(head.lemma)
    rest = tokens[head.end :]
    if head.lemma in DESTINATION_VERBS and any(t.low in DESTINATIONS for t in _clause(rest, 1)):
        family = "change"
    if family is None:
        return None
    if head.lemma == "hold" and any(t.low in HOLD_LINE_WORDS for t in rest):
        return None  # "Hold churn below 2%" keeps a line
    if head.lemma in WEAK_OUTPUT_VERBS and _names_outcome(rest):
        return None
    return family


def _names_outcome(tokens: list[Token]) -> bool:
    """Whether the object of a weak verb is an outcome ("trust", "the smoothest …")."""
    words = [t.low for t in tokens if t.is_word]
    if any(_in(w, OUTCOME_NOUNS) for w in words):
        return True
    if any(_is_superlative(w) for w in words):
        return True
    if "as" in words:
        return True  # positioning: "Establish our brand as the reference"
    return "experience" in words and any(w in EVALUATIVE for w in words)


def _is_superlative(word: str) -> bool:
    if word in ("best", "most"):
        return True
    return len(word) > 5 and word.endswith("est") and word not in SUPERLATIVE_EXCEPTIONS


def _done_without_measure(tokens: list[Token], head: Head | None) -> Output | None:
    if head is not None and head.lemma not in ACQUIRE_VERBS:
        return None  # "Make profiles complete and trusted" is a change
    if _measures_change(tokens):
        return None
    for index, token in enumerate(tokens):
        if index == (head.index if head else -1) or not _is_done_word(tokens, index):
            continue
        if index > 0 and tokens[index - 1].low in ("who", "that", "which"):
            continue
        family = _noun_family(tokens) or OUTPUT_VERBS.get(_done_lemma(token.low), "milestone")
        return _output(tokens, token.text, family, tokens[:index])
    return None


def _is_done_word(tokens: list[Token], index: int) -> bool:
    word = tokens[index].low
    if word == "live":
        following = tokens[index + 1].low if index + 1 < len(tokens) else ""
        return following in ("", "in", "on", "for", "with", "across", "at", "by", "before", ",")
    if word in DONE_WORDS:
        return True
    is_participle = word.endswith("ed") or word in IRREGULAR_FORMS
    return is_participle and _done_lemma(word) in OUTPUT_VERBS


def _done_lemma(word: str) -> str:
    return lemma_in(word, OUTPUT_VERBS) or word


def _measures_change(tokens: list[Token]) -> bool:
    """A "from X to Y" or a threshold on a figure: the sentence measures something."""
    words = [t.low for t in tokens]
    if "from" in words and "to" in words[words.index("from") :]:
        return True
    has_figure = bool(_figures(tokens))
    return has_figure and any(w in THRESHOLD_WORDS for w in words)


def _counted_outputs(tokens: list[Token], head: Head | None) -> Output | None:
    for index, token in enumerate(tokens):
        if token.low not in COUNTED_OUTPUTS:
            continue
        before = [t.low for t in tokens[max(0, index - 3) : index]]
        counted = any(_is_count(t) for t in tokens[max(0, index - 3) : index])
        if counted or "number of" in " ".join(before):
            family = _noun_family(tokens) or "publish"
            return _output(tokens, token.text, family, tokens[index - 1 : index])
    return None


def _is_count(token: Token) -> bool:
    if token.is_figure:
        return "%" not in token.text
    return token.low in SPELLED_NUMBERS or token.low == "one"


def _milestone(tokens: list[Token], head: Head | None) -> Output | None:
    if head is not None and head.lemma not in ACQUIRE_VERBS:
        return None
    if any(kind != "date" for _, kind in _figures(tokens)):
        return None
    for index, token in enumerate(tokens):
        if token.low.replace("-", "") in MILESTONE_NOUNS:
            rest = tokens[head.end if head else 0 : index]
            return _output(tokens, token.text, "milestone", rest)
    return None


def _noun_family(tokens: list[Token]) -> str | None:
    return next((NOUN_FAMILIES[t.low] for t in tokens if t.low in NOUN_FAMILIES), None)


def _output(tokens: list[Token], marker: str, family: str, rest: list[Token]) -> Output:
    """An Output, its family refined by the nouns of its object."""
    obj = _clause(rest)
    family = _noun_family(obj) or family
    return Output(marker, family, _subject(tokens, obj), _audience(tokens))


def _clause(tokens: list[Token], extra: int = 0) -> list[Token]:
    """Tokens up to the first preposition or punctuation: the object of the verb.

    With `extra`, that many tokens more, to see the preposition that ends it.
    """
    end = 0
    while end < len(tokens) and not (tokens[end].low in CLAUSE_STOPS and end):
        end += 1
    return tokens[: end + extra]


def _subject(sentence: list[Token], obj: list[Token]) -> str:
    """What an output is about: its object without filler, figures and deliverable nouns."""
    shouting = all(t.text.isupper() for t in sentence if t.is_word and len(t.text) > 1)
    figures = {t for t, _ in _figures(sentence)}
    kept = [t for t in obj if t.is_word or (t.is_figure and t not in figures)]
    words = [
        t.low if shouting else t.text
        for t in kept
        if t.low not in OBJECT_FILLER and t.low not in SPELLED_NUMBERS | {"one"}
    ]
    specific = [w for w in words if w.lower() not in SUBJECT_NOISE]
    if all(_in(w.lower(), GENERIC_WORDS | FLUFF_WORDS) for w in specific):
        return ""
    return " ".join(specific)


def _audience(tokens: list[Token]) -> str:
    """The people after "for" ("for enterprise accounts"), else "users"."""
    words = [t.low for t in tokens]
    for index, word in enumerate(words):
        if word != "for":
            continue
        phrase = _clause(tokens[index + 1 :])
        if any(t.low in PEOPLE_NOUNS for t in phrase):
            return " ".join(t.text for t in phrase if t.low not in ("the", "our", "all"))
    return "users"


# --- solutions ------------------------------------------------------------------------


def _means_marker(text: str, tokens: list[Token]) -> Solution | None:
    """ "… by …ing", "… through X", "… via X", "… using X", "… with a new X"."""
    head = leading_verb(tokens)
    for index in range(1, len(tokens)):
        start = _means_start(tokens, index, head)
        if start is not None and start < len(tokens):
            outcome = text[: tokens[index].start].strip(" ,;:-")
            means = text[tokens[start].start :].strip(" .")
            if outcome:
                return Solution(_capitalised(outcome), means)
    return None


def _means_start(tokens: list[Token], index: int, head: Head | None) -> int | None:
    """Where the means begins when a means marker sits at `index`, else None."""
    words = [t.low for t in tokens]
    for phrase in MEANS_MARKERS:
        if tuple(words[index : index + len(phrase)]) == phrase:
            return index + len(phrase)
    word = words[index]
    nxt = words[index + 1] if index + 1 < len(words) else ""
    if word == "by" and nxt.endswith("ing") and len(nxt) > 4 and nxt not in NOT_GERUNDS:
        return index + 1
    if word in SOLE_MEANS_MARKERS and not (word == "using" and words[index - 1] in PEOPLE_NOUNS):
        return index + 1
    if word == "through" and _first_content(words[index + 1 :]) not in THROUGH_NOT_MEANS:
        return index + 1
    if word == "with" and _with_artifact(words, index, head):
        return index + 1
    return None


def _with_artifact(words: list[str], index: int, head: Head | None) -> bool:
    """ "with a new …" or "with an AI chatbot", but not "Integrate with …"."""
    if head is not None and index == head.end:
        return False  # the verb's own complement: "Integrate with", "Go live with"
    window = words[index + 1 : index + 5]
    return "new" in window or any(w in ARTIFACT_NOUNS - {"service", "system"} for w in window)


def _first_content(words: list[str]) -> str:
    return next((w for w in words if w not in STOP_WORDS), "")


def _means_with_purpose(text: str, tokens: list[Token]) -> Solution | None:
    """ "Launch X to grow Y", "Use ML so that …": an output or a means with a purpose."""
    head = leading_verb(tokens)
    if head is None:
        return None
    if head.lemma not in MEANS_VERBS and _output_family(tokens, head) is None:
        return None
    for index in range(head.end + 1, len(tokens)):
        after = _purpose_after(tokens, index)
        if after is not None and after < len(tokens):
            means = text[tokens[head.index].start : tokens[index].start].strip(" ,;:-")
            outcome = text[tokens[after].start :].strip(" .")
            return Solution(_capitalised(outcome), means)
    return None


def _purpose_after(tokens: list[Token], index: int) -> int | None:
    words = [t.low for t in tokens]
    for phrase in PURPOSE_PHRASES:
        if tuple(words[index : index + len(phrase)]) == phrase:
            return index + len(phrase)
    nxt = words[index + 1] if index + 1 < len(words) else ""
    if words[index] == "to" and lemma_in(nxt, OUTCOME_VERBS) and nxt != "be":
        return index + 1
    return None


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


# --- figures ---------------------------------------------------------------------------


def _figures(tokens: list[Token]) -> list[tuple[Token, str]]:
    """Each figure with its kind: number or date."""
    title_case = _is_title_case(tokens)
    found = []
    for index, token in enumerate(tokens):
        kind = _figure_kind(tokens, index, title_case)
        if kind is not None:
            found.append((token, kind))
    return found


def _figure_kind(tokens: list[Token], index: int, title_case: bool) -> str | None:
    token = tokens[index]
    previous = tokens[index - 1].low if index > 0 else ""
    following = tokens[index + 1].low if index + 1 < len(tokens) else ""
    if token.is_figure:
        if _is_name_number(tokens, index, title_case):
            return None
        return "date" if YEAR.match(token.text) else "number"
    if QUARTER.match(token.low) or (token.low in MONTHS and previous in DATE_PREPOSITIONS):
        return "date"
    if token.low in MULTIPLIERS or RANKING.match(token.low) or _is_fraction(tokens, index):
        return "number"
    if token.low in SPELLED_NUMBERS and "-" not in token.low:
        return "number"
    if (token.low, following) == ("number", "one") or (previous, token.low) == ("number", "one"):
        return "number"
    return None


def _is_fraction(tokens: list[Token], index: int) -> bool:
    """ "in half", "by a third", "two thirds"; "this quarter" is no fraction."""
    if tokens[index].low not in FRACTIONS or index == 0:
        return False
    previous = tokens[index - 1].low
    if tokens[index].low == "half":
        return previous in ("in", "by", "a")
    return previous in SPELLED_NUMBERS or (
        previous == "a" and index > 1 and tokens[index - 2].low == "by"
    )


def _is_name_number(tokens: list[Token], index: int, title_case: bool) -> bool:
    """A plain number right after a capitalised name is a version: "PostgreSQL 16"."""
    token = tokens[index]
    if not re.fullmatch(r"\d+(?:\.\d+)*", token.text) or index == 0 or title_case:
        return False
    previous = tokens[index - 1]
    if index - 1 == _skip_lead(tokens) or not previous.is_word:
        return False
    if previous.low in METRIC_ACRONYMS or previous.low in MONTHS:
        return False
    return previous.text[0].isupper() or any(c.isupper() for c in previous.text[1:])


def _is_title_case(tokens: list[Token]) -> bool:
    """Most words capitalised ("Win 50 New Customers In Q3"): capitals mark no names."""
    words = [t for t in tokens[1:] if t.is_word and len(t.text) > 3]
    capitalised = [t for t in words if t.text[0].isupper() and not t.text.isupper()]
    return len(words) >= 3 and len(capitalised) / len(words) >= 0.6
