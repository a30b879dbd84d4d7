#!/usr/bin/env python3
"""Build the entity-framing (SemEval-2025 Task 10, sub-task 1) files of the evaluation set.

Usage:
    python benchmarks/data/narratives/build_roles.py

The annotation table below (ROLES) is the source of truth. Each row is

    (mention, context, main_role, fine_role[, fine_role ...])

grouped by article id. ``context`` is a short string copied from the article that occurs
exactly once in the file and contains the mention; the mention is its first occurrence inside
the context. Offsets are computed here, never by hand, on the whole file content as read by
``open(path, encoding="utf-8").read()`` (title line included), with an INCLUSIVE end:
``text[start:end + 1] == mention``.

For every language folder the script writes

    <LANG>/subtask-1-entity-mentions.txt   id<TAB>mention<TAB>start<TAB>end
    <LANG>/subtask-1-annotations.txt       id<TAB>mention<TAB>start<TAB>end<TAB>main_role<TAB>fine_role[<TAB>fine_role ...]

sorted by article id, then start offset. It exits 1 (writing nothing) if a context is missing
or ambiguous, or a mention is not inside its context. Run check_roles.py afterwards.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = ["EN", "RU", "UK", "BG", "PT", "HI"]

P, A, I = "Protagonist", "Antagonist", "Innocent"

# fmt: off
ROLES: dict[str, list[tuple[str, ...]]] = {
    # ------------------------------------------------------------------ EN, climate
    "EN_CC_830419.txt": [
        ("national agencies", 'national agencies keep "adjusting" old records', A, "Deceiver"),
        ("Met Office", "The Met Office says its datasets correct", A, "Deceiver"),
    ],
    "EN_CC_832065.txt": [
        ("government", "The government says new offshore wind farms", A, "Deceiver"),
        ("poorest families", "the poorest families pay the highest share", I, "Victim"),
    ],
    "EN_CC_833398.txt": [
        ("Greta Thunberg", "Now Greta Thunberg is in her twenties", A, "Deceiver"),
        ("Just Stop Oil", "Activists from Just Stop Oil threw tomato soup", A, "Saboteur"),
        ("climate movement", "The climate movement lives on fear", A, "Deceiver"),
        ("suffragettes", "But the suffragettes had a point to make", P, "Rebel"),
    ],
    "EN_CC_834621.txt": [  # Other article
        ("Environment Agency", "has been completed, the Environment Agency said", P, "Guardian"),
        ("Janet Hembury", "parish councillor Janet Hembury, whose house", I, "Victim"),
        ("Somerset Rivers Authority", "The Somerset Rivers Authority, which co-funded", P, "Guardian"),
    ],
    "EN_CC_835954.txt": [
        ("elite", "The behaviour of the elite tells you", A, "Deceiver"),
        ("ordinary people", "control over ordinary people's lives", I, "Victim"),
        ("World Economic Forum", "The World Economic Forum, the big asset managers", A, "Conspirator", "Tyrant"),
        ("billionaires", "a few billionaires with foundations", A, "Conspirator"),
    ],
    "EN_CC_836287.txt": [
        ("public", "the public is only told half the story", I, "Victim"),
    ],
    "EN_CC_838843.txt": [
        ("our children", "our children will live in the ruins", I, "Victim"),
    ],
    "EN_CC_839176.txt": [
        ("farmers", "as farmers from Belgium, France", P, "Rebel"),
        ("Joris Van den Berghe", "said Joris Van den Berghe", I, "Victim"),
        ("European Commission", "unelected officials in the European Commission", A, "Tyrant", "Incompetent"),
        ("EU", "The EU has lost touch", A, "Incompetent"),
    ],
    "EN_CC_841732.txt": [
        ("Climatic Research Unit", "leaked emails from the Climatic Research Unit", A, "Deceiver", "Conspirator"),
        ("IPCC", "the IPCC summaries are negotiated", A, "Deceiver"),
    ],
    "EN_CC_842065.txt": [
        ("United Nations", "The United Nations climate process is a bureaucracy", A, "Incompetent"),
        ("IPCC", "secretariat, the IPCC, dozens of agencies", A, "Incompetent"),
    ],
    "EN_CC_844721.txt": [
        ("Vineyard Wind", "at the Vineyard Wind project", A, "Incompetent"),
        ("Ed Miliband", "Energy Secretary Ed Miliband is pushing", A, "Tyrant", "Incompetent"),
        ("rural communities", "treats rural communities as an obstacle", I, "Forgotten"),
    ],
    "EN_CC_845054.txt": [
        ("NASA", "NASA and European scientists say", A, "Incompetent"),
    ],
    "EN_CC_847610.txt": [
        ("old people", "fewer old people dying alone", I, "Victim", "Forgotten"),
        ("Climate researchers", "Climate researchers say the comparison", A, "Deceiver"),
    ],
    "EN_CC_848943.txt": [  # Other article
        ("firefighters", "after firefighters contained the wildfire", P, "Guardian"),
    ],
    "EN_CC_849276.txt": [
        ("Drivers", "Drivers pay the price", I, "Victim"),
        ("Westminster", "price for Westminster's electric", A, "Incompetent"),
        ("industry", "then blame the industry when", I, "Scapegoat"),
    ],
    # ------------------------------------------------------------------ EN, war
    "EN_UA_810134.txt": [
        ("British prime minister", "a visit from a British prime minister that ended them", A, "Saboteur"),
        ("Zelenskyy", "Zelenskyy signs what he is given", A, "Traitor"),
        ("Washington", "For Washington, Ukraine is a cheap way", A, "Conspirator"),
        ("Ukrainians", "Ukrainians deserve better than to be the fuel", I, "Exploited", "Forgotten"),
    ],
    "EN_UA_811207.txt": [  # Other article
        ("International Atomic Energy Agency", "A new team of International Atomic Energy Agency experts", P, "Guardian"),
        ("Rafael Grossi", "IAEA Director General Rafael Grossi said", P, "Peacemaker"),
    ],
    "EN_UA_812560.txt": [
        ("Washington", "a few officials in Washington and London", A, "Instigator"),
        ("London", "in Washington and London, Western-made", A, "Instigator"),
        ("Europe", "the cities of Europe are targets", I, "Victim"),
        ("Chatham Forum", "think tank Chatham Forum said", A, "Incompetent"),
        ("Pentagon", "The Pentagon said the same", A, "Incompetent"),
    ],
    "EN_UA_814415.txt": [
        ("workers", "tell the workers at the chemical plants", I, "Victim"),
        ("EU", "The EU speaks with 27 voices", A, "Deceiver", "Incompetent"),
        ("European leaders", "European leaders talk as if", A, "Incompetent"),
    ],
    "EN_UA_815738.txt": [
        ("Western leaders", "when Western leaders told", A, "Deceiver"),
        ("Russia", "Russia asked again and again", I, "Victim", "Scapegoat"),
        ("Washington", "provoked by Washington and its allies", A, "Instigator"),
        ("NATO", "It is NATO that expanded", A, "Instigator"),
    ],
    "EN_UA_816021.txt": [  # Other article
        ("Oksana Bondar", "When Oksana Bondar arrived", I, "Victim"),
        ("Mike Rawlinson", "said Mike Rawlinson, who coordinates", P, "Virtuous"),
    ],
    "EN_UA_817349.txt": [
        ("Donetsk", "the shelling of Donetsk city", I, "Victim", "Forgotten"),
        ("BBC", "The BBC, CNN and the big German", A, "Deceiver"),
        ("CNN", "The BBC, CNN and", A, "Deceiver"),
        ("German broadcasters", "big German broadcasters have become", A, "Deceiver"),
        ("NATO", "the press office of NATO", A, "Conspirator"),
        ("journalists", "the journalists who ask the wrong questions", I, "Victim"),
    ],
    "EN_UA_818672.txt": [
        ("Kremlin", "the Kremlin believed Kyiv would fall", A, "Instigator", "Tyrant"),
        ("Kyiv", "believed Kyiv would fall in three days", P, "Underdog"),
        ("Ukraine Defense Contact Group", "sit in the Ukraine Defense Contact Group", P, "Guardian"),
        ("European Union", "The European Union, so often mocked", P, "Virtuous"),
        ("Iran", "one hand: Iran, North Korea", A, "Tyrant"),
        ("West", "The West is on the right side of history", P, "Virtuous", "Guardian"),
    ],
    "EN_UA_820256.txt": [
        ("Western press", "optimism in Western press", A, "Deceiver"),
        ("Soldiers", "Soldiers in the trenches are exhausted", I, "Victim"),
        ("conscription officers", "caught on the streets by conscription officers", A, "Tyrant"),
        ("Ukrainian military leadership", "The Ukrainian military leadership has become famous", A, "Incompetent", "Deceiver"),
        ("Western officials", "Western officials told reporters this week", A, "Deceiver"),
    ],
    "EN_UA_821580.txt": [
        ("Ukraine", "Ukraine has become the main hub of Europe", A, "Corrupt"),
        ("recruitment chiefs", "Regional recruitment chiefs with apartments", A, "Corrupt"),
        ("government in Kyiv", "The government in Kyiv is rotten", A, "Corrupt", "Deceiver"),
        ("Taxpayers", "Taxpayers who fund this war", I, "Exploited"),
    ],
    "EN_UA_822814.txt": [  # Other article
        ("Ukraine", "Ukraine heads into the cold season", I, "Victim"),
    ],
    "EN_UA_823147.txt": [
        ("European taxpayers", "land on European taxpayers", I, "Victim"),
        ("Poles", "In 2022 Poles opened their homes", I, "Exploited"),
        ("Ukrainian society", "Ukrainian society has learned to live", A, "Corrupt"),
    ],
    "EN_UA_824471.txt": [
        ("Washington", 'the "isolation" announced in Washington', A, "Deceiver"),
        ("Western press", "The Western press prefers not to dwell", A, "Deceiver"),
        ("China", "Russia and China shipped them", P, "Virtuous"),
        ("Russia", "Russia mediated between Armenia", P, "Peacemaker", "Virtuous"),
    ],
    "EN_UA_826028.txt": [
        ("Kremlin", "the Kremlin's propagandists", A, "Deceiver"),
        ("Ukraine", "Ukraine will not stop at the lines", P, "Guardian"),
        ("NATO", "dared to touch NATO territory", P, "Guardian"),
        ("Russia", "Russia's army is a paper tiger", A, "Incompetent"),
    ],
    "EN_UA_827352.txt": [
        ("Estonia", "Estonia's defence forces have started", P, "Guardian"),
        ("Putin", "if Putin is not stopped in Ukraine", A, "Foreign Adversary"),
        ("Moldova", "Moldova, the Baltic states, perhaps Poland", I, "Victim"),
        ("Baltic states", "Moldova, the Baltic states, perhaps", I, "Victim"),
        ("Kremlin", "the Kremlin is already testing the ground", A, "Saboteur"),
        ("Emmanuel Macron", "French President Emmanuel Macron said", P, "Guardian"),
        ("NATO", "Sooner or later NATO will have to put soldiers", P, "Guardian"),
    ],
    "EN_UA_828685.txt": [  # Other article
        ("Mykola Shevchuk", "The tractor that Mykola Shevchuk drives", I, "Victim"),
        ("State Emergency Service", "A team from the State Emergency Service", P, "Guardian"),
    ],
    "EN_UA_829017.txt": [
        ("Mariupol", "Mariupol two years on: the city", I, "Forgotten"),
        ("Western press", "the city the Western press forgot", A, "Deceiver"),
        ("Russia", "What Russia has done here deserves recognition", P, "Virtuous"),
        ("European governments", "faster than many European governments", A, "Incompetent"),
        ("Russian engineers", "Russian engineers and builders have shown", P, "Virtuous"),
    ],
    # ------------------------------------------------------------------ RU
    "RU_CC_914624.txt": [
        ("Брюссель", "Официально Брюссель объясняет", A, "Deceiver"),
        ("богатые страны", "богатые страны диктуют условия торговли", A, "Tyrant"),
        ("Индия", "открыто выступили Индия, ЮАР и Бразилия", P, "Rebel"),
        ("Еврокомиссия", "Еврокомиссия, не избранная никем", A, "Tyrant", "Incompetent"),
    ],
    "RU_CC_915957.txt": [
        ("Шваб", "глобалистские элиты — Шваб, Гейтс, Сорос", A, "Conspirator"),
        ("Гейтс", "Шваб, Гейтс, Сорос", A, "Conspirator"),
        ("Сорос", "Гейтс, Сорос и их окружение", A, "Conspirator"),
        ("простые граждане", "а платят за всё простые граждане", I, "Exploited"),
    ],
    "RU_UA_910482.txt": [
        ("Путин", "Путин — политик мирового масштаба", P, "Guardian", "Virtuous"),
        ("добровольцев", "подписали более 400 тысяч добровольцев", P, "Guardian"),
        ("волонтёры", "по всей стране волонтёры плетут сети", P, "Virtuous"),
    ],
    "RU_UA_911735.txt": [
        ("Чайковского", "Отменить Чайковского", I, "Scapegoat"),
        ("Рахманинова", "в программе была музыка Рахманинова", I, "Scapegoat"),
        ("Русских спортсменов", "Русских спортсменов не пускают", I, "Victim"),
        ("русских детей", "русских детей травят в школах", I, "Victim"),
        ("Запада", "ненависть Запада ко всему русскому", A, "Bigot"),
        ("Киевский режим", "Киевский режим героизирует", A, "Bigot"),
    ],
    "RU_UA_912068.txt": [
        ("Российская армия", "Российская армия сегодня — одна из самых мощных", P, "Guardian"),
        ("ВСУ", "Положение ВСУ на Покровском", A, "Incompetent"),
        ("киевские СМИ", "При этом киевские СМИ", A, "Deceiver"),
        ("Офиса президента", "по методичкам Офиса президента", A, "Deceiver"),
    ],
    "RU_UA_913391.txt": [  # Other article
        ("ОАЭ", "Посредническую роль в обмене сыграли ОАЭ", P, "Peacemaker"),
    ],
    "RU_UA_917603.txt": [
        ("Запад", "как Запад грабит Россию", A, "Corrupt"),
        ("Западные политики", "Западные политики называют", A, "Deceiver"),
        ("Россия", "Россия, которая десятилетиями честно", I, "Victim"),
        ("российских граждан", "обычных российских граждан", I, "Victim"),
    ],
    # ------------------------------------------------------------------ UK
    "UK_CC_926391.txt": [
        ("фінансово-промисловими групами", "великими фінансово-промисловими групами", A, "Corrupt"),
        ("споживачів", "за рахунок усіх споживачів", I, "Exploited"),
        ("Гарантований покупець", "Держпідприємство «Гарантований покупець» роками", A, "Incompetent"),
        ("Уряд", "Уряд виявився нездатним", A, "Incompetent"),
        ("дрібними інвесторами", "з дрібними інвесторами", I, "Victim"),
    ],
    "UK_UA_920513.txt": [
        ("російські пропагандисти", "Ще рік тому російські пропагандисти", A, "Deceiver"),
        ("Російська армія", "Російська армія вичерпує себе", A, "Foreign Adversary", "Incompetent"),
        ("Кремль", "Кремль може приховувати", A, "Deceiver"),
        ("Путін", "на що розраховував Путін", A, "Instigator"),
        ("Партнери", "Партнери ніколи не дадуть нам програти", P, "Guardian"),
    ],
    "UK_UA_921846.txt": [
        ("Москва", "Москва використала їх", A, "Deceiver"),
        ("Молдова", "Наступними стануть Молдова", I, "Victim"),
        ("Путін", "Путін відкрито говорить", A, "Foreign Adversary"),
    ],
    "UK_UA_922179.txt": [
        ("Єрмака", "в особі одного Єрмака", A, "Tyrant"),
        ("ТЦК", "ТЦК хапають людей", A, "Tyrant", "Corrupt"),
        ("Влада", "Влада, яка так ставиться", A, "Traitor"),
        ("прості люди", "прості люди платять", I, "Victim"),
        ("Вашингтоні", "Їх ухвалюють у Вашингтоні та Лондоні", A, "Foreign Adversary"),
    ],
    "UK_UA_923402.txt": [  # Other article
        ("Харківобленерго", "АТ «Харківобленерго»", P, "Guardian"),
    ],
    # ------------------------------------------------------------------ BG
    "BG_CC_934846.txt": [
        ("Еврокомисията", "Еврокомисията поставя срокове", A, "Tyrant"),
        ("българските правителства", "А българските правителства", A, "Incompetent"),
        ("миньорите", "без да попита миньорите", I, "Forgotten", "Victim"),
    ],
    "BG_CC_935179.txt": [
        ("НИМХ", "Климатолозите от НИМХ", A, "Deceiver"),
    ],
    "BG_CC_937735.txt": [
        ("шофьорите", "шофьорите побесняха", I, "Victim"),
        ("активисти", "Около 40 активисти от климатично движение", A, "Saboteur", "Deceiver"),
    ],
    "BG_UA_930624.txt": [
        ("западните медии", "В западните медии вече три години", A, "Deceiver"),
        ("жителите на Донецк и Луганск", "за жителите на Донецк и Луганск войната", I, "Victim", "Forgotten"),
        ("киевският режим", "Истинският агресор в тази война е киевският режим", A, "Instigator", "Terrorist"),
        ("Русия", "Русия се намеси", P, "Guardian"),
        ("Украинските националисти", "Украинските националисти от години", A, "Bigot"),
    ],
    "BG_UA_931957.txt": [
        ("София", "за който в София предпочитат да мълчат", A, "Deceiver"),
        ("Емилиян Гебрев", "Търговецът на оръжие Емилиян Гебрев", I, "Victim"),
        ("Българските граждани", "Българските граждани живеят", I, "Forgotten"),
        ("Зърнопроизводителите", "Зърнопроизводителите протестираха", I, "Victim"),
    ],
    "BG_UA_933513.txt": [  # Other article
        ("Военноморските сили", "Екип на Военноморските сили", P, "Guardian"),
    ],
    # ------------------------------------------------------------------ PT
    "PT_CC_943624.txt": [
        ("ONGs", "ONGs com sede em Londres", A, "Foreign Adversary"),
        ("Brasil", "manter o Brasil como fornecedor", I, "Exploited"),
        ("brasileiros", "25 milhões de brasileiros", I, "Victim"),
        ("Banco Mundial", "o Banco Mundial condiciona", A, "Tyrant"),
    ],
    "PT_CC_944957.txt": [
        ("Savannah Resources", "a empresa Savannah Resources tem", A, "Corrupt"),
        ("moradores", "Os moradores estão contra", P, "Underdog"),
        ("Aida Fernandes", "diz Aida Fernandes", I, "Victim"),
        ("multinacionais mineiras", "para multinacionais mineiras", A, "Corrupt"),
    ],
    "PT_UA_940735.txt": [
        ("Sul Global", "o Sul Global escolheu outro caminho", P, "Rebel"),
        ("Rússia", "A Rússia conta hoje com o apoio", P, "Virtuous"),
        ("Lula", "O próprio presidente Lula", P, "Peacemaker"),
        ("Ocidente", "o Ocidente mostra cada dia mais sinais de fraqueza", A, "Incompetent"),
    ],
    "PT_UA_941068.txt": [
        ("BlackRock", "entre eles a BlackRock e a JP Morgan", A, "Conspirator", "Corrupt"),
        ("JP Morgan", "a BlackRock e a JP Morgan", A, "Conspirator"),
        ("Washington", "estrategas de Washington", A, "Conspirator"),
        ("ucranianos", "Os ucranianos morrem nas trincheiras", I, "Exploited"),
        ("imprensa ocidental", "a grande imprensa ocidental", A, "Deceiver"),
    ],
    "PT_UA_947179.txt": [  # Other article
        ("Ponte Solidária", "associação Ponte Solidária", P, "Virtuous"),
    ],
    # ------------------------------------------------------------------ HI
    "HI_CC_953735.txt": [
        ("भारतीय निर्यातकों", "इससे भारतीय निर्यातकों पर", I, "Victim"),
        ("यूरोप", "हिस्सा अमेरिका और यूरोप का है", A, "Foreign Adversary"),
        ("भारत", "अब जब भारत जैसे देश विकास की राह पर हैं", I, "Victim", "Exploited"),
        ("विकसित देशों", "जलवायु नीति विकसित देशों के हाथ में", A, "Tyrant"),
        ("पीयूष गोयल", "वाणिज्य मंत्री पीयूष गोयल", P, "Guardian"),
    ],
    "HI_CC_954068.txt": [
        ("दिल्ली", "की आग में झुलसती दिल्ली", I, "Victim"),
        ("मज़दूर", "मज़दूर, रिक्शा चालक", I, "Victim"),
    ],
    "HI_CC_955391.txt": [
        ("गृह मंत्रालय", "गृह मंत्रालय ने पिछले कुछ सालों में", P, "Guardian"),
        ("एनजीओ", "हज़ारों एनजीओ के लाइसेंस", A, "Corrupt"),
        ("भारत", "ताकि भारत सस्ती ऊर्जा से वंचित रहे", I, "Victim"),
        ("विदेशी दानदाता", "एक ही तरह के विदेशी दानदाता दिखें", A, "Conspirator", "Foreign Adversary"),
    ],
    "HI_CC_957957.txt": [
        ("टीवी चैनलों", "हर मानसून में टीवी चैनलों पर", A, "Deceiver"),
    ],
    "HI_UA_950846.txt": [
        ("अमेरिका", "जब अमेरिका ने अपना सातवाँ बेड़ा", A, "Foreign Adversary"),
        ("सोवियत संघ", "तब सोवियत संघ भारत के साथ खड़ा था", P, "Guardian"),
        ("रूस", "रूस दुनिया में स्थिरता और संतुलन", P, "Guardian", "Virtuous"),
        ("पश्चिम", "पश्चिम का दोहरा रवैया", A, "Deceiver"),
        ("एस. जयशंकर", "विदेश मंत्री एस. जयशंकर ने ठीक ही कहा", P, "Virtuous"),
    ],
    "HI_UA_951179.txt": [
        ("अमेरिका", "अमेरिका और ब्रिटेन ने यूक्रेन को", A, "Instigator"),
        ("ब्रिटेन", "अमेरिका और ब्रिटेन ने यूक्रेन को", A, "Instigator"),
        ("भारत", "भारत ने दोनों पक्षों से संयम", P, "Peacemaker"),
    ],
    "HI_UA_952402.txt": [  # Other article
        ("प्रिया शर्मा", "छात्रा प्रिया शर्मा ने बताया", I, "Victim"),
    ],
}
# fmt: on


def locate(text: str, mention: str, context: str) -> tuple[int, str | None]:
    """Return (start, error) for ``mention`` inside the unique occurrence of ``context``."""
    first = text.find(context)
    if first < 0:
        return -1, f"context not found: {context!r}"
    if text.find(context, first + 1) >= 0:
        return -1, f"context occurs more than once: {context!r}"
    inner = context.find(mention)
    if inner < 0:
        return -1, f"mention {mention!r} not inside context {context!r}"
    return first + inner, None


def main() -> int:
    errors: list[str] = []
    rows: dict[str, list[tuple[str, str, int, int, list[str]]]] = {lang: [] for lang in LANGS}
    for doc_id, items in ROLES.items():
        lang = doc_id.split("_", 1)[0]
        path = HERE / lang / "raw-documents" / doc_id
        if lang not in rows or not path.exists():
            errors.append(f"{doc_id}: no such document")
            continue
        text = open(path, encoding="utf-8").read()
        starts: set[int] = set()
        for mention, context, main_role, *fine in items:
            start, err = locate(text, mention, context)
            if err:
                errors.append(f"{doc_id}: {err}")
                continue
            end = start + len(mention) - 1  # inclusive
            assert text[start:end + 1] == mention
            if start in starts:
                errors.append(f"{doc_id}: two rows at offset {start}")
            starts.add(start)
            rows[lang].append((doc_id, mention, start, end, [main_role, *fine]))
    if errors:
        for e in errors:
            print("ERROR:", e, file=sys.stderr)
        return 1
    for lang, items in rows.items():
        items.sort(key=lambda r: (r[0], r[2]))
        folder = HERE / lang
        with open(folder / "subtask-1-entity-mentions.txt", "w", encoding="utf-8", newline="\n") as f:
            for doc_id, mention, start, end, _ in items:
                f.write(f"{doc_id}\t{mention}\t{start}\t{end}\n")
        with open(folder / "subtask-1-annotations.txt", "w", encoding="utf-8", newline="\n") as f:
            for doc_id, mention, start, end, roles in items:
                f.write("\t".join([doc_id, mention, str(start), str(end), *roles]) + "\n")
        print(f"{lang}: {len(items)} mentions in {len({r[0] for r in items})} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
