"""The words that name a measure, a subject and a cause, compiled into single regexes.

Each lexicon is an ordered list of (pattern, value); longer phrases come first so that
"anti-personnel mines" wins over "mines" and "killed or injured" over "killed". The patterns
tolerate the damage PDF conversion leaves ("ﬂed", "forced to  ee").
"""

from __future__ import annotations

from .lexicon import CompiledLexicon, Lexicon

# The subject of a combined group no subject names ("women and children"): it fits no measure.
COMBINED_GROUP = "combined_group"

_FLEE = r"(?:fl|ﬂ)(?:ee|ed|eeing|ees)"
# "bodies" of people, not "state bodies" or "governing bodies"
_NOT_GOVERNING = "".join(
    rf"(?<!{w}\s)"
    for w in (
        "state", "government", "governing", "local", "public", "treaty", "relevant", "competent",
        "executive", "UN", "law-enforcement", "enforcement", "international", "advisory",
        "judicial", "expert", "water", "official", "oversight", "monitoring", "other",
    )
)  # fmt: skip
_DISPLACED: Lexicon = [
    (r"internally\s+displaced(?:\s+(?:persons|people))?", "displaced"),
    (r"displace(?:d|ments?|ing)?", "displaced"),
    (r"refugees?", "displaced"),
    (r"IDPs?", "displaced"),
    (r"forced\s+(?:out|from\s+their\s+homes)", "displaced"),
    (r"forced\s+to\s+(?:" + _FLEE + r"|\s{1,3}ee|leave|abandon|move)", "displaced"),
    (_FLEE, "displaced"),
    (r"to\s{2,3}ee", "displaced"),
    (r"evacu(?:ated|ating|ations?|ees?|ate)", "displaced"),
    (r"relocat(?:ed|ion|ions|ing)|resettled", "displaced"),
    (r"(?:new\s+)?arrivals|arrived", "displaced"),
    (r"(?:took|taken|taking|sought|seeking|found)\s+(?:shelter|refuge)", "displaced"),
    (
        r"(?:stay(?:ing|ed)?|living|lived|housed|accommodated|sheltered)\s+(?:in|at)\s+"
        r"(?:an?\s+|the\s+|\d+\s+)?(?:temporary\s+|emergency\s+|evacuation\s+|collective\s+)?"
        r"(?:shelters?|camps?|(?:evacuation|collective|reception)\s+cent(?:re|er)s?|schools|churches"
        r"|mosques|tents)",
        "displaced",
    ),
    (
        r"(?:emergency|temporary|evacuation|makeshift)\s+shelters?"
        r"(?!\s+(?:kits?|items?|materials?|supplies|assistance|support|repairs?|cash))"
        r"|in\s+shelters?",
        "displaced",
    ),
    (
        r"(?:staying|sheltering|living|stayed|sheltered)\s+(?:in|at|on)\s+(?:\S+\s+){0,3}?"
        r"(?:bases?|compounds?|(?:protection\s+)?sites?|airstrips?|stadiums?|tents)",
        "displaced",
    ),
    (
        r"(?:staying|living|stayed|lived)\s+with\s+(?:host\s+families|relatives|friends)"
        r"|host\s+families",
        "displaced",
    ),
    (
        r"crossed\s+(?:the\s+border|into|from|over\s+(?:the\s+border\s+)?into)"
        r"|moved\s+(?:away|out)\s+(?:from|of)",
        "displaced",
    ),
    (r"homeless", "displaced"),
    (r"(?:lost|left|abandoned)\s+their\s+homes|(?:out\s+of|from)\s+their\s+homes", "displaced"),
    # "100,000 ethnic Armenians left Nagorno-Karabakh", "had left the village"
    (
        r"(?:had\s+|have\s+|has\s+)?left\s+(?:the\s+(?:city|town|village|villages|region|area"
        r"|country|enclave|territory|district|province|besieged)\b|(?-i:[A-Z])[\w'’-]+)",
        "displaced",
    ),
    (r"(?:sought|seeking|taking|took|sheltering|shelter(?:ed)?)\s+(?:refuge|in)", "displaced"),
    (r"sheltered|sheltering", "displaced"),
    (r"(?:relief|idp|displacement|transit|temporary)\s+camps?", "displaced"),
    (r"camps?", "displaced"),
    (r"(?:evacuation|collective|reception)\s+cent(?:re|er)s?", "displaced"),
    (r"uprooted|expelled", "displaced"),
]
# Kept apart from displacement: the ledger must not compare deportations with displacement.
_DEPORTED: Lexicon = [
    (
        r"deport(?:ed|ing|ations?|ees)|forcibl[ey]\s+transferr(?:ed|ing)"
        r"|(?:forcible|forced)\s+transfers?(?:\s+of)?",
        "deported",
    ),
]
_RETURNED: Lexicon = [
    # "290,000 displaced persons still cannot return": still displaced
    (
        r"(?:cannot|can\s*not|could\s+not|unable\s+to|not\s+able\s+to|yet\s+to|never"
        r"|unwilling\s+to|afraid\s+to|reluctant\s+to"
        r"|(?:unable|unwilling)\s+or\s+(?:[\w,]+\s+){0,4}?(?:unable|unwilling)\s+to)"
        r"\s+(?:\w+\s+)?return(?:ed)?",
        "displaced",
    ),
    # prisoners "returned home in exchanges" were released from captivity: not returnees
    (
        r"(?:been\s+)?returned(?:\s+home)?(?:\s+[\w-]+){0,3}?\s+(?:from\s+captivity"
        r"|(?:in|through|during|as\s+part\s+of)\s+(?:an?\s+|the\s+)?(?:prisoner\s+)?exchanges?)",
        "block",
    ),
    (
        r"returned|returnees?|went\s+back|(?:moved|came|gone)\s+back|return(?:ing)?\s+(?:home|to\s*their\s+homes)"
        r"|(?:able|allowed|managed)\s+to\s+(?:go\s+back|return)|brought\s+back"
        r"|(?:the\s+)?return\s+of",
        "returned",
    ),
]
_CONFINED: Lexicon = [
    (
        r"trapped|besieged(?!\s+or\b)|(?:living|lived|live|lives)\s+under\s+(?:siege|blockade)"
        r"|under\s+(?:a\s+)?(?:siege|blockade)|blockaded"
        r"|confined|confinement",
        "confined",
    ),
]
_RECRUITED: Lexicon = [
    (
        r"(?:re-?)?recruited(?:\s+(?:and|or)\s+used)?|recruitment(?:\s+(?:and|or)\s+use)?"
        r"|used\s+(?:by|in)\s+(?:the\s+)?(?:armed|military|militias?)"
        r"|used\s+as\s+(?:child\s+)?(?:soldiers|combatants|fighters)"
        r"|forcibly\s+(?:mobili[sz]ed|conscripted|recruited)|child\s+soldiers",
        "recruited",
    ),
]
# Bodies of the missing found or handed over are remains; other bodies are of the killed
# (measure.py reads "bodies" by the verb of its sentence).
_REMAINS: Lexicon = [
    # the missing "found and identified", remains "identified and handed over"
    (
        r"(?:found|located|recovered|exhumed)\s+and\s+identified"
        r"|identified\s+and\s+(?:returned|handed\s+over)",
        "remains",
    ),
    (
        r"(?:human|mortal)\s+remains|remains(?=\s+of\b)|sets\s+of\s+(?:human\s+)?remains"
        r"|exhum(?:ed|ations?|ing)",
        "remains",
    ),
    (r"(?=bodies|corpses)" + _NOT_GOVERNING + r"(?:bodies|corpses)", "killed"),
]
_OUTCOMES: Lexicon = [
    (r"(?:killed|dead|deaths?)\s+(?:or|and|and/or)\s+(?:injured|wounded|injuries)", "casualties"),
    (
        r"(?:injured|wounded|maimed)\s+(?:or|and|and/or)\s+killed|killed\s+(?:or|and)\s+maimed",
        "casualties",
    ),
    (r"casualt(?:y|ies)", "casualties"),
    (
        r"(?:land)?mine(?:\s*/\s*(?:UXO|ERW))?\s+victims?|(?:UXO|ERW)\s+victims?"
        r"|(?:fallen\s+|fell\s+)?victims?\s+(?:of|to)\s+(?:anti[- ]?personnel"
        r"\s+|anti[- ]?(?:tank|vehicle)\s+|improvised\s+)?(?:land)?mines?"
        r"|victims?\s+of\s+(?:explosive|unexploded|ERW|UXO|cluster)"
        r"|victims\s+of\s+mine\s+(?:explosions?|incidents?)",
        "casualties",
    ),
    (r"death\s+toll|fatally(?:\s+(?:injured|wounded))?", "killed"),
    (
        r"lost\s+(?:their|his|her)\s+li(?:fe|ves)|lives\s+were\s+lost"
        r"|(?:taken|took|claimed|cost)\s+the\s+lives\s+of",
        "killed",
    ),
    (
        r"killed|killing|kills?|dead|died|deaths?|fatalit(?:y|ies)|murdered|executed|executions?"
        r"|exterminated|massacred|(?:murders?|assassinations?|killings)(?=\s+of\b)",
        "killed",
    ),
    (
        r"perished|martyred|became\s+martyrs|succumbed\s+to\s+(?:their\s+)?(?:wounds|injuries)"
        r"|fatal(?![\w-]|\s+(?:injur|wound|accidents?|incidents?))",
        "killed",
    ),
    (
        r"injured|injuring|injur(?:y|ies)|wounded|wounding|hurt|maimed|paraly[sz]ed|amputees?"
        r"|amputated|amputations?",
        "injured",
    ),
    (
        r"hospitali[sz]ed|(?:received|sustained|suffered)\s+(?:\w+\s+)?(?:injuries|wounds)",
        "injured",
    ),
    (
        # "621 cases of enforced disappearance and arbitrary detention", "39 arbitrary arrests":
        # people detained, whether or not their fate is known
        r"cases\s+of\s+(?:enforced\s+)?disappearances?\s+and\s+(?:arbitrary\s+|unlawful\s+)?"
        r"(?:detentions?|arrests?)"
        r"|cases\s+of\s+(?:arbitrary\s+|unlawful\s+|illegal\s+)?(?:detentions?|arrests?)"
        r"|(?:arbitrary|unlawful|illegal)\s+(?:arrests|detentions)",
        "detained",
    ),
    (
        r"went\s+missing|missing|disappeared|disappearances?|unaccounted\s+for"
        r"|cases\s+of\s+(?:missing|disappear(?:ed|ance))"
        r"|cases\s+of\s+(?:people|persons)\s+who\s+(?:went|have\s+gone|had\s+gone)\s+missing"
        r"|(?:is|are|remains?)\s+(?:still\s+)?unknown|whereabouts\s+(?:are\s+|remain\s+)?unknown",
        "missing",
    ),
    (
        r"taken\s+(?:as\s+)?hostages?|hostages?|captured|capturing|captives?|held\s+captive",
        "detained",
    ),
    (r"detained|detainees?|detention|prisoners?(?:\s+of\s+war)?|POWs?", "detained"),
    (
        r"held\s+(?:in\s+captivity|captive|hostage|in\s+detention)"
        r"|in(?:to)?\s+(?:[A-Z][\w'’-]+\s+)?captivity",
        "detained",
    ),
    (
        r"arrested|abducted|abducting|kidnapped|kidnapping|imprisoned"
        r"|taken\s+(?:prisoner|captive)|(?:arrests?|detentions?|abductions?|kidnappings?)(?=\s+of\b)",
        "detained",
    ),
    (
        r"(?:held|being\s+held|kept)\s+in\s+(?:[\w-]+\s+)?custody|in\s+custody"
        r"|(?:remain(?:s|ed)?|still)\s+held\b",
        "detained",
    ),
    (r"tortured|torture|ill[- ]treated|ill[- ]treatment|abused|mistreated|beaten", "ill_treated"),
    (
        r"(?:conflict[- ]related\s+)?sexual(?:ly)?\s+(?:violence|violated|abused|assaulted"
        r"|exploited|slavery|enslavement|assaults?|abuse|exploitation)|raped|rapes?",
        "ill_treated",
    ),
    # counted together, "destroyed or damaged" is damaged
    (
        r"(?:destroyed|damaged)\s+(?:or|and/or|and)\s+(?:(?:partially|partly|seriously|severely"
        r"|heavily|badly|significantly)\s+)?(?:destroyed|damaged)",
        "damaged",
    ),
    (r"partially\s+(?:destroyed|damaged)", "damaged"),
    (r"(?:completely|totally|fully)\s+(?:destroyed|damaged)", "destroyed"),
    (r"destroyed|destroying|destruction|razed|demolished|flattened|levelled|leveled", "destroyed"),
    (
        r"burn(?:ed|t)(?:\s+down)?|torch(?:ed|ing)(?:\s+down)?|set\s+(?:on\s+)?fire|set\s+ablaze"
        r"|collapsed|(?:washed|swept)\s+away|ruined",
        "destroyed",
    ),
    (r"(?:sustained|suffered)\s+(?:\w+\s+)?damage|(?:rendered\s+)?uninhabitable", "damaged"),
    (r"damaged|damages?", "damaged"),
    # objects hit, struck or attacked are damaged; people "hit" are casualties (measure.py)
    (r"hit", "hit"),
    (r"struck|attacked", "damaged"),
    (r"looted|looting|plundered|pillaged|stolen|(?:illegally\s+)?exploited", "looted"),
    (
        # not a place named by it: "in occupied territory", "the occupied areas"
        r"(?<!in\s)(?<!the\s)(?<!-)occupied|occup(?:ies|y|ying)|under\s+(?:[\w-]+\s+)?occupation"
        r"|seized",
        "occupied",
    ),
    (
        # "were found killed", "found dead": the harm is the word after
        r"found(?!\s+(?:to\s+have\s+been\s+)?(?:killed|dead|murdered|executed|shot|injured"
        r"|wounded|missing|disappeared|abducted|tortured))"
        r"|detected|neutrali[sz]ed|defused|discovered|disposed\s+of|located|rendered\s+safe"
        r"|removed",
        "found",
    ),
    (r"uncovered|unearthed", "found"),
    (r"cleared|demined|cleansed\s+of\s+mines|clearance|freed\s+from\s+mines", "cleared"),
    # the verb's other forms only with what is cleared after it: "to clear UXO from 1,966
    # hectares", not "it is clear that"
    (
        r"clear(?:s|ing)?(?=\s+(?:(?:the|all|any)\s+)?(?:UXO|ERW|(?:land)?mines|explosive"
        r"|unexploded|ordnance|cluster|land\b|areas?\b|fields\b|hectares|contaminat))",
        "cleared",
    ),
    # land released by survey is a part of the total released that the contract does not name
    (
        r"(?:released\s+)?(?:by|through|via)\s+(?:non-?technical\s+|technical\s+)?surveys?",
        "block",
    ),
    (r"released\s+(?:by|through|via)\s+(?:manual\s+|mechanical\s+)?clearance", "cleared"),
    (r"(?:survey|surveys)\s+(?:also\s+)?released", "block"),
    # land released in all (the IMSMA total); people "released" from detention are an activity
    # (measure.py turns this into a block for anything but land)
    (r"released", "released"),
]
# Only as the head of a number's own noun phrase ("34 attacks"), never from context.
# A trailing * marks words that give the measure only as the head of the number's own noun
# phrase ("2,908 martyrs", "34 attacks"), never from the words around ("families of martyrs").
_NOT_TRAFFIC = "".join(
    rf"(?<!{w}\s)" for w in ("traffic", "road", "car", "workplace", "industrial", "work")
)
# "12 events of mass displacement", "displacement events": events, before the displaced words
_EVENTS_FIRST: Lexicon = [
    (
        r"(?:mass\s+)?(?:displacement|confinement)\s+events"
        r"|events?(?=\s+of\s+(?:mass\s+|forced\s+)?(?:displacement|confinement|violence))",
        "incidents*",
    ),
]
_VIOLATIONS = (
    r"(?:human\s+rights\s+)?(?:violations|abuses)(?!\s+of\s+(?:the\s+)?(?:ceasefire|truce))"
    r"|cases\s+of\s+(?!(?:[\w-]+\s+)?(?:sexual|gender|rape|domestic))(?:[\w-]+\s+){0,3}?"
    r"(?:violations|abuses|violence)|acts\s+of\s+violence"
)
_EVENTS: Lexicon = [
    (r"martyrs|shehids?|murders|killings|homicides", "killed*"),
    (r"abductions|kidnappings", "detained*"),
    (r"(?=accident)" + _NOT_TRAFFIC + r"accidents?", "incidents*"),
    (r"returns", "returned*"),
    (r"(?:violated|breached)\s+the\s+ceasefire", "incidents"),
    (r"ceasefire\s+(?:violations|breaches)|grave\s+violations", "incidents*"),
    # "14 human rights violations", "467 cases of violations and abuses", "acts of violence"
    (_VIOLATIONS, "incidents*"),
    (
        r"(?:shelling\s+)?incidents?|attacks?(?![\s-]+(?:drones?|helicopters?|aircraft|UAVs?|jets?))"
        r"|explosions?|(?:air\s*)?strikes|crimes|massacres",
        "incidents*",
    ),
]
# Words that make a figure something other than a harm: it is then not a claim.
_BLOCKERS: Lexicon = [
    (r"trained", "block"),
    (
        r"vaccinated|assisted|received|enrolled|registered\s+to\s+vote|employed|helped"
        r"|supported|provided|benefited|benefitted|rescued|reunited|released\s+from"
        r"|delivered|distributed|surveyed|affected\s+by"
        # bodies and remains handed over are remains (measure.py), aid handed over is not a harm
        r"|handed\s+over(?!\s+(?:the\s+)?(?:[\w,.-]+\s+){0,2}(?:bodies|remains|corpses|mortal))"
        r"|(?:future|planned|pending|awaiting)\s+clearance"
        r"|(?:still\s+)?(?:needs?|remains?|yet)\s+to\s+be\s+(?:cleared|demined|surveyed)"
        r"|allocated|earmarked|to\s+(?:restore|rebuild|repair)|certificates?|compensation|allowance"
        r"|(?:to\s+)?(?:help|assist|serve|support)\b"
        r"|reduced|cancelled|canceled",
        "block",
    ),
]

