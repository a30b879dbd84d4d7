"""Tests for narrascope.ingest.encoding: decoding article bytes of unknown encoding.

All sample sentences below were written for these tests.
"""

from __future__ import annotations

import gzip
import io
import random
import struct
import time
import zipfile
import zlib

import pytest

from narrascope.ingest.encoding import (
    BinaryContentError,
    DecodedText,
    decode_bytes,
    sniff_binary,
)

RU = (
    "Городской совет утвердил новый план развития общественного транспорта. "
    "По словам чиновников, до конца года на линии выйдут сорок новых автобусов, "
    "а стоимость проезда не изменится.\n"
    "Жители северных районов давно жалуются на переполненные маршруты."
)
UK = (
    "Міська рада Львова ухвалила рішення про ремонт ґрунтових доріг у передмісті. "
    "Мешканці кажуть, що це єдиний шлях до села, і чекали на ремонт понад десять років. "
    "Її депутати обіцяють завершити роботи до осені."
)
BG = (
    "Общинският съвет прие бюджета за следващата година след дълъг дебат. "
    "Според кмета най-голямата част от средствата ще отиде за ремонт на училищата, "
    "а таксите за детските градини остават без промяна."
)
PT = (
    "A câmara municipal aprovou ontem o novo orçamento para a educação. "
    "A decisão não agradou aos sindicatos, que já prometem uma reação até à próxima semana. "
    "Segundo o presidente, as obras começarão em março."
)
PT_CP1252 = (
    "O ministro afirmou: “A situação é difícil, mas não é impossível”. "
    "Os deputados votarão a proposta na sexta-feira – e a oposição já anunciou que vai recorrer."
)
EN = (
    "The city council approved the new transport plan on Tuesday after a long debate. "
    "Officials said forty new buses would enter service before the end of the year."
)
EN_CP1252 = "The mayor’s office said the plan – approved on Tuesday – would “change everything”."
HI = (
    "नगर परिषद ने मंगलवार को नई परिवहन योजना को मंज़ूरी दी। "
    "अधिकारियों ने कहा कि साल के अंत तक चालीस नई बसें चलने लगेंगी।"
)
RU_TITLE = "Курс рубля снова упал на торгах в пятницу"
RU_TITLE_2 = "Новые правила въезда вступят в силу завтра"
# Scraped-news style: agency dateline, abbreviations, guillemets, CRLF, trailing link.
RU_NEWS = (
    "МОСКВА, 12 ноя - РИА Новости. Мосгорсуд в среду продлил арест экс-замглавы "
    "департамента транспорта, обвиняемого в получении взятки в особо крупном размере "
    "(ч.6 ст.290 УК РФ). По версии следствия, чиновник получил от подрядчика не менее "
    "15 млн руб. за «общее покровительство» при заключении контрактов на ремонт дорог.\r\n"
    "Сам фигурант вину не признаёт, его адвокат назвал обвинение «абсурдным» и заявил, "
    "что защита обжалует решение суда.   Подробнее >> http://example.ru/news/2024/11/12/"
)
# Characters outside the Basic Multilingual Plane: a flag (two regional indicators),
# mathematical bold letters and Gothic letters (whose UTF-16 high surrogate is D800).
UK_FLAG = "Слава Україні 🇺🇦! Міністр заявив, що нові правила набудуть чинності з 1 січня."
EN_ASTRAL = (
    "The ministry’s 𝐁𝐑𝐄𝐀𝐊𝐈𝐍𝐆 update 😮 quoted Wulfila’s Gothic Bible, 𐌰𐍄𐍄𐌰 𐌿𐌽𐍃𐌰𐍂, "
    "before the press office deleted the post."
)


def _short_id(value: object) -> object:
    """Test ids: long sample texts by their first characters."""
    return value[:10] if isinstance(value, str) and len(value) > 20 else value


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x7f")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", RU)
    return buffer.getvalue()


def _random_bytes(size: int, seed: int = 1234) -> bytes:
    return random.Random(seed).randbytes(size)


# ---------------------------------------------------------------------------------------------
# Empty input, UTF-8 and byte-order marks
# ---------------------------------------------------------------------------------------------


