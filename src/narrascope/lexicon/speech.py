"""Speech verbs and the phrases around reported speech, per language.

Two readers share the verbs. The sentence splitter keeps "“Will we win?” he asked." one
sentence when a speech verb follows the quotation; the quote extractor takes a speech verb near
a quotation as the cue that someone said it. :data:`SPEECH_VERBS` are the forms both know. Each
reader also has an extension of its own, kept apart so that bringing the two lists together
changed neither reader's behaviour:

* :data:`SPEECH_CUE_EXTRAS`, the quote extractor's: stems that cover every inflection
  (заяви… for заявил, заявила, заявив), phrases (according to, по словам, के अनुसार) and
  further verbs, as regular expressions;
* :data:`SPLITTER_SPEECH_VERBS`, the splitter's: further exact forms (replies, спросил, каже,
  попита, बोले …).

>>> "said" in SPEECH_VERB_FORMS, "reported" in SPEECH_VERB_FORMS
(True, True)
>>> SPEECH_CUES["en"].startswith("said|says|say|added|")
True
"""

from __future__ import annotations

#: Forms of speech verbs, exact words, by language: what both the sentence splitter and the
#: quote extractor take for a verb of saying.
SPEECH_VERBS: dict[str, str] = {
    "en": """
        said says say added adds stated states told tells asked asks warned warns noted notes
        insisted insists argued argues recalled recalls explained explains replied wrote writes
        declared declares claimed claims announced announces continued stressed stresses emphasised
        emphasized emphasises emphasizes concluded admitted admits confirmed urged urges
        acknowledged tweeted posted responded remarked observed suggested cautioned vowed promised
        predicted complained shouted whispered answered commented
        pledged reported
    """,
    "ru": """
        сказал сказала сказали заявил заявила заявили добавил добавила добавили отметил отметила
        отметили подчеркнул подчеркнула подчеркнули сообщил сообщила сообщили пояснил пояснила
        пояснили написал написала написали ответил ответила ответили признал признала признали
        предупредил предупредила предупредили указал указала указали говорит говорил говорила
        говорили считает сказав заявив отметив добавив подчеркнув пояснив
        спросил спросила спросили уточнил уточнила уточнили заявляет заявляют подчеркивает
        отмечает уточнив
    """,
    "uk": """
        сказав сказала сказали заявив заявила заявили додав додала додали зазначив зазначила
        зазначили наголосив наголосила наголосили повідомив повідомила повідомили підкреслив
        підкреслила підкреслили пояснив пояснила пояснили написав написала написали відповів
        відповіла відповіли попередив попередила попередили вважає сказавши заявивши додавши
        запитав запитала запитали спитав спитала каже кажуть заявляє наголошує зазначає
    """,
    "bg": """
        каза казаха заяви заявиха добави отбеляза подчерта посочи обясни написа отговори съобщи
        предупреди допълни казва заявява коментира уточни добавиха отбелязаха подчертаха посочиха
        обясниха попита съобщиха казват призна
    """,
    "pt": """
        disse disseram afirmou afirmaram declarou acrescentou destacou ressaltou explicou perguntou
        respondeu escreveu alertou sublinhou observou garantiu comentou frisou avisou diz dizem
        afirma declara questionou lembrou concluiu argumentou insistiu
        declararam acrescentaram completou contou informou
    """,
    "hi": """
        कहा कहना कहते कहती बताया बताते बताती जोड़ा लिखा
        पूछा बोले बोला बोली बोलीं चेताया जताया
    """,
}

