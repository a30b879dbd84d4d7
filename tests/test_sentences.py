"""Tests for narrascope.sentences (rule-based multilingual sentence splitter)."""

from __future__ import annotations

import doctest
import random
import time

import pytest

from narrascope import sentences
from narrascope.sentences import split_sentences


def _texts(text: str, language: str | None = None) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, language)]


# (id, language, text, expected sentence strings)
CASES: list[tuple[str, str | None, str, list[str]]] = [
    # ---------------------------------------------------------------- basic terminators
    (
        "en-basic",
        "en",
        "Russian forces shelled Kharkiv overnight. Two people were injured.",
        ["Russian forces shelled Kharkiv overnight.", "Two people were injured."],
    ),
    (
        "en-exclamation",
        "en",
        "Glory to Ukraine! The crowd answered loudly.",
        ["Glory to Ukraine!", "The crowd answered loudly."],
    ),
    (
        "en-interrobang-run",
        "en",
        "Is this really a ceasefire?! Nobody in Kherson believes it.",
        ["Is this really a ceasefire?!", "Nobody in Kherson believes it."],
    ),
    (
        "en-ellipsis-run-ends-sentence",
        "en",
        "Residents waited for the evacuation buses... Nothing arrived.",
        ["Residents waited for the evacuation buses...", "Nothing arrived."],
    ),
    (
        "en-unicode-ellipsis-ends-sentence",
        "en",
        "The sirens went silent… Then the explosions began.",
        ["The sirens went silent…", "Then the explosions began."],
    ),
    (
        "en-ellipsis-mid-sentence-lowercase",
        "en",
        "The talks were... difficult, officials admitted. Then they left.",
        ["The talks were... difficult, officials admitted.", "Then they left."],
    ),
    (
        "en-unicode-ellipsis-mid-sentence",
        "en",
        "Emissions fell… but only for a year. Scientists were not surprised.",
        ["Emissions fell… but only for a year.", "Scientists were not surprised."],
    ),
    (
        "en-spaced-ellipsis",
        "en",
        "He paused . . . Then he continued reading the decree.",
        ["He paused . . .", "Then he continued reading the decree."],
    ),
    (
        "en-digit-after-sentence",
        "en",
        "The offensive began in 2022. 300 soldiers were captured in the first week.",
        ["The offensive began in 2022.", "300 soldiers were captured in the first week."],
    ),
    (
        "en-bracket-after-terminator",
        "en",
        "The ministry confirmed the strike. (Casualties are unknown.) Rescue work continues.",
        [
            "The ministry confirmed the strike.",
            "(Casualties are unknown.)",
            "Rescue work continues.",
        ],
    ),
    (
        "en-edge-whitespace",
        "en",
        "  Heavy rain flooded Odesa.   Power was cut.  ",
        ["Heavy rain flooded Odesa.", "Power was cut."],
    ),
    (
        "en-no-final-terminator",
        "en",
        "The drone attack lasted four hours. Air defence units were still active",
        ["The drone attack lasted four hours.", "Air defence units were still active"],
    ),
    # ---------------------------------------------------------------- abbreviations
    (
        "en-titles",
        "en",
        "Mr. Zelensky met Gen. Syrskyi and Lt. Col. Petrenko on Monday. They discussed the front.",
        [
            "Mr. Zelensky met Gen. Syrskyi and Lt. Col. Petrenko on Monday.",
            "They discussed the front.",
        ],
    ),
    (
        "en-dr-st",
        "en",
        "Dr. Jones flew to St. Louis on Tuesday. She returned on Friday.",
        ["Dr. Jones flew to St. Louis on Tuesday.", "She returned on Friday."],
    ),
    (
        "en-us-army-no-split",
        "en",
        "The U.S. Army sent more shells. The U.K. followed within a week.",
        ["The U.S. Army sent more shells.", "The U.K. followed within a week."],
    ),
    (
        "en-us-ends-sentence-before-starter",
        "en",
        "The new aid package came from the U.S. The shipment included air defence missiles.",
        [
            "The new aid package came from the U.S.",
            "The shipment included air defence missiles.",
        ],
    ),
    (
        "en-etc-before-starter",
        "en",
        "Sanctions hit banks, oil firms, shipping, etc. The rouble fell sharply.",
        ["Sanctions hit banks, oil firms, shipping, etc.", "The rouble fell sharply."],
    ),
    (
        "en-etc-before-lowercase",
        "en",
        "Sanctions hit banks, oil firms, etc. and the rouble fell sharply.",
        ["Sanctions hit banks, oil firms, etc. and the rouble fell sharply."],
    ),
    (
        "en-am-not-final",
        "en",
        "The talks began at 10 a.m. Kyiv time and ended late at night.",
        ["The talks began at 10 a.m. Kyiv time and ended late at night."],
    ),
    (
        "en-pm-final",
        "en",
        "The talks ended at 11 p.m. The delegations left Istanbul the next morning.",
        ["The talks ended at 11 p.m.", "The delegations left Istanbul the next morning."],
    ),
    (
        "en-inc-final",
        "en",
        "The contract went to Lockheed Martin Inc. It covers 200 missiles.",
        ["The contract went to Lockheed Martin Inc.", "It covers 200 missiles."],
    ),
    (
        "en-initials",
        "en",
        "The report by J. R. Smith was published in Sept. 2023. It was widely cited.",
        ["The report by J. R. Smith was published in Sept. 2023.", "It was widely cited."],
    ),
    (
        "en-no-and-eg",
        "en",
        "Resolution No. 2202 covers several issues, e.g. prisoner exchanges. It was ignored.",
        [
            "Resolution No. 2202 covers several issues, e.g. prisoner exchanges.",
            "It was ignored.",
        ],
    ),
    (
        "en-ie-vs",
        "en",
        "The case Ukraine vs. Russia, i.e. the genocide claim, opened in The Hague. It continues.",
        [
            "The case Ukraine vs. Russia, i.e. the genocide claim, opened in The Hague.",
            "It continues.",
        ],
    ),
    # ---------------------------------------------------------------- numbers, urls, e-mails
    (
        "en-decimals",
        "en",
        "Global temperatures rose 1.5 degrees and emissions rose 3.5 percent. That is a record.",
        [
            "Global temperatures rose 1.5 degrees and emissions rose 3.5 percent.",
            "That is a record.",
        ],
    ),
    (
        "en-time-and-date",
        "en",
        "The attack started at 04.30 on 24.02.2022 near Kyiv. It was still dark.",
        ["The attack started at 04.30 on 24.02.2022 near Kyiv.", "It was still dark."],
    ),
    (
        "en-domains",
        "en",
        (
            "The claim was posted on www.kremlin.ru and repeated by tass.ru overnight. "
            "Officials declined to comment."
        ),
        [
            "The claim was posted on www.kremlin.ru and repeated by tass.ru overnight.",
            "Officials declined to comment.",
        ],
    ),
    (
        "en-url-with-capitals",
        "en",
        "Read the report at https://example.org/docs/report.Final.pdf today. It is long.",
        ["Read the report at https://example.org/docs/report.Final.pdf today.", "It is long."],
    ),
    (
        "en-missing-space-after-url",
        None,
        "Visit www.Kremlin.ru.The site is down.",
        ["Visit www.Kremlin.ru.", "The site is down."],
    ),
    (
        "en-inch-mark-is-not-a-quote",
        "en",
        'The 12" shells arrived. "We are ready." The gunners waited.',
        ['The 12" shells arrived.', '"We are ready."', "The gunners waited."],
    ),
    (
        "en-email",
        "en",
        "Journalists can write to press.office@mod.gov.ua for accreditation. Replies are slow.",
        [
            "Journalists can write to press.office@mod.gov.ua for accreditation.",
            "Replies are slow.",
        ],
    ),
    (
        "en-domain-ends-sentence",
        "en",
        "The video appeared on rt.com. It was later deleted.",
        ["The video appeared on rt.com.", "It was later deleted."],
    ),
    # ---------------------------------------------------------------- missing spaces
    (
        "en-missing-space",
        "en",
        "Drones hit a refinery overnight.The ministry said no one was hurt.",
        ["Drones hit a refinery overnight.", "The ministry said no one was hurt."],
    ),
    (
        "en-missing-space-after-title",
        "en",
        "The statement by Mr.Smith was brief. He left.",
        ["The statement by Mr.Smith was brief.", "He left."],
    ),
    (
        "en-missing-space-eg",
        "en",
        "Some allies, e.g.Poland, sent tanks quickly. Others hesitated.",
        ["Some allies, e.g.Poland, sent tanks quickly.", "Others hesitated."],
    ),
    (
        "en-missing-space-single-letter-word",
        "en",
        "The vote failed.A new one is planned.",
        ["The vote failed.A new one is planned."],
    ),
    # ---------------------------------------------------------------- headings
    (
        "en-numbered-heading",
        "en",
        "1. Introduction\n2. Methods and data. This section describes the corpus.",
        ["1. Introduction", "2. Methods and data.", "This section describes the corpus."],
    ),
    (
        "en-roman-heading",
        "en",
        "IV. Conclusions and policy recommendations",
        ["IV. Conclusions and policy recommendations"],
    ),
    # ---------------------------------------------------------------- quotes
    (
        "en-question-attribution",
        "en",
        '"Will we win?" he asked.',
        ['"Will we win?" he asked.'],
    ),
    (
        "en-comma-attribution",
        "en",
        "“We will win,” Zelensky said.",
        ["“We will win,” Zelensky said."],
    ),
    (
        "en-exclamation-attribution-capitalised",
        "en",
        "“We will win!” Zelensky said. The crowd cheered.",
        ["“We will win!” Zelensky said.", "The crowd cheered."],
    ),
    (
        "en-quote-then-new-sentence",
        "en",
        '"We will win." The crowd cheered.',
        ['"We will win."', "The crowd cheered."],
    ),
    (
        "en-multi-sentence-quote",
        "en",
        "“We are ready. We will hold the line,” the commander told reporters. Shelling resumed.",
        [
            "“We are ready. We will hold the line,” the commander told reporters.",
            "Shelling resumed.",
        ],
    ),
    (
        "en-closing-quote-included",
        "en",
        "He said: “The front is stable.” Analysts disagreed.",
        ["He said: “The front is stable.”", "Analysts disagreed."],
    ),
    (
        "en-straight-quotes-toggle",
        "en",
        'Moscow called the report "fake. Totally fake." Kyiv disagreed.',
        ['Moscow called the report "fake. Totally fake."', "Kyiv disagreed."],
    ),
    (
        "en-nested-quotes",
        "en",
        "“He told me ‘we are ready.’ I believed him,” she said. The talks resumed.",
        ["“He told me ‘we are ready.’ I believed him,” she said.", "The talks resumed."],
    ),
    (
        "en-single-curly-quotes",
        "en",
        "‘We are not leaving.’ The villagers stayed.",
        ["‘We are not leaving.’", "The villagers stayed."],
    ),
    (
        "en-apostrophes-not-quotes",
        "en",
        "Ukraine’s army didn’t retreat. Russia’s losses grew. The soldiers’ families waited.",
        [
            "Ukraine’s army didn’t retreat.",
            "Russia’s losses grew.",
            "The soldiers’ families waited.",
        ],
    ),
    (
        "en-short-speech-clause",
        "en",
        "“We have no choice!” Ukraine’s foreign minister Dmytro Kuleba said. He left.",
        ["“We have no choice!” Ukraine’s foreign minister Dmytro Kuleba said.", "He left."],
    ),
    (
        "en-long-clause-is-new-sentence",
        "en",
        "“We have no choice!” The long-serving foreign minister of Ukraine then told Reuters.",
        ["“We have no choice!”", "The long-serving foreign minister of Ukraine then told Reuters."],
    ),
    (
        "en-attribution-with-abbreviation",
        "en",
        "“We will hold Bakhmut!” Gen. Syrskyi said. The battle continued.",
        ["“We will hold Bakhmut!” Gen. Syrskyi said.", "The battle continued."],
    ),
    (
        "en-attribution-comma-clause",
        "en",
        "“Winter will be hard!” Zelensky warned, adding that more aid was needed. Allies agreed.",
        [
            "“Winter will be hard!” Zelensky warned, adding that more aid was needed.",
            "Allies agreed.",
        ],
    ),
    (
        "en-quote-after-sentence",
        "en",
        "He smiled. “We are ready,” he said.",
        ["He smiled.", "“We are ready,” he said."],
    ),
    (
        "en-ellipsis-in-brackets",
        "en",
        "The statement read: (...) The offensive will continue.",
        ["The statement read: (...) The offensive will continue."],
    ),
    (
        "en-capitalised-speech-clause-is-attribution",
        "en",
        "“Stop!” The soldiers argued. Nobody moved.",
        ["“Stop!” The soldiers argued.", "Nobody moved."],
    ),
    (
        "en-two-quotes",
        "en",
        "“Stop!” “Go!” Nobody moved.",
        ["“Stop!”", "“Go!”", "Nobody moved."],
    ),
    # ---------------------------------------------------------------- Russian
    (
        "ru-basic",
        "ru",
        "Песков заявил журналистам об этом в понедельник. Он не уточнил детали.",
        ["Песков заявил журналистам об этом в понедельник.", "Он не уточнил детали."],
    ),
    (
        "ru-guillemets-dash-attribution",
        "ru",
        "«Мы победим!» — заявил Песков.",
        ["«Мы победим!» — заявил Песков."],
    ),
    (
        "ru-guillemets-multi-sentence",
        "ru",
        "«Ситуация стабильна. Угрозы нет», — сказал губернатор. Жители не поверили.",
        ["«Ситуация стабильна. Угрозы нет», — сказал губернатор.", "Жители не поверили."],
    ),
    (
        "ru-short-speech-clause",
        "ru",
        "«Переговоры возможны!» Песков заявил это в Кремле. Журналисты промолчали.",
        ["«Переговоры возможны!» Песков заявил это в Кремле.", "Журналисты промолчали."],
    ),
    (
        "ru-initials-spaced",
        "ru",
        "В. В. Путин провёл совещание. Оно длилось час.",
        ["В. В. Путин провёл совещание.", "Оно длилось час."],
    ),
    (
        "ru-initials-glued",
        "ru",
        "А.Б. Иванов подал в отставку. Его место занял заместитель.",
        ["А.Б. Иванов подал в отставку.", "Его место занял заместитель."],
    ),
    (
        "ru-year-abbrev-final",
        "ru",
        "Это произошло в 2014 г. В Крыму тогда прошёл референдум.",
        ["Это произошло в 2014 г.", "В Крыму тогда прошёл референдум."],
    ),
    (
        "ru-city-abbrev",
        "ru",
        "Встреча прошла в г. Москва в присутствии журналистов.",
        ["Встреча прошла в г. Москва в присутствии журналистов."],
    ),
    (
        "ru-te-td",
        "ru",
        "Обсуждали санкции, т.е. запрет на импорт, поставки оружия и т.д. Все остались недовольны.",
        [
            "Обсуждали санкции, т.е. запрет на импорт, поставки оружия и т.д.",
            "Все остались недовольны.",
        ],
    ),
    (
        "ru-spaced-t-d",
        "ru",
        "Они обсудили газ, нефть, зерно и т. д. Это заняло весь день.",
        ["Они обсудили газ, нефть, зерно и т. д.", "Это заняло весь день."],
    ),
    (
        "ru-i-dr",
        "ru",
        "В списке Германия, Франция и др. Он будет расширен.",
        ["В списке Германия, Франция и др.", "Он будет расширен."],
    ),
    (
        "ru-money-abbrevs",
        "ru",
        "Ущерб составил 1,5 млрд. руб. Об этом сообщил Минфин. Помощь составит 500 тыс. рублей.",
        [
            "Ущерб составил 1,5 млрд. руб.",
            "Об этом сообщил Минфин.",
            "Помощь составит 500 тыс. рублей.",
        ],
    ),
    (
        "ru-street",
        "ru",
        "Ракета упала на ул. Ленина. Жертв нет.",
        ["Ракета упала на ул. Ленина.", "Жертв нет."],
    ),
    (
        "ru-domain",
        "ru",
        "Об этом сообщает tass.ru со ссылкой на источник. Подробности не раскрываются.",
        ["Об этом сообщает tass.ru со ссылкой на источник.", "Подробности не раскрываются."],
    ),
    (
        "ru-missing-space",
        "ru",
        "Взрыв произошёл ночью.Власти пока молчат.",
        ["Взрыв произошёл ночью.", "Власти пока молчат."],
    ),
    (
        "ru-angle-single-guillemets",
        "ru",
        "Он назвал это ‹провокацией. Не более›. Встреча сорвалась.",
        ["Он назвал это ‹провокацией. Не более›.", "Встреча сорвалась."],
    ),
    (
        "ru-dialogue-dash-lowercase",
        "ru",
        "— Мы готовы! — заявил командир. — Отступать некуда.",
        ["— Мы готовы! — заявил командир.", "— Отступать некуда."],
    ),
    # ---------------------------------------------------------------- Ukrainian
    (
        "uk-low-high-quotes",
        "uk",
        "„Ми вистоїмо. Ми переможемо!“ — сказав Зеленський.",
        ["„Ми вистоїмо. Ми переможемо!“ — сказав Зеленський."],
    ),
    (
        "uk-low-quote-short-clause",
        "uk",
        "„Ситуація складна.“ Так заявив речник ЗСУ. Бої тривають.",
        ["„Ситуація складна.“ Так заявив речник ЗСУ.", "Бої тривають."],
    ),
    (
        "uk-general-abbrev",
        "uk",
        "Зеленський зустрівся з ген. Сирським. Вони обговорили ситуацію на фронті.",
        ["Зеленський зустрівся з ген. Сирським.", "Вони обговорили ситуацію на фронті."],
    ),
    (
        "uk-apostrophes",
        "uk",
        "Ворог випустив п’ять ракет. М'ясо подорожчало на 12,5 %. Уряд обіцяє втрутитися.",
        ["Ворог випустив п’ять ракет.", "М'ясо подорожчало на 12,5 %.", "Уряд обіцяє втрутитися."],
    ),
    (
        "uk-currency-final",
        "uk",
        "Збитки сягнули 3 млрд грн. Це вдвічі більше, ніж торік.",
        ["Збитки сягнули 3 млрд грн.", "Це вдвічі більше, ніж торік."],
    ),
    (
        "uk-year-final",
        "uk",
        "Атака сталася у 2022 р. Тоді загинули десятки людей.",
        ["Атака сталася у 2022 р.", "Тоді загинули десятки людей."],
    ),
    (
        "uk-guillemets-comma-dash",
        "uk",
        "«Ми не відступимо», — сказав командир. Бої тривають.",
        ["«Ми не відступимо», — сказав командир.", "Бої тривають."],
    ),
    # ---------------------------------------------------------------- Bulgarian
    (
        "bg-basic",
        "bg",
        "Министърът каза, че помощта ще пристигне скоро. Това ще стане до края на месеца.",
        ["Министърът каза, че помощта ще пристигне скоро.", "Това ще стане до края на месеца."],
    ),
    (
        "bg-low-quotes-dash",
        "bg",
        "„Ще помогнем на Украйна!“ — заяви премиерът.",
        ["„Ще помогнем на Украйна!“ — заяви премиерът."],
    ),
    (
        "bg-low-quote-right-double",
        "bg",
        "Президентът каза: „Готови сме. Ще помогнем.” След това си тръгна.",
        ["Президентът каза: „Готови сме. Ще помогнем.”", "След това си тръгна."],
    ),
    (
        "bg-prof-tnar",
        "bg",
        "Проф. Иванов коментира т.нар. зелена сделка. Той е критичен.",
        ["Проф. Иванов коментира т.нар. зелена сделка.", "Той е критичен."],
    ),
    (
        "bg-leva-final",
        "bg",
        "Сделката е за 1,2 млрд. лв. Това е рекорд.",
        ["Сделката е за 1,2 млрд. лв.", "Това е рекорд."],
    ),
    (
        "bg-date-year",
        "bg",
        "Срещата е на 15.03.2023 г. в София. Участват 20 държави.",
        ["Срещата е на 15.03.2023 г. в София.", "Участват 20 държави."],
    ),
    # ---------------------------------------------------------------- Portuguese
    (
        "pt-quote-lowercase-attribution",
        "pt",
        '"Nós venceremos." disse o ministro.',
        ['"Nós venceremos." disse o ministro.'],
    ),
    (
        "pt-question-attribution",
        "pt",
        '"Vamos vencer?" perguntou o general. Ninguém respondeu.',
        ['"Vamos vencer?" perguntou o general.', "Ninguém respondeu."],
    ),
    (
        "pt-sr",
        "pt",
        "O Sr. Silva chegou a Kiev na segunda-feira. Ele se reuniu com o presidente.",
        ["O Sr. Silva chegou a Kiev na segunda-feira.", "Ele se reuniu com o presidente."],
    ),
    (
        "pt-dra-p-ex",
        "pt",
        "A Dra. Costa explicou os dados, p. ex. as emissões de metano. Isso preocupa.",
        ["A Dra. Costa explicou os dados, p. ex. as emissões de metano.", "Isso preocupa."],
    ),
    (
        "pt-decimal-comma",
        "pt",
        "As emissões caíram 2,5% em 2023. O governo comemorou.",
        ["As emissões caíram 2,5% em 2023.", "O governo comemorou."],
    ),
    (
        "pt-curly-comma-attribution",
        "pt",
        "“O clima está mudando rápido”, afirmou o cientista. Ninguém discordou.",
        ["“O clima está mudando rápido”, afirmou o cientista.", "Ninguém discordou."],
    ),
    (
        "pt-address",
        "pt",
        "A reunião foi no nº. 10 da Av. Paulista. Ela durou horas.",
        ["A reunião foi no nº. 10 da Av. Paulista.", "Ela durou horas."],
    ),
    (
        "pt-guillemets-capitalised-verb-clause",
        "pt",
        "«A guerra deve acabar!» O papa disse isso no domingo. Os fiéis aplaudiram.",
        ["«A guerra deve acabar!» O papa disse isso no domingo.", "Os fiéis aplaudiram."],
    ),
    # ---------------------------------------------------------------- Hindi
    (
        "hi-danda",
        "hi",
        "रूस ने यूक्रेन पर हमला किया। कई लोग मारे गए।",
        ["रूस ने यूक्रेन पर हमला किया।", "कई लोग मारे गए।"],
    ),
    (
        "hi-double-danda",
        "hi",
        "प्रधानमंत्री ने बैठक बुलाई॥ बैठक में जलवायु पर चर्चा हुई।",
        ["प्रधानमंत्री ने बैठक बुलाई॥", "बैठक में जलवायु पर चर्चा हुई।"],
    ),
    (
        "hi-period-and-decimal",
        "hi",
        "तापमान 1.5 डिग्री बढ़ गया. वैज्ञानिक चिंतित हैं.",
        ["तापमान 1.5 डिग्री बढ़ गया.", "वैज्ञानिक चिंतित हैं."],
    ),
    (
        "hi-quote-attribution",
        "hi",
        "“बातचीत जारी रहेगी।” विदेश मंत्री ने कहा। बैठक खत्म हुई।",
        ["“बातचीत जारी रहेगी।” विदेश मंत्री ने कहा।", "बैठक खत्म हुई।"],
    ),
    (
        "hi-doctor-abbrev",
        "hi",
        "डॉ. शर्मा ने रिपोर्ट जारी की। इसमें चेतावनी दी गई।",
        ["डॉ. शर्मा ने रिपोर्ट जारी की।", "इसमें चेतावनी दी गई।"],
    ),
    (
        "hi-missing-space-after-danda",
        "hi",
        "बैठक खत्म हुई।नेता लौट गए।",
        ["बैठक खत्म हुई।", "नेता लौट गए।"],
    ),
    (
        "hi-question",
        "hi",
        "क्या युद्ध खत्म होगा? कोई नहीं जानता।",
        ["क्या युद्ध खत्म होगा?", "कोई नहीं जानता।"],
    ),
    # ---------------------------------------------------------------- language=None / 'und'
    (
        "und-mixed-abbrevs",
        None,
        "Mr. Smith met Г. Иванов and the Sra. Costa. They talked.",
        ["Mr. Smith met Г. Иванов and the Sra. Costa.", "They talked."],
    ),
    (
        "und-cyrillic-abbrev",
        "und",
        "Саммит прошёл в 2023 г. В нём участвовали 40 стран.",
        ["Саммит прошёл в 2023 г.", "В нём участвовали 40 стран."],
    ),
    # ---------------------------------------------------------------- paragraphs
    (
        "paragraphs",
        "en",
        "First paragraph. Second sentence.\n\nA paragraph without a period\nThird line.",
        [
            "First paragraph.",
            "Second sentence.",
            "A paragraph without a period",
            "Third line.",
        ],
    ),
    (
        "newline-after-abbreviation",
        "en",
        "The letter was signed by Mr.\nSmith replied a day later.",
        ["The letter was signed by Mr.", "Smith replied a day later."],
    ),
    (
        "quote-does-not-cross-paragraph",
        "en",
        "“We will fight. We will not give up.\nThey said nothing. The end.”",
        [
            "“We will fight.",
            "We will not give up.",
            "They said nothing.",
            "The end.”",
        ],
    ),
    (
        "crlf-and-paragraph-separator",
        "en",
        "Kyiv was quiet.\r\nLviv too\u2029Odesa was not.",
        ["Kyiv was quiet.", "Lviv too", "Odesa was not."],
    ),
    ("empty", "en", "", []),
    ("whitespace-only", "en", "  \n\n \t ", []),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [pytest.param(lang, text, expected, id=cid) for cid, lang, text, expected in CASES],
)
def test_split_sentences(language: str | None, text: str, expected: list[str]) -> None:
    assert _texts(text, language) == expected