def test_empty_input_is_empty_utf8_text() -> None:
    assert decode_bytes(b"") == DecodedText("", "utf-8", 1.0, 0)


@pytest.mark.parametrize("text", [RU, UK, BG, PT, EN, HI, PT_CP1252], ids=lambda t: t[:12])
def test_utf8_round_trip(text: str) -> None:
    result = decode_bytes(text.encode("utf-8"))
    assert result.text == text
    assert result.encoding == "utf-8"
    assert result.confidence == 1.0
    assert result.replaced == 0


def test_ascii_only_is_utf8() -> None:
    result = decode_bytes(EN.encode("ascii"))
    assert (result.text, result.encoding, result.replaced) == (EN, "utf-8", 0)


def test_line_endings_and_form_feeds_are_not_normalised() -> None:
    text = "Заголовок\r\n\r\nПервый абзац.\fВторой абзац.\tКонец.\r\n"
    assert decode_bytes(text.encode("utf-8")).text == text


@pytest.mark.parametrize(
    ("codec", "bom", "expected"),
    [
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32-be"),
    ],
)
@pytest.mark.parametrize("text", [RU, HI, PT, EN], ids=["ru", "hi", "pt", "en"])
def test_byte_order_marks(codec: str, bom: bytes, expected: str, text: str) -> None:
    result = decode_bytes(bom + text.encode(codec))
    assert result.text == text  # BOM stripped, nothing else changed
    assert not result.text.startswith("\ufeff")
    assert result.encoding == expected
    assert result.replaced == 0
    assert result.confidence == 1.0


def test_python_utf16_and_utf8_sig_codecs_are_recognised() -> None:
    assert decode_bytes(UK.encode("utf-16")).text == UK
    assert decode_bytes(UK.encode("utf-8-sig")).text == UK
    assert decode_bytes(UK.encode("utf-8-sig")).encoding == "utf-8-sig"


def test_bom_wins_over_declared_charset() -> None:
    result = decode_bytes(b"\xef\xbb\xbf" + RU.encode("utf-8"), declared="windows-1251")
    assert (result.text, result.encoding) == (RU, "utf-8-sig")


def test_bom_only_gives_empty_text() -> None:
    assert decode_bytes(b"\xef\xbb\xbf").text == ""
    assert decode_bytes(b"\xff\xfe").encoding == "utf-16-le"


def test_odd_length_utf16_counts_the_dangling_byte() -> None:
    data = b"\xff\xfe" + RU.encode("utf-16-le") + b"\x41"
    result = decode_bytes(data)
    assert result.text == RU + "\ufffd"
    assert result.replaced == 1


# ---------------------------------------------------------------------------------------------
# UTF-16 / UTF-32 without a BOM
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [EN, RU, UK, HI, PT_CP1252], ids=["en", "ru", "uk", "hi", "pt"])
def test_utf16_without_bom(codec: str, text: str) -> None:
    result = decode_bytes(text.encode(codec))
    assert result.text == text
    assert result.encoding == codec
    assert result.replaced == 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [UK_FLAG, EN_ASTRAL], ids=["uk-flag", "en-astral"])
def test_utf16_without_bom_outside_the_bmp(codec: str, text: str) -> None:
    # Surrogate pairs (high bytes D8-DF) used to be refused as binary content.
    data = text.encode(codec)
    assert any(0xD8 <= unit <= 0xDF for unit in data[1 if codec.endswith("le") else 0 :: 2])
    result = decode_bytes(data)
    assert (result.text, result.encoding, result.replaced) == (text, codec, 0)
    assert sniff_binary(data) is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_emoji_only_line_without_bom(codec: str) -> None:
    text = "🇺🇦 🇺🇦 🇺🇦\n"
    assert decode_bytes(text.encode(codec)).text == text


def test_unpaired_surrogates_are_not_utf16() -> None:
    # A high surrogate with no low surrogate after it is not text.
    data = EN.encode("utf-16-le") + b"\x3d\xd8" + EN.encode("utf-16-le")
    with pytest.raises(BinaryContentError):
        decode_bytes(data)