#: What only the quote extractor takes for a speech cue: regular expressions over word forms
#: ("|"-separated; stems, phrases, verbs the splitter does not list), by language.
SPEECH_CUE_EXTRAS: dict[str, str] = {
    "en": (
        r"saying|tell|pointed out|points out|threatened|denied|assured|quipped|joked|lamented|"
        r"asserted|alleged|countered|retorted|went on|was quoted as saying|quoted|according to|"
        r"in an interview with|speaking to|speaking at|speaking on|told reporters|called|"
        r"described|branded|dubbed|accused|blamed|boasted|scoffed|mocked|thundered|summed up|"
        r"put it|stated in|wrote on|said on|reported|reports|informed|believes|believe|thinks|"
        r"think(?!\s+tanks?\b)|considers|consider|estimates|estimated|found|finds|forecast|forecasts|"
        r"recommended|advised|pledged|insist|announce|explain|argue|acknowledges|"
        r"reiterated|maintained|maintains|conceded|contended|estimate|projected|recorded|"
        r"adding|noting|stressing|insisting|warning|arguing|claiming|explaining|writing|"
        r"affirmed|affirms|repeats|reiterates|reminds|informs|advises|"
        # only before "that": "repeated the conditions", "denies them the right" report nothing
        r"(?:repeated|reminded|denies|deny)(?=\s+(?:\w+\s+)?that\b)|"
        r"acrescentando|sublinhando|afirmando|destacando"
    ),
    "ru": (
        r"заяви\w*|сказа\w*|говори\w*|сообщи\w*|отмети\w*|подчеркну\w*|добави\w*|поясни\w*|"
        r"напомни\w*|предупреди\w*|призна\w*|утвержда\w*|написа\w*|ответи\w*|заключи\w*|"
        r"продолжи\w*|указа\w*|констатирова\w*|рассказа\w*|цитиру\w*|по словам|по мнению|"
        r"как заявил\w*|обвини\w*|пообеща\w*|призва\w*|выразил\w*|резюмирова\w*|уверя\w*|увери\w*|"
        r"возмути\w*|пригрози\w*|назва\w*|высказал\w*|заметил\w*|прокомментирова\w*|сетова\w*|"
        r"убежден\w*|уточни\w*|счита\w*|полага\w*|отмеча\w*|подчеркива\w*|сообща\w*|"
        r"заявля\w*|оцени\w*|оценива\w*|прогнозир\w*|пишет|пишут|объясни\w*|объясня\w*|"
        r"признава\w*|предупрежда\w*|отрица\w*|настаива\w*|указыва\w*|напомина\w*|"
        r"уверен\w*|добавля\w*|рассказыва\w*|объяви\w*|объявля\w*|опроверг\w*|"
        r"спроси\w*|потребова\w*|раскритикова\w*|допусти\w*|полагает|думает|"
        r"подтверди\w*|подтвержда\w*|согласил\w*|соглашает\w*|обратил\w* внимание|"
        r"пришл\w* к выводу|пришел к выводу|рассчитыва\w*|рекомендова\w*|рекоменду\w*"
    ),
    "uk": (
        r"заяви\w*|сказа\w*|говори\w*|повідоми\w*|зазначи\w*|наголоси\w*|дода\w*|поясни\w*|"
        r"нагада\w*|попереди\w*|визнав|визнала|визнали|визнало|визнає|визнають|визнаючи|написа\w*|відповів|відповіла|відповіли|відповіда\w*|підкресли\w*|розповів|розповіла|"
        r"розповіли|за словами|на думку|зауважи\w*|переконан\w*|звинувати\w*|пообіця\w*|"
        r"закликa\w*|заклика\w*|назва\w*|прокоментува\w*|висловив\w*|пригрози\w*|"
        r"уточни\w*|вважа\w*|зазнача\w*|наголошу\w*|повідомля\w*|заявля\w*|стверджу\w*|"
        r"нагаду\w*|пише|пишуть|писав|писала|прогнозу\w*|оціню\w*|оцінив\w*|оголоси\w*|"
        r"оголошу\w*|розповіда\w*|каже|кажуть|пояснюва\w*|підкреслю\w*|визнава\w*|"
        r"запевни\w*|запевня\w*|попереджа\w*|переконує|переконуют\w*|запита\w*|спита\w*|"
        r"заперечу\w*|застерi\w*|застеріг\w*|закликав|вимага\w*|розкритикува\w*|"
        r"припусти\w*|припуска\w*|певен|певна|підтверди\w*|підтверджу\w*|погодив\w*|"
        r"погоджу\w*|звертає увагу|звернув увагу|звернула увагу|дійш\w* висновку|"
        r"розраховує|розраховують|фіксують|наполяга\w*|рекоменду\w*|з'ясува\w*|з’ясува\w*"
    ),
    "bg": (
        r"припомн\w*|според|смята\w*|смятат|твърд\w*|увери|уверява\w*|призова\w*|обвини\w*|"
        r"констатира\w*|изтъкна\w*|изтъква\w*|нарече\w*|заплаши\w*|обеща\w*|казах|казал\w*|"
        r"заявява\w*|заявил\w*|добавя\w*|добавил\w*|отбелязва\w*|подчертава\w*|посочва\w*|"
        r"обяснява\w*|пише|пишат|отговаря\w*|съобщава\w*|съобщил\w*|предупреждава\w*|"
        r"допълва\w*|коментираха|уточнява\w*|уточниха|обяви\w*|обявява\w*|отчете\w*|"
        r"отчита\w*|оценява\w*|оцени\w*|разказва\w*|разказа\w*|призная\w*|признава\w*|"
        r"настоява\w*|прогнозира\w*|отрече\w*|отрича\w*|попитаха|поиска\w*|настоя\w*|"
        r"предупредиха|заявиха|потвърди\w*|потвърждава\w*|посочил\w*|подчертал\w*|"
        r"предупредил\w*|отбелязал\w*|обяснил\w*|повтори\w*|повтаря\w*|препоръча\w*|"
        r"категоричен|категорична|категорични|изрази\w*"
    ),
    "pt": (
        r"defendeu|admitiu|salientou|reiterou|segundo|de acordo com|conforme|criticou|acusou|"
        r"prometeu|considerou|classificou|chamou|advertiu|ameaçou|na opinião de|considera|"
        r"consideram|lembra|lembram|responde|respondem|sustenta|sustentou|alega|alegou|"
        r"alegando|anunciou|anunciaram|anuncia|informou|informaram|informa|estima|estimou|"
        r"avalia|avaliou|defende|defendem|acredita|acreditam|admite|reconhece|reconheceu|"
        r"sublinha|destaca|ressalta|frisa|adianta|adiantou|revelou|revela|referiu|refere|"
        r"prevê|previu|insiste|aponta|apontou|assegurou|assegura|argumenta|nega|negou|"
        r"contou|relatou|adverte|pediu|apelou|defendeu|garante|explica|afirmam|disseram|"
        r"declararam|acrescentaram|completou|salienta|reitera|critica|acusa|alerta|alertaram|"
        r"observa|nas palavras de|na avaliação de|indicou|indica|confirmou|confirma|confirmaram|"
        r"divulgou|calcula|calculou|acha|acham|avaliam|recomenda|recomendou|reafirmou|"
        r"reafirma|assinalou|assinala|repete|repetiu|repetido|ressalvou|estimam|estimaram|"
        r"reconheceram|admitiram|negaram|criticaram|prometeram|garantem|contou|conta(?= que)|"
        r"contam(?= que)"
    ),
    "hi": (
        r"के अनुसार|के मुताबिक|चेतावनी दी|दावा किया|स्पष्ट किया|आरोप लगाया|जवाब दिया|कहना है|"
        r"उल्लेख किया|ज़ोर दिया|जोर दिया|कहा है|कहना|बताया है|दावा|माना|मानना है|चेताया|"
        r"जताया|आशंका जताई|घोषणा की|अपील की|आग्रह किया|पूछा|बोले|बोला|बोली|बोलीं|लिखा है"
    ),
}