_PEOPLE_MEASURES: Lexicon = [*_DEPORTED, *_RETURNED, *_CONFINED, *_RECRUITED, *_REMAINS]
# victims of a harm other than death or injury
_NOT_OTHER_HARM = (
    r"(?!\s+(?:of|to)\s+(?:human\s+)?(?:trafficking|torture|sexual|rape|enforced"
    r"|disappearances?|repression|political|violations?|abuses?|crimes?\s+against|discriminat"
    r"|persecution|deportation|hostage|ill[- ]?treatment|gender|domestic|forced|looting"
    r"|kidnapping|abduction))"
)
# "6,000 people were victims of these devices": victims as the predicate
_VICTIMS_PREDICATE: Lexicon = [
    (
        # not after a share: "51,111 or 79 percent are victims of mines"
        r"(?<!percent\s)(?<!%\s)(?<!cent\s)(?:were|are|was|is|have\s+been|has\s+been|became)\s+"
        r"(?:the\s+)?victims" + _NOT_OTHER_HARM,
        "casualties",
    ),
]
MEASURE_LEXICON: Lexicon = [
    *_OUTCOMES,
    *_VICTIMS_PREDICATE,
    *_PEOPLE_MEASURES,
    *_DISPLACED,
    *_BLOCKERS,
]
# as the noun of its own number only (a value ending in "*"): "57 victims", "486 victims of
# explosive devices"
_VICTIMS: Lexicon = [
    # victims of an attack or of the war are its casualties (contract: "N victims, M of whom
    # died"); victims of another harm are counted by that harm's measure, or not at all
    (
        # not the group of a part: "28 of the victims were injured" counts the injured
        r"(?<!of\s)(?<!of\sthe\s)(?<!of\sthese\s)(?<!of\sall\s)(?<!among\sthe\s)"
        r"victims?" + _NOT_OTHER_HARM,
        "casualties*",
    ),
]
MEASURE_NOUN_LEXICON: Lexicon = [
    *_OUTCOMES,
    *_VICTIMS_PREDICATE,
    *_VICTIMS,
    *_PEOPLE_MEASURES,
    *_EVENTS_FIRST,
    *_DISPLACED,
    *_EVENTS,
    *_BLOCKERS,
]