def test_short_cyrillic_bytes_forming_a_surrogate_pair_are_not_utf16() -> None:
    # "и на" in ISO-8859-5 is D8 20 DD D0: a valid UTF-16-BE surrogate pair (U+181D0).
    data = "и на".encode("iso-8859-5")
    assert len(data.decode("utf-16-be")) == 1
    assert decode_bytes(data).text == "и на"


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_without_bom(codec: str) -> None:
    result = decode_bytes(RU.encode(codec))
    assert (result.text, result.encoding) == (RU, codec)


def test_utf16_single_cyrillic_word_without_nul_bytes() -> None:
    # "Привет" in UTF-16-LE has no NUL byte at all: 1F 04 40 04 38 04 ...
    data = "Привет".encode("utf-16-le")
    assert b"\x00" not in data
    result = decode_bytes(data)
    assert (result.text, result.encoding) == ("Привет", "utf-16-le")


def test_declared_utf16_is_ignored_for_plain_bytes() -> None:
    # Pages that say charset=utf-16 but are served as ASCII/UTF-8 are read as UTF-8.
    result = decode_bytes(RU.encode("utf-8"), declared="utf-16")
    assert (result.text, result.encoding) == (RU, "utf-8")


def test_integer_arrays_are_not_mistaken_for_utf16() -> None:
    small = struct.pack("<256H", *range(256))
    wide = struct.pack("<500h", *range(-250, 250))
    for data in (small, wide):
        with pytest.raises(BinaryContentError):
            decode_bytes(data)
        assert sniff_binary(data) == "binary data"


def test_sniff_binary_treats_bomless_utf16_as_text() -> None:
    assert sniff_binary(RU.encode("utf-16-le")) is None
    assert sniff_binary(HI.encode("utf-16-be")) is None
    assert sniff_binary(b"\xff\xfe" + EN.encode("utf-16-le")) is None


# ---------------------------------------------------------------------------------------------
# Legacy single-byte code pages
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (RU, "cp1251", "cp1251"),
        (UK, "cp1251", "cp1251"),
        (BG, "cp1251", "cp1251"),
        (RU, "koi8-r", "koi8-r"),
        (UK, "koi8-u", "koi8-u"),
        (RU, "iso-8859-5", "iso-8859-5"),
        (BG, "iso-8859-5", "iso-8859-5"),
        (RU, "mac-cyrillic", "mac-cyrillic"),
        (RU, "cp866", "cp866"),
        (RU, "cp855", "cp855"),
        (BG, "cp855", "cp855"),
        (PT, "latin-1", "latin-1"),
        (PT_CP1252, "cp1252", "cp1252"),
        (EN_CP1252, "cp1252", "cp1252"),
    ],
    ids=_short_id,
)
def test_legacy_code_pages(text: str, codec: str, expected: str) -> None:
    data = text.encode(codec)
    result = decode_bytes(data)
    assert result.text == text
    assert result.encoding == expected
    assert result.replaced == 0
    assert result.confidence >= 0.6


def test_cp855_news_text() -> None:
    # IBM855 (DOS Cyrillic) used to be read as KOI8-U; make sure the usual suspects misread it.
    data = RU_NEWS.encode("cp855")
    for wrong in ("koi8-u", "koi8-r", "cp866", "cp1251", "iso-8859-5", "mac-cyrillic"):
        assert data.decode(wrong) != RU_NEWS
    result = decode_bytes(data)
    assert (result.text, result.encoding, result.replaced) == (RU_NEWS, "cp855", 0)
    assert result.confidence >= 0.6


@pytest.mark.parametrize("title", [RU_TITLE, RU_TITLE_2])
def test_short_cp855_titles(title: str) -> None:
    result = decode_bytes(title.encode("cp855"))
    assert (result.text, result.encoding) == (title, "cp855")


@pytest.mark.parametrize("codec", ["cp855", "cp866", "koi8-r", "cp1251", "iso-8859-5"])
def test_cp855_is_told_apart_from_other_cyrillic_code_pages(codec: str) -> None:
    text = RU_NEWS.replace("«", '"').replace("»", '"')
    result = decode_bytes(text.encode(codec))
    assert (result.text, result.encoding) == (text, codec)