def test_case_ids_are_unique() -> None:
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))


def test_unclosed_quote_does_not_swallow_paragraph() -> None:
    text = (
        "He called the offensive “a disaster. Officials rejected the claim. "
        "The vote is next week. Nobody expects a surprise."
    )
    assert _texts(text, "en") == [
        "He called the offensive “a disaster.",
        "Officials rejected the claim.",
        "The vote is next week.",
        "Nobody expects a surprise.",
    ]


@pytest.mark.parametrize("opener", ["“", "«", "„", '"', "‘", "‹"])
def test_unclosed_quote_of_any_kind(opener: str) -> None:
    text = f"The minister spoke of {opener}victory. The army disagreed. Talks stalled."
    assert _texts(text, "und") == [
        f"The minister spoke of {opener}victory.",
        "The army disagreed.",
        "Talks stalled.",
    ]


# Abbreviations from the specification; "_" stands for a space inside one abbreviation ("и др.").
_BRIEF_ABBREVIATIONS = {
    "en": (
        "Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Maj. Capt. Sgt. Adm. Sen. Rep. Gov. Pres. St. Mt. "
        "Jr. Sr. No. vs. etc. e.g. i.e. approx. Jan. Feb. Mar. Apr. Aug. Sept. Oct. Nov. Dec. "
        "U.S. U.K. U.N. E.U. a.m. p.m. Inc. Ltd. Co. Corp."
    ),
    "ru": (
        "т.е. т.д. т.п. т.к. т._е. т._д. г. гг. им. ул. др. пр. руб. млн. млрд. тыс. ст. с. см. "
        "напр. ген. полк. проф. д-р. и_др."
    ),
    "uk": "тис. грн. ген. полк. проф. млн. млрд. ім. вул. р. т.д. т.зв.",
    "bg": "вж. т.нар. т.е. д-р. проф. ген. г. лв. млн. ул. и_др.",
    "pt": "Sr. Sra. Dr. Dra. Prof. Gen. p._ex. etc. nº. av.",
    "hi": "डॉ. प्रो.",
}
_NAMES = {"en": "Kovalenko", "pt": "Silva", "hi": "शर्मा"}


