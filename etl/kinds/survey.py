"""Satisfaction-survey responses: the answer texts and the score each stands for."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import duckdb

ANSWERS_PATH = Path(__file__).resolve().parents[1] / "config" / "survey_answers.toml"


def answer_key(text: str) -> str:
    """Lower case, letters and digits only (as the SQL macro ``pantau_key``)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@cache
def answer_scores(path: Path = ANSWERS_PATH) -> dict[str, int]:
    """Answer key -> score 1-4; a text listed under two scores is a configuration error."""
    config = tomllib.loads(path.read_text(encoding="utf-8"))["scores"]
    scores: dict[str, int] = {}
    for score, texts in config.items():
        for text in texts:
            key = answer_key(text)
            if scores.get(key, int(score)) != int(score):
                raise ValueError(f"{path}: the answer '{text}' is listed under two scores.")
            scores[key] = int(score)
    return scores


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """The temp table ``survey_answers`` that ``stage_survey.sql`` reads."""
    con.execute("CREATE OR REPLACE TEMP TABLE survey_answers (key VARCHAR, score INTEGER)")
    con.executemany(
        "INSERT INTO survey_answers (key, score) VALUES (?, ?)",
        [[k, v] for k, v in answer_scores().items()],
    )