SUBJECT_LEXICON: Lexicon = [
    (r"anti[- ]?personnel\s+(?:land)?mines?|AP\s?mines?|APMs?", "anti_personnel_mines"),
    (r"anti[- ]?(?:tank|vehicle)\s+(?:land)?mines?|AT\s?mines?|AVMs?", "anti_tank_mines"),
    # mines and other ordnance counted together
    (
        r"(?:land)?mines\s+and\s+(?:other\s+)?(?:(?:explosive|unexploded)\s+(?:ordnance|items"
        r"|objects|devices|remnants(?:\s+of\s+war)?)|ERW|UXO)",
        "explosive_items",
    ),
    (
        r"other\s+(?:explosive|unexploded)\s+(?:items|objects|devices|ordnance)"
        r"|(?:items\s+of\s+)?unexploded\s+(?:ordnances?|ordinances?|remnants|items|devices|objects"
        r"|munitions|shells|bombs)(?:\s+of\s+war)?"
        r"|(?:items\s+of\s+)?explosive\s+(?:remnants|munitions|shells|bombs)(?:\s+of\s+war)?"
        r"|(?:items|pieces)\s+of\s+(?:UXOs?|ERWs?|unexploded\s+ordnance)"
        r"|(?:obsolete|abandoned)\s+(?:ammunition|munitions|ordnance)"
        r"|(?:rounds|pieces|items)\s+of\s+(?:ammunition|munitions)",
        "unexploded_ordnance",
    ),
    (
        r"(?:items|pieces)\s+of\s+(?:explosive\s+)?(?:ordnance|ordinance)"
        r"|explosive\s+(?:ordnance|ordinance|items|objects|devices|hazards)"
        r"(?!\s+(?:risk|disposal|awareness|contamination|threat|education))",
        "explosive_items",
    ),
    (
        r"cluster\s+munition\s+remnants|UXOs?|ERWs?|(?:cluster\s+)?(?:sub)?munitions"
        r"|shells|projectiles|grenades|bombs|bomblets?|bombies",
        "unexploded_ordnance",
    ),
    (r"(?:land)?mines?|IEDs?|improvised\s+(?:explosive\s+devices|mines)", "mines"),
    (
        r"multi[- ]?(?:storey|story|apartment)\s+(?:apartment\s+|residential\s+)?"
        r"(?:buildings|blocks|houses)|apartment\s+(?:buildings|blocks|houses)|residential\s+blocks"
        r"|blocks\s+of\s+flats|high[- ]rise\s+buildings|(?:residential\s+)?towers|tower\s+blocks"
        r"|high[- ]rises",
        "apartment_buildings",
    ),
    (
        r"civilian\s+(?:objects|facilities|infrastructure(?:\s+(?:facilities|objects))?"
        r"|buildings|sites)|infrastructure\s+(?:facilities|objects)|objects|facilities",
        "civilian_objects",
    ),
    (r"(?:educational|education)\s+(?:institutions|facilities|establishments)|schools?", "schools"),
    (
        r"(?:medical|health(?:care)?)\s+(?:facilities|institutions|cent(?:re|er)s|posts)"
        r"|(?:medical|health(?:[- ]?care)?)\s+(?:and\s+\w+\s+)?(?:facilities|institutions"
        r"|establishments|units)|health\s+care\s+(?:facilities|institutions|cent(?:re|er)s)"
        r"|(?:primary\s+)?health\s+(?:care\s+)?(?:cent(?:re|er)s|posts)"
        r"|hospitals?|clinics?|polyclinics?|dispensar(?:y|ies)|maternity\s+(?:homes|wards)",
        "hospitals",
    ),
    (r"kindergartens?|pre-?schools|nurseries", "kindergartens"),
    (
        r"religious\s+(?:sites|monuments|buildings)|places\s+of\s+worship|mosques?|churches"
        r"|church|temples?|synagogues?",
        "religious_sites",
    ),
    (r"cemeteries|cemetery|graveyards?", "cemeteries"),
    (r"(?:mass|unmarked|common|individual)\s+graves?|graves|burial\s+sites", "graves"),
    (
        r"(?:historical|cultural|historical-cultural|heritage)\s+(?:monuments|sites|objects)"
        r"|museums?|monuments|libraries",
        "cultural_sites",
    ),
    (
        r"(?:private\s+|residential\s+|family\s+)?(?:houses|homes|dwellings|house|home)"
        r"|housing\s+units|residential\s+units|huts|apartments|flats",
        "houses",
    ),
    (r"buildings?|structures", "buildings"),
    (r"vehicles?|cars|trucks|buses|ambulances|tractors", "vehicles"),
    (r"(?:mineral\s+)?deposits", "mineral_deposits"),
    (r"forests?|forest\s+cover|woodlands?", "forests"),
    (r"territor(?:y|ies)|(?:the\s+)?country['’]s\s+territory|country", "territory"),
    (r"(?:agricultural\s+|arable\s+|farm\s+)?land|areas?", "land"),
    (
        # a modifier does not replace its head: "52 civilian men" are men (contract)
        r"civilians?(?:\s+(?:population|people|persons|residents))?"
        r"(?!\s+(?:men|man|women|woman|children|child|boys?|girls?|adults?|minors?|infants?"
        r"|males?|females?|elderly)\b)"
        r"|civil\s+(?:citizens|population|persons|residents)",
        "civilians",
    ),
    (
        r"deminers?|sappers?|pyrotechnicians?|(?:mine\s+clearance|demining|EOD|bomb\s+disposal)"
        r"\s+(?:personnel|workers|specialists|experts|technicians|operators)",
        "deminers",
    ),
    (
        r"(?:military\s+)?servicem[ea]n|service\s*(?:members|personnel)|soldiers?|troops|troopers"
        r"|military(?:\s+personnel)?|combatants|fighters|members\s+of\s+the\s+armed\s+forces"
        r"|conscripts|border\s+guards|peacekeepers|guardsmen|gendarmes|paratroopers|marines"
        r"|prisoners\s+of\s+war|POWs?"
        r"|members\s+of\s+(?:the\s+)?(?:security|armed)\s+forces"
        r"(?:\s+(?:or|and)\s+(?:armed\s+)?groups)?|security\s+forces"
        r"|security\s+(?:members|personnel|forces\s+members)",
        "servicemen",
    ),
    (
        r"elderly(?:\s+(?:people|persons|men|women))?|older\s+(?:people|persons)|pensioners"
        r"|(?:people|persons|those)\s+(?:aged\s+)?(?:over|above)\s+(?:60|65|70)",
        "elderly",
    ),
    (r"girls\s+and\s+boys|boys\s+and\s+girls", "children"),
    # combined groups that no subject names ("women and children", "men and boys"): no claim
    (
        r"(?:women|men)\s+and\s+(?:children|boys|girls|women|men)"
        r"|(?:children|boys|girls)\s+and\s+(?:women|men)",
        COMBINED_GROUP,
    ),
    (r"children|child|minors|kids|infants|babies|schoolchildren|teenagers|adolescents", "children"),
    (r"boys?", "boys"),
    (r"girls?", "girls"),
    (r"women|woman|females?(?![\s-]+headed)", "women"),
    (r"males?(?![\s-]+headed)", "men"),
    (r"men|man", "men"),
    (r"adults", "adults"),
    (
        # "nine members of a family", "12 family members": people, not households
        r"family\s+members|members\s+of\s+(?:a|the|one|his|her|their)\s+(?:[\w-]+\s+)?family"
        r"|relatives",
        "people",
    ),
    (r"households?|famil(?:ies|is|y)", "households"),
    (
        r"cases\s+of\s+(?:missing|disappeared)\s+(?:persons|people)"
        r"|cases\s+of\s+(?:people|persons)\s+who\s+(?:went|have\s+gone|had\s+gone)\s+missing"
        r"|people|persons|person|individuals|citizens|nationals|residents|inhabitants|villagers"
        r"|workers|migrants|compatriots|IDPs?|refugees|evacuees|returnees|asylum\s+seekers"
        r"|victims|casualties|displacements|deaths|fatalities|hostages|prisoners|detainees"
        r"|captives|survivors|population|farmers|fishermen|pilgrims|students|patients"
        r"|journalists|teachers|doctors|volunteers|officers|policemen|police\s+officers"
        r"|martyrs|shehids|shepherds|herders|leaders|activists|(?:human\s+rights\s+)?defenders|militants"
        r"|insurgents|rebels|drivers|passengers|civil\s+servants|employees|staff|officials"
        r"|nurses|paramedics|medics|rescuers|firefighters|humanitarians|worshippers|protesters"
        r"|demonstrators|fishers|labourers|laborers|shoppers|bystanders|occupants|tenants"
        r"|persons\s+with\s+disabilities|Rohingya|Roma"
        r"|engineers|lawyers|judges|priests|clergy(?:men)?|monks|imams|miners|traders|merchants"
        r"|vendors|builders|electricians|(?:aid|health|medical|humanitarian|media)\s+workers"
        r"|health\s*care\s+workers|surgeons|pharmacists|midwives|academics|scientists"
        r"|athletes|artists|writers|musicians|bloggers|photographers|cameramen|reporters"
        r"|(?:mortal\s+)?remains|(?=bodies|corpses)" + _NOT_GOVERNING + r"(?:bodies|corpses)",
        "people",
    ),
    # nationalities the pattern below does not catch ("3,890 Azerbaijanis" it does)
    (
        r"(?-i:Turks|Kurds|Tatars|Uzbeks|Tajiks|Kazakhs|Kyrgyz|Turkmens?|Poles|Jews|Arabs|Serbs"
        r"|Croats|Bosniaks|Greeks|Czechs|Slovaks|Swedes|Danes|Finns|Filipinos|Thais|Lezgins"
        r"|Avars|Yazidis|Druze|Hazaras|Pashtuns|Baloch|Somalis|Afars|Amhara|Tigrayans|Masalit"
        r"|Fur|Rohingyas)",
        "people",
    ),
    (r"(?-i:[A-Z][a-z]+(?:is|ians|ans|ese))", "people"),
    (
        r"(?:shelling\s+)?incidents?|attacks?(?![\s-]+(?:drones?|helicopters?|aircraft|UAVs?|jets?))"
        r"|explosions?|(?:air\s*)?strikes|crimes|massacres|times|(?:ceasefire\s+)?violations"
        r"|" + _VIOLATIONS + r"|(?:mass\s+)?(?:displacement|confinement)\s+events"
        r"|events?(?=\s+of\s+(?:mass\s+|forced\s+)?(?:displacement|confinement|violence))"
        r"|(?=accident)" + _NOT_TRAFFIC + r"accidents?",
        "events",
    ),
]

