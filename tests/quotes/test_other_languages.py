"""Reported speech outside English: Hindi links across vowel signs and names told by titles,
Ukrainian, Russian and Bulgarian sources named in the next sentence, appeals and "about",
inverted attributions, bodies named by noun phrases and acronyms, names set off by quotation
marks. Invented sentences, one behaviour per test, with the negatives beside them."""

from __future__ import annotations

from narrascope import Pipeline, RawArticle
from narrascope.quotes.bodies import body_candidate
from narrascope.quotes.names import unlinked_names

PIPELINE = Pipeline(["clean", "language", "sentences", "entities", "quotes"])


def quotes_of(text: str) -> list[dict]:
    return PIPELINE(RawArticle(source="t", text=text)).to_dict()["quotes"]


def indirect(text: str) -> dict[str, str | None]:
    """The indirect quotes of ``text``: their text, each with its speaker's name or None."""
    return {q["text"]: q["speaker"]["name"] if q["speaker"] else None
            for q in quotes_of(text) if q["kind"] == "indirect"}


def speaker_of(text: str, start: str) -> str | None:
    """The speaker of the indirect quote whose text starts with ``start`` (KeyError if none)."""
    found = {quote[: len(start)]: name for quote, name in indirect(text).items()}
    return found[start]


# -- Hindi ----------------------------------------------------------------------------------

def test_hindi_said_that_links_across_vowel_signs() -> None:
    text = ("राज्य में बाढ़ से हालात गंभीर हैं। मुख्यमंत्री रमेश कुमार वर्मा ने कल शाम कहा था कि "
            "राहत शिविरों में भोजन और दवाइयां पहुंचाई जाएंगी।")
    assert speaker_of(text, "राहत शिविरों में") == "रमेश कुमार वर्मा"


def test_hindi_names_are_told_by_a_title_and_a_postposition() -> None:
    text = ("मुख्यमंत्री रमेश कुमार वर्मा ने कहा कि राहत दी जाएगी। बाद में वर्मा ने बताया कि सब ठीक "
            "है। विशेषज्ञ समिति ने कहा कि जांच होगी। प्रमुख शहरों में बारिश हुई।")
    people = unlinked_names(text, "hi", [(0, len(text))], [])
    assert [(p.name, [m.text for m in p.mentions]) for p in people] == [
        ("रमेश कुमार वर्मा", ["रमेश कुमार वर्मा", "वर्मा"])]


def test_hindi_subject_is_the_one_marked_by_ne() -> None:
    text = ("दोनों नेताओं की बैठक मॉस्को में हुई। प्रधानमंत्री नरेंद्र मोदी ने पुतिन से कहा कि युद्ध "
            "के मैदान में कोई समाधान नहीं मिलता।")
    assert speaker_of(text, "युद्ध के मैदान") == "Narendra Modi"


def test_hindi_title_alone_points_back_to_the_person_introduced_with_it() -> None:
    text = ("अर्थशास्त्री डॉ. अनिल शर्मा ने पिछले महीने एक रिपोर्ट जारी की। अर्थशास्त्री के अनुसार "
            "छोटे उद्योगों पर सबसे ज़्यादा असर पड़ेगा।")
    assert speaker_of(text, "छोटे उद्योगों पर") == "अनिल शर्मा"


# -- the source in the next sentence -------------------------------------------------------

def test_ukrainian_source_named_in_the_next_sentence() -> None:
    text = ("Уночі над областю збили дванадцять ударних дронів. Про це в понеділок повідомив "
            "голова обласної адміністрації Олег Мельничук.")
    assert speaker_of(text, "Уночі над областю") == "Олег Мельничук"


def test_russian_source_named_in_the_next_sentence() -> None:
    text = ("Уровень воды в реке поднялся на два метра за сутки. Об этом сообщил губернатор "
            "области Игорь Светлов.")
    assert speaker_of(text, "Уровень воды") == "Игорь Светлов"


def test_this_shows_that_is_no_source_of_the_sentence_before() -> None:
    text = ("Ціни на газ зросли вдвічі за рік. Про це свідчить, що споживачі переходять на "
            "дрова.")
    assert "Ціни на газ зросли вдвічі за рік" not in indirect(text)


# -- appeals, "about", infinitives ----------------------------------------------------------

def test_ukrainian_appeal_reports_what_it_asks_for() -> None:
    text = ("Ситуація на півночі області залишається складною. Голова області Олег Мельничук "
            "закликав мешканців не виходити з укриттів до відбою тривоги.")
    assert speaker_of(text, "не виходити з укриттів") == "Олег Мельничук"


def test_ukrainian_said_about_reports_the_matter() -> None:
    text = ("Бої тривали всю ніч. Міністерство оборони України заявило про знищення двох "
            "російських танків на сході.")
    assert speaker_of(text, "знищення двох") == "Ukrainian Defence Ministry"


def test_portuguese_infinitive_complement_is_the_report() -> None:
    text = ("A reunião terminou sem acordo em Bruxelas. O ministro Paulo Rangel disse estar "
            "pronto para retomar as negociações na próxima semana.")
    assert speaker_of(text, "estar pronto") == "Paulo Rangel"


