"""Words that describe a speaker without naming them.

"The ministry said", "a resident told …", "the official added": the quote extractor resolves
such a description to the organisation or person the article named, or keeps it as a
description.
"""

from __future__ import annotations

#: Nouns that describe an organisation speaking ("the ministry said").
ORG_NOUNS: dict[str, str] = {
    "en": r"ministry|department|office|agency|alliance|government|army|military|company|"
          r"embassy|committee|commission|council|service|police|command|headquarters|"
          r"administration|white house|kremlin|pentagon|bloc|organisation|organization|"
          r"watchdog|group|operator|regulator|mission|spokesperson's office|authorities|"
          r"air force|navy|general staff|prosecutor's office|emergency service|"
          r"federation|association|institute|centre|center|fund|bank|airline|union|authority|"
          r"border guard|customs|utility|firm|foundation|academy|observatory|"
          r"inspectorate|directorate|secretariat|coalition|corporation|"
          r"municipality|philharmonic|organisers|organizers|gallery|museum|university",
    "ru": r"министерств\w*|ведомств\w*|мид|минобороны|правительств\w*|посольств\w*|штаб\w*|"
          r"командовани\w*|комитет\w*|служб\w*|администраци\w*|кремл\w*|пентагон\w*",
    "uk": r"міністерств\w*|відомств\w*|мзс|міноборони|уряд\w*|посольств\w*|штаб\w*|"
          r"командуванн\w*|комітет\w*|служб\w*|адміністраці\w*|кремл\w*|пентагон\w*",
    "bg": r"министерството|ведомството|правителството|посолството|щабът|службата|"
          r"командването|кремъл|пентагонът|администрацията",
    "pt": r"ministério|governo|embaixada|departamento|agência|aliança|exército|comando|"
          r"gabinete|kremlin|pentágono|casa branca|comissão|conselho",
    "hi": r"मंत्रालय|सरकार|दूतावास|सेना|विभाग|कार्यालय|क्रेमलिन|पेंटागन",
}

#: People described, not named, in English: "a resident", "the woman", "one soldier".
PERSON_NOUNS = (
    r"resident|woman|man|soldier|official|diplomat|rescuer|volunteer|officer|source|expert|"
    r"analyst|doctor|nurse|teacher|farmer|activist|mother|father|pensioner|worker|witness|"
    r"local|student|driver|engineer|fighter|commander|journalist|girl|boy|refugee|survivor|"
    r"veteran|medic|priest|villager|delegate|insider|observer|trader|miner|businessman|owner|"
    r"employee|manager|lawyer|researcher|spokesman|spokeswoman|spokesperson|geologist|"
    r"climatologist|ecologist|biologist|physicist|historian|sociologist|economist|scientist|"
    r"glaciologist|meteorologist|oceanographer|epidemiologist|virologist|political scientist|"
    r"hydrologist|agronomist|pulmonologist|demographer|seismologist|ornithologist|"
    r"toxicologist|ombudsman|broker|commentator|firefighter"
)

#: Functions that fit any titled person: "the official", "a governante", "dirigente" (every
#: language at once).
GENERIC_FUNCTIONS = r"official|governante|responsável|dirigente|чиновник|посадовець|служител"

#: Organisation nouns that stand for whichever organisation the article last named (every
#: language at once).
GENERIC_ORGANISATIONS = (
    r"ведомств\w*|відомств\w*|ведомството|organisation|organization|agency|"
    r"instituição|институт\w*|інститут\w*|instituto|संस्थान|विभाग"
)
