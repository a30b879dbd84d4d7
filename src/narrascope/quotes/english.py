"""English reported speech that needs more than "X said that …": the dependency parse's
reports, and the long attributions of news copy after the report ("…, the ministry said").

Each function returns where a report lies and who made it, as a :data:`Report` (the speaker
candidate, the cue, and the report's start and end); :mod:`narrascope.quotes.indirect` makes
the quotes of them, as it does for every language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from narrascope.quotes.speakers import Candidate, Context, nearest, priority

__all__ = ["Report", "reported_clauses", "reverse_attribution", "study_finding",
           "subject_refined"]

#: A speaker candidate, the cue, and the report's start and end offsets.
Report = tuple[Candidate, str, int, int]


# -- the dependency parse ------------------------------------------------------------------


def reported_clauses(ctx: Context, start: int, end: int) -> list[Report]:
    """Every report the parse finds in the sentence ``start:end``, in order: "Lavrov said the
    weapons would change nothing." (a speech verb and its clausal complement); "Peskov
    called it a provocation and said …" / "…, saying …" (the speech verb has the subject of
    the verb it is joined to); "advised travellers to avoid the area" (advice, with whom it
    addresses)."""
    sentence = ctx.speech_parse(start, end)
    if sentence is None:
        return []
    found: list[Report] = []
    verbs = 0
    for token in sentence:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        verbs += 1
        if verbs > _MOST_VERBS:
            break  # a run-on sentence of hundreds of verbs: the first reports are enough
        report = _reported_span(ctx, token)
        subject = _subject_of(token) if report is not None else None
        if report is None or subject is None:
            continue
        candidate = _subject_candidate(ctx, subject)
        if candidate is not None:
            found.append((candidate, token.text, report[0], min(end, report[1])))
    return found


#: The verbs of one sentence examined, and the longest object (in tokens) read as a clause.
_MOST_VERBS = 60
_LONGEST_OBJECT = 80
#: Advice, whose object is told what to do ("advised travellers to avoid the area"). Other
#: appeals ("urged …", "called on … to", "called for …") are not reported speech by the
#: annotation guidelines, and the corpus leaves most of them out.
_ADVICE = frozenset({"advised", "advises"})
#: A complement that asks rather than states: "asked whether …", "promised them whatever …".
_QUESTION_WORDS = frozenset({"whether", "if", "whatever", "what", "how", "why", "who", "when"})


def _reported_span(ctx: Context, verb: Any) -> tuple[int, int] | None:
    """Where the report of the speech verb ``verb`` (a parsed token) lies: its clausal
    complement, or the advice it gives ("travellers to avoid the area")."""
    if ctx.cues.fullmatch(verb.text):
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
        # not "which they said would penalise …": the clause must follow the verb
        if clauses and _states(clauses[0]) and clauses[0].left_edge.i > verb.i:
            # the clause's edges, not its list of tokens: a sentence of clauses nested a
            # thousand deep would cost the square of its length
            left, right = clauses[0].left_edge, clauses[0].right_edge
            first = left.doc[left.i + 1] if left.dep_ == "mark" and left.i < right.i else left
            return _after_when(clauses[0], first).idx, _end_of(right)
        misread = _clause_read_as_object(verb)
        if misread is not None:
            return misread
    if verb.text.lower() not in _ADVICE:
        return None
    later = [c for c in verb.children if c.i > verb.i]
    advised = next((c for c in later if c.dep_ == "dobj"), None)
    asked = next((c for c in later if c.dep_ == "xcomp" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    if advised is None or asked is None or asked.i < advised.i:
        return None
    return min(t.idx for t in advised.subtree), _end_of(list(asked.subtree)[-1])


def _clause_read_as_object(verb: Any) -> tuple[int, int] | None:
    """"Khusnullin said a general plan for the city had been adopted": the parse may take the
    subject of the reported clause for the object of "said"; a finite verb inside that object
    shows it is a clause. Only "say" has no object of its own to speak of."""
    if verb.lower_ not in ("said", "says", "say"):
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects or objects[0].right_edge.i - objects[0].left_edge.i > _LONGEST_OBJECT:
        return None
    words = list(objects[0].subtree)
    finite = [t if t.dep_ not in ("aux", "auxpass") else t.head for t in words
              if t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.i > objects[0].i]
    # not "said the plan that the cabinet adopted …": a relative clause
    if not finite or finite[0].dep_ not in ("advcl", "acl", "ccomp"):
        return None
    return words[0].idx, _end_of(words[-1])


def _after_when(clause: Any, first: Any) -> Any:
    """Where the report starts: after the time the parse hangs on the clause but that belongs
    to the speech verb ("said on Tuesday it had destroyed …")."""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subjects or subjects[0].left_edge.i <= first.i:
        return first
    lead = [c for c in clause.children if c.i < subjects[0].left_edge.i]
    if lead and lead[0].left_edge.i == first.i and all(
            c.dep_ in ("prep", "npadvmod") for c in lead):
        return subjects[0].left_edge
    return first


def _states(clause: Any) -> bool:
    """Whether the clausal complement ``clause`` states something: a clause with a verb, not
    a question ("asked whether …", "promised Ukraine whatever it needed") nor a small clause
    ("declared the agreements dead")."""
    if next(iter(clause.subtree)).lower_ in _QUESTION_WORDS:
        return False
    return bool(clause.pos_ in ("VERB", "AUX"))


def _end_of(token: Any) -> int:
    return int(token.idx + len(token))


def _subject_of(verb: Any) -> Any:
    """The subject of the speech verb ``verb``: its own, or, for a verb joined to an earlier
    one ("… called it a provocation and said …", "…, saying …"), that verb's."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for _ in range(3):
        if subjects:
            # the nearest: "KYIV, Dec 26 (ANA) — Ukraine's air force said" parses the
            # dateline as a subject too
            return max(subjects, key=lambda c: c.i if c.i < verb.i else -c.i)
        # "to say" in "… corrected the figure to say …" is a purpose, not a second report
        joined = verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
        if not joined or verb.head.i >= verb.i or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        verb = verb.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return None


