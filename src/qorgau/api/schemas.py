"""Request bodies of the API (pydantic models; they make the OpenAPI document)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 1_000_000
"""Characters of text accepted in one request (the body limit applies too)."""


class ExtractIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, max_length=MAX_TEXT, description="The document text.")
    id: str = Field("doc", max_length=200, description="An id for the document.")


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str | None = Field(None, max_length=300)
    birth_date: str | None = Field(None, max_length=32)
    iin: str | None = Field(None, max_length=32)
    phone: str | None = Field(None, max_length=64)
    card: str | None = Field(None, max_length=64)
    iban: str | None = Field(None, max_length=64)
    email: str | None = Field(None, max_length=200)
    handle: str | None = Field(None, max_length=200)


class ReportIn(BaseModel):
    """A complaint or report as a form or another system sends it (see docs/storage.md)."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(None, max_length=200, description="The source's id; made up if absent.")
    text: str = Field(..., min_length=1, max_length=MAX_TEXT)
    channel: str | None = Field(None, max_length=32)
    received_at: str | None = Field(None, max_length=64)
    region: str | None = Field(None, max_length=8)
    article: str | None = Field(None, max_length=16)
    status: str | None = Field(None, max_length=64)
    language: str | None = Field(None, max_length=8)
    victim: PersonIn | str | None = None
    suspect: PersonIn | str | None = None

    def record(self) -> dict[str, Any]:
        data = self.model_dump(exclude_none=True)
        for role in ("victim", "suspect"):
            value = data.get(role)
            if isinstance(value, dict):
                data[role] = {k: v for k, v in value.items() if v not in (None, "")} or None
                if data[role] is None:
                    data.pop(role)
        return data


class CasePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: str = Field(..., description="open, investigating, referred_to_court, closed, suspended")
    reason: str = Field(..., min_length=3, max_length=1000, description="Why (kept in the audit log).")


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(..., min_length=1, max_length=64)
    password: str = Field(..., min_length=1, max_length=1024)
