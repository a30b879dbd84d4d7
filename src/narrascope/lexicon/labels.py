"""Words before a quoted phrase that make it a title or a label rather than a quotation.

"The newspaper “Izvestia”", "the so-called «special operation»": the quote extractor drops
such quoted words. Each list holds every language at once.
"""

from __future__ import annotations

#: Words before a quoted phrase that make it a title, not a quote.
WORK_TITLES = (
    r"newspaper|magazine|paper|film|movie|book|novel|song|report|article|programme|program|"
    r"show|channel|documentary|series|album|play|poem|campaign|project|exercise|exercises|"
    r"operation|plan|initiative|doctrine|strategy|law|bill|act|titled|entitled|called|named|"
    r"dubbed|headlined|codenamed|code-named|brand|"
    r"газет\w*|журнал\w*|фильм\w*|книг\w*|песн\w*|доклад\w*|стать\w*|передач\w*|"
    r"телеканал\w*|канал\w*|под названием|назван\w*|операци\w*|издани\w*|программ\w*|"
    r"проект\w*|учени\w*|закон\w*|фільм\w*|книж\w*|пісн\w*|доповід\w*|статт\w*|програм\w*|"
    r"під назвою|операці\w*|видання|вестник\w*|филм\w*|книга\w*|песен\w*|доклад\w*|"
    r"статия\w*|предаване\w*|наречен\w*|jornal|revista|filme|livro|canção|relatório|artigo|"
    r"programa|canal|intitulad\w*|chamad\w*|operação|projeto|lei|"
    r"अखबार|फिल्म|किताब|रिपोर्ट|पुस्तक|गीत|कार्यक्रम|अभियान|ऑपरेशन|नामक"
)
#: Words before a quoted phrase that mark a scare quote or label.
SO_CALLED = (
    r"so-called|so called|self-styled|self-proclaimed|alleged|supposed|"
    r"так называем\w*|т\.\s?н\.|так зван\w*|т\.\s?зв\.|така наречен\w*|т\.\s?нар\.|"
    r"самопровозглашенн\w*|самопроголошен\w*|"
    r"chamad\w* de|suposto|suposta|pretenso|pretensa|autoproclamad\w*|तथाकथित"
)