def _subject_candidate(ctx: Context, subject: Any) -> Candidate | None:
    words = list(subject.subtree)
    s_start, s_end = words[0].idx, _end_of(words[-1])
    candidates = ctx.candidates(s_start, s_end)
    if candidates:
        chosen = min(candidates, key=priority)
        return subject_refined(ctx, subject.sent.start_char, candidates, chosen)
    return _named_elsewhere(ctx, s_start, s_end)


def _named_elsewhere(ctx: Context, start: int, end: int) -> Candidate | None:
    """"Orsted said …", where the recogniser linked "Orsted" elsewhere in the article but not
    here: the one person or body whose mention these words repeat."""
    words = re.sub(r"^[Tt]he\s+", "", ctx.text[start:end])
    if not words[:1].isupper():
        return None
    named = {entity.id: entity for _s, _e, mention, entity in ctx.mentions
             if mention.text == words and entity.type in ("PERSON", "ORG")}
    if len(named) != 1:
        return None
    return Candidate(start, end, ctx.text[start:end], "entity", next(iter(named.values())))


# -- "…, the ministry said." ---------------------------------------------------------------


def reverse_attribution(ctx: Context, start: int, end: int) -> Report | None:
    """"…, the ministry said." with the longer attributions of news copy: a long name ("…,
    the U.S. National Snow and Ice Data Center said."), circumstance after the verb ("…, Putin
    said at a meeting on Monday, warning that …"), the verb first ("…, said Andrei
    Bystritsky, chairman of …", "…, declared on Thursday the prime minister …"), and a name
    in apposition before a bare verb ("…, the head of the republic, Denis Pushilin, said.").
    The attribution is one comma-separated part of the sentence that holds little besides
    the speaker and the verb, so that a clause with a speech verb inside ("…, which the
    ministry said was safe") is not taken for one."""
    window = ctx.text[start:end]
    commas = [i for i, ch in enumerate(window) if ch == ","][-6:]
    for index in range(len(commas) - 1, -1, -1):
        comma = commas[index]
        if comma < 15:
            return None
        stop = commas[index + 1] if index + 1 < len(commas) else len(window)
        if stop < len(window) and _REPORT_RESUMES.match(window, stop + 1):
            continue  # "The biggest problem, Melnyk said, is …": the report runs on after it
        if stop < len(window) and (_OPEN_END.search(window, 0, comma) or (
                len(window[:comma].split()) < 5 and not _ADJUNCT.match(window, stop + 1))):
            # "documents which, it said, showed …", "Sooner or later, they argue, …"; but
            # "All were intercepted, the spokesman said, praising …"
            continue
        found = _attribution(ctx, start + comma + 1, start + stop)
        if found is None:
            continue
        candidate, cue = found
        if candidate is None:  # "…, the head of the republic, Denis Pushilin, said."
            candidate, comma = _apposed_speaker(ctx, start, commas[:index], comma)
            if candidate is None:
                return None
        dateline = _DATELINE.match(ctx.text, start, start + comma)
        return candidate, cue, dateline.end() if dateline else start, start + comma
    return None