#: Forms only the sentence splitter takes for a speech verb after a quotation, by language.
SPLITTER_SPEECH_VERBS: dict[str, str] = {
    "en": """
        replies confirms
    """,
    "ru": """
        говорят подчёркивает
    """,
    "uk": "",
    "bg": "",
    "pt": "",
    "hi": """
        जोड़ा
    """,
}

#: The quote extractor's speech cues: a regular-expression alternation per language.
SPEECH_CUES: dict[str, str] = {
    language: "|".join([*words.split(), SPEECH_CUE_EXTRAS[language]])
    for language, words in SPEECH_VERBS.items()
}

#: The sentence splitter's speech verbs: every form of every language.
SPEECH_VERB_FORMS: frozenset[str] = frozenset(
    word for table in (SPEECH_VERBS, SPLITTER_SPEECH_VERBS) for words in table.values()
    for word in words.split()
)

#: "that" after a speech verb: the start of reported speech.
COMPLEMENTISERS: dict[str, str] = {
    "en": r"that", "ru": r"что|будто", "uk": r"що|нібито", "bg": r"че", "pt": r"que",
    "hi": r"कि",
}

#: "According to X, …" openers (X follows).
ACCORDING_TO: dict[str, str] = {
    "en": r"according to|in the words of|as (?:\w+ )?(?:said|put it|noted|stressed) by|"
          r"by (?:the )?(?:data|words|opinion|estimates?|assessment|information|calculations) of|"
          r"in the (?:view|opinion|estimate|assessment) of",
    "ru": r"по словам|по мнению|по данным|по оценкам?|по информации|по подсч[её]там|"
          r"по сведениям|как (?:заявил|заявила|сказал|сказала|отметил|"
          r"отметила|сообщил|сообщила|подчеркнул|подчеркнула|пишет|написал|сообщает|сообщают|"
          r"сообщили|заявили|отметили|уточнили|пояснили|рассказали|сообщило|заявило)",
    "uk": r"за словами|на думку|за даними|за оцінками|за інформацією|за підрахунками|"
          r"як (?:заявив|заявила|сказав|сказала|зазначив|"
          r"зазначила|повідомив|повідомила|наголосив|наголосила|повідомляє|повідомляють|"
          r"повідомили|заявили|зазначили|уточнили|пояснили|розповіли|повідомило|заявило)",
    "bg": r"според|по думите на|по данни на|по информация на|по оценк(?:а|и) на|"
          r"по изчисления на|по мнението на|както (?:каза|заяви|посочи|подчерта|съобщи)",
    "pt": r"segundo|de acordo com|conforme|na opinião de|nas palavras de|na avaliação de|"
          r"como (?:disse|afirmou)|"
          # "Para o analista X, …" opens a sentence with someone's view (not "para o Brasil")
          r"para(?= (?:o|a) (?:analista|economista|cientista|politólogo|politóloga|professor|"
          r"professora|investigador|investigadora|pesquisador|pesquisadora|especialista|"
          r"historiador|historiadora|sociólogo|socióloga|ministro|ministra|presidente|"
          r"porta-voz|diretor|diretora|general|embaixador|embaixadora|deputado|deputada)\b"
          r"[^,.;]{0,80},)",
    "hi": r"",  # Hindi puts it after the name: "X के अनुसार"
}
#: "In his view, …", "За її словами, …", "По думите му …": an according-to phrase whose
#: source is a possessive pronoun, which points back to someone named before.
ACCORDING_TO_POSSESSIVE: dict[str, str] = {
    # "according to him", "…, according to them." too: the pronoun alone, closing its part
    "en": r"(?:according to|in|by) (?P<pronoun>his|her|their|him|them)(?: (?:words|view|opinion|"
          r"estimates?|assessment|data|calculations)|(?:(?<=according to him)|(?<=according to "
          r"her)|(?<=according to them))(?=\s*[,.;]|\s*$))",
    "ru": r"по (?P<pronoun>его|ее|её|их) (?:словам|мнению|данным|оценкам?|информации|"
          r"подсч[её]там)",
    "uk": r"(?:за|на|по) (?P<pronoun>його|її|їхніми|їх|їхню|їхніми) (?:словами|даними|"
          r"оцінками|думку|підрахунками)",
    "bg": r"(?:по (?:думите|мнението|данните|оценките|изчисленията|оценка)|според) "
          r"(?P<pronoun>му|ѝ|й|им|него|нея|тях)",
    # "para ele" is "in his view" only as a parenthesis ("Para ele, …"), not "a car for him"
    "pt": r"(?:segundo|de acordo com|nas palavras d|para(?=\s(?:ele|ela|eles|elas)\s*,))"
          r"\s?(?P<pronoun>ele|ela|eles|elas)",
    "hi": r"(?P<pronoun>उनके|उसके|उनका) (?:अनुसार|मुताबिक|कहना है(?: कि)?)",
}
#: The gender (as in :data:`narrascope.lexicon.pronouns.PRONOUNS`) of each possessive above.
POSSESSIVE_GENDER: dict[str, str] = {
    "his": "m", "her": "f", "their": "p", "him": "m", "them": "p", "его": "m", "ее": "f",
    "её": "f", "их": "p",
    "його": "m", "її": "f", "їхніми": "p", "їх": "p", "їхню": "p", "му": "m", "ѝ": "f",
    "й": "f", "им": "p", "него": "m", "нея": "f", "тях": "p", "ele": "m", "ela": "f",
    "eles": "p", "elas": "p", "उनके": "x", "उसके": "x", "उनका": "x",
}
#: The same, after X: "X के अनुसार, …".
ACCORDING_TO_AFTER: dict[str, str] = {"hi": r"के अनुसार|के मुताबिक|का कहना है(?: कि)?"}

