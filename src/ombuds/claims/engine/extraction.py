"""The extraction pass: sentences, numbers, rules, breakdowns, periods, causes and places."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from . import learned_weights
from .context import claim_cause, claim_period, claim_place, within
from .continuations import (
    APPOSITE_SHARE_RE,
    BASE_GAP_RE,
    named_list_item,
    running_total,
    same_as_before,
    share_like,
)
from .draft import Draft, Orphan, State
from .english import ENGLISH
from .filters import PHONE_RE, rejection
from .label_rows import label_rows
from .language import Markers
from .layout import scope_periods
from .learned import Document, revise
from .lexicon import new_document
from .measure import PEOPLE_MEASURES, fits, normalised_measure
from .model import Claim
from .numbers import NO_FIGURE, Mention, find_mentions
from .parts import (
    CONTINUE_RE,
    GROUP_BEFORE_RE,
    as_part,
    parent_candidate,
    restated,
    restated_base,
)
from .periods import PRESENT_RE, Period, date_atoms, find_periods, resolve_anaphor
from .rules import Reading, read_number, sentence_measures
from .sentences import Sentence, sentences
from .structure import decide_breakdowns
from .subjects import apposition_subject, own_noun, topic_subject
from .table_claims import with_table_figures
from .tables import TableFigure, table_figures
from .vocabulary import CAUSES, OUTCOMES_OF, PARTS_OF, PEOPLE_SUBJECTS, STATUS_GROUPS, SUBJECTS

CONSEQUENCE_RE = re.compile(
    r"[\"“]?(?:As\s+a\s+(?:result|consequence)|Consequently|In\s+the\s+result)\b", re.IGNORECASE
)
# between a group's share and the counts behind it: "7 percent of the total casualties with"
SHARE_DETAIL_RE = re.compile(
    r"[^.;:()\d]{0,80}?\b(?:with|including|incl\.|comprising|or)\s+"
    r"(?:(?:some|about|nearly|almost|over|more\s+than|at\s+least)\s+)?"
    r"|[^.;:()\d]{0,80}?\b(?:with|including)\s+[^.;:()]{0,40}?\band\s+",
    re.IGNORECASE,
)
PAREN_SHARE_RE = re.compile(r"^\s*\(\s*[\d.,]+\s*(?:%|per\s*cent|percent)\s*\)", re.IGNORECASE)
AND_SHARE_RE = re.compile(
    rf"(?:{NO_FIGURE}|\b(?:over|under|above|below)\s+\d{{1,3}}\b){{0,120}}?"
    r"(?:,\s*|\s)(?:and|while|whereas)\s+(?:[\w-]+\s+){0,6}?",
    re.IGNORECASE,
)  # a year or an age may stand between: "from 87% in 2017 and around 80% in recent years"
# a list item up to its figure: "- ", "• 2020–2021 – ", "3) In Fuzuli: "
LIST_ITEM_RE = re.compile(
    r"\s*(?:[-–•*▪]|\d{1,2}[.)])?\s*"
    r"(?:(?:\d{4}(?:\s*[–—-]\s*\d{2,4})?|[^\W\d_][\w '’/-]{0,40}?)\s*[:–—-]\s*)?"
)
TOTAL_ROW_RE = re.compile(r"[\s\-–•*]*(?:in\s+)?(?:total|overall|all)\s*:?\s*", re.IGNORECASE)
OF_THE_AFTER_RE = re.compile(
    r"\s*(?:per\s*cent|percent|%)?\s*of\s+(?:the|all|these|those)\s+(?:\w+\s+)?(?:casualties|victims|deaths"
    r"|killed|injured|dead)\b",
    re.IGNORECASE,
)
ARTICLE_RE = re.compile(r"\s*(?:the|of|among|those)\b", re.IGNORECASE)
COMPARED_RE = re.compile(
    r"\b(?:up|down|an?\s+(?:increase|decrease|rise|drop|fall)|compared)\s+(?:from|with|to|on)"
    r"(?:\s+(?:only|just|some|about|around|nearly|almost))?\s*$",
    re.IGNORECASE,
)


# the languages whose markers the decision layers know (language.py)
LANGUAGES: dict[str, Markers] = {"en": ENGLISH}


def extract(
    text: str,
    *,
    published: dt.date | None = None,
    language: str = "en",
    learned: bool | None = None,
) -> list[Claim]:
    """Claims stated in `text`, in document order, with ids 1..n.

    Deterministic and pure: the same text and date give the same claims. Every claim's
    `quote` equals `text[span[0]:span[1]]` and contains the number as written. `published`
    resolves relative periods ("until now", "last year"); without it they stay open.
    `language` names the markers of `LANGUAGES` to read by. `learned` applies the learned layer
    (`learned.py`) over the rules; None follows `learned_weights.ENABLED`. Never raises on any
    string.
    """
    if not text:
        return []
    read = read_document(text, published=published, language=language)
    if read is None:
        return []
    drafts, reading, tabled = read
    if learned if learned is not None else learned_weights.ENABLED:
        drafts = revise(reading, drafts, learned_weights.WEIGHTS)
    if tabled:
        drafts = with_table_figures(text, drafts, tabled)
    return _finish(text, drafts, published)


def read_document(
    text: str, *, published: dt.date | None = None, language: str = "en"
) -> tuple[list[Draft], Document, list[TableFigure]] | None:
    """What the rules make of a text before the learned layer and the tables: the sentence
    claims with their breakdowns, what the layer needs to read every number again, and the
    table figures. None when the text has no number."""
    words = LANGUAGES[language]
    if not text:
        return None
    new_document()  # what the lexicons remember is of this call only
    mentions = find_mentions(text)
    if not mentions:
        return None
    blocked = [(m.start(), m.end()) for m in PHONE_RE.finditer(text)]
    drafts: list[Draft] = []
    tabled, table_rows = table_figures(text, mentions, published)
    if table_rows:
        # the rows of a table are read by their labels, not as sentences
        mentions = [m for m in mentions if not _inside(table_rows, m.start)]
    listed, _ = label_rows(text, mentions, published, words)
    if listed:
        # so are lines of "label – number" under a heading
        rows = sorted({f.row for f in listed})
        mentions = [m for m in mentions if not _inside(rows, m.start)]
        tabled = sorted([*tabled, *listed], key=lambda f: f.mention.start)
    all_sentences = sentences(text)
    by_sentence: dict[int, list[Mention]] = {}
    starts = [s.start for s in all_sentences]
    index = 0
    for mention in mentions:
        while index + 1 < len(starts) and starts[index + 1] <= mention.start:
            index += 1
        if all_sentences and all_sentences[index].start <= mention.start < all_sentences[index].end:
            by_sentence.setdefault(index, []).append(mention)
    carried: Period | None = None
    last_stated: Period | None = None  # the last period with both ends the document stated
    scopes = scope_periods(text, all_sentences, published, words)
    state = State(drafts, words=words)
    reading = Document(text, all_sentences, [], published, words)
    paragraph = -1
    for i, sent in enumerate(all_sentences):
        if sent.paragraph != paragraph:
            state.heading = None
            state.previous_paragraph_total = state.last_total
            paragraph, state.last_total = sent.paragraph, None
            carried = scopes.get(paragraph)  # a title's, heading's or report's stated period
            state.previous_sentence = None
            state.cause, state.unread = None, []
        periods = find_periods(text, sent.start, sent.end, published)
        if carried is None and last_stated is not None:
            # "During this period, ANAMA cleared ..." after a paragraph about March: with no
            # period in force, an anaphor names the period the document stated last
            periods = [
                (resolve_anaphor(p, last_stated) or p) if p.anaphor is not None else p
                for p in periods
            ]
        sent_mentions = by_sentence.get(i, [])
        reading.carried[i] = carried
        if sent_mentions:
            atoms = date_atoms(text, sent.start, sent.end)
            lo = bisect.bisect_left(blocked, (sent.start, -1))
            hi = bisect.bisect_left(blocked, (sent.end, -1))
            local = sorted(atoms + blocked[lo:hi])
            _sentence_claims(text, sent, sent_mentions, local, periods, carried, state)
        stated = [
            r
            for p in periods
            if p.compared_at is None
            and not p.background
            and (r := resolve_anaphor(p, carried)) is not None
        ]
        if stated:
            carried = within(stated[-1], carried)  # "22 more than in 2023" leaves the year before
            if carried.first is not None and carried.last is not None:
                last_stated = carried
        state.unread.append(sent)  # its cause, if a later figure needs one (_paragraph_cause)
        state.previous_sentence = sent
        if text[sent.start : sent.end].rstrip().endswith(":"):
            state.heading = sent  # "Mine victims since 10 November 2020:" over a list
    drafts = decide_breakdowns(text, drafts, state.orphans, all_sentences, words)
    reading.mentions = [m for m in mentions if not _inside(blocked, m.start)]
    reading.orphans = state.orphans
    reading.rejected = state.rejected
    return drafts, reading, tabled


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(ranges, pos, key=lambda r: r[0]) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def _sentence_claims(
    text: str,
    sent: Sentence,
    mentions: list[Mention],
    blocked: list[tuple[int, int]],
    periods: list[Period],
    carried: Period | None,
    state: State,
) -> None:
    drafts = state.drafts
    totals = state.totals if state.totals is not None else []
    state.totals = totals
    span = (sent.start, sent.end)
    causes = CAUSES.find_all(text, sent.start, sent.end)
    before = state.previous_sentence
    if not causes and before is not None and CONSEQUENCE_RE.match(text, sent.start):
        # "... were subjected to shelling. As a result, 2 civilians were killed"
        causes = [(v, sent.start, e) for v, _, e in CAUSES.find_all(text, before.start, before.end)]
    heading = state.heading
    if not causes and heading is not None:
        # "Mine victims since 2020:\n- killed: 74": the rows' cause is in their heading
        causes = [
            (v, sent.start, e) for v, _, e in CAUSES.find_all(text, heading.start, heading.end)
        ]
    if not causes and (carried_cause := _paragraph_cause(text, state)) is not None:
        # "Mines hit 80 people in May. 23 of them died": the paragraph's cause carries forward
        causes = [(carried_cause, sent.start, sent.start)]
    hits = sentence_measures(text, sent.start, sent.end)
    total_here: Draft | None = None
    previous: Draft | None = None  # the claim just before, in this sentence
    dropped_phrase_end = sent.start  # where the words of the last number not understood end
    group_measure: str | None = None  # "Of the casualties, ...": the measure of the sentence
    state.pending_total = None
    restated_end = sent.start
    base_of: Draft | None = None  # the earlier claim this sentence's opening base restates
    bases: set[int] = set()  # numbers that are the base of a share before them
    for k, m in enumerate(mentions):
        if m.start in bases:
            continue  # "85% of Gaza's 2.3 million people": the 2.3 million is not a claim
        if why := rejection(text, m, sent.start, blocked):
            state.rejected[m.start] = why
            continue  # a date or an age between two figures does not break their link
        here: tuple[Period | None, list[Period]] = (carried, periods)  # the periods it may take
        reading = read_number(text, m, span, hits)
        if (
            reading.subject is None
            and m.unit == "count"
            and (gapped := share_like(text, m, sent, drafts))
        ):
            # "... account for 7,725 of the victims and civilians for 4,796"
            reading.subject, reading.measure, reading.measure_rule = gapped
            reading.subject_rule, reading.implicit = "gapped", False
        elif (
            reading.subject is None
            and reading.measure in (None, "block")
            and m.unit == "count"
            and (listed := named_list_item(text, m, sent, hits, _last_top(drafts, sent)))
        ):
            # "Sagaing Region (265), Shan State (181) and Kachin State (107) were the most
            # affected", "Ouaddai received most of them (11,200), followed by Wadi Fira (5,020)"
            reading.measure, reading.subject = listed
            reading.measure_rule, reading.subject_rule = "named-list", "named-list"
        before_from = previous.phrase_end if previous else sent.start
        before_from = max(before_from, mentions[k - 1].end if k else sent.start)
        if previous is not None and previous.sentence != sent:
            before_from = max(before_from, restated_end)  # an earlier statement restated here
        if state.pending_total is not None:
            before_from = max(before_from, dropped_phrase_end)
        gap = text[before_from : m.lead]
        prev_lead = mentions[k - 1].lead if k else sent.start
        parent, how = parent_candidate(text, m, sent, gap, (previous, prev_lead), total_here, state)
        state.pending_total = None
        draft: Draft | None = None
        if parent is not None:
            part = as_part(
                text,
                m,
                sent,
                mentions,
                k,
                reading,
                (parent, previous),
                how,
                periods,
                causes,
            )
            if part is False:
                previous = None
                continue
            draft = part
        if draft is None:
            subject = reading.subject
            sibling_group = False
            earlier = state.last_total or state.previous_paragraph_total
            while earlier is not None and earlier.parent is not None:
                earlier = drafts[earlier.parent - 1]  # the whole, not a part of it
            if (
                subject is None
                and m.unit == "percent"
                and reading.measure
                and earlier is not None
                and earlier.subject in PEOPLE_SUBJECTS
                and fits(reading.measure, earlier.subject)
                and OF_THE_AFTER_RE.match(text, m.end, sent.end)
            ):
                # "46 per cent of the casualties": the casualties counted before
                subject = earlier.subject
            if (
                not (drafts and drafts[-1].sentence == sent)  # no total stated before it
                and subject in (None, "people")
                and reading.measure
                and state.words.of_them_after.match(text, m.end, sent.end)
            ):
                # "Afghan civilians continue to suffer as 1,366 of them were killed": no total
                # stated, the group named before in the sentence
                groups = [
                    h[0]
                    for h in SUBJECTS.find_all(text, sent.start, m.lead)
                    if h[0] in PEOPLE_SUBJECTS and h[0] != "people" and fits(reading.measure, h[0])
                ]
                subject = groups[-1] if groups else subject
            if subject is None and reading.implicit and reading.measure:
                # only a figure its verb follows ("36 killed") goes on counting the paragraph's
                # group, not a figure a noun phrase names ("the number of wounded at 30")
                follows = any(0 < a - m.end <= 1 for _, a, _ in hits)
                subject = _implicit_subject(previous, gap, drafts, sent if follows else None)
                # "11 men killed and seven injured": the group named by the figure just before
                # is this one's own, not a generic one a total would replace
                sibling_group = (
                    previous is not None
                    and previous.parent is None
                    and previous.mention.unit == m.unit == "count"  # not "62 per cent are children"
                    and subject != "people"
                    # "3 civilians - 2 women and a man - were killed and one wounded": the group
                    # before is a part of a wider one, which a total may give the figure
                    and not any(
                        d.sentence is sent and subject in PARTS_OF.get(d.subject, ())
                        for d in drafts[-8:]
                    )
                )
            if subject is None and m.unit == "percent":
                share = share_like(text, m, sent, drafts)
                if share is not None:
                    # "men for 61 per cent", "drones accounted for a further 29 per cent"
                    subject, reading.measure, reading.measure_rule = share
                elif k + 1 < len(mentions) and BASE_GAP_RE.fullmatch(
                    text, m.end, mentions[k + 1].lead
                ):
                    base = read_number(text, mentions[k + 1], span, hits)
                    if base.subject is not None and (base.measure or reading.measure):
                        # "Around 85% of Gaza's 2.3 million people have fled": a share of them
                        subject = base.subject
                        if base.measure:
                            reading.measure = base.measure
                            reading.measure_rule = base.measure_rule
                        bases.add(mentions[k + 1].start)
            if (
                (subject is None or reading.measure is None)
                and m.unit == "percent"
                and previous is not None
                and previous.mention.unit == "percent"
                and previous.parent is None
                and AND_SHARE_RE.fullmatch(text, previous.mention.end, m.lead)
            ):
                # "71 per cent of civilian casualties occurred in ..., and 29 per cent in ...";
                # "children make up 30 per cent of the arrivals, and the elderly some 18 per cent"
                subject = subject or previous.subject
                if reading.measure is None or not fits(reading.measure, subject):
                    reading.measure, reading.measure_rule = previous.measure, "coordinated"
            if subject is None and reading.measure_rule == "noun" and reading.people_noun:
                subject = "people"  # "nearly 500,000 newdisplacements"
            if subject is None and reading.measure_rule == "share-of":
                # "3.7% of the victims": a share of people; a total the breakdown layer finds
                # for it may name them (the part takes a generic subject from its total)
                subject = "people"
            last_here = drafts[-1] if drafts and drafts[-1].sentence == sent else None
            running = running_total(text, m, last_here, reading.subject) if last_here else None
            if running is not None:
                # "..., bringing the death toll to 340": what the figure before counts, over a
                # period of its own (stated after "bringing") or none
                assert last_here is not None
                subject, reading.measure = last_here.subject, last_here.measure
                reading.measure_rule = "running"
                here = (None, [p for p in periods if p.start > running])
            elif last_here is not None and same_as_before(text, m, last_here, subject):
                # "658 casualties in 2022, or 15% of all casualties"; "the highest number of
                # casualties (834), followed by Ukraine (608), Yemen (582)"
                subject, reading.measure = last_here.subject, last_here.measure
                reading.measure_rule = "coordinated"
            measure, measure_rule = reading.measure, reading.measure_rule
            if measure is None and subject == "property":
                # "put the value of damage to roads ... at US$ 31 million"
                measure = next(
                    (
                        normalised_measure(v, subject)
                        for v, a, _ in reversed(hits)
                        if a < m.lead and normalised_measure(v, subject) in ("damaged", "looted")
                    ),
                    None,
                )
                measure_rule = "sentence"
            if subject is None and measure == "incidents" and reading.measure_rule == "verb-before":
                subject = "events"  # "Attacks on medical facilities: 912"
            if (
                last_here is not None
                and m.unit == last_here.mention.unit
                and COMPARED_RE.search(text, last_here.mention.end, m.lead)
            ):
                # "170,000 mines were destroyed, an increase from 155,000 in 2024"; after the
                # parts of a total ("56 casualties (19 killed, 37 injured), compared with 47"),
                # the total
                like = last_here
                if like.parent is not None and re.search(r"[)–—]", gap):
                    like = drafts[like.parent - 1]
                if measure is not None and any(0 < a - m.end <= 1 for _, a, _ in hits):
                    # "compared with 36 deaths": a figure that names its own measure keeps it
                    subject, measure_rule = subject or like.subject, "compared"
                else:
                    subject, measure, measure_rule = like.subject, like.measure, "compared"
            if _shares_verb(text, reading, previous, gap, hits, subject):
                # "killed 10 servicemen and 36 civilians, and injured 54": the 36 were killed
                assert previous is not None
                measure, measure_rule = previous.measure, "coordinated"
            group = GROUP_BEFORE_RE.search(gap)
            if group and previous is not None and not ARTICLE_RE.match(gap, group.start()):
                group = None  # "(36 killed, 109 injured)": the word of the number before
            if group:
                group_measure = ENGLISH.group_measure.get(group.group("group").lower())
            own_verb = (
                measure is not None
                and measure_rule == "after"
                and measure != group_measure
                and _verb_in_own_clause(text, m, hits)
            )
            if (
                group_measure
                and (group or measure is None)
                and not own_verb  # "Of those detained, 14 were subjected to ill-treatment"
                and fits(group_measure, subject)
            ):
                # "Of the casualties, 34 were children (...) and 19 were women"
                measure, measure_rule = group_measure, "group"
            if (
                measure is None
                and subject is not None
                and previous is not None
                and CONTINUE_RE.fullmatch(gap)
                and fits(previous.measure, subject)
            ):
                # "found 1,930 mines, ... and 75 items of UXO": the verb is shared
                measure, measure_rule = previous.measure, "coordinated"
            if (
                measure is None
                and heading is not None
                and (
                    TOTAL_ROW_RE.fullmatch(text, sent.start, m.lead)
                    or (subject is not None and LIST_ITEM_RE.fullmatch(text, sent.start, m.lead))
                )
            ):
                # "- total: 364" under "Mine victims ...:", "- 921 anti-tank mines;" under
                # "teams found and destroyed:": the heading's measure
                measure = _heading_measure(text, heading, subject)
                subject = subject or ("people" if measure in PEOPLE_MEASURES else None)
                measure_rule = "heading"
            if restates := restated_base(text, m, sent, (measure, subject), state):
                # "Out of 80 civilian victims, 68 are men": the 80 killed stated before; a
                # claim of its own for the breakdown layer, which folds it into the first
                measure, subject, measure_rule = restates.measure, restates.subject, "restated"
                base_of = restates
            elif (
                base_of is not None
                and measure == "casualties"
                and base_of.measure in OUTCOMES_OF["casualties"]
            ):
                measure = base_of.measure  # "68 are men": the victims the base restates
            if subject is None or measure is None or measure == "block":
                apposite = (
                    m.unit == "percent"
                    and k > 0
                    and APPOSITE_SHARE_RE.search(text, mentions[k - 1].end, m.lead) is not None
                )  # "6,076 (9 percent) boys": a share of the number before, whatever it becomes
                # "67 per cent of civilian casualties, with 43 per cent attributed to the
                # Taliban": a share may go on a list of shares before it
                share_list = (
                    m.unit == "percent"
                    and bool(drafts)
                    and drafts[-1].sentence is sent
                    and drafts[-1].mention.unit == "percent"
                )
                if measure != "block" and (
                    m.unit == "count" or subject is not None or apposite or share_list
                ):
                    state.orphans.append(
                        Orphan(
                            m,
                            measure if measure != "block" else None,
                            subject,
                            sent,
                            max(reading.phrase_end, m.end),
                            claim_period(m, here[1], here[0], text=text, others=mentions),
                            claim_cause(causes, m, measure or ""),
                            claim_place(text, m, sent),
                            subject is None and not reading.implicit and own_noun(text, m.end),
                        )
                    )
                if parent is not None and reading.subject is None and measure != "block":
                    state.pending_total = parent  # an unknown noun inside a list of parts
                    dropped_phrase_end = reading.phrase_end
                elif reading.subject is None and reading.phrase_end > m.end:
                    # "41 recommendations, 29 of which": "of which" now points at them
                    state.last_total = total_here = None
                previous = None
                continue
            if m.words and m.value == 1 and subject == "events":
                previous = None
                continue  # "In one attack on 5 April": narrative, not a count
            if subject == "land" and m.unit == "count":
                previous = None
                continue  # "teams work in four other areas": a count of places, no area
            if not fits(measure, subject):
                state.orphans.append(
                    Orphan(
                        m,
                        None,
                        subject,
                        sent,
                        max(reading.phrase_end, m.end),
                        claim_period(m, here[1], here[0], text=text, others=mentions),
                        None,
                        claim_place(text, m, sent),
                    )
                )
                previous = None
                continue
            same = restated(drafts, sent, m, measure, subject) if restates is None else None
            if same is not None:
                # The same figure said again ("This included a total of 9,806 killed (...)"):
                # not a new claim, but its parts attach to the first statement.
                total_here = previous = same
                restated_end = max(reading.phrase_end, m.end)
                continue
            generic = (
                (reading.subject is None and not sibling_group)
                or state.words.generic.match(text, m.end) is not None
                # "38 per cent of these casualties": people only as the share's base
                or (
                    subject == "people"
                    and m.unit == "percent"
                    and state.words.share_of.match(text, m.end, sent.end) is not None
                )
            )
            named = apposition_subject(text, max(m.end, reading.phrase_end), sent.end, state.words)
            if named is not None and (generic or reading.implicit) and fits(measure, named):
                subject = named  # "four others, all women, were injured"
                generic = False
            share_group = _share_before(text, m, sent, drafts, state.orphans)
            if (
                generic
                and share_group is not None
                and share_group not in ("people", subject)
                and fits(measure, share_group)
            ):
                # "Women make up 7 percent of the casualties, with 98 dead and 98 wounded":
                # the counts behind a group's share are the group's
                subject = share_group
            elif generic and subject == "people":
                # "civilian victims ..., with 4,289 deaths": the sentence's topic
                subject = topic_subject(text, sent.start, m.lead, measure, state.words) or subject
            draft = Draft(
                len(drafts) + 1,
                m,
                measure,
                subject,
                sent,
                max(reading.phrase_end, m.end),
                None,
                # a base that restates a figure counts what it counted, when it counted it
                restates.period
                if restates
                else claim_period(m, here[1], here[0], text=text, others=mentions),
                restates.cause if restates else claim_cause(causes, m, measure),
                restates.place if restates else claim_place(text, m, sent),
                f"measure:{measure_rule};subject:{reading.subject_rule or 'implicit'}",
                generic=generic,
                restates=restates,
            )
            if measure_rule != "compared":
                # "compared with eight in 2022": a figure of another period, not a total that
                # the parts after it break down
                total_here = draft
                state.last_total = draft
                totals.append(draft)
        draft.id = len(drafts) + 1
        drafts.append(draft)
        previous = draft


def _last_top(drafts: list[Draft], sent: Sentence) -> Draft | None:
    """The last claim of the paragraph that is no part of another."""
    for d in reversed(drafts[-20:]):
        if d.sentence.paragraph != sent.paragraph:
            return None
        if d.parent is None:
            return d
    return None


def _paragraph_cause(text: str, state: State) -> str | None:
    """The last cause named in the paragraph's sentences so far, read only when needed."""
    for sent in state.unread:
        named = CAUSES.find_all(text, sent.start, sent.end)
        if named:
            state.cause = named[-1][0]
    state.unread = []
    return state.cause