def _attribution(ctx: Context, start: int, end: int) -> tuple[Candidate | None, str] | None:
    """The speaker and cue of the attribution ``ctx.text[start:end]`` ("the ministry said on
    Monday", "said Peskov"), with None for the speaker of a bare "said"; None when it is
    not one."""
    for cue in ctx.cues.finditer(ctx.text, start, end):
        if cue.group()[0].isupper() or cue.group().lower() in _NAMING:
            continue  # "the United States": a name, not "states"; "…, called eRecovery, …"
        before = ctx.text[start : cue.start()]
        if not before.strip():
            return _speaker_after(ctx, cue, end)
        candidates = [c for c in ctx.candidates(start, cue.start()) if c.end <= cue.start()]
        chosen = nearest(candidates, cue.start(), cue.end(), prefer_before=True,
                         cue=cue.group(), text=ctx.text)
        if chosen is None:
            return None
        extra = len(before.split()) - len(chosen.text.split())
        if (extra > 4 or _NOT_A_SUBJECT.search(before)
                or not _SUBJECT_TO_VERB.fullmatch(ctx.text, chosen.end, cue.start())
                or not _circumstance(ctx, cue, end)):
            return None
        return chosen, cue.group()
    return None


def _speaker_after(ctx: Context, cue: re.Match[str], end: int
                   ) -> tuple[Candidate | None, str] | None:
    """"said Peskov", "declared on Thursday the prime minister Viktor Orban before …": the
    speaker a few words after the verb; a bare "said" (with only circumstance after it)
    leaves the speaker to the parts before."""
    candidates = [c for c in ctx.candidates(cue.end(), end) if c.kind != "pronoun"]
    first = [c for c in candidates if _WHEN.fullmatch(ctx.text, cue.end(), c.start)]
    if not first:
        return (None, cue.group()) if _circumstance(ctx, cue, end) else None
    chosen = first[0]
    # "the Hungarian Prime Minister Viktor Orban", "the company DTEK Kyiv Electric Networks":
    # the name after a title, not the title
    rest = _NAME_RUN.match(ctx.text, chosen.end, end)
    named = [c for c in candidates if c.kind == "entity" and priority(c) == 0
             and chosen.end <= c.start and c.end <= rest.end()]
    if chosen.kind == "description" and named:
        chosen = named[-1]
    chosen_end = max(chosen.end, rest.end())
    # "said the group had left" reports what the group did; "said Peskov" is all there is
    if not _only_circumstance(ctx, ctx.text[chosen_end:end]):
        return None
    return chosen, cue.group()


def _circumstance(ctx: Context, cue: re.Match[str], end: int) -> bool:
    """Whether only circumstance follows the speech verb up to ``end`` ("said on Monday",
    "told reporters after a meeting with oil companies"), not a report of its own."""
    after = ctx.text[cue.end() : end]
    if cue.group().lower() in ("told", "tells"):
        told = _TOLD_WHOM.match(after)
        after = after[told.end() :] if told else after
    return _only_circumstance(ctx, after)


def _only_circumstance(ctx: Context, text: str) -> bool:
    """Whether ``text`` is nothing, or circumstance: a short phrase led by a preposition or
    a time ("on Monday", "at a meeting of the ministry's board"), with no report in it."""
    words = text.split()
    return not words or (len(words) <= 14 and _CIRCUMSTANCE_LEAD.match(text) is not None
                         and not re.search(r"(?i)\bthat\b", text)
                         and not ctx.cues.search(text))


def _apposed_speaker(ctx: Context, start: int, commas: Sequence[int], comma: int
                     ) -> tuple[Candidate | None, int]:
    """The speaker named in the one or two parts before a bare "said" ("…, the head of the
    republic, Denis Pushilin, said."): parts that hold nothing but a name or a title. Returns
    it (a name before a title) and the comma the report ends at."""
    chosen: Candidate | None = None
    for index in range(len(commas) - 1, max(-1, len(commas) - 3), -1):
        a, b = start + commas[index] + 1, start + comma
        part = ctx.text[a:b]
        candidates = [c for c in ctx.candidates(a, b) if c.kind != "pronoun"]
        covered = sum(len(c.text.split()) for c in candidates)
        if (not candidates or len(part.split()) > 8 or len(part.split()) - covered > 2
                or ctx.cues.search(part)):
            break
        named = [c for c in candidates if c.kind == "entity"]
        if chosen is None or (chosen.kind != "entity" and named):
            chosen = named[-1] if named else candidates[-1]
        comma = commas[index]
        if comma < 15:
            return None, comma
    return chosen, comma


