"""English reported speech beyond "X said that …": long attributions after the report, every
report the parse finds in a sentence, speech verbs joined to another verb, advice, what a poll
finds, "according to him", organisation nouns, and the person rather than the body after them.
Invented sentences, one behaviour per test, with the shapes that must stay quote-free."""

from __future__ import annotations

from narrascope import Pipeline, RawArticle

PIPELINE = Pipeline(["clean", "language", "sentences", "entities", "quotes"])


def quotes_of(text: str) -> list[dict]:
    return PIPELINE(RawArticle(source="t", text=text)).to_dict()["quotes"]


def speakers(text: str) -> dict[str, str | None]:
    """The quotes' opening words (four) and their speakers' names."""
    return {" ".join(q["text"].split()[:4]): q["speaker"]["name"] if q["speaker"] else None
            for q in quotes_of(text)}


# -- "…, the ministry said." ---------------------------------------------------------------


def test_a_long_name_after_the_report_attributes_it() -> None:
    text = ("Sea ice around the pole shrank to its lowest winter extent in four decades of "
            "satellite records this year, the Norwegian Polar Climate Data Institute said.")
    assert speakers(text) == {"Sea ice around the": "Norwegian Polar Climate Data Institute"}


def test_circumstance_after_the_verb_and_a_clause_after_that() -> None:
    text = ("The strike on the depot was a deliberate provocation by its Western sponsors, "
            "President Vladimir Putin said at a meeting with security officials on Monday, "
            "warning that Moscow would respond.")
    found = speakers(text)
    assert found["The strike on the"] == "Vladimir Putin"
    assert found["Moscow would respond"] == "Vladimir Putin"


def test_the_verb_first_and_the_speaker_described_after_his_name() -> None:
    text = ("Such sanctions only prove that the West fears open competition, said Andrei "
            "Volkov, chairman of the board of the Baltic Research Foundation.")
    assert speakers(text) == {"Such sanctions only prove": "Andrei Volkov"}


def test_a_title_and_a_name_in_apposition_before_a_bare_said() -> None:
    text = ("At least 12 people were injured when shells hit a bus station in the city "
            "centre, the head of the regional administration, Pavel Orlov, said.")
    [quote] = quotes_of(text)
    assert quote["speaker"]["name"] == "Pavel Orlov"
    assert quote["text"].endswith("in the city centre")


def test_the_agency_dateline_is_not_part_of_the_report() -> None:
    text = ("MOSCOW, August 13 (NI) — The incursion into the border region is a large-scale "
            "provocation, President Vladimir Putin said on Monday.")
    [quote] = quotes_of(text)
    assert quote["text"].startswith("The incursion")
    assert quote["speaker"]["name"] == "Vladimir Putin"


def test_a_report_that_runs_on_after_the_attribution_is_not_cut_in_two() -> None:
    assert quotes_of("The biggest problem on the front, Melnyk said, is electronic warfare.") \
        == []


def test_a_speech_verb_inside_a_relative_clause_is_no_attribution() -> None:
    text = ("The district in the north of the city, which the ministry said was safe, was "
            "shelled overnight by artillery.")
    assert quotes_of(text) == []


def test_called_that_names_something_is_no_attribution() -> None:
    text = ("A government programme launched last year, called eRecovery, lets owners of "
            "damaged homes apply for compensation online.")
    assert quotes_of(text) == []


def test_the_united_states_is_not_a_speech_verb() -> None:
    text = "The United States and the European Union have imposed new sanctions on Russian oil."
    assert quotes_of(text) == []


# -- the dependency parse --------------------------------------------------------------------


def test_every_report_of_a_sentence() -> None:
    text = ("Poland and Hungary said they had no plans to send troops, and NATO Secretary "
            "General Mark Rutte said there were no such plans in the alliance.")
    found = speakers(text)
    assert found["there were no such"] == "Mark Rutte"
    assert "they had no plans" in found


def test_a_speech_verb_joined_to_another_verb_has_its_subject() -> None:
    text = ("Dmitry Peskov called the report a fabrication and said the Kremlin would not "
            "comment further.")
    assert speakers(text) == {"the Kremlin would not": "Dmitry Peskov"}