#: The opening of a sentence that names the source of the sentence before it ("Загинули 12
#: людей. Про це повідомив губернатор.", "Об этом сообщил штаб.", "Това съобщи кметът."):
#: a speech verb or one of :data:`REPORTED_BEFORE_VERBS` follows within a few words.
REPORTED_BEFORE: dict[str, str] = {
    "ru": r"об этом|о том же|такие данные|такие цифры|к такому выводу|такой вывод",
    "uk": r"про це|такі дані|такі цифри|до такого висновку|такого висновку|такий висновок|"
          r"такі висновки",
    "bg": r"това|за това|тези данни",
}
#: Verbs of citing that hand over the sentence before as well as a speech verb does ("Такі
#: дані наводить асоціація", "Такой вывод содержит доклад"), by language.
REPORTED_BEFORE_VERBS: dict[str, str] = {
    "ru": r"привел\w*|привёл|привод\w*|пришл\w*|пришел|пришёл|содерж\w*|говорится",
    "uk": r"навод\w*|навів|навела|навели|дійш\w*|містить|містять|йдеться|свідчать",
    "bg": r"се казва|се посочва",
}

#: A sentence that hands the preceding quotation to its speaker ("These were the words of …",
#: "Так считает …", "Foi o que disse …"): a regular expression, every language at once.
ATTRIBUTING_SENTENCE = (
    r"(?i)^(?:this|these|those|such|that)\s+(?:was|were|is|are)\s+(?:the\s+|how\s+)?"
    r"(?:words|assessment|verdict|view|opinion|reaction|message|conclusion|warning|answer|"
    r"response|comment|statement)?|^(?:так|об этом|такое мнение|такими словами|про це|так само|"
    r"това|така|с тези думи|foi o que|as palavras|a declaração|a afirmação|assim|"
    r"(?:foram|são) (?:estas|essas|estas as|essas as) palavras|estas foram as palavras)\b|"
    r"यह बात|ये शब्द"
)