#: The rest of a name: capitalised words, "of" and "and" between them, an acronym in brackets.
_NAME_RUN = re.compile(r"(?:\s+(?:(?:of|and|for|the)\s+)*[A-Z][\w.&’'-]*)*(?:\s+\([A-Z][\w-]*\))?")
#: Cues that name or describe rather than attribute: "a programme launched in 2023, called
#: eRecovery, allows …".
_NAMING = frozenset({"called", "described", "branded", "dubbed"})
#: What may follow an attribution without carrying on the report before it: a participle
#: or a clause of circumstance ("…, the ministry said, adding …", "…, as rescuers …").
_ADJUNCT = re.compile(r"(?i)\s*(?:[a-z]+ing|as|while|with|without|but|and|after|before|"
                      r"because|amid|despite|though|although)\b")
#: The end of a part that cannot be a whole report: it goes on after the attribution.
_OPEN_END = re.compile(r"(?i)\b(?:which|that|who|whom|whose|and|but|or|because|as|if|when|"
                       r"while|the|a|an)\s*$")
#: Words before a speaker that make the part a clause of its own ("which the ministry said
#: was safe", "as the ministry said"), not an attribution.
_NOT_A_SUBJECT = re.compile(
    r"(?i)(?:^\s*(?:and|but|or)\b|\b(?:which|who|whom|whose|that|as|when|if|while|because|"
    r"although|though|since|after|before|where|what|than|until|unless)\b)")
#: Between the speaker and the verb: nothing, or two words at most ("NOAA's Coral Reef Watch
#: programme said", "the ministry has also said").
_SUBJECT_TO_VERB = re.compile(r"(?:[’']s)?(?:\s+[\w’'-]+){0,2}?\s*")
#: Between a speech verb and the speaker after it: nothing, or when ("declared on Thursday
#: the prime minister …", "assured this Monday the former minister …").
_WHEN = re.compile(
    r"(?i)(?:\s+(?:on|this|last|late|early|earlier|later|today|yesterday|again|also|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|night|week|"
    r"month|year|the|its|his|her|their))*\s*")
#: What the circumstance after a speech verb starts with: a preposition or a time, or the
#: speaker's acronym in brackets.
_CIRCUMSTANCE_LEAD = re.compile(
    r"(?i)\s*(?:(?:on|at|in|during|after|before|following|ahead|from|via|through|when|late|"
    r"early|earlier|later|today|tonight|yesterday|this|last|overnight|again|also|previously|"
    r"separately|alongside|with|without|citing|while|amid|by|to|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\b|\([A-Z][\w-]*\))")
#: Whom someone "told": "told reporters", "told a news conference", "told Reuters".
_TOLD_WHOM = re.compile(
    r"\s*(?:reporters|journalists|lawmakers|parliament|(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:conference|briefing|meeting|newspaper|broadcaster|agency|television|channel|radio|"
    r"session|forum|summit|rally|committee|audience)|[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})"
    r"(?![\w’'-])")
#: After a part that attributes, words that carry on the report before it: "The biggest
#: problem, Melnyk said, is electronic warfare."
_REPORT_RESUMES = re.compile(
    r"(?i)\s*(?:(?:also|still|now|already|only|not)\s+)?(?:is|are|was|were|will|would|has|"
    r"have|had|can|could|should|must|may|might|did|does|do|remains?|remained)\b")
#: "MOSCOW, August 13 (NI) — ", "HELSINKI — ": the place and date an agency story opens
#: with, not what was said.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’/ -]{2,40}(?:,\s+(?:[A-Z][\w.]*\s+)?\d{1,2}(?:\s+[A-Z][\w.]*)?)?"
    r"(?:\s+\(\w[\w-]*\))?\s+[—–-]\s+")


# -- "A poll by X showed that …" -----------------------------------------------------------


def study_finding(ctx: Context, start: int, end: int) -> Report | None:
    """"A poll by the Kyiv International Institute of Sociology in December showed that …",
    "Surveys by the GLOBSEC think tank show that …": what a study finds is reported by whoever
    made it, named after "by", "from" or "of" at the head of the sentence."""
    study = _STUDY.match(ctx.text, start, end)
    if study is None:
        return None
    finding = _FINDING.search(ctx.text, study.end(), min(end, study.end() + 120))
    if finding is None or ctx.cues.search(ctx.text, study.end(), finding.start()):
        return None
    # the authors right after "by", not what was studied ("surveys of refugees in the EU")
    candidates = [c for c in _source_candidates(ctx, study.end(), finding.start())
                  if _AUTHOR_LEAD.fullmatch(ctx.text, study.end(), c.start) and (
                      c.kind == "description"
                      or (c.entity is not None and c.entity.type in ("ORG", "PERSON")))]
    if not candidates:
        return None
    return min(candidates, key=priority), finding.group("verb"), finding.end(), end