def test_a_participle_has_the_subject_of_its_clause() -> None:
    text = "Verra rejected the findings, saying the studies had used flawed methods."
    assert speakers(text) == {"the studies had used": "Verra"}


def test_a_report_of_its_own_after_said_is_not_an_attribution() -> None:
    [quote] = quotes_of("The Defence Ministry said it would respond to the strike within days.")
    assert quote["text"] == "it would respond to the strike within days"
    assert quote["speaker"]["name"] == "Defence Ministry"


def test_the_time_of_the_statement_is_not_part_of_the_report() -> None:
    [quote] = quotes_of("Ukraine's air force said on Tuesday it had destroyed a large landing "
                        "ship in Crimea.")
    assert quote["text"] == "it had destroyed a large landing ship in Crimea"


def test_advice_reports_what_it_advises() -> None:
    text = "The British Foreign Office advised travellers to avoid the border region for now."
    assert speakers(text) == {"travellers to avoid the": "British Foreign Office"}


def test_an_appeal_is_not_reported_speech() -> None:
    assert quotes_of("The Health Ministry urged residents to stay indoors during the heatwave.") \
        == []
    assert quotes_of("The Ukrainian Foreign Ministry called on partners to speed up deliveries "
                     "of air defence systems.") == []
    assert quotes_of("The Greens called for a full audit of the programme.") == []


def test_a_question_is_not_a_statement() -> None:
    text = ("The activists glued their hands to the wall and asked the visitors whether art "
            "was worth more than life.")
    assert all(not q["text"].startswith("art was") for q in quotes_of(text))


# -- sources and speakers --------------------------------------------------------------------


def test_a_poll_reports_through_whoever_made_it() -> None:
    text = ("A poll by the Kyiv International Institute of Sociology in March showed that 80 "
            "percent of respondents trusted the army.")
    assert speakers(text) == {"80 percent of respondents": "Kyiv International Institute of "
                                                           "Sociology"}


def test_what_a_survey_studied_does_not_speak() -> None:
    text = ("Surveys of refugees in the European Union show that the share planning to return "
            "has been falling.")
    assert quotes_of(text) == []


def test_according_to_him_points_back_to_the_person_named_before() -> None:
    text = ("Sergei Lavrov spoke to reporters after the talks in Geneva. According to him, the "
            "sides had agreed on a new round in May.")
    assert speakers(text)["the sides had agreed"] == "Sergei Lavrov"


def test_the_person_not_the_body_named_after_them() -> None:
    text = ("Analyst Dmitry Trenin of the Higher School of Economics said that the speech was "
            "aimed at the Global South.")
    assert speakers(text) == {"the speech was aimed": "Dmitry Trenin"}


def test_the_federation_is_the_federation_named_before() -> None:
    text = ("Fully electric cars took 89 percent of new car sales in Norway in 2024, the "
            "Norwegian Road Federation said. In December, the share of electric cars reached "
            "96 percent, the federation said.")
    assert speakers(text)["In December, the share"] == "Norwegian Road Federation"


def test_the_analyst_is_the_expert_introduced_before() -> None:
    text = ("Tomas Lindqvist, a senior fellow at the Nordic Security Institute, said the jets "
            "would strengthen air defence. Deliveries are due to start in the spring. The "
            "analyst said maintenance would be the main challenge for the crews.")
    assert speakers(text)["maintenance would be the"] == "Tomas Lindqvist"


def test_the_analyst_is_not_a_minister_named_before() -> None:
    text = ("Agriculture Minister Florin Barbu said the government would pay compensation. "
            "Farmers remain sceptical. The expert said that only a tenth of the land was "
            "irrigated.")
    assert speakers(text).get("only a tenth of") is None


def test_the_expert_is_not_someone_named_bare_sentences_before() -> None:
    text = ("Maria Petrenko fled her village in March. Water still covers the fields. Few "
            "families have returned. The expert said the dam had been weakened by shelling.")
    assert speakers(text).get("the dam had been") is None


def test_a_generic_noun_is_no_speaker() -> None:
    assert speakers("Russian society believes that the war will be over within a year.") == {}