CAUSE_LEXICON: Lexicon = [
    (
        r"(?:flash\s+)?flood(?:s|ing|waters)?|earthquakes?|(?:tropical\s+|winter\s+)?storms?"
        r"|cyclones?|typhoons?|hurricanes?|tornado(?:e?s)?|wildfires?|(?:forest|bush)\s+fires?"
        r"|land\s*slides?|mud\s*slides?|avalanches?|tsunamis?|droughts?|volcanic\s+eruptions?"
        r"|(?:heavy|torrential|monsoon)\s+rains?|natural\s+(?:hazards?|disasters?)|heat\s*waves?",
        "disaster",
    ),
    (
        r"in\s+captivity|while\s+(?:detained|in\s+detention)|in\s+detention|tortured\s+to\s+death"
        r"|in\s+(?:custody|prison|detention\s+facilities)",
        "captivity",
    ),
    (
        r"air\s*strikes?|air\s+raids?|aerial\s+(?:bombardment|attacks?)|air\s+bombardment"
        r"|aircraft|drones?|UAVs?|bombers?",
        "airstrike",
    ),
    (r"shell(?:ing|ed|s)|artillery|rockets?|missiles?|mortars?|bombardment|MLRS|Grad", "shelling"),
    (
        r"(?:land)?mines?|explosive\s+(?:remnants|ordnance)|ERW|UXO|unexploded"
        r"|improvised\s+explosive|IEDs?|explosive\s+(?:items|objects|devices)"
        r"|mine\s+explosions?|minefields?",
        "landmine",
    ),
    (r"gunfire|gunshots?|shooting|sniper|small\s+arms|firearms|shot\s+(?:dead|and)", "gunfire"),
]