@pytest.mark.parametrize("codec", ["cp866", "cp855", "koi8-r"])
def test_box_drawing_table_before_the_text(codec: str) -> None:
    # DOS-era files often start with a frame drawn in box characters; read through another
    # Cyrillic code page those bytes look like letters. The article text must still decide.
    frame = "\n".join(
        f"╔{'═' * width}╗ ║{'═' * (width // 2)}║ ╚{'═' * (40 - width)}╝" for width in range(4, 36)
    )
    text = frame + "\n" + RU_NEWS.replace("«", '"').replace("»", '"') + "\n" + RU
    result = decode_bytes(text.encode(codec))
    assert (result.text, result.encoding) == (text, codec)


def test_ukrainian_letters_survive_cp1251() -> None:
    result = decode_bytes(UK.encode("cp1251"))
    for letter in "іїєґ":
        assert letter in result.text


@pytest.mark.parametrize("title", [RU_TITLE, RU_TITLE_2])
@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
def test_short_russian_titles(title: str, codec: str) -> None:
    assert 35 <= len(title) <= 45
    result = decode_bytes(title.encode(codec))
    assert result.text == title
    assert result.encoding == codec


def test_short_title_defeats_case_inversion() -> None:
    # Read with the other code page, KOI8-R and cp1251 invert letter case; make sure this test
    # is meaningful, then that the detector does not fall for it.
    data = RU_TITLE.encode("koi8-r")
    wrong = data.decode("cp1251")
    assert wrong != RU_TITLE
    assert sum(ch.isupper() for ch in wrong) > sum(ch.islower() for ch in wrong if ch.isalpha())
    assert decode_bytes(data).text == RU_TITLE


def test_all_caps_headline_in_koi8_and_cp1251() -> None:
    headline = "ЦЕНТРОБАНК СОХРАНИЛ КЛЮЧЕВУЮ СТАВКУ НА ПРЕЖНЕМ УРОВНЕ"
    for codec in ("cp1251", "koi8-r"):
        result = decode_bytes(headline.encode(codec))
        assert (result.text, result.encoding) == (headline, codec)


def test_russian_in_koi8_u_bytes_is_reported_as_koi8_r() -> None:
    # Without Ukrainian letters KOI8-U and KOI8-R bytes are identical: the simpler name wins.
    data = RU.encode("koi8-u")
    assert data == RU.encode("koi8-r")
    result = decode_bytes(data)
    assert (result.text, result.encoding) == (RU, "koi8-r")


def test_lowercase_text_identical_in_mac_cyrillic_is_reported_as_cp1251() -> None:
    text = "новости: в городе открыли новый мост через реку"
    data = text.encode("cp1251")
    assert data.decode("mac-cyrillic") == text
    result = decode_bytes(data)
    assert (result.text, result.encoding) == (text, "cp1251")


def test_latin1_without_windows_bytes_is_reported_as_latin1() -> None:
    data = PT.encode("cp1252")
    assert data == PT.encode("latin-1")
    assert decode_bytes(data).encoding == "latin-1"


def test_portuguese_is_not_read_as_cyrillic() -> None:
    # cp1251 would give "nгo" for "não": Cyrillic inside Latin words.
    data = "A decisão não agradou à população.".encode("latin-1")
    assert "г" in data.decode("cp1251")
    result = decode_bytes(data)
    assert result.text == "A decisão não agradou à população."


def test_russian_is_not_read_as_accented_latin() -> None:
    data = "Привет из Москвы, друзья".encode("cp1251")
    assert data.decode("cp1252").startswith("Ïðèâåò")
    result = decode_bytes(data)
    assert (result.text, result.encoding) == ("Привет из Москвы, друзья", "cp1251")


def test_mixed_cyrillic_and_latin_words_in_cp1251() -> None:
    text = "Компания Apple представила новый iPhone 16 в Москве — цена 99 990 руб. не изменится"
    result = decode_bytes(text.encode("cp1251"))
    assert (result.text, result.encoding) == (text, "cp1251")