def _verb_in_own_clause(text: str, m: Mention, hits: list[tuple[str, int, int]]) -> bool:
    """The first measure word after a number comes before any other figure or parenthesis."""
    after = bisect.bisect_left(hits, m.end, key=lambda h: h[1])
    # a share in parentheses may stand between: "19,786 (31 percent) dead"
    between = PAREN_SHARE_RE.sub("", text[m.end : hits[after][1]]) if after < len(hits) else ""
    return after < len(hits) and not re.search(r"[\d(]", between)


def _heading_measure(text: str, heading: Sentence, subject: str | None) -> str | None:
    # the last measure word, nearest the colon: "During clearance, teams found and destroyed:"
    for value, _, _ in reversed(sentence_measures(text, heading.start, heading.end)):
        value = normalised_measure(value.rstrip("*"), subject)
        if value != "block" and fits(value, subject):
            return value
    return None


def _shares_verb(
    text: str,
    reading: Reading,
    previous: Draft | None,
    gap: str,
    hits: list[tuple[str, int, int]],
    subject: str | None,
) -> bool:
    """A number coordinated with one whose verb came before it, its own verb far after."""
    if (
        previous is None
        or reading.measure_rule != "after"
        or not previous.rule.startswith("measure:verb-before")
        or reading.measure == previous.measure
        or not CONTINUE_RE.fullmatch(gap)
        or not fits(previous.measure, subject)
    ):
        return False
    after = bisect.bisect_left(hits, reading.phrase_end, key=lambda h: h[1])
    if after >= len(hits):
        return False
    between = text[reading.phrase_end : hits[after][1]]
    return "," in between or ";" in between