MEASURES = CompiledLexicon(MEASURE_LEXICON)
MEASURES_IN_NOUN = CompiledLexicon(MEASURE_NOUN_LEXICON)
SUBJECTS = CompiledLexicon(SUBJECT_LEXICON)
CAUSES = CompiledLexicon(CAUSE_LEXICON)

# Parts a total may be broken into; a breakdown runs along one dimension at a time.
PARTS_OF: dict[str, frozenset[str]] = {
    "people": frozenset(
        {
            "civilians",
            "servicemen",
            "deminers",
            "children",
            "adults",
            "elderly",
            "men",
            "women",
            "boys",
            "girls",
        }
    ),
    "civilians": frozenset({"children", "adults", "elderly", "men", "women", "boys", "girls"}),
    "children": frozenset({"boys", "girls"}),
    "civilian_objects": frozenset(
        {
            "houses",
            "apartment_buildings",
            "buildings",
            "schools",
            "hospitals",
            "kindergartens",
            "religious_sites",
            "cemeteries",
            "cultural_sites",
        }
    ),
    "buildings": frozenset(
        {
            "houses",
            "apartment_buildings",
            "schools",
            "hospitals",
            "kindergartens",
            "religious_sites",
        }
    ),
    "mines": frozenset({"anti_personnel_mines", "anti_tank_mines"}),
    "explosive_items": frozenset(
        {"mines", "anti_personnel_mines", "anti_tank_mines", "unexploded_ordnance"}
    ),
}
PEOPLE_SUBJECTS = PARTS_OF["people"] | {"people", "households"}
# the groups of the status dimension: whom a paragraph's bare figures go on counting
STATUS_GROUPS = frozenset({"civilians", "servicemen"})
# Measures that break a total of another measure down: casualties by outcome, land released by
# method (the contract's table "Subject hierarchy and dimensions").
OUTCOMES_OF = {"casualties": frozenset({"killed", "injured"})}
METHODS_OF = {"released": frozenset({"cleared"})}


def can_be_part(total_subject: str, total_measure: str, subject: str, measure: str) -> bool:
    """Whether (measure, subject) can be one part of a breakdown of the total."""
    if measure == total_measure:
        return subject in PARTS_OF.get(total_subject, frozenset())
    if measure in OUTCOMES_OF.get(total_measure, frozenset()):
        return subject == total_subject or subject in PARTS_OF.get(total_subject, frozenset())
    if measure in METHODS_OF.get(total_measure, frozenset()):
        return subject == total_subject
    return False