def test_non_ascii_text_late_in_a_large_file() -> None:
    data = b"Plain English preface line.\n" * 5000 + RU.encode("koi8-r")
    assert len(data) > 128 * 1024
    result = decode_bytes(data)
    assert result.encoding == "koi8-r"
    assert result.text.endswith(RU)


def test_windows_bytes_after_the_scanned_sample_still_pick_cp1252() -> None:
    data = (PT + "\n").encode("latin-1") * 3000 + EN_CP1252.encode("cp1252")
    result = decode_bytes(data)
    assert result.encoding == "cp1252"
    assert result.text.endswith(EN_CP1252)


def test_undefined_cp1251_byte_is_counted_as_replaced() -> None:
    data = RU.encode("cp1251") + b" \x98"
    result = decode_bytes(data, declared="windows-1251")
    # 0x98 is unassigned in cp1251, so the declared codec does not decode strictly; detection
    # still chooses cp1251 and replaces the one bad byte.
    assert result.encoding == "cp1251"
    assert result.text == RU + " \ufffd"
    assert result.replaced == 1


def test_pound_sign_in_cp1252_english() -> None:
    # 0xA3 is "£" in cp1252 but "Ł" in cp1250 / ISO-8859-2: "Ł1.2bn" must not win.
    text = (
        "Shares in the mining group fell 12% after it reported a £1.2bn loss – its first in a "
        "decade – and warned that output at its Chilean mine would drop."
    )
    result = decode_bytes(text.encode("cp1252"))
    assert (result.text, result.encoding) == (text, "cp1252")


def test_markup_glued_to_cyrillic_words() -> None:
    # Tags and attribute syntax glued to words ("<title>Новости") do not hide the words. (A
    # page re-saved in Mac Cyrillic whose meta tag went stale; the tag is not passed here.)
    page = (
        "<html><head><meta charset=windows-1251><title>Новости дня — Лента</title></head>"
        '<body><div class="news">'
        '<a href="/news/2024/11/05/">Власти Москвы продлили режим повышенной готовности</a>'
        "</div><p>Мэр Москвы Сергей Собянин подписал указ…</p></body></html>"
    )
    result = decode_bytes(page.encode("mac-cyrillic"))
    assert (result.text, result.encoding) == (page, "mac-cyrillic")


# ---------------------------------------------------------------------------------------------
# Other languages and scripts (detected so that they are not turned into Cyrillic mojibake)
# ---------------------------------------------------------------------------------------------

