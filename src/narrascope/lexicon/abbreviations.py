"""Abbreviations and sentence starters, per language: what the sentence splitter needs to tell
the period of "Gen." or "т. д." from the end of a sentence.

"Non-final" abbreviations never end a sentence (titles, "e.g.", "No.", months...). "Final"
abbreviations may end one: after them the splitter ends a sentence only before a common
sentence-starter word (:data:`SENTENCE_STARTERS`). Entries are written without inner spaces
("и др." → "идр.", "т. д." → "т.д."): the splitter joins a two-token abbreviation before it
looks it up.

>>> "Gen." in NONFINAL_ABBREVIATIONS["en"].split(), "т.д." in FINAL_ABBREVIATIONS["ru"].split()
(True, True)
"""

from __future__ import annotations

#: Non-final abbreviations of every language.
COMMON_NONFINAL = "e.g. i.e. vs. cf."
#: Final abbreviations of every language.
COMMON_FINAL = "etc. U.S. U.S.A. U.K. U.N. E.U. a.m. p.m."

#: Abbreviations that never end a sentence (titles, "No.", months...), by language.
NONFINAL_ABBREVIATIONS: dict[str, str] = {
    "en": """
        Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Maj. Capt. Sgt. Cpl. Adm. Cmdr. Sen. Rep. Gov.
        Pres. Amb. Rev. Hon. St. Mt. Ft. No. Nos. approx. est. dept. Dept. Fig. fig. Vol. vol.
        Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. Mon. Tue. Tues. Wed. Thu.
        Thur. Thurs. Fri. Sat. Sun. Ave. Blvd. Rd. p. pp. para. art. ch. ed. eds.
    """,
    "ru": """
        т.е. т.к. т.н. т.ч. им. ул. пр-т. просп. пер. пл. д. кв. обл. р-н. ст. с. см. напр.
        ген. полк. подполк. ген.-лейт. ген.-майор. проф. акад. д-р. доц. г-н. г-жа. рис. табл.
        вкл. т.о. тов. илл. гл. п. пп. ч. корр. ред. зам. нач. св.
    """,
    "uk": """
        т.зв. т.б. т.ч. ім. вул. пров. просп. пл. м. с. смт. обл. р-н. ст. див. напр. ген.
        полк. підполк. проф. акад. д-р. доц. п. пп. ч. кв. буд. заст. реч. св. пан. пані.
    """,
    "bg": """
        т.е. т.к. т.нар. т.ч. ул. бул. пл. обл. гр. с. ст. вж. напр. ген. полк. проф. акад.
        д-р. доц. г-н. г-жа. им. кв. ж.к. бл. ап. ал. чл. п. стр. зам. св.
    """,
    "pt": """
        Sr. Sra. Srs. Sras. Dr. Dra. Drs. Prof. Profa. Gen. Cel. Ten. Cap. Maj. Sgt. Alm.
        Exmo. Exma. Sto. Sta. Pe. p. pp. pág. págs. p.ex. nº. n. núm. Av. av. R. séc. aprox.
        art. cap. ex. fl. vol. Fig. fig. ed. V.Exa. S.Exa.
    """,
    "hi": "डॉ. प्रो. श्री. श्रीमती. सु. कु. मो.",
}

#: Abbreviations that may end a sentence (units, "Inc.", "т. д."), by language.
FINAL_ABBREVIATIONS: dict[str, str] = {
    "en": "Inc. Ltd. Co. Corp. Bros. Jr. Sr. Ph.D. B.C. A.D. U.S.S.R. Esq.",
    "ru": """
        т.д. т.п. и.т.д. идр. ипр. др. пр. г. гг. в. вв. руб. коп. млн. млрд. трлн. тыс. чел.
        долл. кв.м. км. мин. сек. ч. ед. экз. шт.
    """,
    "uk": """
        т.д. т.п. ін. іін. р. рр. ст. грн. коп. тис. млн. млрд. трлн. дол. км. год. хв. сек.
        шт. ос.
    """,
    "bg": """
        т.н. идр. др. г. гг. в. вв. лв. ст. хил. млн. млрд. трлн. км. ч. мин. дол. щ.д.
    """,
    "pt": "etc. Ltda. S.A. Jr. Cia. km. h. min. mil. bi. mi. tri. a.C. d.C.",
    "hi": "रु. ई. ई.पू. कि.मी. लि.",
}

#: Capitalised words that commonly start a sentence, by language.
SENTENCE_STARTERS: dict[str, str] = {
    "en": """
        The This That These Those He She It They We I You In On At By For From With After Before But
        And Or So Yet However Meanwhile Also Still Then There Here His Her Its Their Our My Some
        Many Most Several Both Each Every No When While Although Though If Since As A An According
        Earlier Later Last Next Today Yesterday On Other Such What Why How Who Where
    """,
    "ru": """
        Он Она Оно Они Мы Я Вы Это Этот Эта Эти Тот Та То Те В Во На Но А И По При После Как Также
        Однако Кроме Так Там Тогда Его Ее Её Их С Со К Ко Для Из От До За Об О Уже Ранее Позже
        Сейчас Сегодня Вчера Здесь Когда Если Хотя Между Среди Всего Всё Все Еще Ещё
    """,
    "uk": """
        Він Вона Воно Вони Ми Це Цей Ця Ці Той Та У Але Й І Після Також Проте Однак Його Її Їх Тоді
        З Із Зі До Для Від Вже Раніше Пізніше Зараз Сьогодні Вчора Тут Там Коли Якщо Хоча Крім
    """,
    "bg": """
        Тя Те Ние Вие Това Тази Този Тези Но След Според Също Обаче Като Със От При Днес Вчера
        Когато Ако Въпреки Така Тогава Вече Преди Има Няма
    """,
    "pt": """
        O A Os As Ele Ela Eles Elas Isso Isto Este Esta Esse Essa Em No Na Nos Nas Mas E Um Uma
        Segundo De Do Da Depois Antes Também Porém Entretanto Contudo Para Com Por Não Já Hoje Ontem
        Quando Se Apesar Ainda Além Até Desde Nesta Neste Nessa Nesse
    """,
    "hi": """
        यह वह इस उस ये वे इसके उसके लेकिन हालांकि हालाँकि इसी वहीं उन्होंने भारत रूस
    """,
}