@pytest.mark.parametrize("as_language", [True, False], ids=["lang", "und"])
@pytest.mark.parametrize(
    ("language", "abbreviation"),
    [
        (lang, abbr.replace("_", " "))
        for lang, abbrs in _BRIEF_ABBREVIATIONS.items()
        for abbr in abbrs.split()
    ],
)
def test_abbreviation_does_not_end_sentence_before_a_name(
    language: str, abbreviation: str, as_language: bool
) -> None:
    name = _NAMES.get(language, "Коваленко")
    text = f"We met {abbreviation} {name} there. Then we left."
    expected = [f"We met {abbreviation} {name} there.", "Then we left."]
    assert _texts(text, language if as_language else None) == expected


def test_offsets_example() -> None:
    text = "It rained in Lviv. It stopped.\nДощ."
    assert split_sentences(text, "en") == [(0, 18), (19, 30), (31, 35)]


def test_language_codes_are_normalised() -> None:
    text = "O Sr. Silva chegou. Ele falou."
    assert _texts(text, "pt-BR") == _texts(text, "pt") == ["O Sr. Silva chegou.", "Ele falou."]
    assert _texts(text, "xx") == _texts(text, None)


def test_docstring_examples() -> None:
    result = doctest.testmod(sentences, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# -------------------------------------------------------------------- invariants

MULTI_PARAGRAPH_TEXTS = [
    (
        "Russian forces shelled Kharkiv overnight. Mr. Zelensky said “we will respond.”\n\n"
        "“We will win!” he said. The U.S. Army sent aid, etc. The rouble fell 3.5% on "
        "24.02.2022.The ministry said so.\n"
        "  «Мы победим!» — заявил Песков. В. В. Путин провёл совещание в г. Москва.  \n\n\n"
        "„Ми вистоїмо“, — сказав Зеленський. Збитки сягнули 3 млрд грн. Це рекорд…\n"
        "He called it “a disaster. Unclosed quotes must not swallow text.\n"
        'रूस ने हमला किया।कई लोग मारे गए॥ "हम जीतेंगे।" उन्होंने कहा।\n'
    ),
    (
        "\n\n  1. Introduction\n2. Data . . . and methods!!! ?? ...\n"
        '(Casualties are unknown.) ” stray closer. " stray straight quote.\n'
        "\t\u00a0Non-breaking\u00a0space.\u00a0Another one.\u2009Thin space.\r\n"
        'O Sr. Silva disse: "Nós venceremos." disse o ministro. A Dra. Costa, p. ex., não.'
    ),
    "",
    "\n\n\n",
    "No terminator at all",
    ". . . ! ? … । ॥",
]


_RANDOM_PIECES = (
    "Mr.|U.S.|etc.|г.|т. д.|Sr.|डॉ.|3.5|24.02.2022|tass.ru|word|Слово|слово|Word|शब्द|The|Це|O|"
    '.|!|?|…|...|।|॥|“|”|«|»|„|‘|’|"|‹|›|(|)|—|,| | | |  |\n|\n\n|\t|\u00a0|said|заявил|कहा|a.m.|'
    "\r\n|\u2029|www.Site.ru|x.Y|1.|Ab.Cd"
)


def _random_texts(count: int, seed: int) -> list[str]:
    pieces = _RANDOM_PIECES.split("|")
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 120))) for _ in range(count)]