HU = (
    "A kormány szerdán elfogadta a jövő évi költségvetést; a bérek és a nyugdíjak emelése "
    "mellett az egészségügyre is több pénz jut, a fűtésszámlák pedig csökkennek. Az ellenzék "
    "szerint a számok túl optimisták, és a hiány tovább nőhet."
)
CS = (
    "Vláda ve středu schválila rozpočet na příští rok. Podle ministra financí se schodek "
    "sníží, opozice však tvrdí, že čísla jsou příliš optimistická a růst cen energií může "
    "plány zhatit."
)
PL = (
    "Rząd przyjął w środę projekt budżetu na przyszły rok. Według ministra finansów deficyt "
    "się zmniejszy, ale opozycja twierdzi, że liczby są zbyt optymistyczne, a ceny żywności "
    "będą dalej rosły."
)
TR = (
    "Hükümet çarşamba günü gelecek yılın bütçesini onayladı. Maliye bakanına göre açık "
    "azalacak, ancak muhalefet rakamların fazla iyimser olduğunu söylüyor; İstanbul'da "
    "kiralar artmaya devam ediyor."
)
EL = (
    "Η κυβέρνηση ενέκρινε την Τετάρτη τον προϋπολογισμό του επόμενου έτους. Σύμφωνα με τον "
    "υπουργό Οικονομικών, το έλλειμμα θα μειωθεί, όμως η αντιπολίτευση λέει ότι τα νούμερα "
    "είναι υπερβολικά αισιόδοξα."
)
HE = (
    "הממשלה אישרה ביום רביעי את תקציב השנה הבאה. לדברי שר האוצר הגירעון יקטן, אך האופוזיציה "
    "טוענת שהמספרים אופטימיים מדי ושמחירי הדיור ימשיכו לעלות."
)
ZH_HANS = (
    "北京市政府周三宣布，新的公共交通计划将于明年一月开始实施。根据该计划，市区将新增四十条"
    "公交线路，地铁票价保持不变。"
)
ZH_HANT = (
    "台北市政府週三宣布，新的公共交通計畫將於明年一月開始實施。根據該計畫，市區將新增四十條"
    "公車路線，捷運票價維持不變。"
)
JA = (
    "東京都は水曜日、新しい公共交通計画を来年一月から実施すると発表した。計画によると、"
    "市内に四十のバス路線が新設され、地下鉄の運賃は据え置かれる。"
)
KO = (
    "서울시는 수요일 새로운 대중교통 계획을 내년 1월부터 시행한다고 발표했다. 계획에 따르면 "
    "시내에 버스 노선 40개가 새로 생기고 지하철 요금은 동결된다."
)


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (HU, "cp1250", "cp1250"),
        (HU, "iso-8859-2", "cp1250"),  # identical bytes for Hungarian: the web name is reported
        (CS, "cp1250", "cp1250"),
        (CS, "iso-8859-2", "iso-8859-2"),
        (PL, "cp1250", "cp1250"),
        (PL, "iso-8859-2", "iso-8859-2"),
        (TR, "cp1254", "cp1254"),
        (EL, "cp1253", "cp1253"),
        (HE, "cp1255", "cp1255"),
        (ZH_HANS, "gb18030", "gb18030"),
        (ZH_HANT, "big5", "big5hkscs"),
        (JA, "shift_jis", "cp932"),
        (JA, "euc_jp", "euc_jp"),
        (KO, "euc_kr", "cp949"),
        (JA, "iso2022_jp", "iso2022_jp"),
        (KO, "iso2022_kr", "iso2022_kr"),
    ],
    ids=_short_id,
)
def test_other_languages(text: str, codec: str, expected: str) -> None:
    result = decode_bytes(text.encode(codec))
    assert (result.text, result.encoding, result.replaced) == (text, expected, 0)


@pytest.mark.parametrize(
    ("text", "codec", "declared"),
    [(HE, "cp1255", "windows-1255"), (EL, "iso-8859-7", "ISO-8859-7")],
    ids=["hebrew", "greek"],
)
def test_declared_code_page_of_another_script_is_kept(text: str, codec: str, declared: str) -> None:
    # Read through KOI8-R, Hebrew letters become capital Cyrillic letters that score better than
    # Hebrew letters do, but they are not Russian: the declaration is not overruled.
    result = decode_bytes(text.encode(codec), declared=declared)
    assert (result.text, result.encoding) == (text, codec)


def test_iso2022_text_is_not_binary() -> None:
    # ISO-2022-KR switches character sets with SO/SI control bytes.
    data = KO.encode("iso2022_kr")
    assert b"\x0e" in data
    assert sniff_binary(data) is None


# ---------------------------------------------------------------------------------------------
# Declared charsets
# ---------------------------------------------------------------------------------------------


def test_declared_windows_1251_but_bytes_are_utf8() -> None:
    result = decode_bytes(RU.encode("utf-8"), declared="windows-1251")
    assert (result.text, result.encoding) == (RU, "utf-8")


def test_declared_utf8_but_bytes_are_cp1251() -> None:
    result = decode_bytes(BG.encode("cp1251"), declared="utf-8")
    assert (result.text, result.encoding, result.replaced) == (BG, "cp1251", 0)


@pytest.mark.parametrize(
    "declared",
    ["windows-1251", "WINDOWS-1251", "cp1251", "win-1251", "x-cp1251", " 'windows-1251' "],
)
def test_declared_cp1251_aliases(declared: str) -> None:
    result = decode_bytes(UK.encode("cp1251"), declared=declared)
    assert (result.text, result.encoding) == (UK, "cp1251")
    assert result.confidence >= 0.9


@pytest.mark.parametrize(
    "declared",
    ["utf8", "UTF-8", "UTF-8;", '"utf-8"', "text/html; charset=UTF-8", "utf8mb4"],
)
def test_declared_utf8_spellings(declared: str) -> None:
    result = decode_bytes(HI.encode("utf-8"), declared=declared)
    assert (result.text, result.encoding) == (HI, "utf-8")


