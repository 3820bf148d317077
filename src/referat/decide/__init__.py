"""Decide: what each decision says was decided — outcome, votes, positions, money amounts.

Phrase tables as data (:mod:`~referat.decide.outcome_rules`), applied to a parsed meeting by
:mod:`~referat.decide.outcomes`; amounts by :mod:`~referat.decide.amounts`.  May import
:mod:`referat.structure`, :mod:`referat.read` and the loose modules.
"""