def test_portuguese_relative_que_after_an_object_is_no_report() -> None:
    text = ("A campanha eleitoral começou cedo. O candidato Rui Almeida prometeu ao seu povo "
            "uma vitória que não pode entregar.")
    assert not any(q.startswith("não pode entregar") for q in indirect(text))


def test_portuguese_accusation_reports_whom_and_of_what() -> None:
    text = ("A sessão do Conselho de Segurança terminou sem votação. O embaixador Rui Almeida "
            "acusou os países vizinhos de fornecerem armas aos rebeldes.")
    assert speaker_of(text, "os países vizinhos de") == "Rui Almeida"


# -- inverted attribution -------------------------------------------------------------------

def test_portuguese_inverted_attribution_with_adverbs_and_apposition() -> None:
    text = ("As equipas de resgate retiraram doze pessoas dos escombros durante a noite, "
            "informou este domingo o governador da região, Joaquim Ferreira Lopes.")
    assert speaker_of(text, "As equipas de resgate") == "Joaquim Ferreira Lopes"


def test_subject_and_apposition_before_the_verb_are_no_report() -> None:
    text = ("O porta-voz do governo, Joaquim Ferreira Lopes, classificou a decisão como "
            "precipitada.")
    assert "O porta-voz do governo, Joaquim Ferreira Lopes" not in indirect(text)


# -- bodies named by noun phrases -----------------------------------------------------------

def test_bulgarian_body_named_by_a_noun_phrase() -> None:
    text = ("Нощта премина спокойно по границата. Румънската гранична полиция съобщава, че "
            "над тридесет души са задържани край реката.")
    assert speaker_of(text, "над тридесет души") == "Румънската гранична полиция"


def test_acronym_after_according_to() -> None:
    text = ("Опитування провели наприкінці березня. За даними КМІС, більшість громадян "
            "підтримує продовження реформ.")
    assert speaker_of(text, "більшість громадян") == "КМІС"


def test_according_to_in_the_middle_reports_both_sides() -> None:
    text = ("Опитування провели наприкінці березня. Більшість громадян, за даними КМІС, "
            "підтримує продовження реформ.")
    assert speaker_of(text, "Більшість громадян, за даними КМІС, підтримує") == "КМІС"


def test_portuguese_descriptive_noun_and_the_name_after_it() -> None:
    text = ("O mercado de energia solar cresceu no último ano. Segundo a consultoria Greener, "
            "a capacidade instalada duplicou em dois anos.")
    assert speaker_of(text, "a capacidade instalada") == "Greener"


def test_a_generic_noun_is_no_named_speaker() -> None:
    text = ("Os ativistas bloquearam a estrada durante três horas. Segundo a organização, "
            "mais de mil pessoas participaram no protesto.")
    assert indirect(text).get("mais de mil pessoas participaram no protesto") != "organização"
    assert body_candidate("a organização", "pt", 0, len("a organização")) is None
    assert body_candidate("Групата", "bg", 0, len("Групата")) is None
    assert body_candidate("Місцева адміністрація", "uk", 0, 21) is None
    assert body_candidate("Maria", "pt", 0, 5) is None


def test_body_names_keep_the_name_and_drop_the_article() -> None:
    def name(text: str, language: str) -> str | None:
        found = body_candidate(text, language, 0, len(text))
        return found.entity.name if found is not None and found.entity is not None else None

    assert name("o Serviço Estatal de Emergências da Ucrânia", "pt") == (
        "Serviço Estatal de Emergências da Ucrânia")
    assert name("Германското федерално криминално управление (BKA) обаче", "bg") == (
        "Германското федерално криминално управление")
    assert name("метеослужба MeteoSwiss", "uk") == "MeteoSwiss"
    assert name("a SPTrans", "pt") == "SPTrans"


# -- names in quotation marks ---------------------------------------------------------------

def test_a_name_in_quotation_marks_is_no_quotation() -> None:
    text = ("Транзит газу через Україну припинився вранці. Компанія «Нафтогаз» підтвердила, що "
            "постачання через країну більше не здійснюються.")
    quotes = quotes_of(text)
    assert all(q["text"] != "Нафтогаз" for q in quotes)
    assert any(q["kind"] == "indirect" and q["text"].startswith("постачання через країну")
               for q in quotes)


# -- neutral sentences ----------------------------------------------------------------------

def test_neutral_sentences_are_no_quotes() -> None:
    assert indirect("Студенти повернулися до аудиторій після канікул. Погода була теплою.") == {}
    assert indirect("Това беше най-горещото лято от десетилетия. Реките пресъхнаха.") == {}
    assert indirect("A ponte foi reaberta ao trânsito. Os carros voltaram a circular.") == {}


def test_portuguese_para_mid_sentence_leaves_a_later_source_to_be_found() -> None:
    found = indirect("A carta enviada para o ministro da Defesa, segundo a agência Lusa, pedia "
                     "mais recursos para a fronteira norte do país.")
    assert list(found.values()) == ["Lusa"]
