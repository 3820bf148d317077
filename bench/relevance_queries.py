"""The relevance benchmark's facts: queries over the 104 Greve meetings of
``../shared/corpus/firstagenda-json`` with the items a person would expect in the top 3.

Chosen by reading the meetings (titles and text) before any search was run; an expected item
is (file stem without ``greve_``, item number).  A query hits when any expected item is in the
top 3; its reciprocal rank is that of the first expected item in the top 20.  Categories:
``base`` (the word as the text has it), ``inflection`` (the text has another form),
``compound`` (the word inside a compound), ``two-word`` (a topic), ``name`` (places,
projects; one ``aa``/``å`` variant) and ``case`` (a case number: the timeline, as in the CLI).
"""

from __future__ import annotations

BYR_2203 = "byraad-2022-2025_2022-03-21_a2dfd7b8"
BYR_2204 = "byraad-2022-2025_2022-04-04_d628e40c"
BYR_2205 = "byraad-2022-2025_2022-05-23_940a8318"
BYR_2212 = "byraad-2022-2025_2022-12-12_c3d666d4"
BYR_2309 = "byraad-2022-2025_2023-09-04_0fb02bb4"
BYR_2310 = "byraad-2022-2025_2023-10-02_b39ccd1c"
BYR_2311 = "byraad-2022-2025_2023-11-06_530e9198"
BYR_2401 = "byraad-2022-2025_2024-01-29_c4a8ac14"
BEU_2204 = "beskaeftigelses-og-erhvervsudvalget_2022-04-04_8e89bad4"
BEU_2210 = "beskaeftigelses-og-erhvervsudvalget_2022-10-10_51c2f4f8"
BEU_2409 = "beskaeftigelses-og-erhvervsudvalget_2024-09-09_b83cade0"
BEU_2411 = "beskaeftigelses-og-erhvervsudvalget_2024-11-18_bab573b4"
KTM_2203 = "klima-teknik-og-miljoeudvalget_2022-03-21_efe495ec"
KTM_2206 = "klima-teknik-og-miljoeudvalget_2022-06-02_1332a734"
KTM_2301 = "klima-teknik-og-miljoeudvalget_2023-01-16_3ef77738"
KTM_2309 = "klima-teknik-og-miljoeudvalget_2023-09-14_eecda3a4"
KTM_2401 = "klima-teknik-og-miljoeudvalget_2024-01-15_b57b78a4"
KTM_2402 = "klima-teknik-og-miljoeudvalget_2024-02-08_895a1a0c"
KTM_2404 = "klima-teknik-og-miljoeudvalget_2024-04-25_fb52b7e8"
KTM_2408 = "klima-teknik-og-miljoeudvalget_2024-08-15_40d18540"
KTM_2501 = "klima-teknik-og-miljoeudvalget_2025-01-09_af9da69c"
KTM_2503 = "klima-teknik-og-miljoeudvalget_2025-03-27_48a2ab5c"
KTM_2508 = "klima-teknik-og-miljoeudvalget_2025-08-14_a01b9568"
OEK_2202 = "oekonomiudvalget_2022-02-28_89d56abc"
OEK_2303 = "oekonomiudvalget_2023-03-06_e1487f18"
OEK_2311 = "oekonomiudvalget_2023-11-27_7c6cb9dc"
OEK_2505 = "oekonomiudvalget_2025-05-14_8801ebb4"
OEK_2508a = "oekonomiudvalget_2025-08-22_195d641c"
OEK_2508b = "oekonomiudvalget_2025-08-27_279bd938"
PTU_2210 = "plan-og-tryghedsudvalget_2022-10-11_e971b430"
PTU_2211 = "plan-og-tryghedsudvalget_2022-11-15_a08e7060"
PTU_2408 = "plan-og-tryghedsudvalget_2024-08-13_8f265058"
PTU_2504 = "plan-og-tryghedsudvalget_2025-04-29_cbbe625c"
SBU_2203 = "skole-boerne-og-ungeudvalget_2022-03-15_a515cf40"
SBU_2208 = "skole-boerne-og-ungeudvalget_2022-08-16_8e03bd28"
SBU_2211 = "skole-boerne-og-ungeudvalget_2022-11-15_6675dd1c"
SBU_2309 = "skole-boerne-og-ungeudvalget_2023-09-12_e89355fc"
SBU_2310 = "skole-boerne-og-ungeudvalget_2023-10-10_8ef570b0"
SBU_2401 = "skole-boerne-og-ungeudvalget_2024-01-09_9f79b7b8"
SBU_2504 = "skole-boerne-og-ungeudvalget_2025-04-29_8000e0d8"
SHU_2404 = "social-og-handicapudvalget_2024-04-22_8104a4a0"
SOU_2204 = "sundheds-og-omsorgsudvalget_2022-04-25_6e868fdc"
SOU_2304 = "sundheds-og-omsorgsudvalget_2023-04-24_082575d8"
SOU_2411 = "sundheds-og-omsorgsudvalget_2024-11-18_ddc66290"

Expected = tuple[tuple[str, int], ...]