def _source_candidates(ctx: Context, start: int, end: int) -> list[Candidate]:
    """The candidates of ``start:end``, with the bodies named after a preposition that
    :meth:`Context.candidates` leaves out (there they are where a person works; here they
    are the authors)."""
    found = ctx.candidates(start, end)
    taken = [(c.start, c.end) for c in found]
    for m_start, m_end, mention, entity in ctx.mentions:
        if start <= m_start and m_end <= end and entity.type in ("ORG", "PERSON") and not any(
                s < m_end and m_start < e for s, e in taken):
            found.append(Candidate(m_start, m_end, mention.text, "entity", entity))
    return sorted(found, key=lambda c: c.start)


#: The head of a sentence that cites a study: "A poll by", "Surveys by", "A later analysis
#: by", "Data from".
_STUDY = re.compile(
    r"(?i)\s*(?:(?:a|an|the|one|new|recent|latest|later|preliminary|annual)\s+){0,3}"
    r"(?:(?:opinion\s+)?polls?|surveys?|stud(?:y|ies)|research|data|analys[ie]s|"
    r"assessments?)\s+(?:(?:published|released|conducted|carried\s+out)\s+(?:[\w-]+\s+){0,3}?)?"
    r"(?:by|from|of|for)\s+")
#: Between "by" and the authors: an article and a word or two ("the state-run VTsIOM"), or
#: the researchers of a body ("researchers at the AGH University").
_AUTHOR_LEAD = re.compile(r"(?i)(?:(?:researchers|scientists|experts)\s+(?:at|from|of)\s+)?"
                          r"(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){0,2}?")
#: What a study does with its finding: "showed that", "found that", "suggests that".
_FINDING = re.compile(
    r"(?i)\b(?P<verb>show|shows|showed|found|finds|suggest|suggests|suggested|indicate|"
    r"indicates|indicated|concluded|revealed|reveals|estimated|estimates)\s+that\s+")


# -- whose the speech verb is ---------------------------------------------------------------


def subject_refined(ctx: Context, start: int, candidates: Sequence[Candidate],
                    chosen: Candidate | None) -> Candidate | None:
    """The subject ``chosen`` for a speech verb of the sentence at ``start``, set right for
    English: not a name in the dateline ("KYIV, Dec 26 (ANA) — Ukraine's air force said"),
    and a person rather than the body named after them ("Analyst Dmitry Trenin of the Higher
    School of Economics said", "Murat Yeşil, a researcher at Bilgi University, said")."""
    if chosen is None:
        return None
    dateline = _DATELINE.match(ctx.text, start)
    if dateline is not None and chosen.start < dateline.end():
        later = [c for c in candidates if c.start >= dateline.end()]
        return min(later, key=lambda c: (priority(c), c.start)) if later else None
    body = chosen.kind == "description" or (chosen.entity is not None
                                            and chosen.entity.type in ("ORG", "PLACE"))
    if not body or not _OF_BODY.search(ctx.text, max(start, chosen.start - 60), chosen.start):
        return chosen
    people = [c for c in candidates if c.entity is not None and c.entity.type == "PERSON"
              and c.end <= chosen.start and chosen.start - c.end <= 90
              and _PERSON_TO_BODY.fullmatch(ctx.text, c.end, chosen.start)]
    return people[-1] if people else chosen


#: A preposition that makes a body the one a person works for: "of the", "from", "at".
_OF_BODY = re.compile(r"\b(?:of|from|at|with)\s+(?:the\s+)?(?:[\w’'-]+[’']s\s+)?"
                      r"(?:[A-Z][\w’'-]*\s+){0,3}$")
#: From a person's name to the body named after them: "of the", "from", ", a researcher at",
#: ", an economist at Istanbul's".
_PERSON_TO_BODY = re.compile(
    r"(?:\s*,\s*(?:a|an|the)?\s*(?:[\w’'-]+\s+){0,5}?)?\s*(?:of|from|at|with)\s+"
    r"(?:the\s+)?(?:[\w’'-]+[’']s\s+)?(?:[A-Z][\w’'-]*\s+){0,3}")