@pytest.mark.parametrize(
    "declared", ["x-unknown", "", "none", "rot13", "base64", "utf-7", "cp037", "  ;  "]
)
def test_junk_or_unsafe_declared_names_are_ignored(declared: str) -> None:
    result = decode_bytes(RU.encode("koi8-r"), declared=declared)
    assert (result.text, result.encoding) == (RU, "koi8-r")


def test_declared_content_type_header_with_koi8() -> None:
    result = decode_bytes(RU.encode("koi8-r"), declared="text/html; charset=KOI8-R")
    assert (result.text, result.encoding) == (RU, "koi8-r")
    assert result.confidence >= 0.9


@pytest.mark.parametrize("declared", ["iso-8859-1", "ISO-8859-1", "latin-1", "latin1", "ascii"])
def test_declared_latin1_and_ascii_are_read_as_cp1252(declared: str) -> None:
    result = decode_bytes(PT_CP1252.encode("cp1252"), declared=declared)
    assert result.text == PT_CP1252  # curly quotes, not C1 control characters
    assert result.encoding == "cp1252"


def test_declared_cp1252_but_bytes_are_cp1251_russian() -> None:
    # Classic mojibake ("Ãîðîäñêîé"): the declaration is overruled.
    result = decode_bytes(RU.encode("cp1251"), declared="windows-1252")
    assert (result.text, result.encoding) == (RU, "cp1251")


def test_declared_cp1251_but_bytes_are_koi8() -> None:
    result = decode_bytes(RU.encode("koi8-r"), declared="windows-1251")
    assert (result.text, result.encoding) == (RU, "koi8-r")


def test_declared_koi8_r_with_ukrainian_letters_becomes_koi8_u() -> None:
    # KOI8-R has box-drawing characters where KOI8-U has і, ї, є, ґ.
    data = UK.encode("koi8-u")
    assert "і" not in data.decode("koi8-r")
    result = decode_bytes(data, declared="koi8-r")
    assert (result.text, result.encoding) == (UK, "koi8-u")


def test_declared_legacy_charset_on_ascii_is_kept() -> None:
    result = decode_bytes(EN.encode("ascii"), declared="windows-1251")
    assert (result.text, result.encoding, result.confidence) == (EN, "cp1251", 1.0)


def test_declared_multibyte_charset_is_used_when_it_decodes() -> None:
    text = "東京で新しい交通計画が承認された。"
    result = decode_bytes(text.encode("shift_jis"), declared="Shift_JIS")
    assert (result.text, result.encoding) == (text, "cp932")


# ---------------------------------------------------------------------------------------------
# Binary content
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_png(), "PNG image"),
        (_pdf(), "PDF document"),
        (_zip(), "ZIP archive"),
        (gzip.compress(RU.encode("utf-8")), "gzip data"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + _random_bytes(200), "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!", "GIF image"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x03\x00>\x00", "ELF executable"),
        (_random_bytes(4096), "binary data"),
        (_random_bytes(64, seed=7), "binary data"),
    ],
    ids=["png", "pdf", "zip", "gzip", "jpeg", "gif", "elf", "random", "random-short"],
)
def test_binary_content_is_rejected(data: bytes, kind: str) -> None:
    assert sniff_binary(data) == kind
    with pytest.raises(BinaryContentError) as raised:
        decode_bytes(data)
    assert str(raised.value) == f"binary content ({kind})"
    assert raised.value.kind == kind
    assert isinstance(raised.value, ValueError)


def test_binary_signature_wins_over_declared_charset() -> None:
    with pytest.raises(BinaryContentError, match=r"binary content \(PDF document\)"):
        decode_bytes(_pdf(), declared="utf-8")


def test_text_with_nul_bytes_is_binary() -> None:
    data = b"Header\x00\x00\x00\x01\x02payload\x00\x00" * 10
    with pytest.raises(BinaryContentError, match="binary data"):
        decode_bytes(data)


