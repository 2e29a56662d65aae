"""English: the markers the decision layers look for (see `language.py`)."""

from __future__ import annotations

import re

from .language import Markers

PART_BEFORE_RE = re.compile(
    r"(?=[iaons])(?:including|incl\.|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+which|of\s+these"
    r"|of\s+those|among\s+those|in\s+particular|notably|namely|such\s+as)\s*[:,]?\s*$",
    re.IGNORECASE,
)
# a sentence that opens by pointing back at a total stated before it
OPENING_RE = re.compile(
    r"[\W_]*(?:(?:[^\W\d_][\w'’.-]*\s+){1,5}?(?:said|says|added|noted|stated|reported|explained"
    r"|confirmed|stressed)\s+(?:that\s+)?)?"  # "He said that of them, ..."
    r"(?:(?:this|these|they|those|which|the\s+(?:figures?|totals?|numbers?|toll|victims"
    r"|casualties|dead|deaths|fatalities)|(?P<lead>victims|casualties|fatalities))"  # "Victims included"
    r"\s+(?:figures?\s+|numbers?\s+|totals?\s+)?"
    r"(?:also\s+)?(?:includes?|included|including|comprises?|comprised|consists?\s+of"
    r"|consisted\s+of|breaks?\s+down\s+(?:as\s+follows|into)|(?:is|are|was|were)\s+made\s+up\s+of)"
    r"|(?:of|among|out\s+of)\s+(?:them|whom|these|those|(?:the|that|this|these)\s+(?:above[\s-]mentioned"
    r"|total|latter|former|figures?|numbers?"
    r"|(?:[\w-]+\s+)?(?P<group>victims|casualties|dead|deaths|fatalities|killed|injured|wounded"
    r"|missing|displaced|detained|detainees|hostages|prisoners|returnees|abducted|deported)"
    r"|people|persons|civilians|children|survivors))"
    r"|in\s+(?:particular|addition\s+to\s+th(?:em|ose|ese))|notably|namely)\b",
    re.IGNORECASE,
)
# "Of the 64 deaths": the total opens the sentence that gives its parts
OF_THE_RE = re.compile(
    # "Of 2,626 civilian casualties, 1,520 were killed": the article may be left out
    r"[\W_]*(?:(?:of|among)(?:\s+(?:the|these|those|all))?|out\s+of(?:\s+(?:the|a|all))?)\s+"
    r"(?:total\s+(?:of\s+)?)?"
    # "Of the nearly 5,000 deaths": a qualifier before the total
    r"(?:(?:nearly|almost|about|around|some|over|more\s+than|at\s+least|approximately"
    r"|an\s+estimated)\s+)?",
    re.IGNORECASE,
)
# "... and 30 women were among them", "... were among the dead"
TRAILING_RE = re.compile(
    r"(?=[^.;:!?]*?among)"  # cheap: without "among" in the clause nothing matches
    r"(?:(?!\bwith\b)[^.;:!?]){0,120}?\b(?:(?:were|was|are|is)\s+(?:also\s+|reportedly\s+)?)?"
    r"among\s+(?:them"
    r"|those|the\s+(?:[\w-]+\s+){0,2}?(?P<group>dead|killed|victims|casualties|injured|wounded"
    r"|deaths|fatalities|missing|displaced|detained|detainees|hostages))\b",
    re.IGNORECASE,
)
LIST_GAP_RE = re.compile(
    r"[\s,;]*(?:(?:and|as\s+well\s+as|plus|while|whereas)\s+)?(?:also\s+)?"
    r"(?:the\s+(?:other|remaining)\s+)?(?:[-–•*▪]\s*)?",
    re.IGNORECASE,
)
# a number followed by "of them": a part of the number just before ("10 civilians, five of them")
OF_THEM_AFTER_RE = re.compile(
    r"\s*(?:of|among)\s+(?:them|whom|which|these|those"
    # "23 of the above-mentioned were injured at home"
    r"|the\s+above(?:[\s-]+mentioned)?|the\s+aforementioned)\b",
    re.IGNORECASE,
)
# "15 of the victims were killed": a part of the last total of that group
OF_GROUP_AFTER_RE = re.compile(
    r"\s*(?:of|among)\s+(?:the|these|those)\s+(?:[\w-]+\s+)?(?P<group>victims|casualties|dead"
    r"|deaths|fatalities|killed|injured|wounded|missing|displaced|detained|detainees|hostages"
    r"|prisoners|returnees|abducted|deported)\b",
    re.IGNORECASE,
)
# what the group word of "Of the wounded", "among the dead" says the total counted
GROUP_MEASURE = {
    "victims": "casualties", "casualties": "casualties", "dead": "killed", "deaths": "killed",
    "fatalities": "killed", "killed": "killed", "injured": "injured", "wounded": "injured",
    "missing": "missing", "displaced": "displaced", "detained": "detained",
    "detainees": "detained", "hostages": "detained", "prisoners": "detained",
    "returnees": "returned", "abducted": "detained", "deported": "deported",
    "refugees": "displaced", "idps": "displaced", "area cleared": "cleared",
    "land cleared": "cleared", "land released": "released",
}  # fmt: skip
# "840 fatalities in April, and 586 in May": a bare number continuing a list of the same figure
ELLIPSIS_GAP_RE = re.compile(
    r"(?:[ \t]+(?:were|was|are|is|have\s+been|has\s+been|had\s+been))?"
    # "29 were in the Sahel and 8 in the East", "251,000 returned from Iran and 74,000 from
    # Pakistan", "15 were killed by the Maoists, 11 by the state"
    r"(?:[ \t]+(?:[a-z]+ed|hurt|shot|slain|taken|held|found|left))?"
    # "182, in 2020; 145, in 2021": the time may be a year, after a comma
    r"(?:,?[ \t]+(?:in|on|at|during|for|from|by|to)\s+(?:[^\d,;.()]|(?<!\d)\d{4}(?!\d)){1,40})?"
    # "decreased to 817, to 544 in May": the preposition of the figure before, repeated
    # "67 percent of the civilian casualties, with 43 percent attributed to the Taliban"
    r"[ \t]*(?:,|;|,?\s+and|,?\s+while|,\s+with|,?\s+(?:and\s+)?then)\s+(?:(?:to|at)\s+|(?:another|a\s+further)\s+)?",
    re.IGNORECASE,
)
ELLIPSIS_AFTER_RE = re.compile(
    # "43 percent were attributed to the Taliban, 5 percent to Daesh"
    r",?\s+(?:(?:were\s+|was\s+)?(?:attributed|attributable|due)\s+to"
    # "then 244 were reported in 2018"
    r"|(?:(?:were|was)\s+)?(?:[a-z]+ed\s+)?(?:in|on|at|during|for|from|to|by)"
    # "39 were killed in strikes, 21 - in captivity": a dash stands for the verb left out
    r"|\s*[-–—]\s*(?:in|on|at|during|for|from|by|as\s+a\s+result\s+of|due\s+to))\s+\S",
    re.IGNORECASE,
)
# "fell to 714, in May to 476 and in June to 376": the time or place leads the bare number
ELLIPSIS_LEAD_RE = re.compile(
    r"[ \t]*(?:,|;|,?\s+and|,?\s+while)\s+(?:in|on|during|for|by)\s+[^\d,;.()]{1,30}?"
    r"\s+(?:to|at)\s+(?:(?:about|around|some|nearly|almost|over|more\s+than)\s+)?",
    re.IGNORECASE,
)
# sentences that say what period the document or a section covers
# the lookahead names the first letters of the branches: the regex engine skips the others
SCOPE_RE = re.compile(
    r"(?=[cprfdnsbatiouwh])\b(?:cover(?:s|ed|ing)?\b|reporting\s+period|period\s+(?:under\s+review|covered)"
    r"|(?:figures|data|results|numbers|statistics)\s+(?:below|for\s+the\s+period|cover)"
    r"|below\s+(?:are|is)\b|as\s+follows|the\s+following\b"
    r"|(?:this|the|its|our)\s+(?:[\w-]+\s+){0,3}?(?:report|update|bulletin|snapshot|overview|review)"
    r"\s+(?:covers|for|on|of|documenting|summari[sz](?:es|ing))\b"
    r"|\b(?:report|update|bulletin)\s+summari[sz]es\b"
    # "presented a report for Ukraine for the period between 16 May and 15 August 2019"
    r"|\b(?:report|update|bulletin|note|review|data|figures)\b[^.;:]{0,60}?\bfor\s+the\s+period\b"
    # "the investigation was carried out for 27 September - 4 October 2020"
    r"|\b(?:was|were|has\s+been|have\s+been)\s+(?:carried\s+out|conducted|collected|gathered"
    r"|compiled|monitored)\s+(?:for|during|over|between|from|in)\b"
    # "... killed in August 2017, according to casualty figures recorded by UNAMI": the
    # figures of a periodic release, whose period its later paragraphs keep
    r"|\bcasualty\s+(?:figures|data|statistics)\s+(?:recorded|released|documented|compiled"
    r"|published|issued)\b)",
    re.IGNORECASE,
)
OPEN_PERIOD_RE = re.compile(r"\b(?:since|as\s+of|until|till|by)\b", re.IGNORECASE)
# a group word before a word that names the harm: "civilian victims", "child casualties"
TOPIC_RE = re.compile(
    r"\b(?P<group>[^\W\d_][\w-]*)\s+(?:victims|casualties|deaths|fatalities|dead|injuries"
    r"|losses|harm)\b",
    re.IGNORECASE,
)
# a number whose own phrase names nobody in particular
GENERIC_RE = re.compile(
    r"\s*(?:people|persons|individuals|others|victims|casualties|deaths|fatalities"
    r"|displacements)\b",
    re.IGNORECASE,
)
PART_LABEL_RE = re.compile(
    r"(?:of\s+(?:which|whom|them)|including|incl\.|among\s+them)\b[\s,:]*", re.IGNORECASE
)
# a share and the total it is a share of: "38 per cent of all civilian casualties"
SHARE_OF_RE = re.compile(
    r"\s*(?:per\s*cent|percent|%)?\s*(?:of|among)\s+(?:(?:all|the|these|those|total)\s+)*"
    r"(?:[\w-]+\s+){0,2}?(?P<group>casualties|victims|deaths|fatalities|dead|killed|injured"
    r"|wounded|missing|displaced|detainees|detained|refugees|IDPs|area\s+cleared|land\s+cleared"
    r"|land\s+released)\b",
    re.IGNORECASE,
)
# a share taken of a narrower base than the total: "87% were civilians where the status was
# known", "of those whose age was recorded"
NARROW_BASE_RE = re.compile(
    r"\b(?:where|whose|for\s+(?:which|whom)|when)\s+(?:the\s+|their\s+)?(?:civilian\s+|military\s+)?"
    r"(?:status|age|sex|gender|outcome)\s+(?:was|were|is|are|had\s+been|has\s+been)\s+"
    r"(?:known|recorded|reported|available|identified|established)\b"
    r"|\bof\s+known\s+(?:status|age|sex|gender)\b",
    re.IGNORECASE,
)
# before a group in apposition: "four others, all women", "three others, both civilians"
APPOSITION_RE = re.compile(
    r"(?:\s+(?:others|more))?\s*,\s*(?:all|both|each)\s+(?:of\s+(?:them|whom)\s+)?"
    r"(?:were\s+|was\s+)?",
    re.IGNORECASE,
)
# the words that open the phrase after (or before) each number of a list of parallel phrases,
# whose numbers all count one thing: "5 in March, 7 in April", "200 to one town, 90 to another"
FUNCTION_WORD_RE = re.compile(
    r"(?:in|on|at|to|from|by|for|during|with|within|into|across|near|through|under|over|since"
    r"|until|after|before|between|among|against|per)\b",
    re.IGNORECASE,
)

ENGLISH = Markers(
    part_before=PART_BEFORE_RE,
    opening=OPENING_RE,
    of_the=OF_THE_RE,
    trailing=TRAILING_RE,
    list_gap=LIST_GAP_RE,
    of_them_after=OF_THEM_AFTER_RE,
    of_group_after=OF_GROUP_AFTER_RE,
    group_measure=GROUP_MEASURE,
    ellipsis_gap=ELLIPSIS_GAP_RE,
    ellipsis_after=ELLIPSIS_AFTER_RE,
    ellipsis_lead=ELLIPSIS_LEAD_RE,
    scope=SCOPE_RE,
    open_period=OPEN_PERIOD_RE,
    topic=TOPIC_RE,
    generic=GENERIC_RE,
    part_label=PART_LABEL_RE,
    share_of=SHARE_OF_RE,
    narrow_base=NARROW_BASE_RE,
    apposition=APPOSITION_RE,
    function_word=FUNCTION_WORD_RE,
)