def _implicit_subject(
    previous: Draft | None, gap: str, drafts: list[Draft], sent: Sentence | None
) -> str:
    """Whom a bare number counts: "6 people were killed and 19 injured" counts people too; a
    bare number opening a sentence counts the civilians or soldiers the paragraph counted just
    before it ("... 180 civilian casualties. Ninewa followed with 36 killed and 18 injured")."""
    if previous is None or ";" in gap:
        before = drafts[-1] if drafts and previous is None else None
        if before is None or sent is None or before.sentence.paragraph != sent.paragraph:
            return "people"
        whole = before
        while whole.parent is not None:
            whole = drafts[whole.parent - 1]
        return whole.subject if whole.subject in STATUS_GROUPS else "people"
    if previous.parent is not None:
        return drafts[
            previous.parent - 1
        ].subject  # "3 civilians, including 1 child, and 5 injured"
    return previous.subject


def _finish(text: str, drafts: list[Draft], published: dt.date | None) -> list[Claim]:
    out = []
    for n, d in enumerate(drafts, start=1):
        m = d.mention
        first = d.period.first if d.period else None
        last = d.period.last if d.period else None
        if first and last and first > last:
            last = None  # "since 2024" in a text dated 2023: the end is not known
        if (
            published
            and last
            and last > published
            and (first is None or first <= published)
            and PRESENT_RE.search(text, d.sentence.start, d.sentence.end)
        ):
            # a statement of the present counts up to the day it is published: "13 civilian
            # deaths since the beginning of 2019" in a report of 17 July 2019 ends on that day,
            # "70,000 have been displaced in February" of 23 February on the 23rd
            last = published
        out.append(
            Claim(
                id=n,
                measure=d.measure,
                subject=d.subject,
                value=m.value,
                value_max=m.value_max,
                unit=m.unit,
                qualifier=m.qualifier,
                period_start=first,
                period_end=last,
                cause=d.cause,
                place=d.place,
                parent=d.parent,
                span=(d.sentence.start, d.sentence.end),
                quote=text[d.sentence.start : d.sentence.end],
                rule=d.rule,
                confidence=d.confidence,
                evidence=d.evidence,
            )
        )
    return out


def _share_before(
    text: str, m: Mention, sent: Sentence, drafts: list[Draft], orphans: list[Orphan]
) -> str | None:
    """The group of a share just before `m` in its sentence whose counts `m` gives: "More than
    5 percent of them were children, with 59 dead and 84 wounded"."""
    found: tuple[int, str] | None = None
    candidates: list[Draft | Orphan] = [*drafts[-3:], *orphans[-3:]]
    for earlier in candidates:
        e = earlier.mention
        if (
            earlier.sentence is sent
            and e.unit == "percent"
            and e.end <= m.lead
            and earlier.subject is not None
            and (found is None or e.end > found[0])
        ):
            found = (e.end, earlier.subject)
    if found is None or SHARE_DETAIL_RE.fullmatch(text, found[0], m.lead) is None:
        return None
    return found[1]
