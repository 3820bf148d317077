"""Structure: styled lines -> a :class:`~referat.models.Meeting` and its warnings.

Clean (page furniture, hyphens), give every line its role from one rule table
(:mod:`~referat.structure.classify` over :mod:`~referat.structure.line_rules`, with the vocabulary
as data in :mod:`~referat.structure.rules` and the agenda systems in
:mod:`~referat.structure.profiles`), then build the meeting (:mod:`~referat.structure.parse`),
joining only prose.  The FirstAgenda API's JSON carries its structure and is mapped directly
(:mod:`~referat.structure.firstagenda`).  May import :mod:`referat.read` and the loose modules.
"""
