"""The cleaner removes scraping residue line by line, names why, and never drops body text."""

from __future__ import annotations

import pytest

from narrascope.cleaning import clean_text

BODY = "The Kremlin said on Tuesday that the supplies would prolong the conflict."


def _removed(raw: str, title: str | None = None) -> dict[str, str]:
    result = clean_text(raw, title)
    return {r.text: r.reason for r in result.removed}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("See also: Ten facts about HIMARS", "related_link"),
        ("See also Ten facts about HIMARS", "related_link"),
        ("READ MORE: Kremlin rejects peace plan", "related_link"),
        ("Read also: Why Europe is freezing", "related_link"),
        ("Читайте также: Путин провёл совещание Совбеза", "related_link"),
        ("Читайте також: ЗСУ відбили атаку під Бахмутом", "related_link"),
        ("Прочетете още: Цените на тока скачат", "related_link"),
        ("Leia também: Rússia anuncia novo ataque", "related_link"),
        ("यह भी पढ़ें: रूस ने नया हमला किया", "related_link"),
        ("Leave a Reply", "comment_form"),
        ("Your email address will not be published. Required fields are marked *",
         "comment_form"),
        ("Comments are closed.", "comment_form"),
        ("Save my name, email, and website in this browser for the next time I comment.",
         "comment_form"),
        ("Ваш адрес email не будет опубликован. Обязательные поля помечены *", "comment_form"),
        ("O seu endereço de e-mail não será publicado. Campos obrigatórios são marcados com *",
         "comment_form"),
        ("Вашият имейл адрес няма да бъде публикуван.", "comment_form"),
        ("आपका ईमेल पता प्रकाशित नहीं किया जाएगा।", "comment_form"),
        ("Source link", "source_link"),
        ("Источник", "source_link"),
        ("Site icon", "site_chrome"),
        ("Exit mobile version", "site_chrome"),
        ("Site icon Exit mobile version", "site_chrome"),
        ("Site logo image Global Frontline News", "site_chrome"),
        ("Skip to content", "site_chrome"),
        ("Advertisement", "site_chrome"),
        ("Home » World » Europe", "site_chrome"),
        ("PREV", "navigation"),
        ("NEXT", "navigation"),
        ("PREV Kremlin says talks are dead", "navigation"),
        ("Previous article", "navigation"),
        ("Next post: Zelensky meets Scholz", "navigation"),
        ("Предыдущая статья", "navigation"),
        ("Tags: Ukraine, NATO, Russia", "tag_list"),
        ("Теги: Украина, НАТО", "tag_list"),
        ("#Ukraine #NATO #war", "tag_list"),
        ("Share this:", "share_prompt"),
        ("Share on Facebook", "share_prompt"),
        ("Twitter WhatsApp Telegram", "share_prompt"),
        ("Click to share on Telegram (Opens in new window)", "share_prompt"),
        ("Like Loading...", "share_prompt"),
        ("Print", "share_prompt"),
        ("Поделиться", "share_prompt"),
        ("Photo: Reuters", "photo_credit"),
        ("Фото: РИА Новости", "photo_credit"),
        ("(Photo by John Doe/AFP via Getty Images)", "photo_credit"),
        ("Foto: Reprodução", "photo_credit"),
        ("The article is in Russian", "language_notice"),
        ("This article is also available in Ukrainian", "language_notice"),
        ("Читати українською", "language_notice"),
        ("Subscribe to our Telegram channel", "subscription"),
        ("Подписывайтесь на наш канал в Telegram", "subscription"),
        ("© 2023 Global Frontline News. All rights reserved.", "copyright"),
        ("Все права защищены", "copyright"),
        ("By John Smith | March 3, 2023", "byline"),
        ("March 3, 2023", "dateline"),
        ("14.03.2023 12:45", "dateline"),
        ("https://t.me/some_channel", "bare_url"),
        ("***", "separator"),
        # a related-headline list goes whatever punctuation it carries
        ('See also  "Invasion of Ukraine is an outrage for Vladimir Putin" - Former Ukrainian '
         "Defense Minister / He thinks he can attack Russia / What can stop Putin?",
         "related_link"),
        ("Read also: Kyiv says talks failed | Drones hit Odesa port | Who pays for the war?",
         "related_link"),
        # captions end with their picture's credit
        ("A firefighter works at the site of a missile strike in Odesa, Ukraine, Sunday, "
         "March 3, 2024. (AP Photo/Libkos)", "caption"),
        ("Ukrainian servicemen fire a howitzer toward Russian positions near Bakhmut. "
         "REUTERS/Alina Smutko", "caption"),
    ],
)
def test_residue_line_is_removed_with_its_reason(line: str, reason: str) -> None:
    raw = f"{BODY}\n{line}\nThe ministry did not comment."
    result = clean_text(raw)
    assert [(r.text, r.reason) for r in result.removed] == [(line, reason)]
    assert result.text == f"{BODY}\n\nThe ministry did not comment."