_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _check_invariants(text: str, language: str | None) -> None:
    spans = split_sentences(text, language)
    covered = [False] * len(text)
    prev_end = 0
    for start, end in spans:
        assert 0 <= prev_end <= start < end <= len(text), (text, spans)
        sentence = text[start:end]
        assert not sentence[0].isspace(), (text, sentence)
        assert not sentence[-1].isspace(), (text, sentence)
        assert not any(ch in sentence for ch in _LINE_BREAKS), (text, sentence)
        for i in range(start, end):
            covered[i] = True
        prev_end = end
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i], (text, i, ch, spans)


@pytest.mark.parametrize("language", ["en", "ru", "uk", "bg", "pt", "hi", None])
@pytest.mark.parametrize("text", MULTI_PARAGRAPH_TEXTS)
def test_invariants_multi_paragraph(text: str, language: str | None) -> None:
    _check_invariants(text, language)


@pytest.mark.parametrize(("language", "seed"), [("en", 1), ("ru", 2), ("hi", 3), (None, 4)])
def test_invariants_random_texts(language: str | None, seed: int) -> None:
    for text in _random_texts(300, seed=seed):
        _check_invariants(text, language)


def test_invariants_on_all_cases_joined() -> None:
    text = "\n\n".join(case[2] for case in CASES)
    _check_invariants(text, None)
    # Joining paragraphs does not change how each paragraph is split.
    expected = [s for case in CASES for s in _texts(case[2], None)]
    assert _texts(text, None) == expected


def test_throughput_smoke() -> None:
    """Generous lower bound so the test is stable on slow CI; the target is >= 2 MB/s."""
    text = "\n".join(case[2] for case in CASES if case[2].strip())
    text = (text + "\n") * 40
    size_mb = len(text.encode("utf-8")) / 1e6
    start = time.perf_counter()
    split_sentences(text, "und")
    elapsed = time.perf_counter() - start
    assert size_mb / elapsed > 0.5
