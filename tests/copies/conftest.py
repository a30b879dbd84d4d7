"""Invented articles and their copies for the copies tests."""

from __future__ import annotations

import pytest

from narrascope import analyze
from narrascope.document import Document

ORIGINAL = (
    "KYIV, March 3 (Wire) - Russian drones struck energy facilities in the Odesa region "
    "overnight, cutting power to about 40,000 homes, the regional governor Oleh Kiper said "
    "on Sunday.\n\n"
    "Air defence units shot down 22 of the 28 drones launched from the Crimean peninsula, "
    "the Ukrainian air force said in a statement on Telegram.\n\n"
    "Repair crews were working to restore electricity to hospitals and water pumping "
    "stations first, Kiper said, adding that nobody had been injured.\n\n"
    "The Russian defence ministry said its forces had hit infrastructure used by the "
    "Ukrainian military. The claim could not be independently verified.\n\n"
    "Ukraine's energy ministry said it would ask European neighbours for emergency power "
    "imports to cover the shortfall during the evening peak."
)

#: Another story of the same day and region: same names, different event.
NEIGHBOUR = (
    "ODESA, March 3 (Wire) - The port of Odesa handled a record volume of grain in February, "
    "the regional governor Oleh Kiper said on Sunday, despite repeated Russian attacks on "
    "the city's infrastructure.\n\n"
    "More than four million tonnes left the Black Sea ports last month, according to the "
    "infrastructure ministry, most of it wheat and maize bound for Egypt, Spain and China.\n\n"
    "Insurers have cut the premiums they charge ships calling at Ukrainian ports since the "
    "navy pushed Russian warships away from the western part of the sea, traders said."
)


def slanted_copy(text: str) -> str:
    """A proxy site's copy: the first paragraphs verbatim but for loaded swaps, the last one
    cut, a paragraph of comment added."""
    paragraphs = text.split("\n\n")[:-1]
    body = "\n\n".join(paragraphs).replace("Ukrainian air force", "Kiev regime's air force")
    return body + ("\n\nObservers note that the Western sponsors of the Kiev regime keep "
                   "silent about the real cost of this war for ordinary people in the south.")


@pytest.fixture(scope="session")
def docs() -> dict[str, Document]:
    made = {
        "original": analyze(ORIGINAL, title="Drones cut power in Odesa region",
                            outlet="wire.example", published="2024-03-03", source="original.txt"),
        "copy": analyze(slanted_copy(ORIGINAL), title="Odesa left in the dark",
                        outlet="proxy.example", published="2024-03-04", source="copy.txt"),
        "undated": analyze(slanted_copy(ORIGINAL).replace("Observers", "Experts"),
                           title="Odesa in the dark", outlet="mirror.example",
                           source="undated.txt"),
        "neighbour": analyze(NEIGHBOUR, title="Odesa ports ship record grain",
                             outlet="wire.example", published="2024-03-03",
                             source="neighbour.txt"),
        "short": analyze("Drones struck Odesa overnight, officials said.", title="Brief",
                         outlet="wire.example", published="2024-03-03", source="short.txt"),
    }
    return made

#: ORIGINAL as a Ukrainian news site retells it a day later.
UKRAINIAN = (
    "ОДЕСА, 3 березня — Російські дрони вночі атакували енергетичні об'єкти в Одеській "
    "області, без світла залишилися близько 40 000 домівок, повідомив у неділю голова "
    "обласної військової адміністрації Олег Кіпер.\n\n"
    "Сили протиповітряної оборони збили 22 з 28 дронів, запущених з Криму, повідомили "
    "Повітряні сили ЗСУ в Telegram.\n\n"
    "Ремонтні бригади насамперед відновлюють живлення лікарень і водонасосних станцій, "
    "зазначив Кіпер, додавши, що ніхто не постраждав.\n\n"
    "Міненерго заявило, що попросить європейських сусідів про аварійний імпорт "
    "електроенергії на час вечірнього піку."
)