@pytest.mark.parametrize(
    "line",
    [
        "See also the statement by the ministry, which denied any involvement.",
        "Photo evidence shows the building was empty at the time of the strike.",
        "Next week, the ministers will meet again in Brussels.",
        "Nothing more.",
        "This is war.",
        "“We will never give up,” he said.",
        "«Это провокация», — заявил Песков.",
        "Join our fight, Zelensky urged the crowd.",
        "Copyright laws in Russia were changed last year.",
        "By the end of the week, Russian troops had retreated.",
        "Source: the ministry says the figures are accurate.",
        "Tags and labels are used by propagandists to dehumanise the enemy.",
        "Share prices in Moscow fell by 3% after the announcement.",
        "Home to 40,000 people, the town was shelled overnight.",
        "Subscribers of the channel claimed the video was staged.",
        "Comments by the spokesman were later deleted.",
        "Print media in Ukraine has been hit hard by the war.",
        "Previous attempts at negotiation failed, he recalled.",
        "Follow the money, says the investigator.",
        "Why?",
        "Nie.",
        "NEXT WEEK THE EU WILL VOTE ON THE TWELFTH SANCTIONS PACKAGE.",
        "The strike hit a grain terminal, officials told Reuters and AP on Monday.",
        "Kyiv (AP) officials said the strike hit a school in the Kharkiv region on Monday.",
    ],
)
def test_body_sentences_that_look_like_residue_are_kept(line: str) -> None:
    raw = f"{BODY}\n{line}\nThe ministry did not comment."
    result = clean_text(raw)
    assert result.removed == []
    assert line in result.text


def test_block_after_related_header_removes_the_headline_list_only() -> None:
    raw = (
        f"{BODY}\nRelated posts\nZelensky visits front line\nBiden pledges more aid\n"
        "The war goes on, and nobody knows when it will end.\n"
    )
    removed = _removed(raw)
    assert removed == {
        "Related posts": "related_link",
        "Zelensky visits front line": "related_link",
        "Biden pledges more aid": "related_link",
    }
    assert clean_text(raw).text.endswith("The war goes on, and nobody knows when it will end.")


def test_comment_form_block_takes_its_unstarred_fields() -> None:
    raw = f"{BODY}\nLeave a Reply\nCancel reply\nComment\nName\nEmail\nWebsite\nPost Comment\n"
    result = clean_text(raw)
    assert result.text == BODY
    assert {r.reason for r in result.removed} == {"comment_form"}
    assert len(result.removed) == 7


def test_repeated_headline_and_duplicate_paragraph() -> None:
    title = "Kremlin warns London over Storm Shadow"
    raw = f"{title}\n{BODY}\n{BODY}\nKremlin warns London over Storm Shadow | Frontline News\n"
    removed = clean_text(raw, title).removed
    assert [(r.reason, r.start) for r in removed] == [
        ("repeated_headline", 0),
        ("duplicate_line", len(title) + 1 + len(BODY) + 1),
        ("repeated_headline", len(title) + 2 * (len(BODY) + 1) + 1),
    ]


def test_removal_offsets_point_into_the_raw_text() -> None:
    raw = f"  {BODY}\r\n\r\n   Share this:  \r\nTags: war\n\u00a0Source link\n"
    result = clean_text(raw)
    assert len(result.removed) == 3
    for removal in result.removed:
        assert raw[removal.start : removal.end] == removal.text


def test_characters_are_normalised_but_words_untouched() -> None:
    raw = "Kyiv\u00a0said\u200b  the  “strike”\tfailed.\nे\u200dक"
    text = clean_text(raw).text
    assert text.splitlines()[0] == "Kyiv said the “strike” failed."
    assert "\u200d" in text  # zero-width joiner matters in Devanagari


def test_hard_wrapped_sentences_are_rejoined() -> None:
    raw = "The Kremlin said on Tuesday that supplying\nlong-range missiles would escalate.\n"
    assert clean_text(raw).text == (
        "The Kremlin said on Tuesday that supplying long-range missiles would escalate."
    )


def test_paragraphs_are_separated_by_blank_lines() -> None:
    raw = "First paragraph here.\nSecond paragraph here.\n\n\nThird one."
    assert clean_text(raw).text == "First paragraph here.\n\nSecond paragraph here.\n\nThird one."