# (query, category, expected items)
QUERIES: tuple[tuple[str, str, Expected], ...] = (
    # the word as written in the minutes
    ("rottebekæmpelse", "base", ((KTM_2206, 10), (BYR_2311, 17))),
    ("kystbeskyttelse", "base", ((OEK_2311, 16), (KTM_2503, 2), (KTM_2508, 7), (OEK_2508b, 32))),
    ("sansehave", "base", ((KTM_2408, 16), (KTM_2404, 11))),
    ("frokosttakst", "base", ((BYR_2401, 31), (SBU_2401, 4))),
    ("frokostordning", "base", ((SBU_2310, 6),)),
    ("fjernvarme", "base", ((BYR_2401, 19), (KTM_2401, 7), (OEK_2303, 2), (PTU_2210, 6))),
    ("kantine", "base", ((BYR_2310, 13),)),
    ("fripladstilskud", "base", ((BYR_2311, 21), (SBU_2310, 7))),
    ("sygefravær", "base", ((SOU_2204, 12), (OEK_2202, 14))),
    ("gangbro", "base", ((KTM_2508, 8), (OEK_2508b, 33))),
    ("affaldssortering", "base", ((KTM_2206, 14),)),
    ("udestue", "base", ((KTM_2508, 15),)),
    ("IPS", "base", ((BEU_2411, 8),)),
    # the minutes write another form than the one typed
    ("pizzabakke", "inflection", ((KTM_2508, 11),)),
    ("værtsfamilie", "inflection", ((BYR_2204, 33),)),
    ("vandskader", "inflection", ((BYR_2212, 34),)),
    ("genbrugspladsgebyr", "inflection", ((BYR_2212, 38),)),
    ("klimaborgersamling", "inflection", ((BYR_2204, 1), (BYR_2204, 10), (KTM_2206, 12))),
    (
        "styrelsesvedtægt",
        "inflection",
        ((SBU_2203, 7), (OEK_2508b, 19), (BYR_2311, 11), (BYR_2212, 22)),
    ),
    ("tegningsberettigede", "inflection", ((BYR_2212, 18),)),
    ("sanktion", "inflection", ((BEU_2210, 3), (BEU_2409, 3))),
    (
        "energibesparelse",
        "inflection",
        ((BYR_2212, 49), (PTU_2211, 9), (SBU_2211, 7), (KTM_2503, 12)),
    ),
    ("landzonetilladelser", "inflection", ((KTM_2404, 18), (KTM_2404, 16), (KTM_2508, 14))),
    # the word inside a compound
    (
        "kunstgræs",
        "compound",
        ((KTM_2501, 4), (OEK_2508a, 2), (KTM_2404, 12), (BYR_2401, 9), (KTM_2508, 22)),
    ),
    ("skovrejsning", "compound", ((KTM_2408, 9), (PTU_2408, 12))),
    ("ligestilling", "compound", ((BYR_2309, 15),)),
    ("skolevej", "compound", ((KTM_2309, 4), (SBU_2309, 3))),
    ("trafiksikkerhed", "compound", ((KTM_2203, 10), (BYR_2401, 16), (KTM_2401, 4))),
    ("rådighedssanktion", "compound", ((BEU_2409, 3),)),
    ("gebyr", "compound", ((BYR_2212, 38), (BYR_2311, 17))),
    # a topic in two words
    ("gebyr genbrugsplads", "two-word", ((BYR_2212, 38),)),
    (
        "æresrelateret konflikt",
        "two-word",
        ((OEK_2505, 18), (PTU_2504, 4), (SBU_2504, 5), (SHU_2404, 4)),
    ),
    ("LED pulje", "two-word", ((BYR_2205, 23), (KTM_2503, 13))),
    (
        "ukrainsk flygtning",
        "two-word",
        ((BYR_2203, 2), (BEU_2204, 2), (BYR_2204, 30), (BYR_2204, 31)),
    ),
    (
        "rehabilitering hjemmepleje",
        "two-word",
        ((BYR_2401, 33), (SOU_2411, 9), (BYR_2212, 46), (OEK_2311, 28)),
    ),
    ("Nældebjerg plejecenter", "two-word", ((SOU_2304, 2),)),
    # names of places and projects
    ("Klub Havana", "name", ((BYR_2204, 21), (KTM_2203, 5), (SBU_2203, 6), (KTM_2404, 8))),
    (
        "Lunas Ark",
        "name",
        (
            (SBU_2208, 8),
            (BYR_2212, 28),
            (PTU_2211, 7),
            (SBU_2211, 5),
            (BYR_2309, 19),
            (KTM_2402, 2),
        ),
    ),
    ("Mosede Fort", "name", ((BYR_2204, 22), (KTM_2203, 6), (BYR_2401, 17), (KTM_2401, 5))),
    ("Villa Sitka", "name", ((BYR_2212, 39), (KTM_2404, 7))),
    ("Care AI", "name", ((BYR_2401, 35),)),
    ("Troldehøjen", "name", ((KTM_2503, 11), (KTM_2508, 3), (OEK_2508b, 28))),
    ("Hundige Bygade", "name", ((BYR_2212, 34),)),
    ("Høje-Tåstrup Fjernvarme", "name", ((KTM_2401, 8),)),
    # case numbers: the timeline of the case
    ("21-015609", "case", ((BYR_2212, 34),)),
    ("25-006844", "case", ((KTM_2508, 11),)),
    ("23-013472", "case", ((BYR_2401, 35),)),
    ("24-010804", "case", ((BEU_2411, 8),)),
)