def test_control_characters_above_five_percent_are_binary() -> None:
    text = ("abcdefghijklmnopqrs\x01" * 50).encode("ascii")  # exactly 5 %: still text
    assert sniff_binary(text) is None
    assert decode_bytes(text).text.count("\x01") == 50
    noisy = ("abcdefghi\x01\x02" * 50).encode("ascii")  # 18 %
    assert sniff_binary(noisy) == "binary data"


@pytest.mark.parametrize(
    "data",
    [
        RU.encode("cp1251"),
        RU.encode("koi8-r"),
        UK.encode("utf-8"),
        PT.encode("latin-1"),
        EN.encode("ascii"),
        HI.encode("utf-8"),
        "Tab\tseparated\r\nline\fpage".encode("ascii"),
    ],
    ids=["cp1251", "koi8-r", "utf-8", "latin-1", "ascii", "hindi", "whitespace"],
)
def test_sniff_binary_returns_none_for_text(data: bytes) -> None:
    assert sniff_binary(data) is None


def test_sniff_binary_of_empty_input() -> None:
    assert sniff_binary(b"") is None


def test_str_input_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        decode_bytes(RU)  # type: ignore[arg-type]


def test_bytearray_and_memoryview_are_accepted() -> None:
    data = RU.encode("cp1251")
    assert decode_bytes(bytearray(data)).text == RU
    assert decode_bytes(memoryview(data)).text == RU


# ---------------------------------------------------------------------------------------------
# Broken UTF-8
# ---------------------------------------------------------------------------------------------


def test_invalid_bytes_in_mostly_utf8_text_are_replaced() -> None:
    # Mostly valid UTF-8 with a few stray bytes: decoded as UTF-8 with U+FFFD (a legacy code
    # page would turn every valid sequence into mojibake).
    first, second = RU.split("\n")
    data = first.encode("utf-8") + b"\xff\xfe" + second.encode("utf-8") + b" \xc0"
    result = decode_bytes(data)
    assert result.encoding == "utf-8"
    assert result.text == first + "\ufffd\ufffd" + second + " \ufffd"
    assert result.replaced == 3
    assert result.confidence < 1.0


def test_cp1252_quote_inside_utf8_text_is_replaced() -> None:
    data = "Ação judicial contra a empresa".encode() + b" \x93fim\x94"
    result = decode_bytes(data)
    assert result.encoding == "utf-8"
    assert result.text == "Ação judicial contra a empresa \ufffdfim\ufffd"
    assert result.replaced == 2


def test_genuine_replacement_characters_are_not_counted() -> None:
    text = "Символ \ufffd уже был в исходном тексте"
    data = text.encode("utf-8") + b"\xff"
    result = decode_bytes(data)
    assert result.text == text + "\ufffd"
    assert result.replaced == 1


def test_truncated_utf8_at_the_end() -> None:
    data = RU.encode("utf-8")
    cut = data[: data.rindex("маршруты".encode()) + 3]  # "м" plus the first byte of "а"
    result = decode_bytes(cut)
    assert result.encoding == "utf-8"
    assert result.text.endswith("м\ufffd")
    assert result.replaced == 1


def test_never_raises_on_arbitrary_high_bytes() -> None:
    rng = random.Random(99)
    data = bytes(rng.choice(b"\x80\x8a\x9f\xa0\xc3\xd0\xe9\xf0\xff  \n.,") for _ in range(5000))
    result = decode_bytes(data)
    assert isinstance(result.text, str)
    assert len(result.text) >= len(data) // 4
    assert 0.0 <= result.confidence <= 1.0


# ---------------------------------------------------------------------------------------------
# Performance
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "utf-8", "utf-16-le"])
def test_five_megabytes_decode_quickly(codec: str) -> None:
    paragraph = (RU + "\n" + UK + "\n") if codec != "koi8-r" else (RU + "\n")
    unit = paragraph.encode(codec)
    data = unit * (5_000_000 // len(unit) + 1)
    assert len(data) >= 5_000_000
    started = time.perf_counter()
    result = decode_bytes(data)
    elapsed = time.perf_counter() - started
    assert result.encoding == codec
    assert result.text[: len(paragraph)] == paragraph
    assert elapsed < 1.0, f"{elapsed:.2f}s for {len(data)} bytes"
